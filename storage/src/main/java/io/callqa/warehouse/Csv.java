package io.callqa.warehouse;

/**
 * The CSV dialect of the landing files (SPEC.md) and of {@code callqa sql --format csv}: RFC 4180,
 * a field quoted when it holds a comma, a quote or a line break, quotes doubled inside.
 */
public final class Csv {
  private Csv() {}

  /** {@code s} as one CSV field. */
  public static String field(String s) {
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
