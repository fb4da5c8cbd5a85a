package io.callqa.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One row of plain values as a JSON line the way Spark's {@code Dataset.toJSON} writes it with its
 * default options (Spark 3.5's {@code JacksonGenerator}): Jackson's own number and string writing,
 * NULL fields left out, dates as {@code yyyy-MM-dd} and timestamps as {@code
 * yyyy-MM-dd'T'HH:mm:ss.SSSXXX} in the session's time zone. For the scalar types {@link ServerSql}
 * lets through; {@code SqlThroughServerIT} compares both on every table.
 */
final class SparkJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.US);

  private SparkJson() {}

  static String line(String[] cols, Object[] values, ZoneId zone) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.writeStartObject();
      for (int i = 0; i < cols.length; i++) {
        Object v = values[i];
        if (v == null) {
          continue;
        }
        g.writeFieldName(cols[i]);
        if (v instanceof String s) {
          g.writeString(s);
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
          g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Float f) {
          g.writeNumber(f);
        } else if (v instanceof Double d) {
          g.writeNumber(d);
        } else if (v instanceof BigDecimal b) {
          g.writeNumber(b);
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else if (v instanceof LocalDate d) {
          g.writeString(d.toString());
        } else if (v instanceof Instant t) {
          g.writeString(TIMESTAMP.withZone(zone).format(t));
        } else {
          throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
