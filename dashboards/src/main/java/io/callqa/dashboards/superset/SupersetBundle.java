package io.callqa.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callqa.dashboards.ClasspathFolder;
import io.callqa.dashboards.metrics.Metric;
import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.dashboards.queries.QueryLibrary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The Superset dashboards as code: a v1 import bundle (metadata, database, datasets, charts,
 * dashboards as YAML with fixed UUIDs) read from {@code dashboards/superset/} in the source tree or
 * from the jar.
 *
 * <p>Files are kept as parsed trees keyed by their path inside the bundle ({@code
 * datasets/callqa_warehouse/kpi_daily.yaml}); {@link BundleValidator} checks them against the
 * import format, {@link BundleQueries} turns every dataset and chart into SQL the warehouse must
 * answer, and {@link #writeZip} writes the archive that {@code POST /api/v1/dashboard/import/}
 * takes. The datasets' metric expressions come from the {@link
 * io.callqa.dashboards.metrics.MetricCatalogue}, which the HTML report and the KPI job read too, so
 * a dashboard and the report cannot disagree on how a ratio is summed.
 *
 * <pre>
 * SupersetBundle bundle = SupersetBundle.bundled();
 * try (OutputStream out = Files.newOutputStream(Path.of("callqa-dashboards.zip"))) {
 *   bundle.withDatabaseUri("hive://callqa@sql.example:10000/default").writeZip(out, Instant.now());
 * }
 * </pre>
 */
public final class SupersetBundle {
  /** The folder every entry of the ZIP sits under (Superset's importer strips it). */
  public static final String ZIP_ROOT = "callqa_dashboards";

  static final String RESOURCE_ROOT = "io/callqa/dashboards/superset";

  /**
   * Reads the bundle's files (Jackson: only what the source spells as a number or boolean is one).
   */
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, JsonNode> files;

