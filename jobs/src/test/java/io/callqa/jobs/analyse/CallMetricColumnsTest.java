package io.callqa.jobs.analyse;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.nlp.analytics.CallMetrics;
import io.callqa.warehouse.tables.CallAnalytics;
import org.junit.jupiter.api.Test;

/**
 * The metric names live where each side can see them: the nlp module computes them (no Spark), the
 * warehouse module describes their columns (no nlp). This module sees both, so it keeps them equal.
 */
class CallMetricColumnsTest {
  @Test
  void theTablesMetricColumnsAreTheMetricsComputedInTheSameOrder() {
    assertThat(CallAnalytics.METRICS.keySet()).containsExactlyElementsOf(CallMetrics.NAMES);
    for (String name : CallMetrics.NAMES) {
      assertThat(CallAnalytics.SCHEMA.apply(name).dataType().typeName()).isEqualTo("double");
    }
  }
}
