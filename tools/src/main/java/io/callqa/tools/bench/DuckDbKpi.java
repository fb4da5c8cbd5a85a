package io.callqa.tools.bench;

import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reference implementation of {@code kpi_daily} in DuckDB SQL, for {@link KpiBenchmark} only.
 * It is a second, independent reading of the SPEC formulas: the benchmark compares its totals with
 * Spark's. Local time uses the zone's current fixed offset (no DuckDB ICU extension offline); fine
 * for zones without daylight saving such as Asia/Shanghai.
 */
final class DuckDbKpi {
  /** The kpi_daily ratios the benchmark compares, from the metric catalogue. */
  static final java.util.List<io.callqa.dashboards.metrics.Metric> RATIOS =
      java.util.List.of(
          MetricCatalogue.SERVICE_LEVEL,
          MetricCatalogue.ASA_S,
          MetricCatalogue.ABANDON_RATE,
          MetricCatalogue.HANDLED_RATE,
          MetricCatalogue.AHT_S,
          MetricCatalogue.FCR,
          MetricCatalogue.CSAT,
          MetricCatalogue.NPS);

  private DuckDbKpi() {}

  /**
   * Builds {@code duck_daily} from views {@code calls} and {@code surveys}; returns [offered,
   * within SL, FCR resolved, CSAT top box, rows].
   */
  static long[] daily(Statement st, CallqaConfig c, long offsetS) throws SQLException {
    String off = Long.toString(offsetS * 1_000_000L);
    String local = "CAST(make_timestamp(epoch_us(%s) + " + off + ") AS DATE)";
    String t = Integer.toString(c.get(ConfigKey.SL_THRESHOLD_S));
    st.execute("DROP TABLE IF EXISTS duck_daily");
    st.execute(
        "CREATE TEMP TABLE duck_daily AS\n"
            + "WITH c AS (SELECT *, "
            + local.formatted("contact_start")
            + " AS cday, "
            + local.formatted("queue_start")
            + " AS qday,\n"
            + "  (epoch_us(answered_at) - epoch_us(queue_start)) / 1e6 AS wait_s,\n"
            + "  (epoch_us(ended_at) - epoch_us(queue_start)) / 1e6 AS q_end_s\n"
            + "  FROM calls WHERE direction = 'INBOUND'),\n"
            + "n AS (SELECT *, CASE WHEN customer_id IS NOT NULL THEN lead(cday) OVER (PARTITION BY customer_id"
            + " ORDER BY contact_start, call_id) END AS next_day FROM c),\n"
            + "j AS (SELECT n.*, s.offered AS s_offered, s.completed_at AS s_completed, s.csat AS s_csat,"
            + " s.nps AS s_nps FROM n LEFT JOIN surveys s ON n.call_id = s.call_id WHERE n.queue_start IS NOT NULL),\n"
            + "f AS (SELECT *, answered_at IS NOT NULL AS ans, answered_at IS NULL AS ab,\n"
            + "  answered_at IS NOT NULL AND coalesce(s_offered, false) AS s_off,\n"
            + "  answered_at IS NOT NULL AND coalesce(s_offered, false) AND s_completed IS NOT NULL AS s_done FROM j)\n"
            + "SELECT qday AS day, site, queue, segment,\n"
            + "  count(*) AS offered_agent,\n"
            + "  count(*) FILTER (WHERE ans) AS answered,\n"
            + "  count(*) FILTER (WHERE ans AND wait_s <= "
            + t
            + ") AS answered_within_sl,\n"
            + "  count(*) FILTER (WHERE ab) AS abandoned,\n"
            + "  count(*) FILTER (WHERE ab AND q_end_s < "
            + c.get(ConfigKey.SHORT_ABANDON_S)
            + ") AS short_abandoned,\n"
            + "  count(*) FILTER (WHERE ab AND q_end_s <= "
            + t
            + ") AS abandoned_within_sl,\n"
            + "  coalesce(sum(wait_s) FILTER (WHERE ans), 0) AS wait_s_sum,\n"
            + "  coalesce(sum(coalesce(talk_s,0) + coalesce(hold_s,0) + coalesce(acw_s,0)) FILTER (WHERE ans), 0)"
            + " AS handle_s_sum,\n"
            + "  count(*) FILTER (WHERE ans AND transferred_out) AS transferred_out,\n"
            + "  count(*) FILTER (WHERE ans AND customer_id IS NOT NULL) AS fcr_eligible,\n"
            + "  count(*) FILTER (WHERE ans AND customer_id IS NOT NULL AND NOT coalesce(next_day - cday <= "
            + c.get(ConfigKey.FCR_WINDOW_DAYS)
            + ", false)) AS fcr_resolved,\n"
            + "  count(*) FILTER (WHERE s_off) AS surveys_offered,\n"
            + "  count(*) FILTER (WHERE s_done) AS surveys_completed,\n"
            + "  count(*) FILTER (WHERE s_done AND s_csat IS NOT NULL) AS csat_responses,\n"
            + "  count(*) FILTER (WHERE s_done AND s_csat >= "
            + c.get(ConfigKey.CSAT_TOP_BOX_MIN)
            + ") AS csat_top_box,\n"
            + "  count(*) FILTER (WHERE s_done AND s_nps IS NOT NULL) AS nps_responses,\n"
            + "  count(*) FILTER (WHERE s_done AND s_nps >= 9) AS nps_promoters,\n"
            + "  count(*) FILTER (WHERE s_done AND s_nps <= 6) AS nps_detractors\n"
            + "FROM f GROUP BY ALL");
    st.execute(
        "CREATE OR REPLACE TEMP TABLE duck_daily AS SELECT *,\n"
            + RATIOS.stream()
                .map(m -> "  " + m.rowSql() + " AS " + m.name())
                .collect(java.util.stream.Collectors.joining(",\n"))
            + "\nFROM duck_daily");
    try (ResultSet rs =
        st.executeQuery(
            "SELECT sum(offered_agent), sum(answered_within_sl), sum(fcr_resolved), sum(csat_top_box), count(*)"
                + " FROM duck_daily")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
    }
  }

