package io.callqa.dashboards.report;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the report shows a number: as a percentage, seconds, a count, a one-decimal figure or text.
 */
public enum Format {
  /** A ratio 0..1 shown as {@code 89.4%}; differences in percentage points. */
  PERCENT,
  /** Seconds with one decimal, {@code 12.3 s}. */
  SECONDS,
  /** A whole number with thousands separators. */
  COUNT,
  /** One decimal, e.g. an NPS or a QA score. */
  DECIMAL,
  /** Shown as it is (names, days, times). */
  TEXT;

  /** The value as the report prints it; an en dash for null. */
  public String show(Object value) {
    if (value == null) {
      return "–";
    }
    if (this == TEXT || !(value instanceof Number n)) {
      return value.toString();
    }
    double v = n.doubleValue();
    return switch (this) {
      case PERCENT -> pattern("0.0").format(v * 100) + "%";
      case SECONDS -> pattern("#,##0.0").format(v) + " s";
      case COUNT -> pattern("#,##0").format(v);
      case DECIMAL -> pattern("#,##0.0").format(v);
      case TEXT -> value.toString();
    };
  }

  /**
   * The change from {@code previous} to {@code value}: percentage points for ratios, else plain
   * units.
   */
  public String showChange(double value, double previous) {
    double d = this == PERCENT ? (value - previous) * 100 : value - previous;
    String sign = d > 0 ? "+" : d < 0 ? "−" : "±";
    String magnitude =
        switch (this) {
          case PERCENT -> pattern("0.0").format(Math.abs(d)) + " pts";
          case SECONDS -> pattern("#,##0.0").format(Math.abs(d)) + " s";
          case COUNT -> pattern("#,##0").format(Math.abs(d));
          default -> pattern("#,##0.0").format(Math.abs(d));
        };
    return sign + magnitude;
  }

  private static DecimalFormat pattern(String p) {
    DecimalFormat f = new DecimalFormat(p, DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP); // 81.25% shows as 81.3%, as a reader rounds
    return f;
  }
}
