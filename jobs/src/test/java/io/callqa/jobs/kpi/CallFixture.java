package io.callqa.jobs.kpi;

import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.Surveys;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds rows of {@link Calls#SCHEMA} and {@link Surveys#SCHEMA} by column name for KPI fixtures.
 */
final class CallFixture {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private final Map<String, Object> v = new HashMap<>();

  private CallFixture(String id, String direction) {
    v.put(Calls.CALL_ID, id);
    v.put(Calls.DIRECTION, direction);
    v.put(Calls.SITE, "SHANGHAI");
    v.put(Calls.LANGUAGE, "zh");
    v.put(Calls.SEGMENT, "STANDARD");
    v.put(Calls.TRANSFERRED_OUT, false);
    v.put(Lineage.SOURCE_FILE, "calls/fixture.csv");
    v.put(Lineage.SOURCE_LINE, 1L);
    v.put(Lineage.INGEST_RUN, "test");
  }

  static CallFixture inbound(String id) {
    return new CallFixture(id, "INBOUND");
  }

  static CallFixture outbound(String id) {
    return new CallFixture(id, "OUTBOUND");
  }

  static Instant at(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toInstant();
  }

  CallFixture customer(String c) {
    v.put(Calls.CUSTOMER_ID, c);
    return this;
  }

  CallFixture site(String s) {
    v.put(Calls.SITE, s);
    return this;
  }

  CallFixture queued(String queue, String at) {
    v.put(Calls.QUEUE, queue);
    v.put(Calls.QUEUE_START, at(at));
    return this;
  }

  CallFixture answered(String at, int talk, int hold, int acw) {
    v.put(Calls.ANSWERED_AT, at(at));
    v.put(Calls.TALK_S, talk);
    v.put(Calls.HOLD_S, hold);
    v.put(Calls.ACW_S, acw);
    return this;
  }

  CallFixture ended(String at) {
    v.put(Calls.ENDED_AT, at(at));
    return this;
  }

  CallFixture ivr(String start, String end, String outcome) {
    v.put(Calls.IVR_START, at(start));
    v.put(Calls.IVR_END, at(end));
    v.put(Calls.IVR_OUTCOME, outcome);
    return this;
  }

  CallFixture transferred() {
    v.put(Calls.TRANSFERRED_OUT, true);
    return this;
  }

  Row row() {
    Instant start = first(Calls.IVR_START, Calls.QUEUE_START, Calls.ANSWERED_AT, Calls.ENDED_AT);
    v.put(Calls.CONTACT_START, start);
    v.put(Calls.DAY, start.atZone(ZONE).toLocalDate());
    return toRow(Calls.SCHEMA, v);
  }

  private Instant first(String... cols) {
    for (String c : cols) {
      if (v.get(c) != null) {
        return (Instant) v.get(c);
      }
    }
    throw new IllegalStateException("fixture call " + v.get(Calls.CALL_ID) + " has no time");
  }

  static Row survey(String callId, boolean offered, String completedAt, Integer csat, Integer nps) {
    Map<String, Object> s = new HashMap<>();
    s.put(Surveys.CALL_ID, callId);
    s.put(Surveys.OFFERED, offered);
    s.put(Surveys.COMPLETED_AT, completedAt == null ? null : at(completedAt));
    s.put(Surveys.CSAT, csat);
    s.put(Surveys.NPS, nps);
    s.put(Lineage.SOURCE_FILE, "surveys/fixture.csv");
    s.put(Lineage.SOURCE_LINE, 1L);
    s.put(Lineage.INGEST_RUN, "test");
    return toRow(Surveys.SCHEMA, s);
  }

  private static Row toRow(StructType schema, Map<String, Object> values) {
    Object[] cells = new Object[schema.size()];
    for (int i = 0; i < cells.length; i++) {
      StructField f = schema.fields()[i];
      cells[i] = values.get(f.name());
    }
    return RowFactory.create(cells);
  }
}
