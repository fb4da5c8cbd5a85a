package io.callqa.jobs.cli;

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
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        c[i] = r.isNullAt(i) ? "NULL" : text(r.get(i));
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
        "(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s")
            + (more ? "; more rows not shown, raise --max-rows or use --format csv" : "") + ")");
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
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
