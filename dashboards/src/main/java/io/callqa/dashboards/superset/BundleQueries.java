package io.callqa.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a {@link SupersetBundle} into the SQL its datasets, charts and native filters will send to
 * the warehouse, in the shape Superset sends it (a virtual dataset's SQL as a subquery, a chart's
 * group-by columns, metrics, filters and sort), so that running the list against the real SQL
 * endpoint proves that no chart refers to a missing table, column or function. Dashboard time
 * filters (TEMPORAL_RANGE) are kept as a predicate on their column so the column is checked too.
 */
public final class BundleQueries {
  /** One statement and what it checks, e.g. {@code chart charts/exec_asa.yaml}. */
  public record Check(String what, String sql) {}

  private static final int LIMIT = 20;

  private BundleQueries() {}

  /**
   * Every check: per dataset (columns, metrics), per chart, per select filter (its values query).
   */
  public static List<Check> of(SupersetBundle bundle) {
    List<Check> checks = new ArrayList<>();
    bundle
        .files("datasets")
        .forEach(
            (path, ds) -> {
              StringJoiner cols = new StringJoiner(", ");
              ds.path("columns").forEach(c -> cols.add(column(c)));
              checks.add(
                  new Check(
                      "dataset " + path + " columns",
                      "SELECT " + cols + " FROM " + source(ds) + " LIMIT " + LIMIT));
              if (!ds.path("metrics").isEmpty()) {
                StringJoiner metrics = new StringJoiner(", ");
                ds.path("metrics")
                    .forEach(
                        m ->
                            metrics.add(
                                m.path("expression").asText()
                                    + " AS `"
                                    + m.path("metric_name").asText()
                                    + "`"));
                checks.add(
                    new Check(
                        "dataset " + path + " metrics",
                        "SELECT " + metrics + " FROM " + source(ds)));
              }
            });
    bundle
        .files("charts")
        .forEach(
            (path, chart) -> {
              JsonNode ds =
                  bundle
                      .byUuid(chart.path("dataset_uuid").asText())
                      .orElseThrow(
                          () -> new BundleException(path + ": its dataset is not in the bundle"));
              checks.add(
                  new Check(
                      "chart " + path + " (" + chart.path("slice_name").asText() + ")",
                      chartSql(ChartQuery.of(path, chart), ds)));
            });
    bundle
        .files("dashboards")
        .forEach(
            (path, dash) -> {
              for (JsonNode f : dash.path("metadata").path("native_filter_configuration")) {
                JsonNode target = f.path("targets").path(0);
                if (!target.has("datasetUuid")) {
                  continue;
                }
                JsonNode ds =
                    bundle
                        .byUuid(target.get("datasetUuid").asText())
                        .orElseThrow(
                            () ->
                                new BundleException(
                                    path
                                        + ": filter "
                                        + f.path("name").asText()
                                        + " has no dataset"));
                String col = "`" + target.path("column").path("name").asText() + "`";
                checks.add(
                    new Check(
                        "filter " + f.path("name").asText() + " of " + path,
                        "SELECT DISTINCT "
                            + col
                            + " FROM "
                            + source(ds)
                            + " ORDER BY "
                            + col
                            + " LIMIT 1000"));
              }
            });
    return checks;
  }

  /** The FROM item: the table, or the virtual dataset's SQL as a subquery. */
  static String source(JsonNode ds) {
    if (ds.hasNonNull("sql") && !ds.get("sql").asText().isBlank()) {
      return "(" + ds.get("sql").asText() + ") AS virtual_table";
    }
    String schema = ds.hasNonNull("schema") ? "`" + ds.get("schema").asText() + "`." : "";
    return schema + "`" + ds.path("table_name").asText() + "`";
  }

  private static String column(JsonNode c) {
    String expr = c.path("expression").asText();
    String name = "`" + c.path("column_name").asText() + "`";
    return expr.isBlank() ? name : expr + " AS " + name;
  }

  static String chartSql(ChartQuery q, JsonNode ds) {
    List<String> dims = new ArrayList<>();
    q.columns().forEach(c -> dims.add("`" + c + "`"));
    dims.addAll(q.columnExpressions());
    StringJoiner where = new StringJoiner(" AND ");
    StringJoiner having = new StringJoiner(" AND ");
    for (ChartQuery.Filter f : q.filters()) {
      String predicate = f.sql() != null ? "(" + f.sql() + ")" : predicate(f);
      (f.having() ? having : where).add(predicate);
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    if (q.raw()) {
      sql.append(String.join(", ", dims)).append(" FROM ").append(source(ds));
      if (where.length() > 0) {
        sql.append(" WHERE ").append(where);
      }
      if (!q.orderColumns().isEmpty()) {
        StringJoiner order = new StringJoiner(", ");
        q.orderColumns().forEach(c -> order.add("`" + c + "`"));
        sql.append(" ORDER BY ").append(order);
      }
      return sql.append(" LIMIT ").append(LIMIT).toString();
    }
    StringJoiner select = new StringJoiner(", ");
    dims.forEach(select::add);
    List<String> labels = new ArrayList<>();
    for (ChartQuery.Metric m : q.metrics()) {
      String expr = m.saved() ? savedMetric(ds, m.savedName()) : m.expression();
      labels.add("`" + m.label() + "`");
      select.add(expr + " AS `" + m.label() + "`");
    }
    sql.append(select).append(" FROM ").append(source(ds));
    if (where.length() > 0) {
      sql.append(" WHERE ").append(where);
    }
    if (!dims.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", dims));
    }
    if (having.length() > 0) {
      sql.append(" HAVING ").append(having);
    }
    // As Superset sorts: by the sort metric's label (the last metric when the chart names one).
    sql.append(" ORDER BY ").append(labels.get(labels.size() - 1)).append(" DESC");
    return sql.append(" LIMIT ").append(LIMIT).toString();
  }

  private static String savedMetric(JsonNode ds, String name) {
    for (JsonNode m : ds.path("metrics")) {
      if (name.equals(m.path("metric_name").asText())) {
        return m.path("expression").asText();
      }
    }
    throw new BundleException(
        "dataset " + ds.path("table_name").asText() + " has no metric " + name);
  }

  private static String predicate(ChartQuery.Filter f) {
    String col = "`" + f.subject() + "`";
    JsonNode v = f.comparator();
    return switch (f.operator()) {
      case "TEMPORAL_RANGE" -> "(" + col + " IS NULL OR " + col + " IS NOT NULL)";
      case "IS NULL", "IS NOT NULL" -> col + " " + f.operator();
      case "IN", "NOT IN" -> {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        v.forEach(x -> list.add(literal(x)));
        yield col + " " + f.operator() + " " + list;
      }
      case "==" -> col + " = " + literal(v);
      case "!=", ">", "<", ">=", "<=", "LIKE", "ILIKE" ->
          col + " " + f.operator().replace("ILIKE", "LIKE") + " " + literal(v);
      default ->
          throw new BundleException(
              "filter operator " + f.operator() + " on " + f.subject() + " is not handled");
    };
  }

  private static String literal(JsonNode v) {
    if (v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    return "'" + v.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
