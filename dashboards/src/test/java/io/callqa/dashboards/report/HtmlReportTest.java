package io.callqa.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.dashboards.superset.SupersetBundle;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private final Targets targets = Targets.load("bundled");

  private ReportData data(String site) {
    Table.Column siteCol = new Table.Column("site", "Site 站点", Format.TEXT);
    Table.Column sl = new Table.Column("service_level", "Service level 服务水平", Format.PERCENT);
    Table sites = new Table(List.of(siteCol, sl), List.of(List.of(site, 0.8125)));
    Table empty = new Table(List.of(siteCol), List.of());
    Table daily =
        new Table(
            List.of(new Table.Column("day", "Day", Format.TEXT), siteCol, sl),
            List.of(List.of("2026-03-04", site, 0.8125)));
    return new ReportData(
        LocalDate.of(2026, 3, 4),
        LocalDate.of(2026, 3, 4),
        LocalDate.of(2026, 3, 3),
        LocalDate.of(2026, 3, 3),
        "",
        Instant.parse("2026-03-05T01:00:00Z"),
        "Asia/Shanghai",
        List.of(
            Kpi.of(
                "service_level",
                "Service level 服务水平",
                0.8125,
                0.9,
                targets,
                Format.PERCENT,
                Kpi.Direction.HIGHER_IS_BETTER),
            Kpi.of(
                "asa_s",
                "ASA",
                12.0,
                20.0,
                targets,
                Format.SECONDS,
                Kpi.Direction.LOWER_IS_BETTER)),
        List.of(),
        daily,
        empty,
        sites,
        empty,
        empty,
        empty,
        empty,
        empty,
        empty);
  }

  @Test
  void figuresCarryTheirExactValueAndTheirTargetStatus() {
    String html = HtmlReport.render(data("SHANGHAI"), "inputs");
    assertThat(html)
        .contains(
            "<div class=\"card\" data-kpi=\"service_level\" data-value=\"0.8125\" data-previous=\"0.9\""
                + " data-target=\"0.9\" data-status=\"missed\">");
    assertThat(html)
        .contains("<div class=\"value\">81.3%</div>", "−8.8 pts vs previous 较上期 (90.0%)");
    // ASA fell from 20 s to 12 s: lower is better, so it improved and meets its 15 s target.
    assertThat(html)
        .contains(
            "data-kpi=\"asa_s\" data-value=\"12.0\" data-previous=\"20.0\" data-target=\"15.0\" data-status=\"met\"");
    assertThat(html).contains("<div class=\"delta better\">−8.0 s vs previous");
    assertThat(html)
        .contains("<td data-col=\"service_level\" data-value=\"0.8125\" class=\"num\">81.3%</td>");
  }

  @Test
  void aVolumeChangeIsNeitherGoodNorBadNews() {
    Kpi offered =
        Kpi.of(
            "offered",
            "Offered to agents 人工进线量",
            1038.0,
            1095.0,
            targets,
            Format.COUNT,
            Kpi.Direction.NEUTRAL);
    assertThat(offered.improved()).isNull();
    ReportData d = data("SHANGHAI");
    ReportData withOffered =
        new ReportData(
            d.from(),
            d.to(),
            d.previousFrom(),
            d.previousTo(),
            d.note(),
            d.generatedAt(),
            d.centreTimeZone(),
            List.of(offered),
            d.complaintHeadlines(),
            d.daily(),
            d.intraday(),
            d.sites(),
            d.worstHalfHours(),
            d.complaintDaily(),
            d.breaches(),
            d.dueSoon(),
            d.qaFindings(),
            d.categories());
    assertThat(HtmlReport.render(withOffered, "inputs"))
        .contains("<div class=\"delta flat\">−57 vs previous");
  }

  @Test
  void textFromTheWarehouseCannotBreakOutOfTheReport() {
    String html = HtmlReport.render(data("</script><script>alert(1)</script>"), "inputs");
    assertThat(html).doesNotContain("<script>alert(1)");
    assertThat(html).contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html)
        .contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"); // in the JSON data block
  }

  @Test
  void theFileOpensWithoutANetworkAndRemembersItsInputs(@TempDir Path dir) throws Exception {
    Path file = HtmlReport.write(data("WUHAN"), dir, "kpi_daily=7;days=7");
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html)
        .doesNotContainPattern("<script[^>]+src=")
        .doesNotContainPattern("<link[^>]+href=");
    assertThat(html).contains("echarts"); // the library itself, inlined
    assertThat(html.length()).isGreaterThan(1_000_000);
    assertThat(HtmlReport.inputsOf(file)).isEqualTo("kpi_daily=7;days=7");
    assertThat(HtmlReport.inputsOf(dir.resolve("missing.html"))).isEmpty();
  }

  @Test
  void formatsShowWhatExecutivesRead() {
    assertThat(Format.PERCENT.show(0.9)).isEqualTo("90.0%");
    assertThat(Format.SECONDS.show(1234.56)).isEqualTo("1,234.6 s");
    assertThat(Format.COUNT.show(1234567L)).isEqualTo("1,234,567");
    assertThat(Format.PERCENT.show(null)).isEqualTo("–");
    assertThat(Format.PERCENT.showChange(0.91, 0.9)).isEqualTo("+1.0 pts");
    assertThat(Format.COUNT.showChange(10, 10)).isEqualTo("±0");
  }

  @Test
  void targetsComeFromOneFileAndTheDashboardsDrawTheSameServiceLevelTarget() {
    double sl = targets.of("service_level").orElseThrow().value();
    assertThat(sl).isEqualTo(0.9);
    String drawn =
        SupersetBundle.bundled()
            .files()
            .get("charts/exec_sl_by_day_site.yaml")
            .path("params")
            .path("annotation_layers")
            .get(0)
            .path("value")
            .asText();
    assertThat(Double.parseDouble(drawn)).isEqualTo(sl);
    assertThat(targets.of("asa_s").orElseThrow().higherIsBetter()).isFalse();
  }

  @Test
  void theReportAndTheDashboardsUseTheSameBounds() {
    String having =
        SupersetBundle.bundled()
            .files()
            .get("charts/interval_worst.yaml")
            .path("params")
            .path("adhoc_filters")
            .findValuesAsText("sqlExpression")
            .get(0);
    assertThat(having).isEqualTo("SUM(offered_agent) >= " + HtmlReport.MIN_OFFERED_HALF_HOUR);
    String dueSoon =
        SupersetBundle.bundled()
            .files()
            .get("charts/complaints_due_soon.yaml")
            .path("params")
            .path("adhoc_filters")
            .findValuesAsText("sqlExpression")
            .get(0);
    assertThat(dueSoon).isEqualTo("days_to_deadline <= " + HtmlReport.DUE_SOON_DAYS);
  }

  @Test
  void aBrokenTargetsFileIsRefusedWithTheEntry() {
    assertThatThrownBy(
            () ->
                Targets.parse(
                    new ByteArrayInputStream(
                        "csat: {target: high}".getBytes(StandardCharsets.UTF_8)),
                    "t.yaml"))
        .hasMessage(
            "t.yaml: csat needs a numeric target and better: higher or lower, got {\"target\":\"high\"}");
  }
}
