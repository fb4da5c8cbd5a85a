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
