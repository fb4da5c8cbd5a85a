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
        out.println(String.join(",", List.of(cols).stream().map(ResultPrinter::csvCell).toList()));
        result
            .toLocalIterator()
            .forEachRemaining(
                r -> {
                  List<String> cells = new ArrayList<>();
                  for (int i = 0; i < cols.length; i++) {
                    cells.add(r.isNullAt(i) ? "" : csvCell(text(r.get(i))));
                  }
                  out.println(String.join(",", cells));
                });
      }
      case table -> table(result, cols, maxRows, out);
    }
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

  /**
   * A fractional number in a d3 format's way ({@code .1%}, {@code ,.1f}, {@code ,.0f}); null when
   * it has none.
   */
  static String d3(Object v, String format) {
    if (!(v instanceof Double || v instanceof java.math.BigDecimal || v instanceof Float)
        || format == null) {
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

  private static void table(Dataset<Row> result, String[] cols, int maxRows, PrintStream out) {
    List<Row> rows = result.limit(maxRows + 1).collectAsList();
    boolean more = rows.size() > maxRows;
    if (more) {
      rows = rows.subList(0, maxRows);
    }
    int[] width = new int[cols.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < cols.length; i++) {
      width[i] = cols[i].length();
    }
    java.util.Map<String, String> formats = metricFormats();
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        String shown = r.isNullAt(i) ? null : d3(r.get(i), formats.get(cols[i]));
        c[i] = r.isNullAt(i) ? "NULL" : shown != null ? shown : text(r.get(i));
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
