package io.callqa.cli;

import io.callqa.warehouse.Csv;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a query result as an aligned text table, CSV or JSON lines. */
public final class ResultPrinter {
  /** Output formats of {@code callqa sql}. */
  public enum Format {
    table,
    csv,
    json
  }

  private ResultPrinter() {}

  /** Prints at most {@code maxRows} rows for the table format; csv and json print every row. */
  public static void print(Dataset<Row> result, Format format, int maxRows, PrintStream out) {
    String[] cols = result.columns();
    switch (format) {
      case json -> result.toJSON().toLocalIterator().forEachRemaining(out::println);
      case csv -> {
        header(cols, out);
        result.toLocalIterator().forEachRemaining(r -> csvLine(values(r), out));
      }
      case table -> {
        List<Object[]> rows = new ArrayList<>();
        for (Row r : result.limit(maxRows + 1).collectAsList()) {
          rows.add(values(r));
        }
        table(cols, rows, maxRows, out);
      }
    }
  }

  /**
   * Prints rows of plain Java values as Spark's rows hold them ({@link String}, boxed numbers,
   * {@link java.math.BigDecimal}, {@link Boolean}, {@link java.time.LocalDate}, {@link
   * java.time.Instant}; null for SQL NULL) exactly as {@link #print(Dataset, Format, int,
   * PrintStream)} prints the same result in a session of time zone {@code zone}: the same table,
   * the same CSV, and JSON lines as Spark's {@code toJSON} writes them.
   */
  public static void print(
      String[] cols,
      List<Object[]> rows,
      Format format,
      int maxRows,
      java.time.ZoneId zone,
      PrintStream out) {
    switch (format) {
      case json -> rows.forEach(r -> out.println(SparkJson.line(cols, r, zone)));
      case csv -> {
        header(cols, out);
        rows.forEach(r -> csvLine(r, out));
      }
      case table -> table(cols, rows, maxRows, out);
    }
  }

  private static Object[] values(Row r) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? null : r.get(i);
    }
    return v;
  }

  private static void header(String[] cols, PrintStream out) {
    out.println(String.join(",", List.of(cols).stream().map(ResultPrinter::csvCell).toList()));
  }

  private static void csvLine(Object[] r, PrintStream out) {
    List<String> cells = new ArrayList<>();
    for (Object v : r) {
      cells.add(v == null ? "" : csvCell(text(v)));
    }
    out.println(String.join(",", cells));
  }

  /**
   * How a person reads a column in the table format: a column named like a dashboards' metric is
   * shown with that metric's number format ({@code service_level} {@code .1%} as 89.9%, {@code
   * asa_s} {@code ,.1f} as 4.9), the same as Superset and the demo summary show it; csv and json
   * keep every digit.
   */
  private static final java.util.concurrent.atomic.AtomicReference<java.util.Map<String, String>>
      METRIC_FORMATS = new java.util.concurrent.atomic.AtomicReference<>();

  static java.util.Map<String, String> metricFormats() {
    java.util.Map<String, String> formats = METRIC_FORMATS.get();
    if (formats == null) {
      formats = new java.util.HashMap<>();
      for (var ds :
          io.callqa.dashboards.superset.SupersetBundle.bundled().files("datasets").values()) {
        for (var m : ds.path("metrics")) {
          formats.putIfAbsent(m.path("metric_name").asText(), m.path("d3format").asText(""));
        }
      }
      METRIC_FORMATS.set(formats);
    }
    return formats;
  }

  /** A value a metric's d3 format applies to. */
  private static boolean fraction(Object v) {
    return v instanceof Double || v instanceof java.math.BigDecimal || v instanceof Float;
  }

  /**
   * A fractional number in a d3 format's way ({@code .1%}, {@code ,.1f}, {@code ,.0f}); null when
   * it has none.
   */
  static String d3(Object v, String format) {
    if (!fraction(v) || format == null) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(,?)\\.(\\d)([%f])").matcher(format);
    if (!m.matches()) {
      return null;
    }
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    boolean percent = m.group(3).equals("%");
    String pattern = "%" + m.group(1) + "." + m.group(2) + "f";
    return String.format(java.util.Locale.ROOT, pattern, percent ? d * 100 : d)
        + (percent ? "%" : "");
  }

  private static void table(String[] cols, List<Object[]> rows, int maxRows, PrintStream out) {
    boolean more = rows.size() > maxRows;
    if (more) {
      rows = rows.subList(0, maxRows);
    }
    int[] width = new int[cols.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < cols.length; i++) {
      width[i] = cols[i].length();
    }
    // The metrics' formats come from the Superset bundle, parsed (0.25 s cold) only when a fraction
    // is shown.
    java.util.Map<String, String> formats = null;
    for (Object[] r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        boolean fraction = fraction(r[i]);
        if (fraction && formats == null) {
          formats = metricFormats();
        }
        String shown = fraction ? d3(r[i], formats.get(cols[i])) : null;
        c[i] = r[i] == null ? "NULL" : shown != null ? shown : text(r[i]);
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    out.println(line(cols, width));
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < cols.length; i++) {
      sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(sep);
    for (String[] c : cells) {
      out.println(line(c, width));
    }
    out.println(
        "("
            + rows.size()
            + " row"
            + (rows.size() == 1 ? "" : "s")
            + (more ? "; more rows not shown, raise --max-rows or use --format csv" : "")
            + ")");
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", cells[i]));
    }
    return sb.toString().stripTrailing();
  }

  private static String text(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.toString();
      }
      return java.math.BigDecimal.valueOf(d)
          .setScale(4, java.math.RoundingMode.HALF_UP)
          .stripTrailingZeros()
          .toPlainString();
    }
    if (v instanceof java.math.BigDecimal b && b.scale() > 4) {
      return b.setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      // Arrays print as [a, b], not as Scala's WrappedArray(a, b).
      List<String> items = new ArrayList<>();
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        items.add(text(it.next()));
      }
      return "[" + String.join(", ", items) + "]";
    }
    return String.valueOf(v);
  }

  private static String csvCell(String s) {
    return Csv.field(s);
  }
}
