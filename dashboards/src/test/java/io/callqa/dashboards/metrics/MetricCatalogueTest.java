package io.callqa.dashboards.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.callqa.dashboards.superset.BundleException;
import io.callqa.dashboards.superset.SupersetBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricCatalogueTest {
  @Test
  void ratiosReadAsTheDashboardsAndTheDuckDbReferenceAlwaysWroteThem() {
    assertThat(MetricCatalogue.SERVICE_LEVEL.sql())
        .isEqualTo(
            "SUM(answered_within_sl) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)");
    assertThat(MetricCatalogue.ABANDON_RATE.sql())
        .isEqualTo(
            "(SUM(abandoned) - SUM(short_abandoned)) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)");
    assertThat(MetricCatalogue.NPS.sql())
        .isEqualTo(
            "100.0 * (SUM(nps_promoters) - SUM(nps_detractors)) / NULLIF(SUM(nps_responses), 0)");
    assertThat(MetricCatalogue.NPS.rowSql())
        .isEqualTo("100.0 * (nps_promoters - nps_detractors) / nullif(nps_responses, 0)");
    assertThat(MetricCatalogue.get("kpi_interval", "asa_s").sql())
        .isEqualTo("SUM(wait_s_sum) / NULLIF(SUM(answered), 0)");
    assertThat(MetricCatalogue.get("qa_agent_daily", "aht_s").sql())
        .isEqualTo("SUM(handle_s_sum) / NULLIF(SUM(calls_handled), 0)");
  }

  @Test
  void eachTableNamesEachMetricOnce() {
    Set<String> seen = new HashSet<>();
    for (Metric m : MetricCatalogue.all()) {
      assertThat(seen.add(m.table() + "." + m.name())).as(m.table() + "." + m.name()).isTrue();
      assertThat(m.meaning()).as(m.name()).isNotBlank();
    }
    assertThatThrownBy(() -> MetricCatalogue.get("kpi_daily", "nope"))
        .hasMessageContaining("no metric nope of table kpi_daily");
  }

  @Test
  void everyDashboardMetricTakesItsExpressionFromTheCatalogue() {
    int metrics = 0;
    for (JsonNode ds : SupersetBundle.bundled().files("datasets").values()) {
      String table = ds.path("table_name").asText();
      for (JsonNode m : ds.path("metrics")) {
        assertThat(m.path("expression").asText())
            .as(table + "." + m.path("metric_name").asText())
            .isEqualTo(MetricCatalogue.get(table, m.path("metric_name").asText()).sql());
        metrics++;
      }
    }
    assertThat(metrics).isGreaterThan(30);
  }

  @Test
  void aDatasetThatSpellsAFormulaOrNamesAnUnknownMetricIsRefused(@TempDir Path dir)
      throws IOException {
    Path source = Path.of("superset");
    copy(source, dir.resolve("a"));
    Path kpi = dir.resolve("a/datasets/callqa_warehouse/kpi_daily.yaml");
    Files.writeString(
        kpi,
        Files.readString(kpi)
            .replace(
                "- metric_name: service_level\n",
                "- metric_name: service_level\n  expression: SUM(answered) / SUM(offered_agent)\n"));
    assertThatThrownBy(() -> SupersetBundle.load(dir.resolve("a")))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("metric service_level spells its expression");

    copy(source, dir.resolve("b"));
    Path ivr = dir.resolve("b/datasets/callqa_warehouse/ivr_daily.yaml");
    Files.writeString(
        ivr,
        Files.readString(ivr).replace("metric_name: ivr_containment", "metric_name: ivr_share"));
    assertThatThrownBy(() -> SupersetBundle.load(dir.resolve("b")))
        .hasMessageContaining("metric ivr_share of ivr_daily is not in the metric catalogue");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
