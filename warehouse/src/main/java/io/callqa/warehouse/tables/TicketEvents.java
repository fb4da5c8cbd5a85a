package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze table {@code ticket_events}: the complaint ticket event log, one row per (ticket, event,
 * time). An event delivered twice is stored once; a corrected re-delivery of the same event wins.
 * Partitioned by the local {@link #DAY} of {@link #EVENT_AT}.
 */
public final class TicketEvents {
  public static final String NAME = "ticket_events";

  public static final String TICKET_ID = "ticket_id";
  public static final String EVENT_AT = "event_at";
  public static final String EVENT = "event";
  public static final String CHANNEL = "channel";
  public static final String CATEGORY = "category";
  public static final String SEVERITY = "severity";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String CALL_ID = "call_id";
  public static final String TEXT = "text";
  public static final String DAY = "day";

  public static final List<String> CSV_COLUMNS =
      List.of(TICKET_ID, EVENT_AT, EVENT, CHANNEL, CATEGORY, SEVERITY, CUSTOMER_ID, CALL_ID, TEXT);

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(DAY),
              List.of(TICKET_ID, EVENT, EVENT_AT),
              "one row per ticket event (ticket_id, event, event_at)",
              "ingest",
              Layer.BRONZE)
          .withFreeText(TEXT);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(TICKET_ID, DataTypes.StringType, "complaint ticket id"));
    f.add(required(EVENT_AT, DataTypes.TimestampType, "when the event happened"));
    f.add(
        required(
            EVENT,
            DataTypes.StringType,
            "OPENED, ACKNOWLEDGED, ESCALATED, EXTENDED, RESOLVED, REOPENED or CLOSED"));
    f.add(
        required(
            CHANNEL,
            DataTypes.StringType,
            "PHONE, WEB, EMAIL, SMS, WECHAT, QQ, LETTER or REGULATOR"));
    f.add(optional(CATEGORY, DataTypes.StringType, "complaint category"));
    f.add(required(SEVERITY, DataTypes.StringType, "LOW, MEDIUM, HIGH or CRITICAL"));
    f.add(optional(CUSTOMER_ID, DataTypes.StringType, "pseudonymous customer id"));
    f.add(optional(CALL_ID, DataTypes.StringType, "contact the complaint came in on, if any"));
    f.add(
        optional(
            TEXT,
            DataTypes.StringType,
            "free text with card, phone, ID and long account numbers masked (Redactor)"));
    f.add(required(DAY, DataTypes.DateType, "local day of event_at in the centre's time zone"));
    f.addAll(List.of(Lineage.FIELDS));
    return new StructType(f.toArray(StructField[]::new));
  }

  private TicketEvents() {}
}
