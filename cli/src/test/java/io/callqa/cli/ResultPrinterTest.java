package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The table format shows a ratio as the dashboards and the demo summary do. */
class ResultPrinterTest {
  @Test
  void aColumnNamedLikeADashboardMetricTakesItsNumberFormat() {
    assertThat(ResultPrinter.metricFormats())
        .containsEntry("service_level", ".1%")
        .containsEntry("asa_s", ",.1f")
        .containsEntry("aht_s", ",.0f")
        .containsEntry("nps", ",.1f")
        .containsEntry("csat", ".1%");
    assertThat(ResultPrinter.d3(0.89937, ".1%")).isEqualTo("89.9%");
    assertThat(ResultPrinter.d3(4.88151, ",.1f")).isEqualTo("4.9");
    assertThat(ResultPrinter.d3(1321.599, ",.0f")).isEqualTo("1,322");
    assertThat(ResultPrinter.d3(new BigDecimal("8.52272727272727"), ",.1f")).isEqualTo("8.5");
    // Counts, text and numbers without a metric's format are left to the plain rules.
    assertThat(ResultPrinter.d3(1010L, ",d")).isNull();
    assertThat(ResultPrinter.d3(0.5, null)).isNull();
    assertThat(ResultPrinter.d3(Double.NaN, ".1%")).isEqualTo("NaN");
  }
}
