package io.callqa.dashboards.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of the report: typed columns and rows of raw values (numbers stay numbers so that the
 * HTML can carry them exactly in {@code data-value} and the charts can plot them).
 */
public record Table(List<Column> columns, List<List<Object>> rows) {
  /**
   * One column: a stable key (the warehouse column it comes from), a bilingual label and its
   * format.
   */
  public record Column(String key, String label, Format format) {}

  public Table {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row " + r + " has " + r.size() + " cells for " + columns.size() + " columns");
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }
}
