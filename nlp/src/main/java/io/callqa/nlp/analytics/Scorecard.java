package io.callqa.nlp.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A QA scorecard from YAML: weighted criteria, each a category that must occur ({@code require}),
 * must not occur ({@code forbid}), or a metric of {@link CallMetrics#asMap()} within {@code
 * min}/{@code max}. A criterion marked {@code auto_fail} that is not met sets the score to 0
 * whatever else was met. A metric that does not apply (a chat has no silence) leaves its criterion
 * out of the maximum.
 *
 * <pre>
 * name: card-hotline
 * version: "2026.11-1"
 * pass_mark: 70
 * criteria:
 *   - {id: verify, label: Verifies identity, weight: 20, require: identity_verification}
 *   - {id: silence, label: Silence under 20%, weight: 15, metric: silence_share, max: 0.20}
 *   - {id: card_read_back, label: No card number read back, weight: 10, forbid: card_number_read_back, auto_fail: true}
 * </pre>
 *
 * Score = points of met criteria / points of applicable criteria x 100, with the reason of every
 * point.
 */
public final class Scorecard {

  /** One criterion's outcome. {@code met} is null when it did not apply. */
  public record Point(
      String id,
      String label,
      Boolean met,
      double points,
      double maxPoints,
      boolean autoFail,
      String reason) {}

  /** A call's score on this scorecard. */
  public record Score(
      String scorecard,
      String version,
      double score,
      boolean passed,
      boolean autoFailed,
      List<Point> points) {}

  private record Criterion(
      String id,
      String label,
      double weight,
      String require,
      String forbid,
      String metric,
      Double min,
      Double max,
      boolean autoFail) {}

  private final String name;
  private final String version;
  private final double passMark;
  private final List<Criterion> criteria;
  private final String yaml;

  private Scorecard(
      String name, String version, double passMark, List<Criterion> criteria, String yaml) {
    this.name = name;
    this.version = version;
    this.passMark = passMark;
    this.criteria = criteria;
    this.yaml = yaml;
  }

  /** The YAML it was read from. */
  public String yaml() {
    return yaml;
  }

  /** First 12 hex digits of the SHA-256 of its YAML: changes whenever the scorecard does. */
  public String checksum() {
    return CategoryRules.sha(yaml);
  }

  public double passMark() {
    return passMark;
  }

  /** Whether a score (automatic or manual) passes: at or above the pass mark. */
  public boolean passes(double score) {
    return score >= passMark;
  }

