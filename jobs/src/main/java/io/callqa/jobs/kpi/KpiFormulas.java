package io.callqa.jobs.kpi;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callqa.dashboards.metrics.Metric;
import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.Surveys;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The KPI definitions of SPEC.md on the Spark side: the per-contact flags that {@link
 * #contactFacts} adds (where the thresholds T, S and W apply) and their sums; the ratios over those
 * sums are the {@link MetricCatalogue}'s, turned into columns by {@link #ratio(Metric)}.
 *
 * <table>
 *   <caption>Definitions (T = kpi.service-level.threshold-s, S = kpi.short-abandon.threshold-s,
 *   W = kpi.fcr.window-days)</caption>
 *   <tr><td>offered_agent</td><td>inbound contacts with a queue_start</td></tr>
 *   <tr><td>answered</td><td>offered_agent with answered_at</td></tr>
 *   <tr><td>answered_within_sl</td><td>answered with answered_at - queue_start &lt;= T</td></tr>
 *   <tr><td>abandoned</td><td>offered_agent without answered_at</td></tr>
 *   <tr><td>short_abandoned</td><td>abandoned with ended_at - queue_start &lt; S</td></tr>
 *   <tr><td>abandoned_within_sl</td><td>abandoned with ended_at - queue_start &lt;= T</td></tr>
 *   <tr><td>service_level</td><td>answered_within_sl / (offered_agent - short_abandoned)</td></tr>
 *   <tr><td>asa_s</td><td>mean(answered_at - queue_start) over answered</td></tr>
 *   <tr><td>abandon_rate</td><td>(abandoned - short_abandoned) / (offered_agent - short_abandoned)</td></tr>
 *   <tr><td>handled_rate</td><td>answered / offered_agent</td></tr>
 *   <tr><td>aht_s</td><td>mean(talk_s + hold_s + acw_s) over answered (missing parts count 0)</td></tr>
 *   <tr><td>transfer_rate</td><td>transferred_out / answered</td></tr>
 *   <tr><td>fcr</td><td>answered contacts of identified customers with no later inbound contact of the
 *       same customer within W local days (contact day + 1 .. + W, and later the same day) / those
 *       contacts</td></tr>
 *   <tr><td>survey_response_rate</td><td>completed / offered surveys</td></tr>
 *   <tr><td>csat</td><td>share of completed csat answers &gt;= kpi.csat.top-box-min (4)</td></tr>
 *   <tr><td>nps</td><td>% of nps 9-10 minus % of nps 0-6</td></tr>
 *   <tr><td>ivr_containment</td><td>SELF_SERVICE / offered_ivr</td></tr>
 * </table>
 *
 * <p>Contacts count on the local day (and interval) of their queue_start; IVR traffic on the local
 * day of ivr_start; surveys with the contact they rate. Ratios are null when the denominator is 0.
 */
public final class KpiFormulas {
  // Per-contact flag columns (0/1) added by contactFacts.
  static final String F_OFFERED = "f_offered";
  public static final String F_ANSWERED = "f_answered";
  public static final String F_WITHIN_SL = "f_within_sl";
  public static final String F_ABANDONED = "f_abandoned";
  static final String F_SHORT_ABANDONED = "f_short_abandoned";
  static final String F_ABANDONED_WITHIN_SL = "f_abandoned_within_sl";
  public static final String F_WAIT_S = "f_wait_s";
  public static final String F_HANDLE_S = "f_handle_s";
  public static final String F_TRANSFERRED = "f_transferred";
  public static final String F_FCR_ELIGIBLE = "f_fcr_eligible";
  public static final String F_FCR_RESOLVED = "f_fcr_resolved";
  static final String F_SURVEY_OFFERED = "f_survey_offered";
  static final String F_SURVEY_COMPLETED = "f_survey_completed";
  public static final String F_CSAT_RESPONSE = "f_csat_response";
  public static final String F_CSAT_TOP = "f_csat_top";
  static final String F_NPS_RESPONSE = "f_nps_response";
  static final String F_NPS_PROMOTER = "f_nps_promoter";
  static final String F_NPS_DETRACTOR = "f_nps_detractor";

  private static final String NEXT_CONTACT_DAY = "next_contact_day";
  private static final String SURVEY = "s_";

  private KpiFormulas() {}

  /** 1 when the condition holds, else 0 (null counts as false). */
  static Column flag(Column condition) {
    return when(condition, lit(1L)).otherwise(lit(0L));
  }

  /** {@code a / b}, null when {@code b} is 0. */
  static Column ratio(Column a, Column b) {
    return when(b.gt(0), a.cast("double").divide(b.cast("double")));
  }

  static Column seconds(String later, String earlier) {
    return col(later).cast("double").minus(col(earlier).cast("double"));
  }

  /**
   * All inbound contacts with the per-contact flags of the queue KPIs, FCR and survey measures. FCR
   * looks at every inbound contact in {@code calls}, so pass W days of calls beyond the days
   * wanted.
   */
  public static Dataset<Row> contactFacts(Dataset<Row> calls, Dataset<Row> surveys, KpiSettings c) {
    double t = c.slThresholdS();
    Dataset<Row> inbound = calls.filter(col(Calls.DIRECTION).equalTo("INBOUND"));
    Dataset<Row> withNext =
        inbound.withColumn(
            NEXT_CONTACT_DAY,
            when(
                col(Calls.CUSTOMER_ID).isNotNull(),
                lead(col(Calls.DAY), 1)
                    .over(
                        Window.partitionBy(Calls.CUSTOMER_ID)
                            .orderBy(col(Calls.CONTACT_START), col(Calls.CALL_ID)))));
    Dataset<Row> s =
        surveys.select(
            col(Surveys.CALL_ID).as(SURVEY + Surveys.CALL_ID),
            col(Surveys.OFFERED).as(SURVEY + Surveys.OFFERED),
            col(Surveys.COMPLETED_AT).as(SURVEY + Surveys.COMPLETED_AT),
            col(Surveys.CSAT).as(SURVEY + Surveys.CSAT),
            col(Surveys.NPS).as(SURVEY + Surveys.NPS));
    Dataset<Row> joined =
        withNext.join(s, col(Calls.CALL_ID).equalTo(col(SURVEY + Surveys.CALL_ID)), "left");

    Column offered = col(Calls.QUEUE_START).isNotNull();
    Column answered = offered.and(col(Calls.ANSWERED_AT).isNotNull());
    Column abandoned = offered.and(col(Calls.ANSWERED_AT).isNull());
    Column wait = seconds(Calls.ANSWERED_AT, Calls.QUEUE_START);
    Column inQueueAtEnd = seconds(Calls.ENDED_AT, Calls.QUEUE_START);
    Column eligible = answered.and(col(Calls.CUSTOMER_ID).isNotNull());
    Column repeated =
        col(NEXT_CONTACT_DAY)
            .isNotNull()
            .and(datediff(col(NEXT_CONTACT_DAY), col(Calls.DAY)).leq(c.fcrWindowDays()));
    Column surveyOffered = answered.and(coalesce(col(SURVEY + Surveys.OFFERED), lit(false)));
    Column completed = surveyOffered.and(col(SURVEY + Surveys.COMPLETED_AT).isNotNull());
    Column csat = col(SURVEY + Surveys.CSAT);
    Column nps = col(SURVEY + Surveys.NPS);
    return joined
        .withColumn(F_OFFERED, flag(offered))
        .withColumn(F_ANSWERED, flag(answered))
        .withColumn(F_WITHIN_SL, flag(answered.and(wait.leq(t))))
        .withColumn(F_ABANDONED, flag(abandoned))
        .withColumn(F_SHORT_ABANDONED, flag(abandoned.and(inQueueAtEnd.lt(c.shortAbandonS()))))
        .withColumn(F_ABANDONED_WITHIN_SL, flag(abandoned.and(inQueueAtEnd.leq(t))))
        .withColumn(F_WAIT_S, when(answered, wait).otherwise(lit(0.0)))
        .withColumn(
            F_HANDLE_S,
            when(
                    answered,
                    coalesce(col(Calls.TALK_S), lit(0))
                        .plus(coalesce(col(Calls.HOLD_S), lit(0)))
                        .plus(coalesce(col(Calls.ACW_S), lit(0)))
                        .cast("double"))
                .otherwise(lit(0.0)))
        .withColumn(F_TRANSFERRED, flag(answered.and(col(Calls.TRANSFERRED_OUT))))
        .withColumn(F_FCR_ELIGIBLE, flag(eligible))
        .withColumn(F_FCR_RESOLVED, flag(eligible.and(repeated.unary_$bang())))
        .withColumn(F_SURVEY_OFFERED, flag(surveyOffered))
        .withColumn(F_SURVEY_COMPLETED, flag(completed))
        .withColumn(F_CSAT_RESPONSE, flag(completed.and(csat.isNotNull())))
        .withColumn(F_CSAT_TOP, flag(completed.and(csat.geq(c.csatTopBoxMin()))))
        .withColumn(F_NPS_RESPONSE, flag(completed.and(nps.isNotNull())))
        .withColumn(F_NPS_PROMOTER, flag(completed.and(nps.geq(9))))
        .withColumn(F_NPS_DETRACTOR, flag(completed.and(nps.leq(6))));
  }

  /** Sums of the queue-traffic flags, named as the gold columns (shared by daily and interval). */
  static List<Column> queueCounts() {
    return List.of(
        sum(F_OFFERED).as(KpiDaily.OFFERED_AGENT),
        sum(F_ANSWERED).as(KpiDaily.ANSWERED),
        sum(F_WITHIN_SL).as(KpiDaily.ANSWERED_WITHIN_SL),
        sum(F_ABANDONED).as(KpiDaily.ABANDONED),
        sum(F_SHORT_ABANDONED).as(KpiDaily.SHORT_ABANDONED),
        sum(F_ABANDONED_WITHIN_SL).as(KpiDaily.ABANDONED_WITHIN_SL),
        sum(F_WAIT_S).as(KpiDaily.WAIT_S_SUM));
  }

  /** Sums of the handle, FCR and survey flags for {@code kpi_daily}. */
  static List<Column> dailyCounts() {
    return List.of(
        sum(F_HANDLE_S).as(KpiDaily.HANDLE_S_SUM),
        sum(F_TRANSFERRED).as(KpiDaily.TRANSFERRED_OUT),
        sum(F_FCR_ELIGIBLE).as(KpiDaily.FCR_ELIGIBLE),
        sum(F_FCR_RESOLVED).as(KpiDaily.FCR_RESOLVED),
        sum(F_SURVEY_OFFERED).as(KpiDaily.SURVEYS_OFFERED),
        sum(F_SURVEY_COMPLETED).as(KpiDaily.SURVEYS_COMPLETED),
        sum(F_CSAT_RESPONSE).as(KpiDaily.CSAT_RESPONSES),
        sum(F_CSAT_TOP).as(KpiDaily.CSAT_TOP_BOX),
        sum(F_NPS_RESPONSE).as(KpiDaily.NPS_RESPONSES),
        sum(F_NPS_PROMOTER).as(KpiDaily.NPS_PROMOTERS),
        sum(F_NPS_DETRACTOR).as(KpiDaily.NPS_DETRACTORS));
  }

  /**
   * A catalogue ratio over the count columns of the rows it is added to: null when the denominator
   * is not positive.
   */
  public static Column ratio(Metric m) {
    Column num = terms(m.numerator());
    if (m.scale() != 1.0) {
      num = num.multiply(m.scale());
    }
    return ratio(num, terms(m.denominator()));
  }

  private static Column terms(List<String> terms) {
    Column sum = null;
    for (String t : terms) {
      boolean minus = t.startsWith("-");
      Column c = col(minus ? t.substring(1) : t);
      sum = sum == null ? (minus ? c.unary_$minus() : c) : (minus ? sum.minus(c) : sum.plus(c));
    }
    return sum;
  }

  /** Adds service_level and asa_s from the queue counts. */
  static Dataset<Row> queueRatios(Dataset<Row> counts) {
    return counts
        .withColumn(KpiDaily.SERVICE_LEVEL, ratio(MetricCatalogue.SERVICE_LEVEL))
        .withColumn(KpiDaily.ASA_S, ratio(MetricCatalogue.ASA_S));
  }

  /** Adds the remaining kpi_daily ratios from its counts. */
  static Dataset<Row> dailyRatios(Dataset<Row> counts) {
    return queueRatios(counts)
        .withColumn(KpiDaily.ABANDON_RATE, ratio(MetricCatalogue.ABANDON_RATE))
        .withColumn(KpiDaily.HANDLED_RATE, ratio(MetricCatalogue.HANDLED_RATE))
        .withColumn(KpiDaily.AHT_S, ratio(MetricCatalogue.AHT_S))
        .withColumn(KpiDaily.TRANSFER_RATE, ratio(MetricCatalogue.TRANSFER_RATE))
        .withColumn(KpiDaily.FCR, ratio(MetricCatalogue.FCR))
        .withColumn(KpiDaily.SURVEY_RESPONSE_RATE, ratio(MetricCatalogue.SURVEY_RESPONSE_RATE))
        .withColumn(KpiDaily.CSAT, ratio(MetricCatalogue.CSAT))
        .withColumn(KpiDaily.NPS, ratio(MetricCatalogue.NPS));
  }
}
