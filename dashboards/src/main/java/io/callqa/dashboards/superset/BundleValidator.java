package io.callqa.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link SupersetBundle} against Superset's v1 import format and against itself: the
 * required fields of each file type (superset/commands/importers/v1 schemas), UUIDs well-formed and
 * unique, every reference resolvable (dataset to database, chart to dataset, layout and native
 * filters to charts and datasets), every column and saved metric a chart or filter names present in
 * its dataset, and the layout a proper tree. Returns one message per problem, each naming the file;
 * an empty list means importable.
 */
public final class BundleValidator {
  /**
   * The fields each file must carry: the import schemas' required fields plus those the importer
   * steps index without a default ({@code import_database} does {@code
   * config.pop("allow_csv_upload")} and reads {@code config["extra"]}; {@code import_chart} reads
   * {@code config["params"]}; {@code import_dashboard} reads {@code config["position"]}): a
   * KeyError there fails the whole import.
   */
  static final Map<String, List<String>> REQUIRED =
      Map.of(
          "metadata.yaml", List.of("version", "type", "timestamp"),
          "databases",
              List.of(
                  "database_name",
                  "sqlalchemy_uri",
                  "uuid",
                  "version",
                  "allow_csv_upload",
                  "extra"),
          "datasets", List.of("table_name", "uuid", "version", "database_uuid"),
          "charts", List.of("slice_name", "viz_type", "uuid", "version", "dataset_uuid", "params"),
          "dashboards", List.of("dashboard_title", "uuid", "version", "position"));

