package io.callqa.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callqa.dashboards.report.Format;
import io.callqa.dashboards.report.HtmlReport;
import io.callqa.dashboards.report.Targets;
import io.callqa.jobs.DemoWarehouse;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.ComplaintDaily;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.KpiInterval;
import io.callqa.warehouse.tables.QaScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report on a warehouse the real pipeline built, opened in headless Chromium: the charts
 * draw without errors and every figure shown equals what the gold tables say, computed here
 * independently.
 */
class ReportJobIT extends SparkTestBase {
  Warehouse wh;
  Path report;
  String dom;
  LocalDate first;
  LocalDate last;

  @BeforeAll
  void writeAndOpen() throws Exception {
    wh = new Warehouse(spark, DemoWarehouse.get(spark));
    Row range = wh.read(KpiDaily.SPEC).agg(expr("min(day)"), expr("max(day)")).first();
    first = range.getAs(0);
    last = range.getAs(1);
    // The period is the last 2 days, compared with the first one.
    ReportJob.Summary s =
        ReportJob.run(
            wh,
            ZONE,
            Targets.load("bundled"),
            Optional.of(first.plusDays(1)),
            Optional.of(last),
            7,
            scratch.resolve("report"),
            "test");
    report = s.file().localPath();
    // The gold tables it cached for its queries are dropped from the session's cache again.
    assertThat(spark.sharedState().cacheManager().isEmpty()).isTrue();
    Path artifacts = Path.of(System.getProperty("callqa.artifacts.dir", "target/test-artifacts"));
    dom = HeadlessChromium.dumpDom(report, artifacts.resolve("kpi-report.png"), scratch, 1400);
    Files.copy(
        report,
        artifacts.resolve("kpi-report.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private Dataset<Row> period(Dataset<Row> d) {
    return d.where(col("day").between(first.plusDays(1), last));
  }

  private static Map<String, String> attributes(String dom, String selectorRegex) {
    Matcher m = Pattern.compile(selectorRegex).matcher(dom);
    assertThat(m.find()).as("element matching " + selectorRegex).isTrue();
    Map<String, String> attrs = new LinkedHashMap<>();
    Matcher a = Pattern.compile("([a-z-]+)=\"([^\"]*)\"").matcher(m.group());
    while (a.find()) {
      attrs.put(a.group(1), a.group(2));
    }
    return attrs;
  }

  private Map<String, String> card(String kpi) {
    return attributes(dom, "<div class=\"card\" data-kpi=\"" + kpi + "\"[^>]*>");
  }

  private String cardText(String kpi) {
    Matcher m =
        Pattern.compile(
                "data-kpi=\""
                    + kpi
                    + "\"[^>]*><div class=\"label\">[^<]*</div><div class=\"value\">([^<]*)</div>")
            .matcher(dom);
    assertThat(m.find()).as("card " + kpi).isTrue();
    return m.group(1);
  }

  private List<Map<String, String>> table(String id) {
    return table(dom, id);
  }

  /** Rows of a table of {@code html}: per row, column key to (data-value or text). */
  private static List<Map<String, String>> table(String html, String id) {
    Matcher t =
        Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(html);
    assertThat(t.find()).as("table " + id).isTrue();
    List<Map<String, String>> rows = new ArrayList<>();
    Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(t.group(1));
    while (tr.find()) {
      Map<String, String> row = new LinkedHashMap<>();
      Matcher td =
          Pattern.compile(
                  "<td data-col=\"([^\"]+)\"(?: data-value=\"([^\"]+)\")?[^>]*>([^<]*)</td>")
              .matcher(tr.group(1));
      while (td.find()) {
        row.put(td.group(1), td.group(2) != null ? td.group(2) : td.group(3));
        row.put(td.group(1) + "#text", td.group(3));
      }
      if (!row.isEmpty()) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void theChartsDrawWithoutScriptErrors() {
    Map<String, String> body = attributes(dom, "<body[^>]*>");
    assertThat(body.get("data-errors")).isEmpty();
    assertThat(body.get("data-charts")).isEqualTo("10");
    // ECharts drew into every chart container (it adds its own elements there).
    Matcher charts =
        Pattern.compile("<div class=\"chart[^\"]*\" id=\"(chart-[a-z-]+)\"[^>]*>(<div)?")
            .matcher(dom);
    int drawn = 0;
    while (charts.find()) {
      assertThat(charts.group(2)).as(charts.group(1) + " has ECharts content").isNotNull();
      drawn++;
    }
    assertThat(drawn).isEqualTo(10);
    // Self-contained: no script or stylesheet from the network.
    assertThat(dom)
        .doesNotContainPattern("<script[^>]+src=")
        .doesNotContainPattern("<link[^>]+href=\"http");
  }

  @Test
  void headlineKpisEqualTheGoldTablesForThePeriodAndThePreviousOne() {
    Row now =
        period(wh.read(KpiDaily.SPEC))
            .agg(
                expr("SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned))"),
                expr("SUM(wait_s_sum) / SUM(answered)"),
                expr("SUM(csat_top_box) / SUM(csat_responses)"),
                expr("100.0 * (SUM(nps_promoters) - SUM(nps_detractors)) / SUM(nps_responses)"),
                expr("SUM(offered_agent)"))
            .first();
    Row before =
        wh.read(KpiDaily.SPEC)
            .where(col("day").equalTo(first))
            .agg(expr("SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned))"))
            .first();
    assertThat(Double.parseDouble(card("service_level").get("data-value")))
        .isCloseTo(now.getDouble(0), within(1e-12));
    assertThat(Double.parseDouble(card("service_level").get("data-previous")))
        .isCloseTo(before.getDouble(0), within(1e-12));
    assertThat(card("service_level").get("data-target")).isEqualTo("0.9");
    assertThat(card("service_level").get("data-status"))
        .isEqualTo(now.getDouble(0) >= 0.9 ? "met" : "missed");
    assertThat(cardText("service_level")).isEqualTo(Format.PERCENT.show(now.getDouble(0)));
    assertThat(Double.parseDouble(card("asa_s").get("data-value")))
        .isCloseTo(now.getDouble(1), within(1e-9));
    assertThat(cardText("asa_s")).isEqualTo(Format.SECONDS.show(now.getDouble(1)));
    assertThat(Double.parseDouble(card("csat").get("data-value")))
        .isCloseTo(now.getDouble(2), within(1e-12));
    assertThat(Double.parseDouble(card("nps").get("data-value")))
        .isCloseTo(((Number) now.get(3)).doubleValue(), within(1e-9));
    assertThat(Double.parseDouble(card("offered").get("data-value")))
        .isEqualTo((double) now.getLong(4));
    Row ivr =
        period(wh.read(IvrDaily.SPEC))
            .agg(expr("SUM(ivr_self_service) / SUM(offered_ivr)"))
            .first();
    assertThat(Double.parseDouble(card("ivr_containment").get("data-value")))
        .isCloseTo(ivr.getDouble(0), within(1e-12));
  }

  @Test
  void siteRowsEqualTheGoldTables() {
    List<Map<String, String>> rows = table("site-table");
    List<Row> expected =
        period(wh.read(KpiDaily.SPEC))
            .groupBy("site")
            .agg(
                expr("SUM(offered_agent)"),
                expr("SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned))"),
                expr("SUM(fcr_resolved) / SUM(fcr_eligible)"))
            .orderBy("site")
            .collectAsList();
    assertThat(rows).hasSize(expected.size()).hasSize(3);
    for (int i = 0; i < rows.size(); i++) {
      Row e = expected.get(i);
      assertThat(rows.get(i).get("site")).isEqualTo(e.getString(0));
      assertThat(Long.parseLong(rows.get(i).get("offered"))).isEqualTo(e.getLong(1));
      assertThat(Double.parseDouble(rows.get(i).get("service_level")))
          .isCloseTo(e.getDouble(2), within(1e-12));
      assertThat(rows.get(i).get("service_level#text"))
          .isEqualTo(Format.PERCENT.show(e.getDouble(2)));
      assertThat(Double.parseDouble(rows.get(i).get("fcr")))
          .isCloseTo(e.getDouble(3), within(1e-12));
    }
  }

  @Test
  void worstHalfHoursAreTheLowestServiceLevelsAmongBusyOnes() {
    List<Map<String, String>> rows = table("worst-table");
    List<Row> expected =
        period(wh.read(KpiInterval.SPEC))
            .groupBy("day", "interval_time", "site")
            .agg(
                expr("SUM(offered_agent) AS offered"),
                expr("SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned)) AS sl"))
            .where(col("offered").geq(HtmlReport.MIN_OFFERED_HALF_HOUR))
            .orderBy(
                col("sl").asc(),
                col("offered").desc(),
                col("day"),
                col("interval_time"),
                col("site"))
            .limit(10)
            .collectAsList();
    assertThat(expected).isNotEmpty();
    assertThat(rows).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).get("day")).isEqualTo(expected.get(i).get(0).toString());
      assertThat(rows.get(i).get("interval_time")).isEqualTo(expected.get(i).getString(1));
      assertThat(rows.get(i).get("site")).isEqualTo(expected.get(i).getString(2));
      assertThat(Double.parseDouble(rows.get(i).get("service_level")))
          .isCloseTo(expected.get(i).getDouble(4), within(1e-12));
    }
  }

  @Test
  void complaintDeadlinesEqualTheGoldTables() {
    Row c =
        period(wh.read(ComplaintDaily.SPEC))
            .agg(expr("SUM(opened)"), expr("SUM(resolved_on_time) / SUM(resolved)"))
            .first();
    assertThat(Double.parseDouble(card("complaints_opened").get("data-value")))
        .isEqualTo((double) c.getLong(0));
    assertThat(c.isNullAt(1)).as("tickets resolved in the period").isFalse();
    assertThat(Double.parseDouble(card("complaint_on_time_rate").get("data-value")))
        .isCloseTo(c.getDouble(1), within(1e-12));
    long backlog =
        wh.read(ComplaintDaily.SPEC)
            .where(col("day").equalTo(last))
            .agg(expr("SUM(backlog)"))
            .first()
            .getLong(0);
    assertThat(Double.parseDouble(card("complaint_backlog").get("data-value")))
        .isEqualTo((double) backlog);
  }

  @Test
  void topQaFindingsEqualTheScoredCalls() {
    // The sample recordings all fall on the first day: report the whole range so that there are
    // findings.
    var data =
        ReportJob.compute(
            wh,
            ZONE,
            Targets.load("bundled"),
            Optional.of(first),
            Optional.of(last),
            7,
            java.time.Instant.now());
    String html = HtmlReport.render(data, "test");
    List<Row> misses =
        wh.read(QaScores.SPEC)
            .where(col("day").between(first, last))
            .select(col("scorecard"), explode(col("points")).as("p"))
            .where(expr("NOT p.met"))
            .groupBy(col("scorecard"), col("p.id"))
            .count()
            .orderBy(col("count").desc(), col("id"))
            .collectAsList();
    assertThat(misses).as("missed scorecard points in the sample").isNotEmpty();
    List<Map<String, String>> findings = table(html, "qa-table");
    assertThat(findings).hasSize(Math.min(10, misses.size()));
    for (int i = 0; i < findings.size(); i++) {
      assertThat(Long.parseLong(findings.get(i).get("misses"))).isEqualTo(misses.get(i).getLong(2));
    }
    assertThat(findings.get(0).get("point_id")).isEqualTo(misses.get(0).getString(1));
  }

  /**
   * The report at the widths executives read it on, with {@code layout-check.js} appended: every
   * text box of every chart inside its chart and overlapping no other, and no sideways scrolling; a
   * screenshot per width is kept under {@code target/test-artifacts}.
   */
  @Test
  void noLabelIsCutOffOrOverlappedFrom800To1600PixelsWide() throws Exception {
    String check;
    try (var in = ReportJobIT.class.getResourceAsStream("layout-check.js")) {
      check = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String html = Files.readString(report);
    int end = html.lastIndexOf("</body>");
    Path checked = scratch.resolve("report/layout-check.html");
    Files.writeString(
        checked, html.substring(0, end) + "<script>" + check + "</script>" + html.substring(end));
    Path artifacts = Path.of(System.getProperty("callqa.artifacts.dir", "target/test-artifacts"));
    for (int width : new int[] {800, 1000, 1400, 1600}) {
      // The screenshot is of the checked copy: the check only reads the layout and marks <body>.
      String layoutDom =
          HeadlessChromium.dumpDom(
              checked, artifacts.resolve("kpi-report-" + width + ".png"), scratch, width);
      com.fasterxml.jackson.databind.JsonNode layout =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(
                  attributes(layoutDom, "<body[^>]*>")
                      .get("data-layout")
                      .replace("&quot;", "\"")
                      .replace("&amp;", "&"));
      assertThat(layout.path("width").asInt()).isEqualTo(width);
      assertThat(layout.path("texts").asInt())
          .as("SVG text boxes checked at " + width)
          .isGreaterThan(100);
      assertThat(layout.path("problems")).as("layout at " + width + " px").isEmpty();
    }
  }

  @Test
  void theIntradayViewIsServiceLevelByHalfHourAndSiteAgainstTheTarget() throws Exception {
    Matcher m =
        Pattern.compile(
                "<script id=\"report-data\" type=\"application/json\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).isTrue();
    com.fasterxml.jackson.databind.JsonNode intraday =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(1)).path("intraday");
    List<Row> expected =
        period(wh.read(KpiInterval.SPEC))
            .groupBy("interval_time", "site")
            .agg(
                expr("SUM(offered_agent)"),
                expr("SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned))"))
            .orderBy("interval_time", "site")
            .collectAsList();
    assertThat(expected).hasSizeGreaterThan(40);
    assertThat(intraday.path("rows")).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      var row = intraday.path("rows").get(i);
      assertThat(row.get(0).asText() + " " + row.get(1).asText())
          .isEqualTo(expected.get(i).getString(0) + " " + expected.get(i).getString(1));
      assertThat(row.get(2).asLong()).isEqualTo(expected.get(i).getLong(2));
      if (!expected.get(i).isNullAt(3)) {
        assertThat(row.get(3).asDouble()).isCloseTo(expected.get(i).getDouble(3), within(1e-12));
      }
    }
    // Near the top: right after the headline cards.
    assertThat(dom.indexOf("id=\"intraday\""))
        .isGreaterThan(dom.indexOf("id=\"headlines\""))
        .isLessThan(dom.indexOf("id=\"trends\""));
  }

  @Test
  void aPeriodWithoutDataShowsChartsThatSaySoInBothLanguages() throws Exception {
    var data =
        ReportJob.compute(
            wh,
            ZONE,
            Targets.load("bundled"),
            Optional.of(first.minusDays(20)),
            Optional.of(first.minusDays(14)),
            7,
            java.time.Instant.now());
    Path file = HtmlReport.write(data, scratch.resolve("empty-report"), "test");
    String emptyDom = HeadlessChromium.dumpDom(file, scratch);
    Map<String, String> body = attributes(emptyDom, "<body[^>]*>");
    assertThat(body.get("data-errors")).isEmpty();
    assertThat(body.get("data-charts")).isEqualTo("10");
    Matcher empty =
        Pattern.compile(
                "<div class=\"chart(?: wide)? empty\" id=\"chart-[a-z-]+\">"
                    + "<div class=\"chart-title\">[^<]+</div><div class=\"no-data\">No data in this period 本期无数据</div>")
            .matcher(emptyDom);
    int n = 0;
    while (empty.find()) {
      n++;
    }
    assertThat(n).as("charts saying there is no data").isEqualTo(10);
  }

  @Test
  void aChangeInVolumeIsNeitherGreenNorRed() {
    assertThat(dom).containsPattern("data-kpi=\"offered\"[^>]*>.*?<div class=\"delta flat\">");
    assertThat(dom)
        .containsPattern("data-kpi=\"complaints_resolved\"[^>]*>.*?<div class=\"delta flat\">");
  }

  @Test
  void theLabelsAreEnglishAndChinese() {
    assertThat(dom)
        .contains("Service level 服务水平", "Complaint deadlines", "投诉时效", "Top QA findings", "质检主要发现");
  }

  @Test
  void thePipelineStageWritesOnceAndLeavesAnUnchangedReportAlone() throws Exception {
    CallqaConfig c = CallqaConfig.load(null, Map.of());
    Path out = scratch.resolve("stage");
    Optional<ReportJob.Summary> firstRun =
        ReportJob.runIfChanged(wh, ReportSettings.of(c), out, line -> {});
    assertThat(firstRun).isPresent();
    long written = Files.getLastModifiedTime(firstRun.get().file().localPath()).toMillis();
    List<String> progress = new ArrayList<>();
    assertThat(ReportJob.runIfChanged(wh, ReportSettings.of(c), out, progress::add)).isEmpty();
    assertThat(progress).singleElement().asString().contains("inputs unchanged");
    assertThat(Files.getLastModifiedTime(firstRun.get().file().localPath()).toMillis())
        .isEqualTo(written);
    // Three days of data and report.days=7: the period covers all three (and the QA scores of the
    // first).
    assertThat(firstRun.get().from()).isEqualTo(first);
    assertThat(firstRun.get().to()).isEqualTo(last);
    String html = Files.readString(firstRun.get().file().localPath());
    assertThat(html).contains("fewer than the 7 asked, so the period covers all of them");
    assertThat(table(html, "qa-table")).isNotEmpty();
  }

  @Test
  void anEmptyWarehouseOrABackwardPeriodIsAClearError() {
    Warehouse empty = new Warehouse(spark, scratch.resolve("empty"));
    assertThatThrownBy(
            () ->
                ReportJob.compute(
                    empty,
                    ZONE,
                    Targets.load("bundled"),
                    Optional.empty(),
                    Optional.empty(),
                    7,
                    java.time.Instant.now()))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("has no kpi_daily table yet; run `callqa run");
    assertThatThrownBy(
            () ->
                ReportJob.compute(
                    wh,
                    ZONE,
                    Targets.load("bundled"),
                    Optional.of(last),
                    Optional.of(first),
                    7,
                    java.time.Instant.now()))
        .hasMessage("--from " + last + " is after --to " + first);
    // A report that failed leaves no cached table in the session either.
    assertThat(spark.sharedState().cacheManager().isEmpty()).isTrue();
  }
}