  /** The bundled card-hotline scorecard. */
  public static Scorecard bundled() {
    try (InputStream in = Scorecard.class.getResourceAsStream("card-hotline-scorecard.yaml")) {
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "bundled card-hotline-scorecard.yaml",
          null);
    } catch (IOException e) {
      throw new IllegalStateException("bundled scorecard is unreadable", e);
    }
  }

  /**
   * Comma-separated {@code bundled} and/or YAML paths; categories are checked against {@code
   * rules}.
   */
  public static List<Scorecard> load(String where, CategoryRules rules) {
    List<Scorecard> out = new ArrayList<>();
    for (String part : (where == null || where.isBlank() ? "bundled" : where).split(",")) {
      String w = part.strip();
      Scorecard s;
      if ("bundled".equals(w)) {
        s = bundled();
      } else {
        try {
          s = parse(Files.readString(Path.of(w), StandardCharsets.UTF_8), w, null);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "cannot read scorecard " + w + ": " + e.getMessage(), e);
        }
      }
      if (rules != null) {
        s.check(rules);
      }
      out.add(s);
    }
    return out;
  }

  public static Scorecard parse(String yaml, String source, CategoryRules rules) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null
        || !root.hasNonNull("name")
        || !root.hasNonNull("version")
        || !root.path("criteria").isArray()) {
      throw new IllegalArgumentException(
          source + ": needs 'name', 'version' and a 'criteria' list");
    }
    Set<String> metrics = Set.copyOf(CallMetrics.NAMES);
    List<Criterion> cs = new ArrayList<>();
    for (JsonNode c : root.get("criteria")) {
      String id = c.path("id").asText("");
      String where = source + ", criterion '" + id + "'";
      int kinds =
          (c.has("require") ? 1 : 0) + (c.has("forbid") ? 1 : 0) + (c.has("metric") ? 1 : 0);
      if (id.isBlank() || kinds != 1) {
        throw new IllegalArgumentException(
            where + ": needs an id and exactly one of require, forbid, metric");
      }
      String metric = c.has("metric") ? c.get("metric").asText() : null;
      if (metric != null && !metrics.contains(metric)) {
        throw new IllegalArgumentException(
            where + ": unknown metric '" + metric + "'; one of " + metrics);
      }
      if (metric != null && !c.has("min") && !c.has("max")) {
        throw new IllegalArgumentException(where + ": a metric criterion needs min or max");
      }
      cs.add(
          new Criterion(
              id,
              c.path("label").asText(id),
              c.path("weight").asDouble(0),
              c.has("require") ? c.get("require").asText() : null,
              c.has("forbid") ? c.get("forbid").asText() : null,
              metric,
              c.has("min") ? c.get("min").asDouble() : null,
              c.has("max") ? c.get("max").asDouble() : null,
              c.path("auto_fail").asBoolean(false)));
    }
    Scorecard s =
        new Scorecard(
            root.get("name").asText(),
            root.get("version").asText(),
            root.path("pass_mark").asDouble(70),
            List.copyOf(cs),
            yaml);
    if (rules != null) {
      s.check(rules);
    }
    return s;
  }

  private void check(CategoryRules rules) {
    for (Criterion c : criteria) {
      String cat = c.require() != null ? c.require() : c.forbid();
      if (cat != null && !rules.names().contains(cat)) {
        throw new IllegalArgumentException(
            "scorecard "
                + name
                + ", criterion '"
                + c.id()
                + "': no category '"
                + cat
                + "' in the rules "
                + rules.version());
      }
    }
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** Scores one call from its category hits and metrics. */
  public Score score(Set<String> categories, Map<String, Double> metrics) {
    List<Point> points = new ArrayList<>();
    double got = 0;
    double max = 0;
    boolean autoFailed = false;
    for (Criterion c : criteria) {
      Boolean met;
      String reason;
      if (c.require() != null) {
        met = categories.contains(c.require());
        reason = met ? c.require() + " found" : c.require() + " not found";
      } else if (c.forbid() != null) {
        met = !categories.contains(c.forbid());
        reason = met ? "no " + c.forbid() : c.forbid() + " found";
      } else {
        Double v = metrics.get(c.metric());
        if (v == null) {
          met = null;
          reason = c.metric() + " does not apply";
        } else {
          met = (c.min() == null || v >= c.min()) && (c.max() == null || v <= c.max());
          reason =
              String.format(
                  Locale.ROOT,
                  "%s = %s (%s%s)",
                  c.metric(),
                  fmt(v),
                  c.min() == null ? "" : "min " + fmt(c.min()),
                  c.max() == null ? "" : (c.min() == null ? "" : ", ") + "max " + fmt(c.max()));
        }
      }
      if (met != null) {
        max += c.weight();
        if (met) {
          got += c.weight();
        } else if (c.autoFail()) {
          autoFailed = true;
          reason = AUTO_FAIL + reason;
        }
      }
      points.add(
          new Point(
              c.id(),
              c.label(),
              met,
              met != null && met ? c.weight() : 0,
              met == null ? 0 : c.weight(),
              c.autoFail(),
              reason));
    }
    double score = autoFailed || max == 0 ? 0 : Math.round(got / max * 1000) / 10.0;
    return new Score(name, version, score, !autoFailed && passes(score), autoFailed, points);
  }

  /**
   * What a point's reason, as {@link #score} writes it, is about: the category of a require or
   * forbid criterion ("identity_verification found", "no card_number_read_back") or the metric of a
   * range ("silence_share = 0.31 (max 0.2)"), an "AUTO-FAIL: " prefix aside. The review page links
   * a point to its evidence through it. Empty for a reason in no such form.
   */
  public static java.util.Optional<String> subjectOf(String reason) {
    if (reason == null) {
      return java.util.Optional.empty();
    }
    String r = reason.startsWith(AUTO_FAIL) ? reason.substring(AUTO_FAIL.length()) : reason;
    java.util.regex.Matcher m = SUBJECT.matcher(r);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return java.util.Optional.of(m.group(g));
      }
    }
    return java.util.Optional.empty();
  }

  private static final String AUTO_FAIL = "AUTO-FAIL: ";

  private static final java.util.regex.Pattern SUBJECT =
      java.util.regex.Pattern.compile(
          "(?:no (\\w+))|(?:(\\w+) (?:not )?found)|(?:(\\w+) = .*)|(?:(\\w+) does not apply)");

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
