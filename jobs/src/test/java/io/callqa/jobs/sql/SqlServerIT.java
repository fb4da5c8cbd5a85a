package io.callqa.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.dashboards.superset.BundleQueries;
import io.callqa.dashboards.superset.SupersetBundle;
import io.callqa.jobs.DemoWarehouse;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL endpoint against a warehouse the real pipeline built: a Hive JDBC client in a separate JVM logs
 * in, reads the gold tables, and runs every query the Superset dashboards will send.
 */
class SqlServerIT extends SparkTestBase {
  private static final String USER = "analyst";
  private static final String PASSWORD = "pw-" + System.nanoTime();
  private static final ObjectMapper JSON = new ObjectMapper();

  Path warehouse;
  SqlServer server;
  long startedAt;

  @BeforeAll
  void startServer() throws IOException {
    warehouse = DemoWarehouse.get(spark);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    startedAt = System.currentTimeMillis();
    server = SqlServer.start(spark, warehouse, "127.0.0.1", port, USER, PASSWORD, scratch.resolve("sql-server"));
    System.out.printf("SqlServerIT: endpoint started in %d ms on %s%n", server.startMillis(), server.jdbcUrl());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Runs the queries through the Hive JDBC driver in another JVM; one JSON result per query. */
  Map<String, JsonNode> probe(String user, String password, Map<String, String> queries) throws Exception {
    Path file = scratch.resolve("queries-" + System.nanoTime() + ".tsv");
    List<String> lines = new ArrayList<>();
    queries.forEach((what, sql) -> lines.add(what.replace('\t', ' ') + "\t" + sql.replaceAll("\\s+", " ")));
    Files.write(file, lines, StandardCharsets.UTF_8);
    String driver = System.getProperty("callqa.hive-jdbc.jar");
    assertThat(driver).as("callqa.hive-jdbc.jar (set by the build)").isNotNull();
    assertThat(Path.of(driver)).exists();
    String cp = driver + java.io.File.pathSeparator + Path.of(JdbcProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", cp,
        JdbcProbe.class.getName(), server.jdbcUrl(), user, password, file.toString())
        .redirectError(scratch.resolve("probe.err").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    Map<String, JsonNode> results = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        JsonNode n = JSON.readTree(line);
        results.put(n.path("what").asText(), n);
      }
    }
    assertThat(results).as("probe output; stderr in %s", scratch.resolve("probe.err")).containsKey("connect");
    return results;
  }

  @Test
  void aSeparateJdbcClientReadsTheGoldTablesByName() throws Exception {
    Map<String, JsonNode> r = probe(USER, PASSWORD, Map.of(
        "tables", "SHOW TABLES",
        "sl", "SELECT site, SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned)) AS sl,"
            + " SUM(offered_agent) AS offered FROM kpi_daily GROUP BY site ORDER BY site",
        "complaints", "SELECT status, count(*) AS n FROM complaints GROUP BY status ORDER BY status",
        "qa", "SELECT count(*) FROM qa_scores"));
    JsonNode connect = r.get("connect");
    assertThat(connect.path("ok").asBoolean()).as(connect.toString()).isTrue();
    System.out.printf("SqlServerIT: Hive JDBC client connected in %d ms%n", connect.path("ms").asLong());
    List<String> tables = new ArrayList<>();
    r.get("tables").path("rows").forEach(row -> tables.add(row.get(1).asText()));
    for (TableSpec t : Tables.ALL) {
      if (new Warehouse(spark, warehouse).exists(t)) {
        assertThat(tables).contains(t.name());
      }
    }
    assertThat(tables).contains("kpi_daily", "complaints", "qa_agent_daily", "transcripts");

    // The same figures as Spark computes in-process from the Delta table.
    Map<String, Double> expected = new HashMap<>();
    for (Row row : new Warehouse(spark, warehouse).read(KpiDaily.SPEC).groupBy("site")
        .agg(org.apache.spark.sql.functions.expr(
            "SUM(answered_within_sl) / (SUM(offered_agent) - SUM(short_abandoned))").as("sl")).collectAsList()) {
      expected.put(row.getString(0), row.getDouble(1));
    }
    JsonNode sl = r.get("sl");
    assertThat(sl.path("ok").asBoolean()).as(sl.toString()).isTrue();
    assertThat(sl.path("rows")).hasSize(3);
    for (JsonNode row : sl.path("rows")) {
      assertThat(row.get(1).asDouble()).isCloseTo(expected.get(row.get(0).asText()), within(1e-12));
      assertThat(row.get(2).asLong()).isPositive();
    }
    assertThat(r.get("complaints").path("rows").size()).isPositive();
    assertThat(r.get("qa").path("rows").get(0).get(0).asLong()).isPositive();
  }

