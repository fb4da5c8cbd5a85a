package io.callqa.nlp.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callqa.nlp.Checksums;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Category rules from a versioned YAML file (the bundled {@code categories.yaml}, or any file by
 * path). Each category names a match expression, optionally restricted to one speaker and to the
 * first or last N seconds of the call:
 *
 * <pre>
 * version: "2026.11-1"
 * categories:
 *   - name: cancellation_threat
 *     speaker: customer              # agent | customer | any (default)
 *     last_s: 120                    # or first_s: 30; on chats: the first / last 3 messages
 *     negation: true                 # default: drop a phrase with not/don't/不/没... up to 3 words before it
 *     match:
 *       any:                         # any | all | not | near + within | regex | a phrase | a list (= any)
 *         - cancel my card
 *         - close my * account       # * is one word; cancel* a prefix
 *         - 销卡
 *         - near: [fee, [waive, refund]]
 *           within: 6
 * </pre>
 *
 * <p>Text is compared as {@link Tokens}: lower-case words, and single Han characters, so a Chinese
 * phrase is a character sequence and "within N" counts characters there. Words of consecutive lines
 * of the speaker in scope are one stream, so "within" may span two utterances of the same speaker.
 * A match is reported on the line where it starts, with that line's times.
 */
public final class CategoryRules {

  private static final int NEGATION_WINDOW = 3;
  private static final int UNTIMED_WINDOW_LINES = 3;

  /** One category hit: where in the conversation it starts. */
  public record Match(
      String category, int lineNo, Speaker speaker, Double startS, Double endS, String matched) {}

  private final String version;
  private final String checksum;
  private final String yaml;
  private final List<Category> categories;

  private CategoryRules(String version, String yaml, List<Category> categories) {
    this.version = version;
    this.checksum = sha(yaml);
    this.yaml = yaml;
    this.categories = categories;
  }

  /** The YAML the rules were read from (to ship them to executors and re-parse there). */
  public String yaml() {
    return yaml;
  }

  /** The bundled rules for a credit-card hotline. */
  public static CategoryRules bundled() {
    try (InputStream in = CategoryRules.class.getResourceAsStream("categories.yaml")) {
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled categories.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("bundled categories.yaml is unreadable", e);
    }
  }

  /** {@code bundled} or a path to a YAML file. */
  public static CategoryRules load(String where) {
    if (where == null || where.isBlank() || "bundled".equals(where)) {
      return bundled();
    }
    Path p = Path.of(where);
    try {
      return parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read category rules " + p + ": " + e.getMessage(), e);
    }
  }

