package io.callqa.jobs.notebooks;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callqa.dashboards.queries.QueryException;
import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs the SQL cells of Jupyter notebooks ({@code .ipynb}, nbformat 4) against a warehouse and
 * writes the results back as the cells' outputs, so a committed notebook shows real results and a
 * broken query fails the build.
 *
 * <p>A SQL cell is a code cell whose first line is {@code %%sql} (jupysql / ipython-sql, the way an
 * analyst runs it in Jupyter against the SQL endpoint). When its next line is {@code -- query: NAME
 * k=v ...}, the rest of the cell is rewritten from the {@link QueryLibrary} with those parameters
 * before it runs, so the notebook always shows the library's current SQL and never a second copy of
 * a KPI; otherwise the cell's SQL runs as written. Other cells (Markdown, Python set-up) are left
 * alone. Results are stored as an HTML table and plain text (at most {@link #MAX_ROWS} rows); an
 * error becomes the cell's error output.
 */
public final class NotebookRunner {
  /** Rows kept in a cell's output. */
  public static final int MAX_ROWS = 50;

  /** What running one notebook did. */
  public record Result(Path notebook, int sqlCells, List<String> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern QUERY_LINE =
      Pattern.compile("--\\s*query:\\s*([a-z_][a-z0-9_]*)((?:\\s+[a-z_][a-z0-9_]*=\\S*)*)\\s*");

  private final Warehouse warehouse;
  private final QueryLibrary library;

  public NotebookRunner(Warehouse warehouse, QueryLibrary library) {
    this.warehouse = warehouse;
    this.library = library;
  }

  /** Runs every SQL cell of {@code notebook} and rewrites the file with their SQL and outputs. */
  public Result run(Path notebook, Consumer<String> progress) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(notebook, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NotebookException(notebook + ": not a readable notebook (JSON): " + e.getMessage());
    }
    if (root.path("nbformat").asInt() != 4 || !root.path("cells").isArray()) {
      throw new NotebookException(notebook + ": not an nbformat 4 notebook (no \"cells\" array)");
    }
    // Each table read once per notebook: its files listed with Delta Kernel, no Spark job over its
    // log before the first scan (Warehouse.readListed).
    warehouse.registerListedViews(Tables.ALL);
    List<String> errors = new ArrayList<>();
    int sqlCells = 0;
    int count = 0;
    int index = 0;
    for (JsonNode c : root.get("cells")) {
      index++;
      ObjectNode cell = (ObjectNode) c;
      if (!"code".equals(cell.path("cell_type").asText())) {
        continue;
      }
      String source = source(cell);
      if (!source.startsWith("%%sql")) {
        continue;
      }
      sqlCells++;
      count++;
      String where = notebook.getFileName() + " cell " + index;
      ArrayNode outputs = JSON.createArrayNode();
      try {
        String sql = sql(source, where);
        cell.set("source", lines("%%sql\n" + sql));
        long t0 = System.nanoTime();
        Dataset<Row> ds = warehouse.spark().sql(stripQueryLine(sql));
        List<Row> rows = ds.limit(MAX_ROWS + 1).collectAsList();
        outputs.add(result(ds.columns(), rows, count));
        progress.accept(
            where
                + ": "
                + Math.min(rows.size(), MAX_ROWS)
                + (rows.size() > MAX_ROWS ? "+" : "")
                + " rows in "
                + (System.nanoTime() - t0) / 1_000_000
                + " ms");
      } catch (
          Exception e) { // Spark's AnalysisException is checked in Scala's eyes only: catch it too
        String message =
            e instanceof NotebookException || e instanceof QueryException
                ? e.getMessage()
                : e.getClass().getSimpleName()
                    + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        errors.add(where + ": " + message);
        ObjectNode err = outputs.addObject();
        err.put("output_type", "error")
            .put("ename", e.getClass().getSimpleName())
            .put("evalue", message);
        err.putArray("traceback").add(message);
        progress.accept(where + ": ERROR " + message);
      }
      cell.set("outputs", outputs);
      cell.put("execution_count", count);
    }
    write(notebook, root);
    return new Result(notebook, sqlCells, errors);
  }

  /** The SQL of a {@code %%sql} cell, from the library when its first SQL line names a query. */
  String sql(String source, String where) {
    String body = source.substring(source.indexOf('\n') + 1);
    String first = body.lines().findFirst().orElse("").strip();
    Matcher m = QUERY_LINE.matcher(first);
    if (!first.startsWith("-- query:")) {
      if (body.isBlank()) {
        throw new NotebookException(where + ": an empty %%sql cell");
      }
      return body.strip();
    }
    if (!m.matches()) {
      throw new NotebookException(
          where + ": `" + first + "` is not `-- query: NAME key=value ...`");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String kv : m.group(2).strip().split("\\s+")) {
      if (!kv.isEmpty()) {
        params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    return first + "\n" + library.get(m.group(1)).sql(params);
  }

  private static String stripQueryLine(String sql) {
    return sql.startsWith("-- query:") ? sql.substring(sql.indexOf('\n') + 1) : sql;
  }

  private static String source(JsonNode cell) {
    JsonNode s = cell.path("source");
    if (s.isArray()) {
      StringBuilder b = new StringBuilder();
      s.forEach(l -> b.append(l.asText()));
      return b.toString();
    }
    return s.asText();
  }

  private static ArrayNode lines(String text) {
    ArrayNode a = JSON.createArrayNode();
    String[] parts = text.split("(?<=\n)");
    for (String p : parts) {
      a.add(p);
    }
    return a;
  }

  private static ObjectNode result(String[] columns, List<Row> rows, int count) {
    StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
    StringBuilder text = new StringBuilder(String.join(" | ", columns)).append('\n');
    for (String c : columns) {
      html.append("<th>").append(esc(c)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    int shown = Math.min(rows.size(), MAX_ROWS);
    for (int r = 0; r < shown; r++) {
      Row row = rows.get(r);
      html.append("<tr>");
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        String v = row.isNullAt(i) ? "NULL" : cell(row.get(i));
        html.append("<td>").append(esc(v)).append("</td>");
        cells.add(v);
      }
      html.append("</tr>\n");
      text.append(String.join(" | ", cells)).append('\n');
    }
    html.append("</tbody>\n</table>\n");
    String note = rows.size() > MAX_ROWS ? "first " + MAX_ROWS + " rows shown" : shown + " rows";
    html.append("<p>").append(note).append("</p>\n");
    text.append('(').append(note).append(")\n");
    ObjectNode out = JSON.createObjectNode();
    out.put("output_type", "execute_result").put("execution_count", count);
    ObjectNode data = out.putObject("data");
    data.set("text/html", lines(html.toString()));
    data.set("text/plain", lines(text.toString()));
    out.putObject("metadata");
    return out;
  }

  private static String cell(Object v) {
    if (v instanceof Double d) {
      return cell(java.math.BigDecimal.valueOf(d));
    }
    if (v instanceof java.math.BigDecimal b) {
      java.math.BigDecimal r =
          b.setScale(Math.min(b.scale(), 4), java.math.RoundingMode.HALF_UP).stripTrailingZeros();
      return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }
    return v.toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Writes the notebook as Jupyter does (one-space indent, a final newline), atomically. */
  private static void write(Path notebook, JsonNode root) {
    try {
      DefaultPrettyPrinter pp =
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter(" ", "\n"));
      pp = pp.withArrayIndenter(new DefaultIndenter(" ", "\n"));
      String text =
          JSON.writer(pp)
                  .writeValueAsString(root)
                  .replace("\" : ", "\": ")
                  .replace("{ }", "{}")
                  .replace("[ ]", "[]")
              + "\n";
      Path tmp = notebook.resolveSibling(notebook.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp, notebook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + notebook, e);
    }
  }
}
