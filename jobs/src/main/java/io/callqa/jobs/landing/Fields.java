package io.callqa.jobs.landing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to one record's fields by column name; every failure is a {@link RejectException}
 * whose message names the column and the offending value.
 */
final class Fields {
  private final Map<String, Integer> index;
  private final List<String> values;

  Fields(Map<String, Integer> index, List<String> values) {
    this.index = index;
    this.values = values;
  }

  /** The trimmed value, or null when the cell is empty. */
  String text(String column) {
    Integer i = index.get(column);
    if (i == null) {
      return null;
    }
    String v = values.get(i).trim();
    return v.isEmpty() ? null : v;
  }

  String required(String column) throws RejectException {
    String v = text(column);
    if (v == null) {
      throw new RejectException("column " + column + ": required value is missing");
    }
    return v;
  }

  /**
   * An upper-case (or, with {@code lowerCase}, lower-case) value from {@code allowed}, or null if
   * empty.
   */
  String enumValue(String column, Set<String> allowed, boolean isRequired, boolean lowerCase)
      throws RejectException {
    String v = isRequired ? required(column) : text(column);
    if (v == null) {
      return null;
    }
    String norm = lowerCase ? v.toLowerCase(Locale.ROOT) : v.toUpperCase(Locale.ROOT);
    if (!allowed.contains(norm)) {
      throw new RejectException(
          "column "
              + column
              + ": unknown value '"
              + v
              + "' (expected one of "
              // Sorted: a Set.of's order changes from JVM to JVM, and the reason is stored.
              + String.join(", ", new java.util.TreeSet<>(allowed))
              + ")");
    }
    return norm;
  }

  /** An ISO-8601 timestamp with a UTC offset, as an instant; null if empty. */
  Instant timestamp(String column, boolean isRequired) throws RejectException {
    String v = isRequired ? required(column) : text(column);
    if (v == null) {
      return null;
    }
    return parseTimestamp("column " + column, v);
  }

  /** An ISO-8601 timestamp with offset; the reject names {@code where} and the value. */
  static Instant parseTimestamp(String where, String v) throws RejectException {
    Instant fast = commonIsoTimestamp(v);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new RejectException(
          where
              + ": '"
              + v
              + "' is not an ISO-8601 timestamp with offset (e.g. 2026-03-02T09:15:04+08:00)");
    }
  }

  /**
   * The instant of {@code v} when it has the form landing files use, {@code
   * yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:MM|-HH:MM)} with every field in range; otherwise null, and
   * the caller asks {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which decides the rest (and
   * words the reject). It accepts nothing the formatter refuses and gives the same instant ({@code
   * FieldsTest} compares the two on generated values); the formatter's parse was a fifth of the
   * parse phase's CPU on one day of a large centre's calls, this is a few field reads.
   */
  static Instant commonIsoTimestamp(String v) {
    int n = v.length();
    if (n < 20
        || v.charAt(4) != '-'
        || v.charAt(7) != '-'
        || v.charAt(10) != 'T'
        || v.charAt(13) != ':'
        || v.charAt(16) != ':') {
      return null;
    }
    int year = digits(v, 0, 4);
    int month = digits(v, 5, 2);
    int day = digits(v, 8, 2);
    int hour = digits(v, 11, 2);
    int minute = digits(v, 14, 2);
    int second = digits(v, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (v.charAt(i) == '.') {
      int start = ++i;
      while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
        nano = nano * 10 + (v.charAt(i) - '0');
        i++;
      }
      int width = i - start;
      if (width < 1 || width > 9) {
        return null;
      }
      for (int w = width; w < 9; w++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && v.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (v.charAt(i) == '+' || v.charAt(i) == '-') && v.charAt(i + 3) == ':') {
      int oh = digits(v, i + 1, 2);
      int om = digits(v, i + 4, 2);
      if (oh < 0 || om < 0 || om > 59 || oh > 18 || oh == 18 && om > 0) {
        return null;
      }
      offsetSeconds = (v.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(
        epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds, nano);
  }

  /** The number written by {@code width} ASCII digits at {@code from}, or -1. */
  private static int digits(String v, int from, int width) {
    int x = 0;
    for (int i = from; i < from + width; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      x = x * 10 + (c - '0');
    }
    return x;
  }

  /** An integer within [min, max]; null if empty. */
  Integer integer(String column, int min, int max) throws RejectException {
    String v = text(column);
    if (v == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new RejectException("column " + column + ": '" + v + "' is not a whole number");
    }
    if (n < min || n > max) {
      String what = n < 0 && min == 0 ? "negative value " : "value ";
      throw new RejectException(
          "column " + column + ": " + what + n + " is outside " + min + ".." + max);
    }
    return n;
  }

  /** true/false (also Y/N, 1/0); {@code fallback} when empty. */
  Boolean bool(String column, Boolean fallback) throws RejectException {
    String v = text(column);
    if (v == null) {
      return fallback;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "y", "yes", "1":
        return Boolean.TRUE;
      case "false", "n", "no", "0":
        return Boolean.FALSE;
      default:
        throw new RejectException("column " + column + ": '" + v + "' is not true/false or Y/N");
    }
  }
}
