package io.callqa.jobs.report;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.time.ZoneId;

/**
 * What the report stage reads of the configuration. Each value's type, default and range are its
 * {@link ConfigKey}'s.
 *
 * @param timeZone the centre's time zone (the report's days are local days)
 * @param days the period's length in days
 * @param targets the KPI targets: {@code bundled} or a YAML file
 */
public record ReportSettings(ZoneId timeZone, int days, String targets) {

  /** The report stage's view of {@code c}. */
  public static ReportSettings of(CallqaConfig c) {
    return new ReportSettings(
        c.get(ConfigKey.TIME_ZONE), c.get(ConfigKey.REPORT_DAYS), c.get(ConfigKey.REPORT_TARGETS));
  }
}
