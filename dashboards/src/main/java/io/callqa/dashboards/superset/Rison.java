package io.callqa.dashboards.superset;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Rison, the URL-friendly JSON that Superset's list endpoints take in {@code ?q=}: objects {@code
 * (k:v)}, arrays {@code !(a,b)}, strings bare when safe and else quoted with {@code '} ({@code !}
 * escapes {@code '} and {@code !}), {@code !t}, {@code !f}, {@code !n}. Keys are written in sorted
 * order.
 */
final class Rison {
  private static final Pattern BARE = Pattern.compile("[A-Za-z_./~][A-Za-z0-9_./~-]*");

  private Rison() {}

  static String encode(Object value) {
    if (value == null) {
      return "!n";
    }
    if (value instanceof Boolean b) {
      return b ? "!t" : "!f";
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    if (value instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(",", "(", ")");
      new TreeMap<>(m).forEach((k, v) -> j.add(string(k.toString()) + ":" + encode(v)));
      return j.toString();
    }
    if (value instanceof List<?> l) {
      StringJoiner j = new StringJoiner(",", "!(", ")");
      l.forEach(v -> j.add(encode(v)));
      return j.toString();
    }
    return string(value.toString());
  }

  private static String string(String s) {
    if (BARE.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("!", "!!").replace("'", "!'") + "'";
  }
}
