package io.callqa.dashboards.superset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class BundleValidatorTest {
  private final SupersetBundle bundle = SupersetBundle.bundled();

  @Test
  void theShippedBundleIsComplete() {
    assertThat(BundleValidator.validate(bundle)).isEmpty();
    assertThat(bundle.dashboardTitles())
        .containsExactly(
            "Complaints 投诉",
            "Executive overview 管理层总览",
            "Interval view 半小时视图",
            "Quality assurance 质检");
    assertThat(bundle.files("charts")).hasSizeGreaterThanOrEqualTo(25);
    assertThat(bundle.files("databases")).hasSize(1);
    // Every chart is on a dashboard.
    List<String> onDashboards = new ArrayList<>();
    bundle
        .files("dashboards")
        .values()
        .forEach(
            d ->
                d.path("position")
                    .forEach(
                        item -> {
                          if ("CHART".equals(item.path("type").asText())) {
                            onDashboards.add(item.path("meta").path("uuid").asText());
                          }
                        }));
    bundle
        .files("charts")
        .values()
        .forEach(c -> assertThat(onDashboards).contains(c.path("uuid").asText()));
  }

  @Test
  void everyDashboardHasDateSiteAndQueueFiltersAndTheOverviewASegmentFilter() {
    bundle
        .files("dashboards")
        .forEach(
            (path, d) -> {
              List<String> names = new ArrayList<>();
              d.path("metadata")
                  .path("native_filter_configuration")
                  .forEach(f -> names.add(f.path("name").asText()));
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
    List<String> problems =
        broken(
            "charts/exec_asa_trend.yaml",
            c -> {
              ObjectNode params = (ObjectNode) c.get("params");
              ((ArrayNode) params.get("groupby")).removeAll().add("centre");
              ((ArrayNode) params.get("metrics")).removeAll().add("asa_seconds");
            });
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "charts/exec_asa_trend.yaml: column centre is not a column of dataset kpi_daily",
            "charts/exec_asa_trend.yaml: metric asa_seconds is not a metric of dataset kpi_daily");
  }

  @Test
  void aMissingRequiredFieldIsReported() {
    assertThat(broken("charts/exec_asa.yaml", c -> c.remove("slice_name")))
        .containsExactly("charts/exec_asa.yaml: required field slice_name is missing");
    assertThat(broken("datasets/callqa_warehouse/kpi_daily.yaml", d -> d.remove("database_uuid")))
        .contains(
            "datasets/callqa_warehouse/kpi_daily.yaml: required field database_uuid is missing");
  }

  @Test
  void aLayoutShowingAChartThatIsNotInTheBundleIsReported() {
    Map<String, JsonNode> files = new LinkedHashMap<>(bundle.files());
    files.remove("charts/exec_nps.yaml");
    List<String> problems = BundleValidator.validate(new SupersetBundle(files));
    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "dashboards/executive_overview.yaml: layout item CHART-exec_nps shows chart")
                    .endsWith("which is not in charts/"));
  }

  @Test
  void aNativeFilterOverAChartWhoseDatasetLacksTheColumnIsReported() {
    List<String> bad =
        broken(
            "dashboards/executive_overview.yaml",
            d -> {
              for (JsonNode f : d.path("metadata").path("native_filter_configuration")) {
                if (f.path("name").asText().startsWith("Queue")) {
                  ((ArrayNode) f.get("scope").get("excluded")).removeAll();
                  ((ArrayNode) f.get("chartsInScope"))
                      .add(findChartId(d, "CHART-exec_ivr_containment_trend"));
                }
              }
            });
    assertThat(bad)
        .containsExactly(
            "dashboards/executive_overview.yaml: native filter Queue 队列 applies to chart"
                + " IVR containment by day and site IVR 自助率, whose dataset ivr_daily has no column queue");
  }

  @Test
  void aFieldSomeSupersetReleasesDoNotKnowIsReported() {
    assertThat(broken("charts/exec_asa.yaml", c -> c.put("certified_by", "QA team")))
        .containsExactly(
            "charts/exec_asa.yaml: field certified_by is not in the import format every Superset release reads");
    assertThat(
            broken(
                "datasets/callqa_warehouse/kpi_daily.yaml",
                d -> ((ObjectNode) d.get("columns").get(0)).put("advanced_data_type", "x")))
        .containsExactly(
            "datasets/callqa_warehouse/kpi_daily.yaml: column day: field advanced_data_type is not in the"
                + " import format every Superset release reads");
    assertThat(broken("databases/callqa_warehouse.yaml", d -> d.put("password", "secret")))
        .containsExactly(
            "databases/callqa_warehouse.yaml: holds a password; passwords are passed at import time, never kept in the file");
  }

  @Test
  void duplicateUuidsAndPasswordsInTheDatabaseFileAreReported() {
    String npsUuid = bundle.files().get("charts/exec_nps.yaml").path("uuid").asText();
    assertThat(broken("charts/exec_asa.yaml", c -> c.put("uuid", npsUuid)))
        .anySatisfy(p -> assertThat(p).contains("is also the uuid of"));
    assertThat(
            broken(
                "databases/callqa_warehouse.yaml",
                d -> d.put("sqlalchemy_uri", "hive://u:secret@h:10000/default")))
        .containsExactly("databases/callqa_warehouse.yaml: sqlalchemy_uri carries a password");
  }

  @Test
  void theZipHasOneTopFolderAFreshTimestampAndTheGivenDatabaseUri() throws IOException {
    Instant now = Instant.parse("2026-11-23T10:15:30Z");
    byte[] zip =
        bundle.withDatabaseUri("hive://callqa@sql.bank.example:10000/default").zipBytes(now);
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), SupersetBundle.YAML.readTree(in.readAllBytes()));
      }
    }
    assertThat(entries.keySet()).allSatisfy(n -> assertThat(n).startsWith("callqa_dashboards/"));
    assertThat(entries).hasSize(bundle.files().size());
    assertThat(entries.get("callqa_dashboards/metadata.yaml").path("timestamp").asText())
        .isEqualTo("2026-11-23T10:15:30Z");
    assertThat(
            entries
                .get("callqa_dashboards/databases/callqa_warehouse.yaml")
                .path("sqlalchemy_uri")
                .asText())
        .isEqualTo("hive://callqa@sql.bank.example:10000/default");
    assertThatThrownBy(() -> bundle.withDatabaseUri("hive://callqa:pw@h:10000/default"))
        .hasMessageContaining("must not carry a password");
  }

  /**
   * Superset reads every file with PyYAML's {@code safe_load}, a YAML 1.1 loader: a string that
   * looks like a date, a number or a boolean must be written quoted or it comes back as something
   * else. Each exported file is loaded with SnakeYAML (PyYAML's Java port, the same implicit types)
   * and every scalar's type compared with the source file's, loaded the same way.
   */
  @Test
  void everyScalarKeepsItsTypeUnderAYaml11Loader() throws IOException {
    Map<String, Object> exported = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(bundle.zipBytes(Instant.now())))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        exported.put(
            e.getName().substring(SupersetBundle.ZIP_ROOT.length() + 1), yaml11(in.readAllBytes()));
      }
    }
    Path source = Path.of("superset");
    List<String> differences = new ArrayList<>();
    int scalars = 0;
    for (String file : bundle.files().keySet()) {
      Object original = yaml11(Files.readAllBytes(source.resolve(file)));
      scalars += compareTypes(file, "", original, exported.get(file), differences);
    }
    assertThat(differences).isEmpty();
    assertThat(scalars).isGreaterThan(2_000);
    assertThat(((Map<?, ?>) exported.get("metadata.yaml")).get("timestamp"))
        .isInstanceOf(String.class);
    String annotation =
        bundle
            .files()
            .get("charts/exec_sl_by_day_site.yaml")
            .path("params")
            .path("annotation_layers")
            .path(0)
            .path("value")
            .asText();
    assertThat(annotation).isEqualTo("0.9");
    Map<?, ?> chart = (Map<?, ?>) exported.get("charts/exec_sl_by_day_site.yaml");
    Object layer = ((List<?>) ((Map<?, ?>) chart.get("params")).get("annotation_layers")).get(0);
    assertThat(((Map<?, ?>) layer).get("value")).isEqualTo("0.9");
  }

  private static Object yaml11(byte[] bytes) {
    return new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Walks both trees; returns the number of scalars compared. */
  private static int compareTypes(
      String file, String at, Object source, Object out, List<String> differences) {
    if (source instanceof Map<?, ?> a && out instanceof Map<?, ?> b) {
      int n = 0;
      for (var e : a.entrySet()) {
        n +=
            compareTypes(file, at + "." + e.getKey(), e.getValue(), b.get(e.getKey()), differences);
      }
      return n;
    }
    if (source instanceof List<?> a && out instanceof List<?> b && a.size() == b.size()) {
      int n = 0;
      for (int i = 0; i < a.size(); i++) {
        n += compareTypes(file, at + "[" + i + "]", a.get(i), b.get(i), differences);
      }
      return n;
    }
    String sourceType = source == null ? "null" : source.getClass().getSimpleName();
    String outType = out == null ? "null" : out.getClass().getSimpleName();
    if (!sourceType.equals(outType)) {
      differences.add(
          file
              + at
              + ": "
              + sourceType
              + " "
              + source
              + " in the source, "
              + outType
              + " "
              + out
              + " exported");
    }
    return 1;
  }

  @Test
  void whatTheImporterIndexesAndWhatPyHiveNeedsAreChecked() {
    assertThat(broken("databases/callqa_warehouse.yaml", d -> d.remove("allow_csv_upload")))
        .containsExactly(
            "databases/callqa_warehouse.yaml: required field allow_csv_upload is missing");
    assertThat(
            broken(
                "databases/callqa_warehouse.yaml",
                d -> ((ObjectNode) d.get("extra").get("engine_params")).remove("connect_args")))
        .containsExactly(
            "databases/callqa_warehouse.yaml: extra.engine_params.connect_args.auth must be CUSTOM (or LDAP):"
                + " PyHive sends a password only then, and the SQL endpoint signs every connection in");
    assertThat(broken("dashboards/qa.yaml", d -> d.remove("position")))
        .contains("dashboards/qa.yaml: required field position is missing");
    assertThat(
            broken(
                "charts/exec_sl_by_day_site.yaml",
                c ->
                    ((ObjectNode) c.get("params").get("annotation_layers").get(0))
                        .put("value", 0.9)))
        .containsExactly(
            "charts/exec_sl_by_day_site.yaml: annotation Target 90% 目标's value must be a string"
                + " (the chart calls value.replace on it)");
    assertThat(
            broken(
                "charts/qa_point_misses.yaml",
                c -> ((ObjectNode) c.get("params")).remove("x_axis_sort")))
        .containsExactly(
            "charts/qa_point_misses.yaml: x_axis_sort_asc without x_axis_sort sorts nothing");
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
    assertThat(checks.stream().filter(c -> c.what().startsWith("chart ")))
        .hasSize(bundle.files("charts").size());
    BundleQueries.Check sl =
        checks.stream()
            .filter(c -> c.what().startsWith("chart charts/exec_sl_by_day_site.yaml"))
            .findFirst()
            .orElseThrow();
    assertThat(sl.sql())
        .isEqualTo(
            "SELECT `day`, `site`, SUM(answered_within_sl) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)"
                + " AS `service_level` FROM `default`.`kpi_daily` WHERE (`day` IS NULL OR `day` IS NOT NULL)"
                + " GROUP BY `day`, `site` ORDER BY `service_level` DESC LIMIT 20");
    BundleQueries.Check misses =
        checks.stream()
            .filter(
                c ->
                    c.what()
                        .equals("dataset datasets/callqa_warehouse/qa_point_misses.yaml metrics"))
            .findFirst()
            .orElseThrow();
    assertThat(misses.sql())
        .contains("LATERAL VIEW explode(s.points)")
        .contains(") AS virtual_table");
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
