package io.callqa.dashboards.metrics;

import static io.callqa.dashboards.metrics.Metric.aggregate;
import static io.callqa.dashboards.metrics.Metric.ratio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every metric of the gold tables, written once (the KPI definitions of SPEC.md over the tables'
 * count columns). Read by the KPI and analyse jobs (the ratio columns they store), the Superset
 * datasets (their metrics' expressions are filled in from here when the bundle is loaded), the
 * query library ({@code {{kpi_daily.service_level}}}), the HTML report and the DuckDB benchmark.
 *
 * <p>T = kpi.service-level.threshold-s and S = kpi.short-abandon.threshold-s are applied when the
 * counts are made ({@code KpiFormulas}); here the counts are only combined.
 */
public final class MetricCatalogue {
  private MetricCatalogue() {}

  private static final String KPI = "kpi_daily";

  /** answered within T / (offered to agents - short abandons). */
  public static final Metric SERVICE_LEVEL =
      ratio(
          KPI,
          "service_level",
          "share of contacts offered to agents (less short abandons) answered within T seconds",
          List.of("answered_within_sl"),
          List.of("offered_agent", "-short_abandoned"));

  public static final Metric ASA_S =
      ratio(
          KPI,
          "asa_s",
          "average speed of answer: mean seconds from queue_start to answer, over answered contacts",
          List.of("wait_s_sum"),
          List.of("answered"));

  public static final Metric ABANDON_RATE =
      ratio(
          KPI,
          "abandon_rate",
          "abandoned contacts less short abandons, over contacts offered less short abandons",
          List.of("abandoned", "-short_abandoned"),
          List.of("offered_agent", "-short_abandoned"));

  public static final Metric HANDLED_RATE =
      ratio(
          KPI,
          "handled_rate",
          "answered over offered to agents",
          List.of("answered"),
          List.of("offered_agent"));

  public static final Metric AHT_S =
      ratio(
          KPI,
          "aht_s",
          "average handle time: mean talk + hold + after-call work seconds over answered contacts",
          List.of("handle_s_sum"),
          List.of("answered"));

  public static final Metric TRANSFER_RATE =
      ratio(
          KPI,
          "transfer_rate",
          "answered contacts transferred out, over answered",
          List.of("transferred_out"),
          List.of("answered"));

  public static final Metric FCR =
      ratio(
          KPI,
          "fcr",
          "first-contact resolution: answered contacts of identified customers with no repeat within W days,"
              + " over those contacts",
          List.of("fcr_resolved"),
          List.of("fcr_eligible"));

  public static final Metric SURVEY_RESPONSE_RATE =
      ratio(
          KPI,
          "survey_response_rate",
          "completed over offered surveys",
          List.of("surveys_completed"),
          List.of("surveys_offered"));

  public static final Metric CSAT =
      ratio(
          KPI,
          "csat",
          "share of completed CSAT answers in the top box (>= kpi.csat.top-box-min)",
          List.of("csat_top_box"),
          List.of("csat_responses"));

  public static final Metric NPS =
      ratio(
              KPI,
              "nps",
              "net promoter score: % of 9-10 answers minus % of 0-6 answers",
              List.of("nps_promoters", "-nps_detractors"),
              List.of("nps_responses"))
          .scaled(100.0);

  public static final Metric IVR_CONTAINMENT =
      ratio(
          "ivr_daily",
          "ivr_containment",
          "calls that ended in self-service in the IVR, over calls offered to the IVR",
          List.of("ivr_self_service"),
          List.of("offered_ivr"));

  public static final Metric ON_TIME_RATE =
      ratio(
          "complaint_daily",
          "on_time_rate",
          "complaints resolved within their deadline, over complaints resolved",
          List.of("resolved_on_time"),
          List.of("resolved"));

  public static final Metric ACK_ON_TIME_RATE =
      ratio(
          "complaint_daily",
          "ack_on_time_rate",
          "complaints acknowledged within their deadline, over complaints due an acknowledgement",
          List.of("acknowledged_on_time"),
          List.of("ack_due"));

  public static final Metric ESCALATION_RATE =
      ratio(
          "complaint_daily",
          "escalation_rate",
          "complaints escalated, over complaints opened",
          List.of("escalated"),
          List.of("opened"));

  public static final Metric REOPEN_RATE =
      ratio(
          "complaint_daily",
          "reopen_rate",
          "resolved complaints reopened, over complaints resolved",
          List.of("reopened"),
          List.of("resolved"));

  public static final Metric AVG_SCORE =
      ratio(
          "qa_agent_daily",
          "avg_score",
          "mean automatic QA score of the calls scored",
          List.of("score_sum"),
          List.of("calls_scored"));

  public static final Metric PASS_RATE =
      ratio(
          "qa_agent_daily",
          "pass_rate",
          "share of scored calls that passed",
          List.of("passed"),
          List.of("calls_scored"));

  public static final Metric AGENT_AHT_S =
      ratio(
          "qa_agent_daily",
          "aht_s",
          "the agent's mean handle seconds over the calls they handled",
          List.of("handle_s_sum"),
          List.of("calls_handled"));

  private static final List<Metric> ALL = define();

  private static List<Metric> define() {
    List<Metric> m = new ArrayList<>();
    m.add(aggregate(KPI, "offered", "contacts offered to agents", "SUM(offered_agent)"));
    m.add(aggregate(KPI, "answered", "contacts answered", "SUM(answered)"));
    m.addAll(
        List.of(
            SERVICE_LEVEL,
            ASA_S,
            ABANDON_RATE,
            HANDLED_RATE,
            AHT_S,
            TRANSFER_RATE,
            FCR,
            SURVEY_RESPONSE_RATE,
            CSAT,
            NPS));
    String interval = "kpi_interval";
    m.add(aggregate(interval, "offered", "contacts offered to agents", "SUM(offered_agent)"));
    m.add(SERVICE_LEVEL.on(interval));
    m.add(ASA_S.on(interval));
    m.add(ABANDON_RATE.on(interval));
    m.add(aggregate("ivr_daily", "offered_ivr", "calls offered to the IVR", "SUM(offered_ivr)"));
    m.add(IVR_CONTAINMENT);
    String cd = "complaint_daily";
    m.add(aggregate(cd, "opened", "complaints opened", "SUM(opened)"));
    m.add(aggregate(cd, "resolved", "complaints resolved", "SUM(resolved)"));
    m.add(aggregate(cd, "breached", "complaints that breached a deadline", "SUM(breached)"));
    m.add(ON_TIME_RATE);
    m.add(ACK_ON_TIME_RATE);
    m.add(ESCALATION_RATE);
    m.add(REOPEN_RATE);
    m.add(aggregate(cd, "backlog", "complaints open at the end of the day", "SUM(backlog)"));
    m.add(aggregate("complaint_open", "tickets", "open complaints", "COUNT(*)"));
    String c = "complaints";
    m.add(aggregate(c, "tickets", "complaints", "COUNT(*)"));
    m.add(
        aggregate(
            c,
            "breaches",
            "complaints that breached",
            "SUM(CASE WHEN breached THEN 1 ELSE 0 END)"));
    m.add(
        aggregate(
            c,
            "breach_rate",
            "share of complaints that breached",
            "AVG(CASE WHEN breached THEN 1.0 ELSE 0.0 END)"));
    String qa = "qa_agent_daily";
    m.add(aggregate(qa, "calls_scored", "calls scored automatically", "SUM(calls_scored)"));
    m.add(AVG_SCORE);
    m.add(PASS_RATE);
    m.add(
        aggregate(
            qa, "auto_fails", "scored calls with an auto-fail point missed", "SUM(auto_fails)"));
    m.add(AGENT_AHT_S);
    m.add(FCR.on(qa));
    m.add(CSAT.on(qa));
    String pm = "qa_point_misses";
    m.add(aggregate(pm, "checks", "scorecard points checked", "COUNT(met)"));
    m.add(aggregate(pm, "misses", "points missed", "SUM(CASE WHEN NOT met THEN 1 ELSE 0 END)"));
    m.add(
        aggregate(
            pm,
            "miss_rate",
            "share of checked points missed",
            "AVG(CASE WHEN NOT met THEN 1.0 WHEN met THEN 0.0 END)"));
    m.add(
        aggregate(
            "category_daily",
            "conversations",
            "conversations in the category",
            "COUNT(DISTINCT call_id)"));
    return List.copyOf(m);
  }

  /** Every metric, by table then in definition order. */
  public static List<Metric> all() {
    return ALL;
  }

  /** The metric {@code name} of {@code table}. */
  public static Optional<Metric> find(String table, String name) {
    return ALL.stream().filter(m -> m.table().equals(table) && m.name().equals(name)).findFirst();
  }

  /** The metric {@code name} of {@code table}; fails naming both when there is none. */
  public static Metric get(String table, String name) {
    return find(table, name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no metric " + name + " of table " + table + " in the metric catalogue"));
  }
}
