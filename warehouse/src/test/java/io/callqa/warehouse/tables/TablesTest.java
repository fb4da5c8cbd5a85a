package io.callqa.warehouse.tables;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.DataTypes;
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
    // Naming none and listing them: all of them.
    assertThat(Tables.namedIn("show tables")).isEqualTo(Tables.ALL);
    assertThat(Tables.namedIn("SHOW TABLES LIKE 'kpi*'")).isEqualTo(Tables.ALL);
    assertThat(Tables.namedIn("show\nviews")).isEqualTo(Tables.ALL);
    // Naming none otherwise: none (a statement with no table needs no Delta log read).
    assertThat(Tables.namedIn("select 1")).isEmpty();
    assertThat(Tables.namedIn("select current_date() as shown")).isEmpty();
    // Naming one and listing: the one (SHOW COLUMNS IN calls).
    assertThat(Tables.namedIn("SHOW COLUMNS IN calls"))
        .extracting(TableSpec::name)
        .containsExactly("calls");
  }

  /**
   * No table is partitioned by a timestamp: the sessions turn off Delta's per-commit re-check of
   * checksums in non-UTC time zones ({@code SparkSessions.NON_UTC_CHECKSUM_VERIFICATION}), which
   * guards timestamp partition values only.
   */
  @Test
  void noTableIsPartitionedByATimestamp() {
    for (TableSpec t : Tables.ALL) {
      for (String c : t.partitionColumns()) {
        assertThat(t.schema().apply(c).dataType())
            .as(t.name() + "." + c)
            .isIn(DataTypes.DateType, DataTypes.StringType);
      }
    }
  }
}
