package io.callqa.dashboards.queries;

import io.callqa.dashboards.ClasspathFolder;
import io.callqa.dashboards.metrics.Metric;
import io.callqa.dashboards.metrics.MetricCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named, parameterised queries that {@code callqa sql --query}, the notebooks and the
 * dashboards share ({@code dashboards/queries/*.sql}), so that a KPI is written once.
 *
 * <p>A query file starts with comment lines: {@code -- title: ...}, then one {@code -- param NAME
 * TYPE[ = DEFAULT]: meaning} per parameter (TYPE {@code date}, {@code string} or {@code int}; no
 * default: required; an empty default: SQL NULL, which the query reads as "all"). In the body,
 * {@code :name} is the parameter as a typed SQL literal, {@code {{dataset.metric}}} is a Superset
 * dataset metric's formula (the KPI re-aggregation, from the {@link MetricCatalogue}) followed by
 * {@code AS metric}, and {@code {{query NAME}}} is another parameterless query of the library, as a
 * subquery's text.
 *
 * <pre>
 * String sql = QueryLibrary.bundled().get("kpi_by_site").sql(Map.of("from", "2026-03-02", "to", "2026-03-04"));
 * </pre>
 */
public final class QueryLibrary {
  /** A parameter's type, which decides its SQL literal. */
  public enum Type {
    DATE,
    STRING,
    INT
  }

  /** One declared parameter; {@code defaultValue} null means required, empty means NULL. */
  public record Param(String name, Type type, String defaultValue, String description) {}

  /** One query: its name (the file name), title, parameters and body. */
  public record Query(
      String name, String title, List<Param> params, String body, QueryLibrary library) {
    /**
     * The SQL with the arguments bound.
     *
     * @throws QueryException for an unknown or missing parameter or a value of the wrong type
     */
    public String sql(Map<String, String> args) {
      Map<String, String> given = new LinkedHashMap<>(args);
      Map<String, String> literals = new LinkedHashMap<>();
      for (Param p : params) {
        String v = given.remove(p.name());
        if (v == null) {
          if (p.defaultValue() == null) {
            throw new QueryException(
                "query "
                    + name
                    + " needs --param "
                    + p.name()
                    + "="
                    + example(p.type())
                    + " ("
                    + p.description()
                    + ")");
          }
          v = p.defaultValue();
        }
        literals.put(p.name(), literal(p, v));
      }
      if (!given.isEmpty()) {
        throw new QueryException(
            "query "
                + name
                + " has no parameter "
                + String.join(", ", given.keySet())
                + "; its parameters: "
                + signature());
      }
      String sql = library.expand(body, name);
      Matcher m = PLACEHOLDER.matcher(sql);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String lit = literals.get(m.group(1));
        m.appendReplacement(out, Matcher.quoteReplacement(lit != null ? lit : m.group()));
      }
      m.appendTail(out);
      return out.toString().strip();
    }

    /** {@code from date, to date, site string = (all)} */
    public String signature() {
      List<String> s = new ArrayList<>();
      for (Param p : params) {
        s.add(
            p.name()
                + " "
                + p.type().name().toLowerCase()
                + (p.defaultValue() == null
                    ? ""
                    : p.defaultValue().isEmpty() ? " = (all)" : " = " + p.defaultValue()));
      }
      return s.isEmpty() ? "(none)" : String.join(", ", s);
    }

    private String literal(Param p, String v) {
      if (v.isEmpty()) {
        return "NULL";
      }
      switch (p.type()) {
        case DATE -> {
          try {
            return "DATE'" + LocalDate.parse(v) + "'";
          } catch (DateTimeParseException e) {
            throw new QueryException(
                "query " + name + ": " + p.name() + "=" + v + " is not a date (YYYY-MM-DD)");
          }
        }
        case INT -> {
          try {
            return Long.toString(Long.parseLong(v.strip()));
          } catch (NumberFormatException e) {
            throw new QueryException(
                "query " + name + ": " + p.name() + "=" + v + " is not a whole number");
          }
        }
        default -> {
          return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
      }
    }

    private static String example(Type t) {
      return switch (t) {
        case DATE -> "YYYY-MM-DD";
        case INT -> "N";
        case STRING -> "VALUE";
      };
    }
  }

  static final String RESOURCE_ROOT = "io/callqa/dashboards/queries";
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)\\b");
  private static final Pattern MACRO =
      Pattern.compile("\\{\\{\\s*(query\\s+)?([a-z_][a-z0-9_]*)(?:\\.([a-z_][a-z0-9_]*))?\\s*}}");
  private static final Pattern PARAM =
      Pattern.compile(
          "--\\s*param\\s+([a-z_][a-z0-9_]*)\\s+(date|string|int)\\s*(?:=\\s*([^:]*?))?\\s*:\\s*(.*)");

  private final Map<String, Query> queries = new TreeMap<>();

  private QueryLibrary() {}

  /**
   * The library shipped in the jar; {@code {{dataset.metric}}} from the {@link MetricCatalogue}.
   */
  public static QueryLibrary bundled() {
    return parse(ClasspathFolder.read(RESOURCE_ROOT, "README.md"));
  }

  /** Reads every {@code *.sql} file under {@code dir}. */
  public static QueryLibrary load(Path dir) {
    try {
      return parse(ClasspathFolder.readTree(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the query library under " + dir, e);
    }
  }

  private static QueryLibrary parse(Map<String, byte[]> files) {
    QueryLibrary lib = new QueryLibrary();
    files.forEach(
        (path, bytes) -> {
          if (path.endsWith(".sql") && !path.contains("/")) {
            String name = path.replaceFirst("\\.sql$", "");
            lib.queries.put(name, parse(name, new String(bytes, StandardCharsets.UTF_8), lib));
          }
        });
    return lib;
  }

  static Query parse(String name, String text, QueryLibrary lib) {
    String title = "";
    List<Param> params = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    boolean header = true;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      String t = line.strip();
      if (header && t.startsWith("--")) {
        Matcher p = PARAM.matcher(t);
        if (t.matches("--\\s*title:.*")) {
          title = t.replaceFirst("--\\s*title:\\s*", "");
        } else if (p.matches()) {
          params.add(
              new Param(
                  p.group(1),
                  Type.valueOf(p.group(2).toUpperCase()),
                  p.group(3) == null ? null : p.group(3).strip(),
                  p.group(4).strip()));
        } else if (t.matches("--\\s*param\\b.*")) {
          throw new QueryException(
              name
                  + ".sql line "
                  + lineNo
                  + ": a parameter is declared as"
                  + " `-- param NAME date|string|int [= DEFAULT]: meaning`, not `"
                  + t
                  + "`");
        }
        continue;
      }
      header = false;
      body.append(line).append('\n');
    }
    if (title.isEmpty()) {
      throw new QueryException(name + ".sql: the header needs a `-- title: ...` line");
    }
    return new Query(name, title, Collections.unmodifiableList(params), body.toString(), lib);
  }

  String expand(String sql, String from) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) != null) {
        Query q = get(m.group(2));
        if (!q.params().isEmpty()) {
          throw new QueryException(
              "query " + from + " includes query " + q.name() + ", which takes parameters");
        }
        replacement = q.sql(Map.of());
      } else if (m.group(3) != null) {
        Metric metric =
            MetricCatalogue.find(m.group(2), m.group(3))
                .orElseThrow(
                    () ->
                        new QueryException(
                            "query "
                                + from
                                + ": "
                                + m.group()
                                + " is not in the metric catalogue"));
        replacement = metric.sql() + " AS " + m.group(3);
      } else {
        throw new QueryException(
            "query "
                + from
                + ": "
                + m.group()
                + " is neither {{dataset.metric}} nor {{query NAME}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The query called {@code name}. */
  public Query get(String name) {
    Query q = queries.get(name);
    if (q == null) {
      throw new QueryException(
          "no query "
              + name
              + " in the library; the queries are "
              + String.join(", ", queries.keySet()));
    }
    return q;
  }

  /** Every query, by name. */
  public List<Query> all() {
    return List.copyOf(queries.values());
  }
}