  /** Parses rules; errors name the source, the category and what is wrong. */
  public static CategoryRules parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          source + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || !root.hasNonNull("version") || !root.path("categories").isArray()) {
      throw new IllegalArgumentException(source + ": needs 'version' and a 'categories' list");
    }
    List<Category> cats = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (JsonNode c : root.get("categories")) {
      String name = c.path("name").asText("");
      String where = source + ", category '" + name + "'";
      if (name.isBlank() || !names.add(name)) {
        throw new IllegalArgumentException(where + ": every category needs a unique name");
      }
      if (!c.has("match")) {
        throw new IllegalArgumentException(where + ": no 'match'");
      }
      Speaker speaker =
          switch (c.path("speaker").asText("any").toLowerCase(Locale.ROOT)) {
            case "any" -> null;
            case "agent" -> Speaker.AGENT;
            case "customer" -> Speaker.CUSTOMER;
            default ->
                throw new IllegalArgumentException(
                    where + ": speaker must be agent, customer or any");
          };
      cats.add(
          new Category(
              name,
              c.path("description").asText(""),
              speaker,
              c.has("first_s") ? c.get("first_s").asDouble() : null,
              c.has("last_s") ? c.get("last_s").asDouble() : null,
              c.path("negation").asBoolean(true),
              node(c.get("match"), where)));
    }
    return new CategoryRules(root.get("version").asText(), yaml, List.copyOf(cats));
  }

  public String version() {
    return version;
  }

  /** First 12 hex digits of the SHA-256 of the rules file: changes whenever the rules do. */
  public String checksum() {
    return checksum;
  }

  public List<String> names() {
    return categories.stream().map(Category::name).toList();
  }

  /** Every category hit of a conversation, by category then line. */
  public List<Match> match(List<Line> lines) {
    List<Line> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparingInt(Line::no));
    List<Match> out = new ArrayList<>();
    for (Category c : categories) {
      out.addAll(c.match(ordered));
    }
    return out;
  }

  // ---- the expression tree ----

  /** Matched token ranges, or null when the node does not hold. */
  private interface Node {
    List<int[]> eval(Stream s, boolean negation);
  }

  private record Category(
      String name,
      String description,
      Speaker speaker,
      Double firstS,
      Double lastS,
      boolean negation,
      Node root) {

    List<Match> match(List<Line> lines) {
      List<Line> scope = new ArrayList<>();
      boolean timed = lines.stream().allMatch(l -> l.startS() != null);
      double end =
          timed
              ? lines.stream()
                  .mapToDouble(l -> l.endS() == null ? l.startS() : l.endS())
                  .max()
                  .orElse(0)
              : 0;
      for (int i = 0; i < lines.size(); i++) {
        Line l = lines.get(i);
        if (speaker != null && l.speaker() != speaker) {
          continue;
        }
        if (firstS != null && (timed ? l.startS() > firstS : i >= UNTIMED_WINDOW_LINES)) {
          continue;
        }
        if (lastS != null
            && (timed
                ? (l.endS() == null ? l.startS() : l.endS()) < end - lastS
                : i < lines.size() - UNTIMED_WINDOW_LINES)) {
          continue;
        }
        scope.add(l);
      }
      Stream s = new Stream(scope);
      List<int[]> hits = root.eval(s, negation);
      if (hits == null) {
        return List.of();
      }
      Map<Integer, Match> byLine = new LinkedHashMap<>();
      for (int[] h : hits) {
        int li = s.lineOf[h[0]];
        Line l = scope.get(li);
        byLine.putIfAbsent(
            li, new Match(name, l.no(), l.speaker(), l.startS(), l.endS(), s.text(h)));
      }
      if (byLine.isEmpty()) {
        // Held without words to point at (e.g. only NOT): the category applies to the whole
        // conversation.
        return List.of(new Match(name, -1, null, null, null, ""));
      }
      return byLine.values().stream().sorted(Comparator.comparingInt(Match::lineNo)).toList();
    }
  }

  /**
   * The tokens of the lines in scope, one stream, each token knowing its line and its place in it.
   */
  private static final class Stream {
    final List<String> tokens = new ArrayList<>();
    final int[] lineOf;
    final int[] posInLine;
    final List<Line> lines;

    Stream(List<Line> lines) {
      this.lines = lines;
      List<Integer> li = new ArrayList<>();
      List<Integer> pi = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        List<String> t = Tokens.of(lines.get(i).text());
        for (int k = 0; k < t.size(); k++) {
          tokens.add(t.get(k));
          li.add(i);
          pi.add(k);
        }
      }
      lineOf = li.stream().mapToInt(Integer::intValue).toArray();
      posInLine = pi.stream().mapToInt(Integer::intValue).toArray();
    }

    String text(int[] range) {
      StringBuilder b = new StringBuilder();
      for (int i = range[0]; i < range[1]; i++) {
        String t = tokens.get(i);
        if (b.length() > 0 && !(Tokens.isHan(t) && Tokens.isHan(tokens.get(i - 1)))) {
          b.append(' ');
        }
        b.append(t);
      }
      return b.toString();
    }

    /** A negator up to 3 tokens before position p in the same line. */
    boolean negatedAt(int p) {
      for (int k = p - 1; k >= 0 && k >= p - NEGATION_WINDOW; k--) {
        if (lineOf[k] != lineOf[p]) {
          return false;
        }
        if (Tokens.NEGATORS.contains(tokens.get(k))) {
          return true;
        }
      }
      return false;
    }
  }

  private static Node node(JsonNode n, String where) {
    if (n.isValueNode() && !n.isNull()) {
      return phrase(n.asText(), where);
    }
    if (n.isArray()) {
      return any(children(n, where));
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(
          where + ": expected a phrase, a list or any/all/not/near/regex, got " + n);
    }
    if (n.has("any")) {
      return any(children(n.get("any"), where));
    }
    if (n.has("all")) {
      List<Node> kids = children(n.get("all"), where);
      return (s, neg) -> {
        List<int[]> out = new ArrayList<>();
        for (Node k : kids) {
          List<int[]> h = k.eval(s, neg);
          if (h == null) {
            return null;
          }
          out.addAll(h);
        }
        return out;
      };
    }
    if (n.has("not")) {
      Node kid = node(n.get("not"), where);
      return (s, neg) -> kid.eval(s, neg) == null ? List.of() : null;
    }
    if (n.has("near")) {
      JsonNode pair = n.get("near");
      if (!pair.isArray() || pair.size() != 2 || !n.has("within")) {
        throw new IllegalArgumentException(
            where + ": near needs two phrases (or lists) and 'within: N'");
      }
      Node a = node(pair.get(0), where);
      Node b = node(pair.get(1), where);
      int within = n.get("within").asInt();
      return (s, neg) -> {
        List<int[]> ha = a.eval(s, neg);
        List<int[]> hb = b.eval(s, neg);
        if (ha == null || hb == null) {
          return null;
        }
        List<int[]> out = new ArrayList<>();
        for (int[] x : ha) {
          for (int[] y : hb) {
            int gap = Math.max(x[0], y[0]) - Math.min(x[1], y[1]);
            if (gap <= within) {
              out.add(new int[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
            }
          }
        }
        return out.isEmpty() ? null : out;
      };
    }
    if (n.has("regex")) {
      Pattern p;
      try {
        p = Pattern.compile(n.get("regex").asText());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(where + ": bad regex: " + firstLine(e.getMessage()), e);
      }
      return (s, neg) -> {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < s.lines.size(); i++) {
          int to = from;
          while (to < s.tokens.size() && s.lineOf[to] == i) {
            to++;
          }
          if (p.matcher(s.lines.get(i).text()).find()) {
            out.add(new int[] {from, Math.max(from + 1, to)});
          }
          from = to;
        }
        return out.isEmpty() ? null : out;
      };
    }
    Iterator<String> keys = n.fieldNames();
    throw new IllegalArgumentException(
        where + ": unknown rule '" + (keys.hasNext() ? keys.next() : "") + "'");
  }

  private static List<Node> children(JsonNode list, String where) {
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(where + ": any/all needs a non-empty list");
    }
    List<Node> out = new ArrayList<>();
    list.forEach(k -> out.add(node(k, where)));
    return out;
  }

  private static Node any(List<Node> kids) {
    return (s, neg) -> {
      List<int[]> out = null;
      for (Node k : kids) {
        List<int[]> h = k.eval(s, neg);
        if (h != null) {
          if (out == null) {
            out = new ArrayList<>();
          }
          out.addAll(h);
        }
      }
      return out;
    };
  }

  private static Node phrase(String text, String where) {
    List<String> pattern = Tokens.of(text);
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException(where + ": empty phrase '" + text + "'");
    }
    boolean startsNegated = Tokens.NEGATORS.contains(pattern.get(0));
    return (s, neg) -> {
      List<int[]> out = new ArrayList<>();
      int n = pattern.size();
      for (int p = 0; p + n <= s.tokens.size(); p++) {
        if (matchesAt(s, p, pattern) && (!neg || startsNegated || !s.negatedAt(p))) {
          out.add(new int[] {p, p + n});
        }
      }
      return out.isEmpty() ? null : out;
    };
  }

  private static boolean matchesAt(Stream s, int p, List<String> pattern) {
    for (int k = 0; k < pattern.size(); k++) {
      String want = pattern.get(k);
      String got = s.tokens.get(p + k);
      if (k > 0 && s.lineOf[p + k] != s.lineOf[p]) {
        return false; // a phrase stays inside one line
      }
      if (want.equals("*")) {
        continue;
      }
      if (want.endsWith("*") && want.length() > 1) {
        if (!got.startsWith(want.substring(0, want.length() - 1))) {
          return false;
        }
      } else if (!want.equals(got)) {
        return false;
      }
    }
    return true;
  }

  /** First 12 hex digits of the SHA-256 of a rules or scorecard file. */
  static String sha(String s) {
    return Checksums.sha256Hex(s.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
