package io.callqa.dashboards.report;

/**
 * One headline figure of the report: its value for the period, the value for the previous period of
 * the same length (null when the warehouse has no data then) and its target (null when it has
 * none).
 *
 * @param key stable identifier, e.g. {@code service_level}; the HTML carries it as {@code data-kpi}
 * @param label bilingual label, e.g. {@code Service level 服务水平}
 * @param direction which way is an improvement (from the target when there is one); volumes are
 *     neutral
 */
public record Kpi(
    String key,
    String label,
    Double value,
    Double previous,
    Targets.Target target,
    Format format,
    Direction direction) {

  /** Which change of a KPI is good news. */
  public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    /**
     * A volume (calls offered, tickets resolved): more or less is neither good nor bad by itself.
     */
    NEUTRAL
  }

  /** A KPI whose direction comes from its target, or the given one when it has none. */
  public static Kpi of(
      String key,
      String label,
      Double value,
      Double previous,
      Targets targets,
      Format format,
      Direction withoutTarget) {
    Targets.Target t = targets.of(key).orElse(null);
    Direction d =
        t == null
            ? withoutTarget
            : t.higherIsBetter() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
    return new Kpi(key, label, value, previous, t, format, d);
  }

  /** Whether the value meets its target; null without a value or a target. */
  public Boolean meetsTarget() {
    if (value == null || target == null) {
      return null;
    }
    return target.higherIsBetter() ? value >= target.value() : value <= target.value();
  }

  /**
   * Whether the change from the previous period is an improvement; null when there is nothing to
   * compare or the KPI is a volume.
   */
  public Boolean improved() {
    if (value == null
        || previous == null
        || value.equals(previous)
        || direction == Direction.NEUTRAL) {
      return null;
    }
    return (direction == Direction.HIGHER_IS_BETTER) == (value > previous);
  }
}
