package io.callqa.review;

import java.util.Locale;

/**
 * The byte range of an HTTP {@code Range} header (RFC 9110): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}, unit in any case, spaces ignored. Several ranges, or another unit, are ignored
 * (the whole body is served, as the RFC allows); a range outside the body is unsatisfiable (416).
 */
final class ByteRange {
  /** Returned for a range that does not fit the body. */
  static final long[] UNSATISFIABLE = new long[0];

  private ByteRange() {}

  /**
   * {@code [first, last]} inclusive; null: serve the whole body; {@link #UNSATISFIABLE}: answer
   * 416.
   */
  static long[] parse(String header, long length) {
    if (header == null) {
      return null;
    }
    String h = header.replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0 || h.length() > 64) {
      return null;
    }
    String spec = h.substring("bytes=".length());
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
      return UNSATISFIABLE;
    }
    try {
      String a = spec.substring(0, dash);
      String b = spec.substring(dash + 1);
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        if (n <= 0 || length == 0) {
          return UNSATISFIABLE;
        }
        return new long[] {Math.max(0, length - n), length - 1};
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
      if (first < 0 || first >= length || last < first) {
        return UNSATISFIABLE;
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return UNSATISFIABLE;
    }
  }
}
