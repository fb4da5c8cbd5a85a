package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code complaint_calls}: each complaint linked to the caller's calls in the window
 * before it opened (7 days by default): the call it names ({@code CALL_ID}), and the same
 * customer's inbound calls ({@code CUSTOMER_WINDOW}). Complaints per agent and queue, and
 * complainers' CSAT, are joins away.
 */
public final class ComplaintCalls {
  public static final String NAME = "complaint_calls";

  public static final String LINK = "link";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(Complaints.TICKET_ID, DataTypes.StringType, "complaint ticket id"),
            required(Calls.CALL_ID, DataTypes.StringType, "linked call"),
            required(
                LINK,
                DataTypes.StringType,
                "CALL_ID (named by the ticket) or CUSTOMER_WINDOW (same customer)"),
            required(Calls.CONTACT_START, DataTypes.TimestampType, "when the call started"),
            required(Calls.DAY, DataTypes.DateType, "local day of the call"),
            required(Calls.SITE, DataTypes.StringType, "site of the call"),
            optional(Calls.QUEUE, DataTypes.StringType, "queue of the call"),
            optional(Calls.AGENT_ID, DataTypes.StringType, "answering agent"),
            required(Complaints.OPENED_AT, DataTypes.TimestampType, "when the complaint opened"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(Complaints.TICKET_ID, Calls.CALL_ID),
          "one row per (ticket_id, call_id) link",
          "complaints",
          Layer.SILVER);

  private ComplaintCalls() {}
}
