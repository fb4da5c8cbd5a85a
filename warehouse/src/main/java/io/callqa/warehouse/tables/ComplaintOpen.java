package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code complaint_open}: the tickets open as of the complaints run, with days to their
 * deadline (negative when past it), so "due in the next 3 days" is {@code WHERE days_to_deadline
 * BETWEEN 0 AND 3}.
 */
public final class ComplaintOpen {
  public static final String NAME = "complaint_open";

  public static final String DAYS_TO_DEADLINE = "days_to_deadline";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(Complaints.TICKET_ID, DataTypes.StringType, "complaint ticket id"),
            required(Complaints.STATUS, DataTypes.StringType, "OPEN or REOPENED"),
            required(Complaints.SITE, DataTypes.StringType, "site; UNKNOWN"),
            required(Complaints.CHANNEL, DataTypes.StringType, "channel"),
            required(Complaints.CATEGORY, DataTypes.StringType, "category"),
            required(Complaints.SEVERITY, DataTypes.StringType, "severity"),
            required(Complaints.OPENED_AT, DataTypes.TimestampType, "OPENED"),
            required(Complaints.AGE_DAYS, DataTypes.DoubleType, "days open as of as_of"),
            required(Complaints.DEADLINE_AT, DataTypes.TimestampType, "current deadline"),
            required(
                DAYS_TO_DEADLINE,
                DataTypes.IntegerType,
                "local days from as_of's day to the deadline day"),
            required(Complaints.BREACHED, DataTypes.BooleanType, "past the deadline"),
            optional(
                Complaints.ACKNOWLEDGED_ON_TIME,
                DataTypes.BooleanType,
                "null while not acknowledged and not yet due"),
            required(Complaints.EXTENSIONS, DataTypes.IntegerType, "extensions so far"),
            required(Complaints.AS_OF, DataTypes.TimestampType, "as of this instant"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(Complaints.TICKET_ID),
          "one row per open ticket",
          "complaints",
          Layer.GOLD);

  private ComplaintOpen() {}
}
