package io.callqa.dashboards.superset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chart's form data ({@code params}) asks of its dataset: the columns it groups or lists,
 * the metrics (saved by name or ad hoc), the filters and the sort. Read the way Superset's query
 * builders read it ({@code x_axis}, {@code groupby}, {@code all_columns}, {@code metric(s)}, {@code
 * timeseries_limit_metric}, {@code adhoc_filters}, {@code order_by_cols}).
 */
record ChartQuery(
    String chart,
    boolean raw,
    List<String> columns,
    List<String> columnExpressions,
    List<Metric> metrics,
    List<Filter> filters,
    List<String> orderColumns) {

  /** A metric: the name of a dataset metric, or an ad hoc SQL expression (label, expression). */
  record Metric(String savedName, String label, String expression) {
    boolean saved() {
      return savedName != null;
    }
  }

  /**
   * One filter: on a column ({@code SIMPLE}) or free SQL; {@code having} when it applies after
   * grouping.
   */
  record Filter(String subject, String operator, JsonNode comparator, String sql, boolean having) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static ChartQuery of(String chartPath, JsonNode chart) {
    JsonNode p = chart.path("params");
    boolean raw = "raw".equals(p.path("query_mode").asText());
    List<String> columns = new ArrayList<>();
    List<String> expressions = new ArrayList<>();
    if (raw) {
      p.path("all_columns").forEach(c -> addColumn(c, columns, expressions));
    } else {
      addColumn(p.path("x_axis"), columns, expressions);
      JsonNode groupby = p.path("groupby");
      if (groupby.isArray()) {
        groupby.forEach(c -> addColumn(c, columns, expressions));
      } else {
        addColumn(groupby, columns, expressions);
      }
    }
    List<Metric> metrics = new ArrayList<>();
    if (!raw) {
      p.path("metrics").forEach(m -> metrics.add(metric(m)));
      if (p.has("metric")) {
        metrics.add(metric(p.get("metric")));
      }
      if (p.hasNonNull("timeseries_limit_metric")) {
        Metric m = metric(p.get("timeseries_limit_metric"));
        if (!metrics.contains(m)) {
          metrics.add(m);
        }
      }
    }
    List<Filter> filters = new ArrayList<>();
    for (JsonNode f : p.path("adhoc_filters")) {
      boolean having = "HAVING".equals(f.path("clause").asText());
      if ("SQL".equals(f.path("expressionType").asText())) {
        filters.add(new Filter(null, null, null, f.path("sqlExpression").asText(), having));
      } else {
        filters.add(
            new Filter(
                f.path("subject").asText(),
                f.path("operator").asText(),
                f.path("comparator"),
                null,
                having));
      }
    }
    List<String> order = new ArrayList<>();
    for (JsonNode o : p.path("order_by_cols")) {
      try {
        order.add(JSON.readTree(o.asText()).path(0).asText());
      } catch (JsonProcessingException e) {
        throw new BundleException(
            chartPath + ": order_by_cols entry " + o + " is not JSON [column, ascending]");
      }
    }
    return new ChartQuery(chartPath, raw, columns, expressions, metrics, filters, order);
  }

  private static void addColumn(JsonNode c, List<String> columns, List<String> expressions) {
    if (c.isTextual() && !c.asText().isEmpty()) {
      columns.add(c.asText());
    } else if (c.isObject() && c.has("sqlExpression")) {
      expressions.add(c.get("sqlExpression").asText());
    }
  }

  private static Metric metric(JsonNode m) {
    if (m.isTextual()) {
      return new Metric(m.asText(), m.asText(), null);
    }
    String label = m.path("label").asText("metric");
    if ("SQL".equals(m.path("expressionType").asText())) {
      return new Metric(null, label, m.path("sqlExpression").asText());
    }
    String column = m.path("column").path("column_name").asText();
    return new Metric(null, label, m.path("aggregate").asText("SUM") + "(`" + column + "`)");
  }
}
