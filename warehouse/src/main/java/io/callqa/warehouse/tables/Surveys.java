package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code surveys}: the IVR post-call survey, one row per surveyed call. Key {@link
 * #CALL_ID}; the latest delivery wins. A survey whose call is unknown is kept here but counts in no
 * KPI.
 */
public final class Surveys {
  public static final String NAME = "surveys";

  public static final String CALL_ID = "call_id";
  public static final String OFFERED = "offered";
  public static final String COMPLETED_AT = "completed_at";
  public static final String CSAT = "csat";
  public static final String NPS = "nps";
  public static final String RESOLVED = "resolved";

  public static final List<String> CSV_COLUMNS =
      List.of(CALL_ID, OFFERED, COMPLETED_AT, CSAT, NPS, RESOLVED);

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(CALL_ID),
          "one row per surveyed call; latest delivery wins",
          "ingest",
          Layer.SILVER);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(CALL_ID, DataTypes.StringType, "surveyed contact"));
    f.add(required(OFFERED, DataTypes.BooleanType, "the survey was offered to the caller"));
    f.add(
        optional(
            COMPLETED_AT,
            DataTypes.TimestampType,
            "when the caller finished the survey; null if not"));
    f.add(optional(CSAT, DataTypes.IntegerType, "satisfaction 1-5; null if unanswered"));
    f.add(optional(NPS, DataTypes.IntegerType, "likelihood to recommend 0-10; null if unanswered"));
    f.add(optional(RESOLVED, DataTypes.BooleanType, "caller says the issue was resolved (Y/N)"));
    f.addAll(List.of(Lineage.FIELDS));
    return new StructType(f.toArray(StructField[]::new));
  }

  private Surveys() {}
}
