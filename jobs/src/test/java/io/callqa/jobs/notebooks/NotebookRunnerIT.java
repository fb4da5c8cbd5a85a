package io.callqa.jobs.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.jobs.DemoWarehouse;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysts' notebooks run against a warehouse the pipeline built from sample data. */
class NotebookRunnerIT extends SparkTestBase {
  /** Failsafe runs in the jobs module folder; the notebooks sit at the repository's root. */
  private static final Path NOTEBOOKS = Path.of("..", "notebooks");

  private static final ObjectMapper JSON = new ObjectMapper();

  NotebookRunner runner;

  @BeforeAll
  void runner() {
    runner =
        new NotebookRunner(new Warehouse(spark, DemoWarehouse.get(spark)), QueryLibrary.bundled());
  }

  private static String source(JsonNode cell) {
    StringBuilder b = new StringBuilder();
    cell.path("source").forEach(l -> b.append(l.asText()));
    return b.toString();
  }

  @Test
  void everyCommittedNotebookRunsWithoutAnErrorAndItsSqlIsTheLibrarysCurrentText()
      throws Exception {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(NOTEBOOKS)) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(6);
    for (Path committed : notebooks) {
      Path copy = scratch.resolve(committed.getFileName());
      Files.copy(committed, copy);
      NotebookRunner.Result r = runner.run(copy, line -> {});
      assertThat(r.errors()).as(committed.toString()).isEmpty();
      assertThat(r.sqlCells()).as(committed.toString()).isPositive();
      JsonNode before = JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8));
      JsonNode after = JSON.readTree(Files.readString(copy, StandardCharsets.UTF_8));
      for (int i = 0; i < after.get("cells").size(); i++) {
        JsonNode cell = after.get("cells").get(i);
        if (!source(cell).startsWith("%%sql")) {
          continue;
        }
        assertThat(source(cell))
            .as(committed + " cell " + (i + 1) + " is stale: run ./callqa notebooks run")
            .isEqualTo(source(before.get("cells").get(i)));
        JsonNode out = cell.path("outputs").get(0);
        assertThat(out.path("output_type").asText()).isEqualTo("execute_result");
        assertThat(out.path("data").has("text/html")).isTrue();
        // The committed notebook carries results too.
        assertThat(before.get("cells").get(i).path("outputs"))
            .as(committed + " cell " + (i + 1) + " has no stored result")
            .isNotEmpty();
      }
    }
  }

  @Test
  void aFailingCellIsReportedWithItsNotebookAndCellAndTheOthersStillRun() throws Exception {
    Path nb = scratch.resolve("broken.ipynb");
    Files.writeString(
        nb,
        """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# t"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["%%sql\\n", "SELECT site, count(*) AS n FROM calls GROUP BY site ORDER BY site"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["%%sql\\n", "SELECT nope FROM calls"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["%%sql\\n", "-- query: kpi_by_site from=2026-03-02"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["print(1)"]}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """,
        StandardCharsets.UTF_8);
    NotebookRunner.Result r = runner.run(nb, line -> {});
    assertThat(r.sqlCells()).isEqualTo(3);
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(0)).startsWith("broken.ipynb cell 3: ").contains("nope");
    assertThat(r.errors().get(1))
        .isEqualTo(
            "broken.ipynb cell 4: query kpi_by_site needs --param to=YYYY-MM-DD (last local day)");
    JsonNode after = JSON.readTree(Files.readString(nb, StandardCharsets.UTF_8));
    List<String> types = new ArrayList<>();
    for (JsonNode c : after.get("cells")) {
      types.add(c.path("outputs").path(0).path("output_type").asText("-"));
    }
    assertThat(types).containsExactly("-", "execute_result", "error", "error", "-");
    assertThat(
            after
                .get("cells")
                .get(1)
                .path("outputs")
                .get(0)
                .path("data")
                .path("text/plain")
                .toString())
        .contains("CHENGDU")
        .contains("SHANGHAI")
        .contains("WUHAN");
  }
}
