package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code complaints}: one row per complaint ticket with its state as of {@link
 * #AS_OF}, replayed from {@link TicketEvents} under the configured deadline policy. Rebuilt whole
 * by the complaints stage.
 */
public final class Complaints {
  public static final String NAME = "complaints";

  public static final String TICKET_ID = "ticket_id";
  public static final String CHANNEL = "channel";
  public static final String CATEGORY = "category";
  public static final String SEVERITY = "severity";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String CALL_ID = "call_id";
  public static final String SITE = "site";
  public static final String OPENED_AT = "opened_at";
  public static final String OPENED_DAY = "opened_day";
  public static final String ACKNOWLEDGED_AT = "acknowledged_at";
  public static final String ACK_DUE_AT = "ack_due_at";
  public static final String ACKNOWLEDGED_ON_TIME = "acknowledged_on_time";
  public static final String FIRST_ESCALATED_AT = "first_escalated_at";
  public static final String ESCALATIONS = "escalations";
  public static final String EXTENSIONS = "extensions";
  public static final String DECISION_DUE_AT = "decision_due_at";
  public static final String FIRST_RESOLVED_AT = "first_resolved_at";
  public static final String RESOLVED_ON_TIME = "resolved_on_time";
  public static final String SUMMARY_RESOLUTION = "summary_resolution";
  public static final String RESOLVED_AT = "resolved_at";
  public static final String REOPENED_AT = "reopened_at";
  public static final String REOPENS = "reopens";
  public static final String CLOSED_AT = "closed_at";
  public static final String DEADLINE_AT = "deadline_at";
  public static final String STATUS = "status";
  public static final String BREACHED = "breached";
  public static final String BREACH_DAY = "breach_day";
  public static final String DAYS_TO_RESOLVE = "days_to_resolve";
  public static final String AGE_DAYS = "age_days";
  public static final String OPEN_SPANS = "open_spans";
  public static final String FROM_DAY = "from_day";
  public static final String TO_DAY = "to_day";
  public static final String POLICY = "policy";
  public static final String AS_OF = "as_of";

  /** Element of {@link #OPEN_SPANS}; nullable only because Delta refuses NOT NULL inside arrays. */
  public static final StructType SPAN_SCHEMA =
      new StructType(
          new StructField[] {
            optional(
                FROM_DAY, DataTypes.DateType, "first local day at whose end the ticket was open"),
            optional(TO_DAY, DataTypes.DateType, "last such day"),
          });

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(TICKET_ID, DataTypes.StringType, "complaint ticket id"),
            required(CHANNEL, DataTypes.StringType, "channel of the OPENED event"),
            required(CATEGORY, DataTypes.StringType, "latest category given; UNKNOWN if none"),
            required(SEVERITY, DataTypes.StringType, "severity of the OPENED event"),
            optional(CUSTOMER_ID, DataTypes.StringType, "pseudonymous customer id"),
            optional(CALL_ID, DataTypes.StringType, "contact the complaint came in on, if given"),
            required(
                SITE,
                DataTypes.StringType,
                "site of the linked call (given call, else the caller's latest in the window); UNKNOWN"),
            required(OPENED_AT, DataTypes.TimestampType, "OPENED"),
            required(OPENED_DAY, DataTypes.DateType, "local day of OPENED"),
            optional(ACKNOWLEDGED_AT, DataTypes.TimestampType, "first ACKNOWLEDGED"),
            required(
                ACK_DUE_AT, DataTypes.TimestampType, "acknowledgement due before this instant"),
            optional(
                ACKNOWLEDGED_ON_TIME,
                DataTypes.BooleanType,
                "null while not acknowledged and not yet due"),
            optional(FIRST_ESCALATED_AT, DataTypes.TimestampType, "first ESCALATED"),
            required(ESCALATIONS, DataTypes.IntegerType, "ESCALATED events"),
            required(EXTENSIONS, DataTypes.IntegerType, "accepted EXTENDED events"),
            optional(
                DECISION_DUE_AT,
                DataTypes.TimestampType,
                "the decision was due before this instant (with extensions)"),
            optional(FIRST_RESOLVED_AT, DataTypes.TimestampType, "first RESOLVED: the decision"),
            optional(
                RESOLVED_ON_TIME,
                DataTypes.BooleanType,
                "the decision came before decision_due_at; null while open"),
            optional(
                SUMMARY_RESOLUTION,
                DataTypes.BooleanType,
                "resolved within the policy's summary window (UK DISP)"),
            optional(RESOLVED_AT, DataTypes.TimestampType, "latest RESOLVED"),
            optional(REOPENED_AT, DataTypes.TimestampType, "latest REOPENED"),
            required(REOPENS, DataTypes.IntegerType, "REOPENED events"),
            optional(CLOSED_AT, DataTypes.TimestampType, "CLOSED"),
            required(
                DEADLINE_AT, DataTypes.TimestampType, "current deadline (fresh after a reopening)"),
            required(STATUS, DataTypes.StringType, "OPEN, RESOLVED, CLOSED or REOPENED"),
            required(
                BREACHED, DataTypes.BooleanType, "resolved after its deadline, or open past it"),
            optional(
                BREACH_DAY,
                DataTypes.DateType,
                "first local day past the deadline that was missed"),
            optional(
                DAYS_TO_RESOLVE, DataTypes.DoubleType, "days from OPENED to the first RESOLVED"),
            required(AGE_DAYS, DataTypes.DoubleType, "days from OPENED to as_of"),
            required(
                OPEN_SPANS,
                DataTypes.createArrayType(SPAN_SCHEMA, true),
                "local days at whose end it was open"),
            required(POLICY, DataTypes.StringType, "deadline policy applied"),
            required(AS_OF, DataTypes.TimestampType, "the state is as of this instant"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(TICKET_ID),
          "one row per ticket (ticket_id), state as of as_of",
          "complaints",
          Layer.SILVER);

  private Complaints() {}
}
