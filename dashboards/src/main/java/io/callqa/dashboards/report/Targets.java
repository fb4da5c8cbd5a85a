package io.callqa.dashboards.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The centre's KPI targets (bundled {@code report-targets.yaml}, or a file of the same shape): per
 * KPI key a target value and whether higher is better. The report compares against them; the
 * Superset service-level chart draws the same service-level target (a test holds the two together).
 */
public final class Targets {
  /** A target value and its direction. */
  public record Target(double value, boolean higherIsBetter) {}

  private final Map<String, Target> targets;

  private Targets(Map<String, Target> targets) {
    this.targets = Map.copyOf(targets);
  }

  /** {@code bundled} or a YAML file path. */
  public static Targets load(String spec) {
    if (spec == null || spec.isBlank() || spec.equals("bundled")) {
      try (InputStream in = Targets.class.getResourceAsStream("report-targets.yaml")) {
        return parse(in, "bundled report-targets.yaml");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled report-targets.yaml", e);
      }
    }
    Path p = Path.of(spec);
    try (InputStream in = Files.newInputStream(p)) {
      return parse(in, p.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the targets file " + p + ": " + e.getMessage(), e);
    }
  }

  static Targets parse(InputStream in, String source) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
    Map<String, Target> m = new LinkedHashMap<>();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          source + ": expected a mapping of KPI key to {target, better}");
    }
    var it = root.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode t = e.getValue().path("target");
      String better = e.getValue().path("better").asText();
      if (!t.isNumber() || !(better.equals("higher") || better.equals("lower"))) {
        throw new IllegalArgumentException(
            source
                + ": "
                + e.getKey()
                + " needs a numeric target and better: higher or lower, got "
                + e.getValue());
      }
      m.put(e.getKey(), new Target(t.asDouble(), better.equals("higher")));
    }
    return new Targets(m);
  }

  /** The target of a KPI, if the centre set one. */
  public Optional<Target> of(String kpi) {
    return Optional.ofNullable(targets.get(kpi));
  }
}