  /**
   * The same from the landing CSV files: typed with TRY_CAST, unreadable rows skipped, the latest
   * file's row per call id kept. Returns the number of kpi_daily rows.
   */
  static long fromLanding(Statement st, Path landing, CallqaConfig c, long offsetS)
      throws SQLException {
    String dir = landing.toAbsolutePath().toString().replace("'", "''");
    String ts = "TRY_CAST(%1$s AS TIMESTAMPTZ) AS %1$s";
    st.execute(
        "CREATE OR REPLACE VIEW calls AS SELECT call_id, direction, site, queue, segment, customer_id,"
            + " TRY_CAST(talk_s AS INT) AS talk_s, TRY_CAST(hold_s AS INT) AS hold_s, TRY_CAST(acw_s AS INT) AS acw_s,"
            + " TRY_CAST(transferred_out AS BOOLEAN) AS transferred_out, "
            + ts.formatted("queue_start")
            + ", "
            + ts.formatted("answered_at")
            + ", "
            + ts.formatted("ended_at")
            + ", "
            + "coalesce(TRY_CAST(ivr_start AS TIMESTAMPTZ), TRY_CAST(queue_start AS TIMESTAMPTZ),"
            + " TRY_CAST(answered_at AS TIMESTAMPTZ), TRY_CAST(ended_at AS TIMESTAMPTZ)) AS contact_start"
            + " FROM read_csv('"
            + dir
            + "/calls/*.csv', header = true, all_varchar = true, filename = true,"
            + " ignore_errors = true)"
            + " QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY filename DESC) = 1");
    st.execute(
        "CREATE OR REPLACE VIEW surveys AS SELECT call_id, TRY_CAST(offered AS BOOLEAN) AS offered, "
            + ts.formatted("completed_at")
            + ", TRY_CAST(csat AS INT) AS csat, TRY_CAST(nps AS INT) AS nps"
            + " FROM read_csv('"
            + dir
            + "/surveys/*.csv', header = true, all_varchar = true, filename = true,"
            + " ignore_errors = true)"
            + " QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY filename DESC) = 1");
    return daily(st, c, offsetS)[4];
  }
}
