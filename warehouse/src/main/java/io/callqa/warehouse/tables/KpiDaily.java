package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code kpi_daily}: agent-queue KPIs of inbound contacts per local day x site x queue x
 * segment.
 *
 * <p>The day is the local day of {@code queue_start}. Raw counts and sums sit beside every ratio so
 * that other service-level variants can be recomputed (SPEC.md): {@code answered_within_sl /
 * answered}, {@code answered_within_sl / (answered + abandoned)}, {@code (answered_within_sl +
 * abandoned_within_sl) / offered_agent}. Ratios are null when their denominator is 0. The formulas
 * are in the jobs module's {@code KpiFormulas}.
 */
public final class KpiDaily {
  public static final String NAME = "kpi_daily";

  public static final String DAY = "day";
  public static final String SITE = "site";
  public static final String QUEUE = "queue";
  public static final String SEGMENT = "segment";
  public static final String OFFERED_AGENT = "offered_agent";
  public static final String ANSWERED = "answered";
  public static final String ANSWERED_WITHIN_SL = "answered_within_sl";
  public static final String ABANDONED = "abandoned";
  public static final String SHORT_ABANDONED = "short_abandoned";
  public static final String ABANDONED_WITHIN_SL = "abandoned_within_sl";
  public static final String WAIT_S_SUM = "wait_s_sum";
  public static final String SERVICE_LEVEL = "service_level";
  public static final String ASA_S = "asa_s";
  public static final String ABANDON_RATE = "abandon_rate";
  public static final String HANDLED_RATE = "handled_rate";
  public static final String HANDLE_S_SUM = "handle_s_sum";
  public static final String AHT_S = "aht_s";
  public static final String TRANSFERRED_OUT = "transferred_out";
  public static final String TRANSFER_RATE = "transfer_rate";
  public static final String FCR_ELIGIBLE = "fcr_eligible";
  public static final String FCR_RESOLVED = "fcr_resolved";
  public static final String FCR = "fcr";
  public static final String SURVEYS_OFFERED = "surveys_offered";
  public static final String SURVEYS_COMPLETED = "surveys_completed";
  public static final String SURVEY_RESPONSE_RATE = "survey_response_rate";
  public static final String CSAT_RESPONSES = "csat_responses";
  public static final String CSAT_TOP_BOX = "csat_top_box";
  public static final String CSAT = "csat";
  public static final String NPS_RESPONSES = "nps_responses";
  public static final String NPS_PROMOTERS = "nps_promoters";
  public static final String NPS_DETRACTORS = "nps_detractors";
  public static final String NPS = "nps";

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(DAY, SITE, QUEUE, SEGMENT),
          "one row per local day x site x queue x segment with inbound agent-queue traffic",
          "kpi",
          Layer.GOLD);

  /** The queue-traffic counts shared with {@link KpiInterval}. */
  static List<StructField> queueCounts() {
    List<StructField> f = new ArrayList<>();
    f.add(required(OFFERED_AGENT, DataTypes.LongType, "inbound contacts with a queue_start"));
    f.add(required(ANSWERED, DataTypes.LongType, "offered_agent with answered_at"));
    f.add(
        required(
            ANSWERED_WITHIN_SL,
            DataTypes.LongType,
            "answered with answered_at - queue_start <= T (kpi.service-level.threshold-s, 15 s)"));
    f.add(required(ABANDONED, DataTypes.LongType, "offered_agent without answered_at"));
    f.add(
        required(
            SHORT_ABANDONED,
            DataTypes.LongType,
            "abandoned with ended_at - queue_start < kpi.short-abandon.threshold-s (5 s)"));
    f.add(
        required(
            ABANDONED_WITHIN_SL, DataTypes.LongType, "abandoned with ended_at - queue_start <= T"));
    f.add(
        required(
            WAIT_S_SUM, DataTypes.DoubleType, "sum of answered_at - queue_start over answered, s"));
    f.add(
        optional(
            SERVICE_LEVEL,
            DataTypes.DoubleType,
            "answered_within_sl / (offered_agent - short_abandoned)"));
    f.add(
        optional(ASA_S, DataTypes.DoubleType, "mean(answered_at - queue_start) over answered, s"));
    return f;
  }

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(DAY, DataTypes.DateType, "local day of queue_start"));
    f.add(required(SITE, DataTypes.StringType, "answering site"));
    f.add(required(QUEUE, DataTypes.StringType, "agent queue"));
    f.add(required(SEGMENT, DataTypes.StringType, "customer segment"));
    f.addAll(queueCounts());
    f.add(
        optional(
            ABANDON_RATE,
            DataTypes.DoubleType,
            "(abandoned - short_abandoned) / (offered_agent - short_abandoned)"));
    f.add(optional(HANDLED_RATE, DataTypes.DoubleType, "answered / offered_agent"));
    f.add(
        required(
            HANDLE_S_SUM, DataTypes.DoubleType, "sum of talk_s + hold_s + acw_s over answered"));
    f.add(optional(AHT_S, DataTypes.DoubleType, "mean(talk_s + hold_s + acw_s) over answered, s"));
    f.add(
        required(
            TRANSFERRED_OUT, DataTypes.LongType, "answered contacts the agent transferred onward"));
    f.add(optional(TRANSFER_RATE, DataTypes.DoubleType, "transferred_out / answered"));
    f.add(required(FCR_ELIGIBLE, DataTypes.LongType, "answered contacts of identified customers"));
    f.add(
        required(
            FCR_RESOLVED,
            DataTypes.LongType,
            "fcr_eligible with no later inbound contact of the same customer within kpi.fcr.window-days"
                + " (7) local days"));
    f.add(optional(FCR, DataTypes.DoubleType, "fcr_resolved / fcr_eligible"));
    f.add(required(SURVEYS_OFFERED, DataTypes.LongType, "surveys offered on answered contacts"));
    f.add(required(SURVEYS_COMPLETED, DataTypes.LongType, "offered surveys with completed_at"));
    f.add(
        optional(
            SURVEY_RESPONSE_RATE, DataTypes.DoubleType, "surveys_completed / surveys_offered"));
    f.add(required(CSAT_RESPONSES, DataTypes.LongType, "completed surveys with a csat answer"));
    f.add(
        required(
            CSAT_TOP_BOX,
            DataTypes.LongType,
            "csat answers >= kpi.csat.top-box-min (4): top-2-box"));
    f.add(optional(CSAT, DataTypes.DoubleType, "csat_top_box / csat_responses"));
    f.add(required(NPS_RESPONSES, DataTypes.LongType, "completed surveys with an nps answer"));
    f.add(required(NPS_PROMOTERS, DataTypes.LongType, "nps answers 9-10"));
    f.add(required(NPS_DETRACTORS, DataTypes.LongType, "nps answers 0-6"));
    f.add(
        optional(
            NPS,
            DataTypes.DoubleType,
            "100 * (nps_promoters - nps_detractors) / nps_responses, -100..100"));
    return new StructType(f.toArray(StructField[]::new));
  }

  private KpiDaily() {}
}
