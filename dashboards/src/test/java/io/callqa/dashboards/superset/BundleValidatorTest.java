package io.callqa.dashboards.superset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class BundleValidatorTest {
  private final SupersetBundle bundle = SupersetBundle.bundled();

  @Test
  void theShippedBundleIsComplete() {
    assertThat(BundleValidator.validate(bundle)).isEmpty();
    assertThat(bundle.dashboardTitles())
        .containsExactly("Complaints 投诉", "Executive overview 管理层总览", "Interval view 半小时视图", "Quality assurance 质检");
    assertThat(bundle.files("charts")).hasSizeGreaterThanOrEqualTo(25);
    assertThat(bundle.files("databases")).hasSize(1);
    // Every chart is on a dashboard.
    List<String> onDashboards = new ArrayList<>();
    bundle.files("dashboards").values().forEach(d -> d.path("position").forEach(item -> {
      if ("CHART".equals(item.path("type").asText())) {
        onDashboards.add(item.path("meta").path("uuid").asText());
      }
    }));
    bundle.files("charts").values().forEach(c -> assertThat(onDashboards).contains(c.path("uuid").asText()));
  }

  @Test
  void everyDashboardHasDateSiteAndQueueFiltersAndTheOverviewASegmentFilter() {
    bundle.files("dashboards").forEach((path, d) -> {
      List<String> names = new ArrayList<>();
      d.path("metadata").path("native_filter_configuration").forEach(f -> names.add(f.path("name").asText()));
      assertThat(names).as(path).contains("Date range 日期", "Site 站点");
      if (!path.contains("complaints")) {
        assertThat(names).as(path).contains("Queue 队列");
      }
    });
    JsonNode overview = bundle.files().get("dashboards/executive_overview.yaml");
    assertThat(overview.toString()).contains("Segment 客群");
  }

  @Test
  void aChartNamingAMissingColumnOrMetricIsReported() {
    List<String> problems = broken("charts/exec_asa_trend.yaml", c -> {
      ObjectNode params = (ObjectNode) c.get("params");
      ((ArrayNode) params.get("groupby")).removeAll().add("centre");
      ((ArrayNode) params.get("metrics")).removeAll().add("asa_seconds");
    });
    assertThat(problems).containsExactlyInAnyOrder(
        "charts/exec_asa_trend.yaml: column centre is not a column of dataset kpi_daily",
        "charts/exec_asa_trend.yaml: metric asa_seconds is not a metric of dataset kpi_daily");
  }

  @Test
  void aMissingRequiredFieldIsReported() {
    assertThat(broken("charts/exec_asa.yaml", c -> c.remove("slice_name")))
        .containsExactly("charts/exec_asa.yaml: required field slice_name is missing");
    assertThat(broken("datasets/callqa_warehouse/kpi_daily.yaml", d -> d.remove("database_uuid")))
        .contains("datasets/callqa_warehouse/kpi_daily.yaml: required field database_uuid is missing");
  }

  @Test
  void aLayoutShowingAChartThatIsNotInTheBundleIsReported() {
    Map<String, JsonNode> files = new LinkedHashMap<>(bundle.files());
    files.remove("charts/exec_nps.yaml");
    List<String> problems = BundleValidator.validate(new SupersetBundle(files));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("dashboards/executive_overview.yaml: layout item CHART-exec_nps shows chart")
        .endsWith("which is not in charts/"));
  }

  @Test
  void aNativeFilterOverAChartWhoseDatasetLacksTheColumnIsReported() {
    List<String> bad = broken("dashboards/executive_overview.yaml", d -> {
      for (JsonNode f : d.path("metadata").path("native_filter_configuration")) {
        if (f.path("name").asText().startsWith("Queue")) {
          ((ArrayNode) f.get("scope").get("excluded")).removeAll();
          ((ArrayNode) f.get("chartsInScope")).add(findChartId(d, "CHART-exec_ivr_containment_trend"));
        }
      }
    });
    assertThat(bad).containsExactly(
        "dashboards/executive_overview.yaml: native filter Queue 队列 applies to chart"
            + " IVR containment by day and site IVR 自助率, whose dataset ivr_daily has no column queue");
  }

  @Test
  void aFieldSomeSupersetReleasesDoNotKnowIsReported() {
    assertThat(broken("charts/exec_asa.yaml", c -> c.put("certified_by", "QA team")))
        .containsExactly("charts/exec_asa.yaml: field certified_by is not in the import format every Superset release reads");
    assertThat(broken("datasets/callqa_warehouse/kpi_daily.yaml", d -> ((ObjectNode) d.get("columns").get(0)).put("advanced_data_type", "x")))
        .containsExactly("datasets/callqa_warehouse/kpi_daily.yaml: column day: field advanced_data_type is not in the"
            + " import format every Superset release reads");
    assertThat(broken("databases/callqa_warehouse.yaml", d -> d.put("password", "secret")))
        .containsExactly("databases/callqa_warehouse.yaml: holds a password; passwords are passed at import time, never kept in the file");
  }

  @Test
  void duplicateUuidsAndPasswordsInTheDatabaseFileAreReported() {
    String npsUuid = bundle.files().get("charts/exec_nps.yaml").path("uuid").asText();
    assertThat(broken("charts/exec_asa.yaml", c -> c.put("uuid", npsUuid)))
        .anySatisfy(p -> assertThat(p).contains("is also the uuid of"));
    assertThat(broken("databases/callqa_warehouse.yaml", d -> d.put("sqlalchemy_uri", "hive://u:secret@h:10000/default")))
        .containsExactly("databases/callqa_warehouse.yaml: sqlalchemy_uri carries a password");
  }

  @Test
  void theZipHasOneTopFolderAFreshTimestampAndTheGivenDatabaseUri() throws IOException {
    Instant now = Instant.parse("2026-11-23T10:15:30Z");
    byte[] zip = bundle.withDatabaseUri("hive://callqa@sql.bank.example:10000/default").zipBytes(now);
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), SupersetBundle.YAML.readTree(in.readAllBytes()));
      }
    }
    assertThat(entries.keySet()).allSatisfy(n -> assertThat(n).startsWith("callqa_dashboards/"));
    assertThat(entries).hasSize(bundle.files().size());
    assertThat(entries.get("callqa_dashboards/metadata.yaml").path("timestamp").asText()).isEqualTo("2026-11-23T10:15:30Z");
    assertThat(entries.get("callqa_dashboards/databases/callqa_warehouse.yaml").path("sqlalchemy_uri").asText())
        .isEqualTo("hive://callqa@sql.bank.example:10000/default");
    assertThatThrownBy(() -> bundle.withDatabaseUri("hive://callqa:pw@h:10000/default"))
        .hasMessageContaining("must not carry a password");
  }

  @Test
  void anInvalidBundleIsNotWritten() {
    Map<String, JsonNode> files = new LinkedHashMap<>(bundle.files());
    files.remove("metadata.yaml");
    assertThatThrownBy(() -> new SupersetBundle(files).zipBytes(Instant.now()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("metadata.yaml: missing");
  }

  @Test
  void everyChartBecomesOneQueryOnItsDatasetWithItsMetricFormulas() {
    List<BundleQueries.Check> checks = BundleQueries.of(bundle);
    assertThat(checks.stream().filter(c -> c.what().startsWith("chart "))).hasSize(bundle.files("charts").size());
    BundleQueries.Check sl = checks.stream()
        .filter(c -> c.what().startsWith("chart charts/exec_sl_by_day_site.yaml")).findFirst().orElseThrow();
    assertThat(sl.sql()).isEqualTo(
        "SELECT `day`, `site`, SUM(answered_within_sl) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)"
            + " AS `service_level` FROM `default`.`kpi_daily` WHERE (`day` IS NULL OR `day` IS NOT NULL)"
            + " GROUP BY `day`, `site` ORDER BY `service_level` DESC LIMIT 20");
    BundleQueries.Check misses = checks.stream()
        .filter(c -> c.what().equals("dataset datasets/callqa_warehouse/qa_point_misses.yaml metrics")).findFirst().orElseThrow();
    assertThat(misses.sql()).contains("LATERAL VIEW explode(s.points)").contains(") AS virtual_table");
  }

  private static JsonNode findChartId(JsonNode dash, String layoutId) {
    return dash.path("position").path(layoutId).path("meta").path("chartId");
  }

  private List<String> broken(String path, Consumer<ObjectNode> change) {
    Map<String, JsonNode> files = new LinkedHashMap<>(bundle.files());
    ObjectNode copy = files.get(path).deepCopy();
    change.accept(copy);
    files.put(path, copy);
    return BundleValidator.validate(new SupersetBundle(files));
  }
}
