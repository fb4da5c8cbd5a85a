package io.callqa.jobs.kpi;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.time.ZoneId;

/**
 * What the KPI stage reads of the configuration, and nothing else: the centre's time zone and the
 * thresholds of SPEC.md's definitions (T, S, W, the CSAT top box, the interval length). Each
 * value's type, default and range are its {@link ConfigKey}'s.
 */
public record KpiSettings(
    ZoneId timeZone,
    int slThresholdS,
    int shortAbandonS,
    int fcrWindowDays,
    int csatTopBoxMin,
    int intervalMinutes) {

  /** The KPI stage's view of {@code c}. */
  public static KpiSettings of(CallqaConfig c) {
    return new KpiSettings(
        c.get(ConfigKey.TIME_ZONE),
        c.get(ConfigKey.SL_THRESHOLD_S),
        c.get(ConfigKey.SHORT_ABANDON_S),
        c.get(ConfigKey.FCR_WINDOW_DAYS),
        c.get(ConfigKey.CSAT_TOP_BOX_MIN),
        c.get(ConfigKey.INTERVAL_MINUTES));
  }
}
