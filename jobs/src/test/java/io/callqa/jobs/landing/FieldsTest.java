package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timestamp fast path agrees with Java's ISO formatter on every value it accepts. */
class FieldsTest {

  /** The formatter's instant, or null where it refuses the value. */
  private static Instant formatter(String v) {
    try {
      return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void theFastPathGivesTheFormattersInstantAndRefusesWhatItRefuses() {
    Random rnd = new Random(20261203);
    String digitsAndMarks = "0123456789-:T.Z+ tz";
    int accepted = 0;
    int refusedByBoth = 0;
    for (int n = 0; n < 100_000; n++) {
      String v = candidate(rnd);
      // Mutate one character in a third of the values: a digit out of range, a wrong separator.
      if (rnd.nextInt(3) == 0) {
        char[] c = v.toCharArray();
        c[rnd.nextInt(c.length)] = digitsAndMarks.charAt(rnd.nextInt(digitsAndMarks.length()));
        v = new String(c);
      }
      Instant fast = Fields.commonIsoTimestamp(v);
      Instant slow = formatter(v);
      if (fast != null) {
        assertThat(fast).as(v).isEqualTo(slow);
        accepted++;
      } else if (slow == null) {
        refusedByBoth++;
      }
    }
    // Most generated values take the fast path, and many are refused by both.
    assertThat(accepted).isGreaterThan(30_000);
    assertThat(refusedByBoth).isGreaterThan(5_000);
  }

  @Test
  void edgesOfEachFieldAreDecidedAsTheFormatterDecidesThem() {
    String[] values = {
      "2026-03-02T09:15:04+08:00",
      "2026-03-02T09:15:04Z",
      "2026-03-02T09:15:04.5-05:30",
      "2026-03-02T09:15:04.123456789+08:00",
      "2026-03-02T09:15:04.1234567891+08:00",
      "2026-03-02T09:15:04.+08:00",
      "2024-02-29T00:00:00+00:00",
      "2026-02-29T00:00:00+00:00",
      "2026-04-31T00:00:00+00:00",
      "2026-13-01T00:00:00+00:00",
      "2026-00-01T00:00:00+00:00",
      "2026-01-00T00:00:00+00:00",
      "2026-01-01T24:00:00+00:00",
      "2026-01-01T23:60:00+00:00",
      "2026-01-01T23:59:60+00:00",
      "2026-01-01T23:59:59+18:00",
      "2026-01-01T23:59:59-18:00",
      "2026-01-01T23:59:59+18:01",
      "2026-01-01T23:59:59+19:00",
      "2026-01-01T23:59:59+08:60",
      "2026-01-01T23:59:59+08:00:00",
      "2026-01-01T23:59:59+0800",
      "2026-01-01t23:59:59z",
      "2026-01-01T23:59+08:00",
      "2026-01-01 23:59:59+08:00",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999999-18:00",
      "+2026-01-01T00:00:00Z",
      "2026-01-01T00:00:00",
      "2026-1-01T00:00:00+08:00",
    };
    for (String v : values) {
      Instant fast = Fields.commonIsoTimestamp(v);
      if (fast != null) {
        assertThat(fast).as(v).isEqualTo(formatter(v));
      }
    }
    assertThat(Fields.commonIsoTimestamp("2026-03-02T09:15:04+08:00"))
        .isEqualTo(Instant.parse("2026-03-02T01:15:04Z"));
  }

  @Test
  void aValueNeitherAcceptsIsRejectedWithTheSameWordsAsBefore() {
    assertThatThrownBy(() -> Fields.parseTimestamp("column ended_at", "2026-02-30T10:00:00+08:00"))
        .isInstanceOf(RejectException.class)
        .hasMessage(
            "column ended_at: '2026-02-30T10:00:00+08:00' is not an ISO-8601 timestamp with offset"
                + " (e.g. 2026-03-02T09:15:04+08:00)");
  }

  /** A well-formed timestamp with each field drawn across (and a little beyond) its range. */
  private static String candidate(Random rnd) {
    int year = rnd.nextInt(10) == 0 ? rnd.nextInt(10_000) : 1990 + rnd.nextInt(60);
    String fraction =
        switch (rnd.nextInt(4)) {
          case 0 -> "";
          case 1 -> "." + rnd.nextInt(1000);
          case 2 -> "." + String.format("%09d", rnd.nextInt(1_000_000_000));
          default -> "";
        };
    String offset =
        switch (rnd.nextInt(4)) {
          case 0 -> "Z";
          default ->
              String.format(
                  "%s%02d:%02d",
                  rnd.nextBoolean() ? "+" : "-",
                  rnd.nextInt(20),
                  rnd.nextInt(4) * 15 + rnd.nextInt(2));
        };
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
        year,
        rnd.nextInt(14),
        rnd.nextInt(33),
        rnd.nextInt(25),
        rnd.nextInt(61),
        rnd.nextInt(61),
        fraction,
        offset);
  }
}
