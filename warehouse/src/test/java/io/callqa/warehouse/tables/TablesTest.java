package io.callqa.warehouse.tables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TablesTest {

  @Test
  void aStatementNamesItsTablesAsWholeWords() {
    assertThat(Tables.namedIn("select count(*) from calls"))
        .extracting(TableSpec::name)
        .containsExactly("calls");
    assertThat(
            Tables.namedIn(
                "SELECT c.site, avg(q.score) FROM Calls c JOIN qa_scores q USING (call_id)"
                    + " GROUP BY 1"))
        .extracting(TableSpec::name)
        .containsExactly("calls", "qa_scores");
    // call_analytics is not calls; kpi_daily_x is no table.
    assertThat(Tables.namedIn("select * from call_analytics"))
        .extracting(TableSpec::name)
        .containsExactly("call_analytics");
    // Naming none (SHOW TABLES, select 1): all of them.
    assertThat(Tables.namedIn("show tables")).isEqualTo(Tables.ALL);
  }
}
