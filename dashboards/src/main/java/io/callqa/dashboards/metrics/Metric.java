package io.callqa.dashboards.metrics;

import java.util.List;

/**
 * One metric of a gold table, as every reader computes it: the KPI job (a ratio over the counts it
 * has just summed), the Superset datasets and the query library (the same ratio over summed counts
 * of any grouping), the report and the DuckDB benchmark. A ratio's numerator and denominator are
 * sums and differences of count columns ({@code "-short_abandoned"} subtracts); an aggregate metric
 * is a SQL aggregate expression as written.
 *
 * <p>A ratio is null when its denominator is 0 (SPEC.md); {@code scale} multiplies the numerator
 * (NPS is in points, 100 x the share).
 */
public record Metric(
    String table,
    String name,
    String meaning,
    List<String> numerator,
    List<String> denominator,
    double scale,
    String aggregate) {

  public Metric {
    if ((aggregate == null) == numerator.isEmpty()) {
      throw new IllegalArgumentException(
          table + "." + name + ": a ratio or an aggregate, not both");
    }
  }

  static Metric ratio(
      String table, String name, String meaning, List<String> numerator, List<String> denominator) {
    return new Metric(table, name, meaning, numerator, denominator, 1.0, null);
  }

  static Metric aggregate(String table, String name, String meaning, String sql) {
    return new Metric(table, name, meaning, List.of(), List.of(), 1.0, sql);
  }

  /** The same ratio with its numerator multiplied by {@code factor}. */
  Metric scaled(double factor) {
    return new Metric(table, name, meaning, numerator, denominator, factor, aggregate);
  }

  /** The same metric under another table (a ratio two tables share). */
  Metric on(String otherTable) {
    return new Metric(otherTable, name, meaning, numerator, denominator, scale, aggregate);
  }

  public boolean isRatio() {
    return aggregate == null;
  }

  /**
   * Spark SQL aggregate expression over rows of {@link #table}, for any grouping: {@code
   * SUM(answered_within_sl) / NULLIF(SUM(offered_agent) - SUM(short_abandoned), 0)}. What
   * Superset's datasets, the query library and the report use.
   */
  public String sql() {
    if (!isRatio()) {
      return aggregate;
    }
    return ratioSql("SUM(%s)", "NULLIF");
  }

  /**
   * The ratio over count columns already summed, one row per group: {@code answered_within_sl /
   * nullif(offered_agent - short_abandoned, 0)} (the DuckDB benchmark's reference).
   */
  public String rowSql() {
    if (!isRatio()) {
      throw new IllegalStateException(table + "." + name + " is not a ratio of counts");
    }
    return ratioSql("%s", "nullif");
  }

  private String ratioSql(String term, String nullif) {
    String num = terms(numerator, term);
    if (numerator.size() > 1) {
      num = "(" + num + ")";
    }
    if (scale != 1.0) {
      num = scale + " * " + num;
    }
    return num + " / " + nullif + "(" + terms(denominator, term) + ", 0)";
  }

  private static String terms(List<String> terms, String format) {
    StringBuilder b = new StringBuilder();
    for (String t : terms) {
      boolean minus = t.startsWith("-");
      String column = String.format(format, minus ? t.substring(1) : t);
      if (b.length() > 0) {
        b.append(minus ? " - " : " + ");
      } else if (minus) {
        b.append("-");
      }
      b.append(column);
    }
    return b.toString();
  }
}