  /**
   * The fields each file may carry: those that every Superset release's ImportV1 schema (1.x to
   * 4.x) knows. Superset's importer loads with marshmallow, which refuses a field it does not know,
   * and later releases added fields (certified_by, normalize_columns, advanced_data_type, ...) that
   * earlier ones refuse.
   */
  static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "metadata.yaml", Set.of("version", "type", "timestamp"),
          "databases",
              Set.of(
                  "database_name",
                  "sqlalchemy_uri",
                  "cache_timeout",
                  "expose_in_sqllab",
                  "allow_run_async",
                  "allow_ctas",
                  "allow_cvas",
                  "allow_csv_upload",
                  "extra",
                  "uuid",
                  "version",
                  "password"),
          "datasets",
              Set.of(
                  "table_name",
                  "main_dttm_col",
                  "description",
                  "default_endpoint",
                  "offset",
                  "cache_timeout",
                  "schema",
                  "sql",
                  "params",
                  "template_params",
                  "filter_select_enabled",
                  "fetch_values_predicate",
                  "extra",
                  "uuid",
                  "columns",
                  "metrics",
                  "version",
                  "database_uuid"),
          "charts",
              Set.of(
                  "slice_name",
                  "viz_type",
                  "params",
                  "query_context",
                  "cache_timeout",
                  "uuid",
                  "version",
                  "dataset_uuid"),
          "dashboards",
              Set.of(
                  "dashboard_title",
                  "description",
                  "css",
                  "slug",
                  "uuid",
                  "position",
                  "metadata",
                  "version"));

  static final Set<String> ALLOWED_COLUMN =
      Set.of(
          "column_name",
          "extra",
          "verbose_name",
          "is_dttm",
          "is_active",
          "type",
          "groupby",
          "filterable",
          "expression",
          "description",
          "python_date_format");
  static final Set<String> ALLOWED_METRIC =
      Set.of(
          "metric_name",
          "verbose_name",
          "metric_type",
          "expression",
          "description",
          "d3format",
          "extra",
          "warning_text");
  static final Set<String> ALLOWED_DATABASE_EXTRA =
      Set.of(
          "metadata_params",
          "engine_params",
          "metadata_cache_timeout",
          "cost_estimate_enabled",
          "allows_virtual_table_explore");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private BundleValidator() {}

  /** Every problem found, each as {@code path: what is wrong}. */
  public static List<String> validate(SupersetBundle bundle) {
    List<String> problems = new ArrayList<>();
    Map<String, String> uuidOwner = new HashMap<>();
    for (var e : bundle.files().entrySet()) {
      String path = e.getKey();
      JsonNode node = e.getValue();
      String kind = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
      List<String> required = REQUIRED.get(kind);
      if (required == null) {
        problems.add(
            path
                + ": not a file of the import format (metadata.yaml, databases/, datasets/, charts/, dashboards/)");
        continue;
      }
      for (String field : required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isValueNode() && value.asText().isBlank())) {
          problems.add(path + ": required field " + field + " is missing");
        }
      }
      unknown(path, "", node, ALLOWED.get(kind), problems);
      if (kind.equals("datasets")) {
        node.path("columns")
            .forEach(
                c ->
                    unknown(
                        path,
                        "column " + c.path("column_name").asText() + ": ",
                        c,
                        ALLOWED_COLUMN,
                        problems));
        node.path("metrics")
            .forEach(
                m ->
                    unknown(
                        path,
                        "metric " + m.path("metric_name").asText() + ": ",
                        m,
                        ALLOWED_METRIC,
                        problems));
      }
      if (kind.equals("databases")) {
        unknown(path, "extra: ", node.path("extra"), ALLOWED_DATABASE_EXTRA, problems);
      }
      if (node.has("uuid")) {
        String uuid = node.get("uuid").asText();
        if (!UUID.matcher(uuid).matches()) {
          problems.add(path + ": uuid " + uuid + " is not a UUID");
        }
        String other = uuidOwner.put(uuid, path);
        if (other != null) {
          problems.add(path + ": uuid " + uuid + " is also the uuid of " + other);
        }
      }
    }
    JsonNode meta = bundle.files().get("metadata.yaml");
    if (meta == null) {
      problems.add("metadata.yaml: missing; the importer needs it");
    } else {
      if (!"Dashboard".equals(meta.path("type").asText())) {
        problems.add(
            "metadata.yaml: type is "
                + meta.path("type").asText()
                + ", a dashboard import needs Dashboard");
      }
      if (!"1.0.0".equals(meta.path("version").asText())) {
        problems.add(
            "metadata.yaml: version is "
                + meta.path("version").asText()
                + ", the importer reads 1.0.0");
      }
      try {
        OffsetDateTime.parse(meta.path("timestamp").asText());
      } catch (DateTimeParseException ex) {
        problems.add(
            "metadata.yaml: timestamp "
                + meta.path("timestamp").asText()
                + " is not ISO-8601 with an offset");
      }
    }
    Map<String, String> databaseFolders = new HashMap<>();
    bundle
        .files("databases")
        .forEach(
            (path, db) -> {
              if (db.has("password")) {
                problems.add(
                    path
                        + ": holds a password; passwords are passed at import time, never kept in the file");
              }
              if (db.path("sqlalchemy_uri").asText().matches("^[a-z+]+://[^/@]*:[^/@]*@.*")) {
                problems.add(path + ": sqlalchemy_uri carries a password");
              }
              if (db.path("sqlalchemy_uri").asText().startsWith("hive")) {
                String auth =
                    db.path("extra")
                        .path("engine_params")
                        .path("connect_args")
                        .path("auth")
                        .asText();
                if (!auth.equals("CUSTOM") && !auth.equals("LDAP")) {
                  problems.add(
                      path
                          + ": extra.engine_params.connect_args.auth must be CUSTOM (or LDAP): PyHive sends"
                          + " a password only then, and the SQL endpoint signs every connection in");
                }
              }
              String file = path.substring("databases/".length(), path.length() - ".yaml".length());
              databaseFolders.put(db.path("uuid").asText(), file);
            });
    Map<String, JsonNode> datasetsByUuid = new HashMap<>();
    bundle
        .files("datasets")
        .forEach(
            (path, ds) -> {
              datasetsByUuid.put(ds.path("uuid").asText(), ds);
              checkDataset(path, ds, databaseFolders, problems);
            });
    Map<String, JsonNode> chartsByUuid = new HashMap<>();
    bundle
        .files("charts")
        .forEach(
            (path, chart) -> {
              chartsByUuid.put(chart.path("uuid").asText(), chart);
              checkChart(path, chart, datasetsByUuid, problems);
            });
    bundle
        .files("dashboards")
        .forEach(
            (path, dash) -> checkDashboard(path, dash, chartsByUuid, datasetsByUuid, problems));
    return problems;
  }

  private static void unknown(
      String path, String where, JsonNode node, Set<String> allowed, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                problems.add(
                    path
                        + ": "
                        + where
                        + "field "
                        + f
                        + " is not in the import format every Superset release reads");
              }
            });
  }

  private static void checkDataset(
      String path, JsonNode ds, Map<String, String> databaseFolders, List<String> problems) {
    String db = ds.path("database_uuid").asText();
    String folder = databaseFolders.get(db);
    if (folder == null) {
      problems.add(path + ": database_uuid " + db + " is not a database of the bundle");
    } else if (!path.startsWith("datasets/" + folder + "/")) {
      problems.add(
          path + ": a dataset of database " + folder + " belongs under datasets/" + folder + "/");
    }
    Set<String> columns = names(ds.path("columns"), "column_name", path, problems);
    names(ds.path("metrics"), "metric_name", path, problems);
    for (JsonNode m : ds.path("metrics")) {
      if (m.path("expression").asText().isBlank()) {
        problems.add(path + ": metric " + m.path("metric_name").asText() + " has no expression");
      }
    }
    if (ds.hasNonNull("main_dttm_col") && !columns.contains(ds.get("main_dttm_col").asText())) {
      problems.add(
          path
              + ": main_dttm_col "
              + ds.get("main_dttm_col").asText()
              + " is not one of its columns");
    }
  }

  private static Set<String> names(
      JsonNode list, String field, String path, List<String> problems) {
    Set<String> names = new HashSet<>();
    for (JsonNode item : list) {
      String name = item.path(field).asText();
      if (name.isBlank()) {
        problems.add(path + ": an entry lacks " + field);
      } else if (!names.add(name)) {
        problems.add(path + ": " + field + " " + name + " appears twice");
      }
    }
    return names;
  }

  static Set<String> columnNames(JsonNode ds) {
    Set<String> names = new HashSet<>();
    ds.path("columns").forEach(c -> names.add(c.path("column_name").asText()));
    return names;
  }

  static Set<String> metricNames(JsonNode ds) {
    Set<String> names = new HashSet<>();
    ds.path("metrics").forEach(m -> names.add(m.path("metric_name").asText()));
    return names;
  }

  private static void checkChart(
      String path, JsonNode chart, Map<String, JsonNode> datasets, List<String> problems) {
    JsonNode ds = datasets.get(chart.path("dataset_uuid").asText());
    if (ds == null) {
      problems.add(
          path
              + ": dataset_uuid "
              + chart.path("dataset_uuid").asText()
              + " is not a dataset of the bundle");
      return;
    }
    String dsName = ds.path("table_name").asText();
    JsonNode params = chart.path("params");
    if (!params.isObject()) {
      problems.add(path + ": params (the chart's form data) is missing");
      return;
    }
    if (!chart.path("viz_type").asText().equals(params.path("viz_type").asText())) {
      problems.add(
          path
              + ": params.viz_type "
              + params.path("viz_type").asText()
              + " differs from viz_type "
              + chart.path("viz_type").asText());
    }
    for (JsonNode layer : params.path("annotation_layers")) {
      if ("FORMULA".equals(layer.path("annotationType").asText())
          && !layer.path("value").isTextual()) {
        problems.add(
            path
                + ": annotation "
                + layer.path("name").asText()
                + "'s value must be a string (the chart"
                + " calls value.replace on it)");
      }
    }
    if (params.has("x_axis_sort_asc") && !params.hasNonNull("x_axis_sort")) {
      problems.add(path + ": x_axis_sort_asc without x_axis_sort sorts nothing");
    } else if (params.hasNonNull("x_axis_sort") && !params.path("groupby").isEmpty()) {
      problems.add(
          path + ": x_axis_sort with a groupby sorts nothing (Superset sorts only ungrouped bars)");
    }
    ChartQuery q;
    try {
      q = ChartQuery.of(path, chart);
    } catch (BundleException e) {
      problems.add(e.getMessage());
      return;
    }
    Set<String> columns = columnNames(ds);
    Set<String> metrics = metricNames(ds);
    for (String c : q.columns()) {
      if (!columns.contains(c)) {
        problems.add(path + ": column " + c + " is not a column of dataset " + dsName);
      }
    }
    for (String c : q.orderColumns()) {
      if (!columns.contains(c)) {
        problems.add(path + ": order_by_cols names " + c + ", not a column of dataset " + dsName);
      }
    }
    for (ChartQuery.Metric m : q.metrics()) {
      if (m.saved() && !metrics.contains(m.savedName())) {
        problems.add(path + ": metric " + m.savedName() + " is not a metric of dataset " + dsName);
      }
    }
    for (ChartQuery.Filter f : q.filters()) {
      if (f.subject() != null && !columns.contains(f.subject())) {
        problems.add(path + ": filter on " + f.subject() + ", not a column of dataset " + dsName);
      }
    }
    if (!q.raw() && q.metrics().isEmpty()) {
      problems.add(path + ": an aggregate chart without a metric");
    }
    if (q.raw() && q.columns().isEmpty()) {
      problems.add(path + ": a raw table without all_columns");
    }
  }

  private static void checkDashboard(
      String path,
      JsonNode dash,
      Map<String, JsonNode> charts,
      Map<String, JsonNode> datasets,
      List<String> problems) {
    JsonNode pos = dash.path("position");
    if (!pos.has("ROOT_ID") || !pos.has("GRID_ID")) {
      problems.add(path + ": position lacks ROOT_ID or GRID_ID");
      return;
    }
    Map<Integer, JsonNode> chartIds = new HashMap<>();
    Set<String> reached = new HashSet<>();
    walk(path, pos, "ROOT_ID", null, reached, problems);
    var it = pos.fields();
    while (it.hasNext()) {
      var e = it.next();
      String id = e.getKey();
      JsonNode item = e.getValue();
      if (!item.isObject()) {
        continue;
      }
      if (!reached.contains(id) && !id.equals("HEADER_ID")) {
        problems.add(path + ": layout item " + id + " is not reachable from ROOT_ID");
      }
      if ("CHART".equals(item.path("type").asText())) {
        JsonNode meta = item.path("meta");
        JsonNode chart = charts.get(meta.path("uuid").asText());
        if (chart == null) {
          problems.add(
              path
                  + ": layout item "
                  + id
                  + " shows chart "
                  + meta.path("uuid").asText()
                  + ", which is not in charts/");
          continue;
        }
        if (!meta.has("chartId") || !meta.get("chartId").canConvertToInt()) {
          problems.add(path + ": layout item " + id + " lacks a numeric chartId");
          continue;
        }
        if (chartIds.put(meta.get("chartId").asInt(), chart) != null) {
          problems.add(path + ": chartId " + meta.get("chartId").asInt() + " is used twice");
        }
        if (meta.path("width").asInt(0) < 1 || meta.path("width").asInt() > 12) {
          problems.add(
              path
                  + ": layout item "
                  + id
                  + " has width "
                  + meta.path("width")
                  + "; 1..12 fit the grid");
        }
      }
    }
    for (JsonNode f : dash.path("metadata").path("native_filter_configuration")) {
      checkFilter(path, f, chartIds, datasets, problems);
    }
  }

  private static void walk(
      String path,
      JsonNode pos,
      String id,
      String parent,
      Set<String> reached,
      List<String> problems) {
    if (!reached.add(id)) {
      problems.add(path + ": layout item " + id + " appears twice in the tree");
      return;
    }
    JsonNode item = pos.get(id);
    if (item == null) {
      problems.add(
          path + ": layout names " + id + " as a child of " + parent + ", but has no such item");
      return;
    }
    if (parent != null) {
      JsonNode parents = item.path("parents");
      if (parents.isEmpty() || !parent.equals(parents.get(parents.size() - 1).asText())) {
        problems.add(
            path + ": layout item " + id + " does not list " + parent + " as its last parent");
      }
    }
    for (JsonNode child : item.path("children")) {
      walk(path, pos, child.asText(), id, reached, problems);
    }
  }

  private static void checkFilter(
      String path,
      JsonNode f,
      Map<Integer, JsonNode> chartIds,
      Map<String, JsonNode> datasets,
      List<String> problems) {
    String name = f.path("name").asText(f.path("id").asText());
    String type = f.path("filterType").asText();
    String column = null;
    if ("filter_select".equals(type)) {
      JsonNode target = f.path("targets").path(0);
      column = target.path("column").path("name").asText();
      JsonNode ds = datasets.get(target.path("datasetUuid").asText());
      if (ds == null) {
        problems.add(
            path
                + ": native filter "
                + name
                + " targets dataset "
                + target.path("datasetUuid").asText()
                + ", which is not in the bundle");
      } else if (!columnNames(ds).contains(column)) {
        problems.add(
            path
                + ": native filter "
                + name
                + " targets column "
                + column
                + ", not a column of dataset "
                + ds.path("table_name").asText());
      }
    } else if (!"filter_time".equals(type)) {
      problems.add(
          path
              + ": native filter "
              + name
              + " has filterType "
              + type
              + "; expected filter_select or filter_time");
    }
    Set<Integer> inScope = new HashSet<>();
    for (JsonNode id : f.path("chartsInScope")) {
      inScope.add(id.asInt());
      JsonNode chart = chartIds.get(id.asInt());
      if (chart == null) {
        problems.add(
            path
                + ": native filter "
                + name
                + " scopes chartId "
                + id.asInt()
                + ", which the layout lacks");
        continue;
      }
      JsonNode ds = datasets.get(chart.path("dataset_uuid").asText());
      if (column != null && ds != null && !columnNames(ds).contains(column)) {
        problems.add(
            path
                + ": native filter "
                + name
                + " applies to chart "
                + chart.path("slice_name").asText()
                + ", whose dataset "
                + ds.path("table_name").asText()
                + " has no column "
                + column);
      }
      if (column == null && ds != null && !ds.hasNonNull("main_dttm_col")) {
        problems.add(
            path
                + ": date filter "
                + name
                + " applies to chart "
                + chart.path("slice_name").asText()
                + ", whose dataset has no main_dttm_col");
      }
    }
    for (JsonNode id : f.path("scope").path("excluded")) {
      if (inScope.contains(id.asInt())) {
        problems.add(
            path + ": native filter " + name + " both scopes and excludes chartId " + id.asInt());
      }
    }
  }
}