  SupersetBundle(Map<String, JsonNode> files) {
    this.files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** The bundle shipped in this jar (or in {@code target/classes} when run from the build). */
  public static SupersetBundle bundled() {
    return parse(ClasspathFolder.read(RESOURCE_ROOT, "metadata.yaml"), RESOURCE_ROOT);
  }

  /** Reads every {@code .yaml} file under {@code root} (a bundle folder). */
  public static SupersetBundle load(Path root) {
    try {
      return parse(ClasspathFolder.readTree(root), root.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Superset bundle under " + root, e);
    }
  }

  private static SupersetBundle parse(Map<String, byte[]> raw, String where) {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : raw.entrySet()) {
      String rel = e.getKey();
      if (!rel.endsWith(".yaml")) {
        continue;
      }
      try {
        JsonNode node = YAML.readTree(e.getValue());
        if (node == null || !node.isObject()) {
          throw new BundleException(rel + ": not a YAML mapping");
        }
        files.put(rel, node);
      } catch (IOException ex) {
        throw new BundleException(rel + ": not valid YAML: " + ex.getMessage(), ex);
      }
    }
    if (files.isEmpty()) {
      throw new BundleException(
          "no .yaml files under " + where + "; is it a Superset bundle folder?");
    }
    return resolveQueries(new SupersetBundle(files));
  }

  private static final java.util.regex.Pattern QUERY_REF =
      java.util.regex.Pattern.compile("\\{\\{\\s*query\\s+([a-z_][a-z0-9_]*)\\s*}}");

  /**
   * A virtual dataset whose {@code sql} is {@code {{query NAME}}} takes that query's SQL from the
   * {@link QueryLibrary}, so the notebooks, {@code callqa sql --query} and the dashboards read the
   * same text; every dataset metric takes its expression from the {@link MetricCatalogue} (the YAML
   * names the metric and how it is shown, never its formula), so the KPI job, the report and the
   * dashboards cannot disagree on how a ratio is summed.
   */
  private static SupersetBundle resolveQueries(SupersetBundle raw) {
    Map<String, JsonNode> out = new LinkedHashMap<>(raw.files);
    QueryLibrary library = null;
    for (Map.Entry<String, JsonNode> e : raw.files("datasets").entrySet()) {
      ObjectNode ds = (ObjectNode) e.getValue().deepCopy();
      java.util.regex.Matcher m = QUERY_REF.matcher(ds.path("sql").asText(""));
      if (m.matches()) {
        if (library == null) {
          library = QueryLibrary.bundled();
        }
        ds.put("sql", library.get(m.group(1)).sql(Map.of()));
      }
      String table = ds.path("table_name").asText();
      if (ds.path("metrics") instanceof ArrayNode metrics) {
        for (JsonNode node : metrics) {
          ObjectNode metric = (ObjectNode) node;
          String name = metric.path("metric_name").asText();
          if (metric.hasNonNull("expression")) {
            throw new BundleException(
                e.getKey()
                    + ": metric "
                    + name
                    + " spells its expression; metrics are defined once, in MetricCatalogue");
          }
          Metric defined =
              MetricCatalogue.find(table, name)
                  .orElseThrow(
                      () ->
                          new BundleException(
                              e.getKey()
                                  + ": metric "
                                  + name
                                  + " of "
                                  + table
                                  + " is not in the metric catalogue (MetricCatalogue)"));
          metric.put("expression", defined.sql());
        }
      }
      out.put(e.getKey(), ds);
    }
    return new SupersetBundle(out);
  }

  /** Every file by its path in the bundle. */
  public Map<String, JsonNode> files() {
    return files;
  }

  /**
   * The files of one kind ({@code databases}, {@code datasets}, {@code charts}, {@code
   * dashboards}).
   */
  public Map<String, JsonNode> files(String kind) {
    Map<String, JsonNode> out = new TreeMap<>();
    files.forEach(
        (path, node) -> {
          if (path.startsWith(kind + "/")) {
            out.put(path, node);
          }
        });
    return out;
  }

  /** The dataset called {@code tableName}. */
  public Optional<JsonNode> dataset(String tableName) {
    return files("datasets").values().stream()
        .filter(d -> tableName.equals(d.path("table_name").asText()))
        .findFirst();
  }

  /** The item (dataset, chart, ...) with this UUID. */
  public Optional<JsonNode> byUuid(String uuid) {
    return files.values().stream().filter(n -> uuid.equals(n.path("uuid").asText())).findFirst();
  }

  /** The dashboards' titles, in file order. */
  public List<String> dashboardTitles() {
    List<String> titles = new ArrayList<>();
    files("dashboards").values().forEach(d -> titles.add(d.path("dashboard_title").asText()));
    return titles;
  }

  /** The bundle with every database connection pointing at {@code sqlalchemyUri}. */
  public SupersetBundle withDatabaseUri(String sqlalchemyUri) {
    if (sqlalchemyUri.matches("^[a-z+]+://[^/@]*:[^/@]*@.*")) {
      throw new BundleException(
          "the database URI must not carry a password ("
              + sqlalchemyUri.replaceAll(":[^:/@]*@", ":***@")
              + "); publish passes it at import time");
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>(files);
    files("databases")
        .forEach(
            (path, node) ->
                copy.put(
                    path, ((ObjectNode) node.deepCopy()).put("sqlalchemy_uri", sqlalchemyUri)));
    return new SupersetBundle(copy);
  }

  /**
   * The keys of the import's {@code passwords} map: each database file's path inside the ZIP
   * without the top folder, as Superset looks them up ({@code get_contents_from_bundle} strips the
   * root with {@code remove_root}, then {@code load_configs} asks {@code file_name in passwords});
   * a key with the top folder matches nothing and the password is silently dropped.
   */
  public List<String> databasePasswordKeys() {
    return List.copyOf(files("databases").keySet());
  }

  /** Writes the import ZIP, with {@code metadata.yaml}'s timestamp set to {@code now}. */
  public void writeZip(OutputStream out, Instant now) throws IOException {
    List<String> problems = BundleValidator.validate(this);
    if (!problems.isEmpty()) {
      throw new BundleException("the bundle is not valid:\n  " + String.join("\n  ", problems));
    }
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    for (Map.Entry<String, JsonNode> e : files.entrySet()) {
      JsonNode node = e.getValue();
      if (e.getKey().equals("metadata.yaml")) {
        node =
            ((ObjectNode) node.deepCopy())
                .put(
                    "timestamp",
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        now.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC)));
      }
      ZipEntry entry = new ZipEntry(ZIP_ROOT + "/" + e.getKey());
      entry.setTime(now.toEpochMilli());
      zip.putNextEntry(entry);
      zip.write(yaml(node).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    zip.finish();
  }

  /**
   * One file as YAML that Superset reads back with the same types: Superset loads with PyYAML's
   * {@code safe_load}, a YAML 1.1 loader, for which a plain {@code 2026-12-01T13:13:57Z} is a
   * datetime, {@code 0.9} a float and {@code yes} a boolean. SnakeYAML is the Java port of PyYAML
   * with the same implicit resolvers, so dumping with it quotes exactly the strings that a YAML 1.1
   * loader would otherwise turn into something else (Jackson's {@code MINIMIZE_QUOTES} did not: the
   * timestamp and the annotation's {@code '0.9'} lost their quotes).
   */
  static String yaml(JsonNode node) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setAllowUnicode(true);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    Object plain = JSON.convertValue(node, Object.class);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
        .dump(plain);
  }

  /** The ZIP as bytes (see {@link #writeZip}). */
  public byte[] zipBytes(Instant now) {
    var buffer = new java.io.ByteArrayOutputStream();
    try {
      writeZip(buffer, now);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
