package io.callqa.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.dashboards.metrics.Metric;
import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalogue (dashboards module, no Spark) against the tables' schemas (warehouse module): every
 * count a ratio combines is a column of its table, and the ratios the jobs store are columns of
 * that name.
 */
class MetricCatalogueColumnsTest {
  @Test
  void everyCountARatioCombinesIsAColumnOfItsTable() {
    for (Metric m : MetricCatalogue.all()) {
      if (!m.isRatio()) {
        continue;
      }
      TableSpec t = Tables.byName(m.table()).orElseThrow(() -> new AssertionError(m.table()));
      Set<String> columns = Set.of(t.schema().fieldNames());
      List<String> counts = new ArrayList<>(m.numerator());
      counts.addAll(m.denominator());
      for (String c : counts) {
        assertThat(columns).as(m.table() + "." + m.name()).contains(c.replaceFirst("^-", ""));
      }
    }
  }

  @Test
  void theStoredRatiosAreTheCataloguesUnderTheirOwnNames() {
    for (Metric m :
        List.of(
            MetricCatalogue.SERVICE_LEVEL,
            MetricCatalogue.NPS,
            MetricCatalogue.IVR_CONTAINMENT,
            MetricCatalogue.ON_TIME_RATE,
            MetricCatalogue.REOPEN_RATE,
            MetricCatalogue.ESCALATION_RATE,
            MetricCatalogue.AVG_SCORE,
            MetricCatalogue.AGENT_AHT_S)) {
      assertThat(Tables.byName(m.table()).orElseThrow().schema().fieldNames())
          .as(m.table())
          .contains(m.name());
    }
  }
}
