package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code calls}: one row per contact from the ACD/IVR call detail records, typed, with
 * every timestamp normalised to an instant and the local day computed in the centre's time zone.
 *
 * <p>Key {@link #CALL_ID}; the latest delivery of a call id wins. Partitioned by {@link #DAY}, the
 * local day of {@link #CONTACT_START}.
 */
public final class Calls {
  public static final String NAME = "calls";

  public static final String CALL_ID = "call_id";
  public static final String DIRECTION = "direction";
  public static final String SITE = "site";
  public static final String HOTLINE = "hotline";
  public static final String LANGUAGE = "language";
  public static final String SEGMENT = "segment";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String IVR_START = "ivr_start";
  public static final String IVR_END = "ivr_end";
  public static final String IVR_OUTCOME = "ivr_outcome";
  public static final String QUEUE = "queue";
  public static final String QUEUE_START = "queue_start";
  public static final String ANSWERED_AT = "answered_at";
  public static final String ENDED_AT = "ended_at";
  public static final String AGENT_ID = "agent_id";
  public static final String TALK_S = "talk_s";
  public static final String HOLD_S = "hold_s";
  public static final String ACW_S = "acw_s";
  public static final String TRANSFERRED_OUT = "transferred_out";
  public static final String DISPOSITION = "disposition";
  public static final String RECORDING = "recording";
  public static final String CONTACT_START = "contact_start";
  public static final String DAY = "day";

  /** The landing-zone CSV header, in the order the SPEC lists it. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          CALL_ID,
          DIRECTION,
          SITE,
          HOTLINE,
          LANGUAGE,
          SEGMENT,
          CUSTOMER_ID,
          IVR_START,
          IVR_END,
          IVR_OUTCOME,
          QUEUE,
          QUEUE_START,
          ANSWERED_AT,
          ENDED_AT,
          AGENT_ID,
          TALK_S,
          HOLD_S,
          ACW_S,
          TRANSFERRED_OUT,
          DISPOSITION,
          RECORDING);

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(DAY),
          List.of(CALL_ID),
          "one row per contact (call_id); latest delivery wins",
          "ingest",
          Layer.SILVER);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(CALL_ID, DataTypes.StringType, "unique id of the contact"));
    f.add(required(DIRECTION, DataTypes.StringType, "INBOUND or OUTBOUND"));
    f.add(required(SITE, DataTypes.StringType, "answering site, e.g. SHANGHAI"));
    f.add(
        optional(HOTLINE, DataTypes.StringType, "dialled number (inbound) or campaign (outbound)"));
    f.add(required(LANGUAGE, DataTypes.StringType, "zh or en"));
    f.add(required(SEGMENT, DataTypes.StringType, "STANDARD or VIP"));
    f.add(
        optional(
            CUSTOMER_ID, DataTypes.StringType, "pseudonymous customer id; null if not identified"));
    f.add(optional(IVR_START, DataTypes.TimestampType, "caller entered the IVR (inbound only)"));
    f.add(optional(IVR_END, DataTypes.TimestampType, "caller left the IVR"));
    f.add(optional(IVR_OUTCOME, DataTypes.StringType, "SELF_SERVICE, TRANSFER or ABANDON"));
    f.add(optional(QUEUE, DataTypes.StringType, "agent queue / skill"));
    f.add(
        optional(
            QUEUE_START,
            DataTypes.TimestampType,
            "offered to the agent queue; null if never queued"));
    f.add(
        optional(ANSWERED_AT, DataTypes.TimestampType, "an agent answered; null if not answered"));
    f.add(required(ENDED_AT, DataTypes.TimestampType, "the contact ended"));
    f.add(optional(AGENT_ID, DataTypes.StringType, "answering agent"));
    f.add(optional(TALK_S, DataTypes.IntegerType, "talk seconds of the answering agent"));
    f.add(optional(HOLD_S, DataTypes.IntegerType, "hold seconds of the answering agent"));
    f.add(optional(ACW_S, DataTypes.IntegerType, "after-call-work seconds of the answering agent"));
    f.add(
        required(TRANSFERRED_OUT, DataTypes.BooleanType, "the agent transferred the call onward"));
    f.add(optional(DISPOSITION, DataTypes.StringType, "wrap-up code chosen by the agent"));
    f.add(
        optional(
            RECORDING, DataTypes.StringType, "recording path under recordings/, null if none"));
    f.add(
        required(
            CONTACT_START,
            DataTypes.TimestampType,
            "first known time of the contact: ivr_start, else queue_start, else answered_at, else ended_at"));
    f.add(
        required(DAY, DataTypes.DateType, "local day of contact_start in the centre's time zone"));
    f.addAll(List.of(Lineage.FIELDS));
    return new StructType(f.toArray(StructField[]::new));
  }

  private Calls() {}
}
