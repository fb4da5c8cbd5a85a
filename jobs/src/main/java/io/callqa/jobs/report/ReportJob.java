package io.callqa.jobs.report;

import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.dashboards.report.Format;
import io.callqa.dashboards.report.HtmlReport;
import io.callqa.dashboards.report.Kpi;
import io.callqa.dashboards.report.Kpi.Direction;
import io.callqa.dashboards.report.ReportData;
import io.callqa.dashboards.report.Table;
import io.callqa.dashboards.report.Targets;
import io.callqa.jobs.incremental.Incremental;
import io.callqa.jobs.incremental.InputsRecord;
import io.callqa.jobs.incremental.StageInputs;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.CallCategories;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.ComplaintDaily;
import io.callqa.warehouse.tables.ComplaintOpen;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.KpiInterval;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.TableSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The last pipeline stage and {@code callqa report}: computes the executive report's figures from
 * the gold tables with Spark SQL and writes {@code OUT/callqa-report.html} ({@link HtmlReport}).
 *
 * <p>The period is {@code days} local days ending on the last KPI day (or {@code --from/--to}); it
 * is compared with the previous period of the same length. When the warehouse holds fewer than
 * twice as many days, the period shrinks so that a previous period exists, and the report says so.
 * Every ratio is re-aggregated with the formula the Superset datasets also take ({@link
 * MetricCatalogue}), so the report and the dashboards agree to the digit. Tables the warehouse
 * lacks (no complaints delivered yet) leave their sections empty rather than failing the run.
 */
