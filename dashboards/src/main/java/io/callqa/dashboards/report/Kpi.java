package io.callqa.dashboards.report;

/**
 * One headline figure of the report: its value for the period, the value for the previous period of the
 * same length (null when the warehouse has no data then) and its target (null when it has none).
 *
 * @param key stable identifier, e.g. {@code service_level}; the HTML carries it as {@code data-kpi}
 * @param label bilingual label, e.g. {@code Service level 服务水平}
 * @param higherIsBetter the direction of improvement (from the target when there is one)
 */
public record Kpi(
    String key, String label, Double value, Double previous, Targets.Target target, Format format, boolean higherIsBetter) {

  /** A KPI whose direction comes from its target, or the given default when it has none. */
  public static Kpi of(String key, String label, Double value, Double previous, Targets targets, Format format,
      boolean higherIsBetterWithoutTarget) {
    Targets.Target t = targets.of(key).orElse(null);
    return new Kpi(key, label, value, previous, t, format, t != null ? t.higherIsBetter() : higherIsBetterWithoutTarget);
  }

  /** Whether the value meets its target; null without a value or a target. */
  public Boolean meetsTarget() {
    if (value == null || target == null) {
      return null;
    }
    return target.higherIsBetter() ? value >= target.value() : value <= target.value();
  }

  /** Whether the change from the previous period is an improvement; null when there is nothing to compare. */
  public Boolean improved() {
    if (value == null || previous == null || value.equals(previous)) {
      return null;
    }
    return higherIsBetter == (value > previous);
  }
}