  @Test
  void aPortInUseIsRefusedNotMistakenForReady() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> SqlServer.start(spark, warehouse, "127.0.0.1", other.getLocalPort(), USER, PASSWORD,
              scratch.resolve("second")))
          .isInstanceOf(SqlServerException.class)
          .hasMessageContaining("127.0.0.1:" + other.getLocalPort() + " is in use");
    }
  }

  @Test
  void theEndpointIsNeverOpen() throws Exception {
    Map<String, JsonNode> wrong = probe(USER, "not-" + PASSWORD, Map.of("q", "SELECT 1"));
    assertThat(wrong.get("connect").path("ok").asBoolean()).isFalse();
    assertThat(wrong.get("connect").path("error").asText()).contains("Error validating the login");
    Map<String, JsonNode> stranger = probe("mallory", PASSWORD, Map.of("q", "SELECT 1"));
    assertThat(stranger.get("connect").path("ok").asBoolean()).isFalse();
    assertThatThrownBy(() -> SqlServer.start(spark, warehouse, "127.0.0.1", 1, USER, "", scratch))
        .hasMessage("the SQL endpoint needs a password; it never runs open");
  }

  @Test
  void everyDatasetChartAndFilterOfTheDashboardsRunsOnTheRealWarehouse() throws Exception {
    List<BundleQueries.Check> checks = BundleQueries.of(SupersetBundle.bundled());
    Map<String, String> queries = new LinkedHashMap<>();
    checks.forEach(c -> queries.put(c.what(), c.sql()));
    Map<String, JsonNode> r = probe(USER, PASSWORD, queries);
    List<String> failed = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (BundleQueries.Check c : checks) {
      JsonNode res = r.get(c.what());
      if (res == null || !res.path("ok").asBoolean()) {
        failed.add(c.what() + ": " + (res == null ? "no result" : res.path("error").asText()) + "\n    " + c.sql());
      } else if (res.path("rows").isEmpty()) {
        empty.add(c.what());
      }
    }
    assertThat(failed).as("queries the warehouse refused").isEmpty();
    System.out.printf("SqlServerIT: %d dashboard queries ran; empty on the demo data: %s%n", checks.size(), empty);
    // On demo data every chart has something to show except the list of tickets due within 3 days.
    assertThat(empty).allSatisfy(w -> assertThat(w).contains("complaints_due_soon"));
  }

  @Test
  void datasetMetricsAtTheTablesGrainEqualTheRatiosTheJobsStored() throws Exception {
    SupersetBundle bundle = SupersetBundle.bundled();
    Map<String, String> queries = new LinkedHashMap<>();
    int compared = 0;
    for (var ds : bundle.files("datasets").values()) {
      if (ds.hasNonNull("sql")) {
        continue;
      }
      TableSpec t = Tables.byName(ds.path("table_name").asText()).orElseThrow();
      if (t.keyColumns().isEmpty()) {
        continue;
      }
      String key = String.join(", ", t.keyColumns());
      for (JsonNode m : ds.path("metrics")) {
        String name = m.path("metric_name").asText();
        if (!List.of(t.schema().fieldNames()).contains(name)) {
          continue;
        }
        compared++;
        queries.put(t.name() + "." + name,
            "SELECT count(*) FROM (SELECT " + key + ", " + m.path("expression").asText()
                + " AS metric, MAX(" + name + ") AS stored FROM " + t.name() + " GROUP BY " + key + ") g"
                + " WHERE NOT ((metric IS NULL AND stored IS NULL) OR abs(metric - stored) <= 1e-9 * greatest(1, abs(stored)))");
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(15);
    Map<String, JsonNode> r = probe(USER, PASSWORD, queries);
    queries.keySet().forEach(what -> {
      JsonNode res = r.get(what);
      assertThat(res.path("ok").asBoolean()).as(what + " " + res).isTrue();
      assertThat(res.path("rows").get(0).get(0).asLong()).as(what + ": rows where the metric differs from the column").isZero();
    });
  }

  @Test
  void theServerKeepsItsDerbyFilesInItsScratchFolder() {
    assertThat(scratch.resolve("sql-server").resolve("derby.log")).exists();
    Path cwdLog = Path.of("derby.log");
    assertThat(!Files.exists(cwdLog) || cwdLog.toFile().lastModified() < startedAt).as("derby.log in " + Path.of("").toAbsolutePath()).isTrue();
  }
}