public final class ReportJob {
  /** What was written, for the run summary. */
  public record Summary(
      Location file,
      LocalDate from,
      LocalDate to,
      LocalDate previousFrom,
      LocalDate previousTo,
      long millis) {
    @Override
    public String toString() {
      return "report: "
          + from
          + " – "
          + to
          + " (previous "
          + previousFrom
          + " – "
          + previousTo
          + ") written to "
          + file
          + " in "
          + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0)
          + " s";
    }
  }

  /** The tables the report reads. */
  static final List<TableSpec> SOURCES =
      List.of(
          KpiDaily.SPEC,
          IvrDaily.SPEC,
          KpiInterval.SPEC,
          ComplaintDaily.SPEC,
          ComplaintOpen.SPEC,
          QaScores.SPEC,
          CallCategories.SPEC,
          Calls.SPEC);

  /** The sources read by most figures, small enough to hold in memory: a row per day and key. */
  static final List<TableSpec> CACHED =
      List.of(KpiDaily.SPEC, IvrDaily.SPEC, KpiInterval.SPEC, ComplaintDaily.SPEC);

  /** Figures computed at once: one plans while the other's tasks run. */
  static final int FIGURE_THREADS = 2;

  private ReportJob() {}

  /** Where {@code callqa run} writes the report: {@code WAREHOUSE/report}. */
  public static Path dirUnder(Path warehouse) {
    return warehouse.resolve("report");
  }

  /** As {@link #dirUnder(Path)}, for a warehouse anywhere. */
  public static Location dirUnder(Location warehouse) {
    return warehouse.resolve("report");
  }

  /**
   * The pipeline stage: writes the report with the configured period and targets, unless the report
   * in {@code out} was made from the same table versions and settings (so a re-run changes
   * nothing).
   */
  public static Optional<Summary> runIfChanged(
      Warehouse wh, ReportSettings c, Path out, Consumer<String> progress) {
    return runIfChanged(wh, c, Location.local(out), progress);
  }

  /**
   * As {@link #runIfChanged(Warehouse, ReportSettings, Path, Consumer)}, for a folder anywhere: on
   * HDFS or S3 the report is written whole in one step ({@link Location#write}).
   */
  public static Optional<Summary> runIfChanged(
      Warehouse wh, ReportSettings c, Location out, Consumer<String> progress) {
    if (!wh.exists(KpiDaily.SPEC)) {
      progress.accept("report: no KPI table yet; no report");
      return Optional.empty();
    }
    StageInputs inputs = inputs(wh, c);
    Location file = out.resolve(HtmlReport.FILE_NAME);
    // The report file records its own inputs, in its header, written with it.
    InputsRecord record =
        new InputsRecord() {
          @Override
          public StageInputs last() {
            if (file.isLocal()) {
              return StageInputs.parse(HtmlReport.inputsOf(file.localPath()));
            }
            byte[] html = file.readAllBytesOrNull();
            return StageInputs.parse(
                html == null
                    ? ""
                    : HtmlReport.inputsIn(
                        new String(html, java.nio.charset.StandardCharsets.UTF_8)));
          }

          @Override
          public void record(StageInputs written) {
            // Already in the file's header.
          }
        };
    return Incremental.runIfChanged(
        "report",
        inputs,
        record,
        () -> file.size() >= 0,
        "report: inputs unchanged; " + file + " left as it is",
        progress,
        last ->
            run(
                wh,
                c.timeZone(),
                Targets.load(c.targets()),
                Optional.empty(),
                Optional.empty(),
                c.days(),
                out,
                inputs.text()));
  }

  /** The table versions and settings a report is made from. */
  static StageInputs inputs(Warehouse wh, ReportSettings c) {
    return StageInputs.builder()
        .put("days", c.days())
        .put("targets", c.targets())
        .put("zone", c.timeZone())
        .tables(wh, SOURCES, TableSpec::name)
        .build();
  }

  /**
   * Computes and writes the report.
   *
   * @param from first day, or empty for {@code days} days ending on {@code to}
   * @param to last day, or empty for the last KPI day
   * @param days period length when {@code from} is empty
   */
  public static Summary run(
      Warehouse wh,
      ZoneId zone,
      Targets targets,
      Optional<LocalDate> from,
      Optional<LocalDate> to,
      int days,
      Path out,
      String inputs) {
    return run(wh, zone, targets, from, to, days, Location.local(out), inputs);
  }

  /** As {@link #run(Warehouse, ZoneId, Targets, Optional, Optional, int, Path, String)}. */
  public static Summary run(
      Warehouse wh,
      ZoneId zone,
      Targets targets,
      Optional<LocalDate> from,
      Optional<LocalDate> to,
      int days,
      Location out,
      String inputs) {
    long t0 = System.nanoTime();
    ReportData data = compute(wh, zone, targets, from, to, days, Instant.now());
    Location file;
    if (out.isLocal()) {
      file = Location.local(HtmlReport.write(data, out.localPath(), inputs));
    } else {
      file = out.resolve(HtmlReport.FILE_NAME);
      file.write(HtmlReport.render(data, inputs).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Summary(file, data.from(), data.to(), data.previousFrom(), data.previousTo(), ms);
  }

  /** The figures, without writing anything. */
  public static ReportData compute(
      Warehouse wh,
      ZoneId zone,
      Targets targets,
      Optional<LocalDate> fromOpt,
      Optional<LocalDate> toOpt,
      int days,
      Instant now) {
    if (days < 1) {
      throw new IllegalArgumentException("the report period must be at least 1 day, got " + days);
    }
    if (!wh.exists(KpiDaily.SPEC)) {
      throw new ReportException(
          "the warehouse "
              + wh.root()
              + " has no "
              + KpiDaily.NAME
              + " table yet; run `callqa run --landing DIR --warehouse "
              + wh.root()
              + "` first");
    }
    SparkSession spark = wh.spark();
    Set<String> present = new HashSet<>(wh.registerListedViews(SOURCES));
    Sql q = new Sql(wh, present);
    try {
      // The gold tables are small (a row per day, half-hour, site and queue at most) and every
      // figure reads them again: cached once, each later query skips the file listing for it and
      // its planning. Calls and the per-call tables are read once or twice, from their files (the
      // views list them once, with Delta Kernel). Two at a time, as the figures below.
      List<Future<Object>> caching = new ArrayList<>();
      for (TableSpec t : CACHED) {
        if (present.contains(t.name())) {
          caching.add(
              q.later(
                  () -> {
                    spark.catalog().cacheTable(t.name());
                    return null;
                  }));
        }
      }
      caching.forEach(q::get);
      return figures(wh, q, zone, targets, fromOpt, toOpt, days, now);
    } finally {
      q.close();
      for (TableSpec t : CACHED) {
        if (present.contains(t.name())) {
          spark.catalog().uncacheTable(t.name());
        }
      }
    }
  }

  /** The figures, on views {@link #compute} registered and cached; {@code q} runs them. */
  private static ReportData figures(
      Warehouse wh,
      Sql q,
      ZoneId zone,
      Targets targets,
      Optional<LocalDate> fromOpt,
      Optional<LocalDate> toOpt,
      int days,
      Instant now) {
    SparkSession spark = wh.spark();
    Row range = spark.sql("SELECT MIN(day), MAX(day) FROM " + KpiDaily.NAME).first();
    if (range.isNullAt(1)) {
      throw new ReportException(
          "the " + KpiDaily.NAME + " table of " + wh.root() + " is empty; nothing to report");
    }
    LocalDate first = range.getAs(0);
    LocalDate to = toOpt.orElse(range.<LocalDate>getAs(1));
    String note = "";
    LocalDate from;
    if (fromOpt.isPresent()) {
      from = fromOpt.get();
      if (from.isAfter(to)) {
        throw new ReportException("--from " + from + " is after --to " + to);
      }
    } else {
      // The period never shrinks below the data: with fewer days than asked it covers all of them
      // (an
      // executive reading a 3-day delivery wants the 3 days, not the last one against the one
      // before).
      long available = ChronoUnit.DAYS.between(first, to) + 1;
      int n = (int) Math.max(1, Math.min(days, available));
      if (available < days) {
        note =
            "The warehouse holds "
                + available
                + " day(s) of KPIs ("
                + first
                + " – "
                + to
                + "), fewer than the "
                + days
                + " asked, so the period covers all of them and there is no earlier period to compare with."
                + " 数据仅有"
                + available
                + "天，统计期为全部数据，无上期可比。";
      } else if (available < 2L * days) {
        note =
            "The warehouse holds "
                + available
                + " day(s) of KPIs, so the previous period has data on "
                + (available - days)
                + " of its "
                + days
                + " days. 上期仅有"
                + (available - days)
                + "天数据。";
      }
      from = to.minusDays(n - 1L);
    }
    long n = ChronoUnit.DAYS.between(from, to) + 1;
    LocalDate prevTo = from.minusDays(1);
    LocalDate prevFrom = from.minusDays(n);

    // The figures are independent queries: two at a time, so that one plans on the driver while
    // the other's tasks run (on 2 cores most of a small query's time is planning).
    Future<List<Kpi>> headlines = q.later(() -> headlines(q, targets, from, to, prevFrom, prevTo));
    Future<List<Kpi>> complaintHeadlines =
        q.later(() -> complaintHeadlines(q, targets, from, to, prevFrom, prevTo));
    String k = KpiDaily.NAME;
    Future<Table> daily =
        q.table(
            KpiDaily.SPEC,
            "SELECT day, site, "
                + q.m(k, "offered")
                + ", "
                + q.m(k, "service_level")
                + ", "
                + q.m(k, "asa_s")
                + ", "
                + q.m(k, "abandon_rate")
                + ", "
                + q.m(k, "csat")
                + ", "
                + q.m(k, "nps")
                + " FROM "
                + k
                + q.between(prevFrom, to)
                + " GROUP BY day, site ORDER BY day, site",
            col("day", "Day 日期", Format.TEXT),
            col("site", "Site 站点", Format.TEXT),
            OFFERED,
            SL,
            ASA,
            ABANDON,
            CSAT,
            NPS);
    Future<Table> sites =
        q.table(
            KpiDaily.SPEC,
            "SELECT k.site, k.offered, k.service_level, k.asa_s, k.abandon_rate, k.aht_s, k.fcr, k.csat, k.nps,"
                + " i.ivr_containment FROM ("
                + q.library
                    .get("kpi_by_site")
                    .sql(Map.of("from", from.toString(), "to", to.toString()))
                + ") k"
                + " LEFT JOIN ("
                + (q.has(IvrDaily.SPEC)
                    ? "SELECT site, "
                        + q.m(IvrDaily.NAME, "ivr_containment")
                        + " FROM "
                        + IvrDaily.NAME
                        + q.between(from, to)
                        + " GROUP BY site"
                    : "SELECT CAST(NULL AS STRING) AS site, CAST(NULL AS DOUBLE) AS ivr_containment")
                + ") i ON i.site = k.site ORDER BY k.site",
            col("site", "Site 站点", Format.TEXT),
            OFFERED,
            SL,
            ASA,
            ABANDON,
            col("aht_s", "AHT 平均处理时长", Format.SECONDS),
            col("fcr", "FCR 首次解决率", Format.PERCENT),
            CSAT,
            NPS,
            col("ivr_containment", "IVR containment IVR 自助率", Format.PERCENT));
    String ki = KpiInterval.NAME;
    Future<Table> worst =
        q.table(
            KpiInterval.SPEC,
            "SELECT day, interval_time, site, "
                + q.m(ki, "offered")
                + ", "
                + q.m(ki, "service_level")
                + ", "
                + q.m(ki, "asa_s")
                + ", "
                + q.m(ki, "abandon_rate")
                + " FROM "
                + ki
                + q.between(from, to)
                + " GROUP BY day, interval_time, site HAVING SUM(offered_agent) >= "
                + HtmlReport.MIN_OFFERED_HALF_HOUR
                + " ORDER BY service_level ASC, offered DESC, day, interval_time, site LIMIT 10",
            col("day", "Day 日期", Format.TEXT),
            col("interval_time", "Half-hour 时段", Format.TEXT),
            col("site", "Site 站点", Format.TEXT),
            OFFERED,
            SL,
            ASA,
            ABANDON);
    Future<Table> intraday =
        q.table(
            KpiInterval.SPEC,
            "SELECT interval_time, site, "
                + q.m(ki, "offered")
                + ", "
                + q.m(ki, "service_level")
                + " FROM "
                + ki
                + q.between(from, to)
                + " GROUP BY interval_time, site ORDER BY interval_time, site",
            col("interval_time", "Half-hour 时段", Format.TEXT),
            col("site", "Site 站点", Format.TEXT),
            OFFERED,
            SL);
    String cd = ComplaintDaily.NAME;
    Future<Table> complaintDaily =
        q.table(
            ComplaintDaily.SPEC,
            "SELECT day, "
                + q.m(cd, "opened")
                + ", "
                + q.m(cd, "resolved")
                + ", "
                + q.m(cd, "breached")
                + ", "
                + q.m(cd, "backlog")
                + " FROM "
                + cd
                + q.between(prevFrom, to)
                + " GROUP BY day ORDER BY day",
            col("day", "Day 日期", Format.TEXT),
            col("opened", "Opened 新增", Format.COUNT),
            col("resolved", "Resolved 办结", Format.COUNT),
            col("breached", "Breached 超时", Format.COUNT),
            col("backlog", "Backlog 积压", Format.COUNT));
    Future<Table> breaches =
        q.table(
            ComplaintDaily.SPEC,
            "SELECT category, channel, "
                + q.m(cd, "breached")
                + ", "
                + q.m(cd, "opened")
                + " FROM "
                + cd
                + q.between(from, to)
                + " GROUP BY category, channel HAVING breached > 0"
                + " ORDER BY breached DESC, category, channel",
            col("category", "Category 类别", Format.TEXT),
            col("channel", "Channel 渠道", Format.TEXT),
            col("breached", "Breaches 超时", Format.COUNT),
            col("opened", "Opened 新增", Format.COUNT));
    Future<Table> dueSoon =
        q.table(
            ComplaintOpen.SPEC,
            "SELECT ticket_id, site, channel, category, severity, status, date_format(deadline_at, 'yyyy-MM-dd HH:mm')"
                + " AS deadline, days_to_deadline FROM "
                + ComplaintOpen.NAME
                + " WHERE days_to_deadline <= "
                + HtmlReport.DUE_SOON_DAYS
                + " ORDER BY days_to_deadline, deadline_at, ticket_id LIMIT 15",
            col("ticket_id", "Ticket 工单", Format.TEXT),
            col("site", "Site 站点", Format.TEXT),
            col("channel", "Channel 渠道", Format.TEXT),
            col("category", "Category 类别", Format.TEXT),
            col("severity", "Severity 严重度", Format.TEXT),
            col("status", "Status 状态", Format.TEXT),
            col("deadline", "Deadline 截止", Format.TEXT),
            col("days_to_deadline", "Days left 剩余天数", Format.COUNT));
    Future<Table> findings =
        q.table(
            QaScores.SPEC,
            "SELECT scorecard, point_id, point, "
                + q.m("qa_point_misses", "checks")
                + ", "
                + q.m("qa_point_misses", "misses")
                + ", "
                + q.m("qa_point_misses", "miss_rate")
                + " FROM "
                + q.virtual("qa_point_misses")
                + q.between(from, to)
                + " GROUP BY scorecard, point_id, point HAVING misses > 0 ORDER BY misses DESC, point_id LIMIT 10",
            col("scorecard", "Scorecard 评分表", Format.TEXT),
            col("point_id", "Point 项", Format.TEXT),
            col("point", "Check 检查内容", Format.TEXT),
            col("checks", "Calls checked 检查通数", Format.COUNT),
            col("misses", "Missed 未达标", Format.COUNT),
            col("miss_rate", "Miss rate 未达标率", Format.PERCENT));
    Future<Table> categories =
        q.has(Calls.SPEC)
            ? q.table(
                CallCategories.SPEC,
                "SELECT category, "
                    + q.m("category_daily", "conversations")
                    + " FROM "
                    + q.virtual("category_daily")
                    + q.between(from, to)
                    + " GROUP BY category ORDER BY conversations DESC, category LIMIT 15",
                col("category", "Category 主题", Format.TEXT),
                col("conversations", "Conversations 会话数", Format.COUNT))
            : CompletableFuture.completedFuture(
                new Table(
                    List.of(
                        col("category", "Category 主题", Format.TEXT),
                        col("conversations", "Conversations 会话数", Format.COUNT)),
                    List.of()));
    return new ReportData(
        from,
        to,
        prevFrom,
        prevTo,
        note,
        now,
        zone.getId(),
        q.get(headlines),
        q.get(complaintHeadlines),
        q.get(daily),
        q.get(intraday),
        q.get(sites),
        q.get(worst),
        q.get(complaintDaily),
        q.get(breaches),
        q.get(dueSoon),
        q.get(findings),
        q.get(categories));
  }

  private static final Table.Column OFFERED = col("offered", "Offered 进线量", Format.COUNT);
  private static final Table.Column SL = col("service_level", "Service level 服务水平", Format.PERCENT);
  private static final Table.Column ASA = col("asa_s", "ASA 平均应答时长", Format.SECONDS);
  private static final Table.Column ABANDON =
      col("abandon_rate", "Abandonment 放弃率", Format.PERCENT);
  private static final Table.Column CSAT = col("csat", "CSAT 满意度", Format.PERCENT);
  private static final Table.Column NPS = col("nps", "NPS 净推荐值", Format.DECIMAL);

  private static Table.Column col(String key, String label, Format format) {
    return new Table.Column(key, label, format);
  }

  private static List<Kpi> headlines(
      Sql q, Targets t, LocalDate from, LocalDate to, LocalDate pf, LocalDate pt) {
    String k = KpiDaily.NAME;
    String sql =
        "SELECT "
            + q.m(k, "offered")
            + ", "
            + q.m(k, "service_level")
            + ", "
            + q.m(k, "asa_s")
            + ", "
            + q.m(k, "abandon_rate")
            + ", "
            + q.m(k, "aht_s")
            + ", "
            + q.m(k, "fcr")
            + ", "
            + q.m(k, "csat")
            + ", "
            + q.m(k, "nps")
            + " FROM "
            + k;
    Row now = q.row(sql + q.between(from, to));
    Row before = q.row(sql + q.between(pf, pt));
    Double ivrNow = null;
    Double ivrBefore = null;
    if (q.has(IvrDaily.SPEC)) {
      String ivr = "SELECT " + q.m(IvrDaily.NAME, "ivr_containment") + " FROM " + IvrDaily.NAME;
      ivrNow = number(q.row(ivr + q.between(from, to)), 0);
      ivrBefore = number(q.row(ivr + q.between(pf, pt)), 0);
    }
    List<Kpi> out = new ArrayList<>();
    out.add(
        Kpi.of(
            "service_level",
            "Service level 服务水平",
            number(now, 1),
            number(before, 1),
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "asa_s",
            "ASA 平均应答时长",
            number(now, 2),
            number(before, 2),
            t,
            Format.SECONDS,
            Direction.LOWER_IS_BETTER));
    out.add(
        Kpi.of(
            "abandon_rate",
            "Abandonment 放弃率",
            number(now, 3),
            number(before, 3),
            t,
            Format.PERCENT,
            Direction.LOWER_IS_BETTER));
    out.add(
        Kpi.of(
            "ivr_containment",
            "IVR containment IVR 自助率",
            ivrNow,
            ivrBefore,
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "csat",
            "CSAT 满意度",
            number(now, 6),
            number(before, 6),
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "nps",
            "NPS 净推荐值",
            number(now, 7),
            number(before, 7),
            t,
            Format.DECIMAL,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "fcr",
            "FCR 首次解决率",
            number(now, 5),
            number(before, 5),
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "aht_s",
            "AHT 平均处理时长",
            number(now, 4),
            number(before, 4),
            t,
            Format.SECONDS,
            Direction.LOWER_IS_BETTER));
    out.add(
        Kpi.of(
            "offered",
            "Offered to agents 人工进线量",
            number(now, 0),
            number(before, 0),
            t,
            Format.COUNT,
            Direction.NEUTRAL));
    return out;
  }

  private static List<Kpi> complaintHeadlines(
      Sql q, Targets t, LocalDate from, LocalDate to, LocalDate pf, LocalDate pt) {
    if (!q.has(ComplaintDaily.SPEC)) {
      return List.of();
    }
    String c = ComplaintDaily.NAME;
    String sql =
        "SELECT "
            + q.m(c, "opened")
            + ", "
            + q.m(c, "resolved")
            + ", "
            + q.m(c, "on_time_rate")
            + ", "
            + q.m(c, "ack_on_time_rate")
            + ", "
            + q.m(c, "breached")
            + " FROM "
            + c;
    Row now = q.row(sql + q.between(from, to));
    Row before = q.row(sql + q.between(pf, pt));
    String backlog =
        "SELECT "
            + q.m(c, "backlog")
            + " FROM "
            + c
            + " WHERE day = (SELECT MAX(day) FROM "
            + c
            + " WHERE day <= DATE'%s')";
    Double backlogNow = number(q.row(String.format(backlog, to)), 0);
    Double backlogBefore = number(q.row(String.format(backlog, pt)), 0);
    List<Kpi> out = new ArrayList<>();
    out.add(
        Kpi.of(
            "complaint_on_time_rate",
            "Resolved on time 按时办结率",
            number(now, 2),
            number(before, 2),
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "complaint_ack_on_time_rate",
            "Acknowledged on time 按时确认率",
            number(now, 3),
            number(before, 3),
            t,
            Format.PERCENT,
            Direction.HIGHER_IS_BETTER));
    out.add(
        Kpi.of(
            "complaints_opened",
            "Opened 新增投诉",
            number(now, 0),
            number(before, 0),
            t,
            Format.COUNT,
            Direction.LOWER_IS_BETTER));
    out.add(
        Kpi.of(
            "complaints_resolved",
            "Resolved 办结",
            number(now, 1),
            number(before, 1),
            t,
            Format.COUNT,
            Direction.NEUTRAL));
    out.add(
        Kpi.of(
            "complaints_breached",
            "Breaches 超时",
            number(now, 4),
            number(before, 4),
            t,
            Format.COUNT,
            Direction.LOWER_IS_BETTER));
    out.add(
        Kpi.of(
            "complaint_backlog",
            "Backlog at period end 期末积压",
            backlogNow,
            backlogBefore,
            t,
            Format.COUNT,
            Direction.LOWER_IS_BETTER));
    return out;
  }

  private static Double number(Row r, int i) {
    if (r == null || r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof BigDecimal b ? b.doubleValue() : ((Number) v).doubleValue();
  }

  /**
   * Spark SQL over the registered views, with the catalogue's metric formulas and the query
   * library.
   */
  private static final class Sql {
    final Warehouse wh;
    final QueryLibrary library;
    private final Set<String> present;
    private final ExecutorService pool;

    Sql(Warehouse wh, Set<String> present) {
      this.wh = wh;
      this.library = QueryLibrary.bundled();
      this.present = present;
      AtomicInteger n = new AtomicInteger();
      this.pool =
          Executors.newFixedThreadPool(
              FIGURE_THREADS,
              r -> {
                Thread t = new Thread(r, "callqa-report-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }

    /** Runs {@code figure} on one of two threads. */
    <T> Future<T> later(Callable<T> figure) {
      return pool.submit(figure);
    }

    /** The figure {@link #later} computed, with its failure as thrown. */
    <T> T get(Future<T> figure) {
      try {
        return figure.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing the report", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Waits for the figures still running (after a failure) and stops the threads. */
    void close() {
      pool.shutdown();
      try {
        while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
          // a figure still planning or running: the cached tables are dropped after it
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }

    /** Whether the warehouse held {@code table} when the report started. */
    boolean has(TableSpec table) {
      return present.contains(table.name());
    }

    /** {@code <formula> AS name} for a dataset metric. */
    String m(String dataset, String metric) {
      return MetricCatalogue.get(dataset, metric).sql() + " AS " + metric;
    }

    String between(LocalDate from, LocalDate to) {
      return " WHERE day BETWEEN DATE'" + from + "' AND DATE'" + to + "'";
    }

    /** A parameterless library query (a dashboards' virtual dataset) as a subquery. */
    String virtual(String query) {
      return "(" + library.get(query).sql(Map.of()) + ") AS " + query;
    }

    Row row(String sql) {
      return wh.spark().sql(sql).first();
    }

    /**
     * The rows of {@code sql} as a report table, computed on one of two threads; empty when {@code
     * source} has not been written yet.
     */
    Future<Table> table(TableSpec source, String sql, Table.Column... columns) {
      return later(() -> tableNow(source, sql, columns));
    }

    private Table tableNow(TableSpec source, String sql, Table.Column... columns) {
      List<List<Object>> rows = new ArrayList<>();
      if (has(source)) {
        for (Row r : wh.spark().sql(sql).collectAsList()) {
          List<Object> cells = new ArrayList<>();
          for (int i = 0; i < columns.length; i++) {
            Object v = r.isNullAt(i) ? null : r.get(i);
            cells.add(
                v instanceof BigDecimal b
                    ? b.doubleValue()
                    : v instanceof Number || v == null ? v : v.toString());
          }
          rows.add(cells);
        }
      }
      return new Table(List.of(columns), rows);
    }
  }
}
