package io.callqa.dashboards.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.dashboards.superset.SupersetBundle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryLibraryTest {
  private final QueryLibrary library = QueryLibrary.bundled();

  @Test
  void everyQueryHasATitleAndDeclaredParameters() {
    assertThat(library.all())
        .extracting(QueryLibrary.Query::name)
        .contains(
            "kpi_by_site",
            "service_level_drivers",
            "ivr_containment_vs_repeats",
            "csat_drivers",
            "complaint_root_causes",
            "agent_qa_vs_csat",
            "site_failover",
            "category_daily",
            "qa_point_misses");
    library.all().forEach(q -> assertThat(q.title()).as(q.name()).isNotBlank());
    assertThat(library.get("kpi_by_site").signature())
        .isEqualTo("from date, to date, queue string = (all), segment string = (all)");
  }

  @Test
  void parametersBecomeTypedLiteralsAndMetricsTheDashboardsFormula() {
    String sql =
        library
            .get("kpi_by_site")
            .sql(Map.of("from", "2026-03-02", "to", "2026-03-04", "queue", "O'BRIEN"));
    assertThat(sql)
        .contains("WHERE day BETWEEN DATE'2026-03-02' AND DATE'2026-03-04'")
        .contains("AND ('O\\'BRIEN' IS NULL OR queue = 'O\\'BRIEN')")
        .contains("AND (NULL IS NULL OR segment = NULL)")
        .contains(
            "SUM(answered_within_sl) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)"
                + " AS service_level");
    assertThat(
            library
                .get("service_level_drivers")
                .sql(Map.of("from", "2026-03-02", "to", "2026-03-02")))
        .endsWith("LIMIT 15");
    // A time literal is not a parameter.
    assertThat(library.get("complaint_deadlines").sql(Map.of())).contains("'yyyy-MM-dd HH:mm'");
  }

  @Test
  void theDashboardsVirtualDatasetsAreTheLibrarysQueries() {
    SupersetBundle bundle = SupersetBundle.bundled();
    assertThat(bundle.dataset("qa_point_misses").orElseThrow().path("sql").asText())
        .isEqualTo(library.get("qa_point_misses").sql(Map.of()))
        .contains("LATERAL VIEW explode(s.points)");
    assertThat(bundle.dataset("category_daily").orElseThrow().path("sql").asText())
        .isEqualTo(library.get("category_daily").sql(Map.of()));
  }

  @Test
  void badArgumentsSayWhatTheQueryTakes() {
    assertThatThrownBy(() -> library.get("kpi_by_site").sql(Map.of("from", "2026-03-02")))
        .hasMessage("query kpi_by_site needs --param to=YYYY-MM-DD (last local day)");
    assertThatThrownBy(
            () -> library.get("kpi_by_site").sql(Map.of("from", "2026-03-02", "to", "March")))
        .hasMessage("query kpi_by_site: to=March is not a date (YYYY-MM-DD)");
    assertThatThrownBy(
            () ->
                library
                    .get("kpi_by_site")
                    .sql(Map.of("from", "2026-03-02", "to", "2026-03-02", "centre", "x")))
        .hasMessage(
            "query kpi_by_site has no parameter centre; its parameters: from date, to date, queue string = (all),"
                + " segment string = (all)");
    assertThatThrownBy(
            () ->
                library
                    .get("service_level_drivers")
                    .sql(Map.of("from", "2026-03-02", "to", "2026-03-02", "top", "ten")))
        .hasMessage("query service_level_drivers: top=ten is not a whole number");
    assertThatThrownBy(() -> library.get("kpi_by_sight"))
        .hasMessageStartingWith("no query kpi_by_sight in the library;");
    assertThatThrownBy(
            () ->
                QueryLibrary.parse(
                    "x", "-- title: t\n-- param from datetime: when\nSELECT 1", library))
        .hasMessageContaining("x.sql line 2: a parameter is declared as");
  }
}
