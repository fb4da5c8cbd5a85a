package io.callqa.jobs.analyse;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.kpi.KpiSettings;

/**
 * What the analyse stage reads of the configuration. Each value's type, default and range are its
 * {@link ConfigKey}'s.
 *
 * @param categories the category rules: {@code bundled} or a YAML file
 * @param scorecards the QA scorecards: comma-separated {@code bundled} and/or YAML files
 * @param gapS seconds of shared silence that count as a gap
 * @param kpi the KPI definitions the per-agent QA table joins to (FCR window, CSAT top box)
 */
public record AnalyseSettings(String categories, String scorecards, double gapS, KpiSettings kpi) {

  /** The analyse stage's view of {@code c}. */
  public static AnalyseSettings of(CallqaConfig c) {
    return new AnalyseSettings(
        c.get(ConfigKey.ANALYTICS_CATEGORIES),
        c.get(ConfigKey.ANALYTICS_SCORECARDS),
        c.get(ConfigKey.ANALYTICS_GAP_S),
        KpiSettings.of(c));
  }
}
