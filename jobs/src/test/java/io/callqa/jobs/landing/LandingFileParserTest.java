package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TicketEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LandingFileParserTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String HEADER = String.join(",", Calls.CSV_COLUMNS);

  /** A valid answered inbound call; tests change one cell at a time. */
  static String call(String id, String queueStart, String answeredAt, String endedAt) {
    return id
        + ",INBOUND,SHANGHAI,95555,zh,STANDARD,CU1,2026-03-02T09:59:00+08:00,2026-03-02T09:59:50+08:00,"
        + "TRANSFER,BILLING,"
        + queueStart
        + ","
        + answeredAt
        + ","
        + endedAt
        + ",SH-A0001,100,10,20,false,DISPUTE,";
  }

  static List<LandingFileParser.Parsed> parse(LandingKind kind, String text) {
    List<LandingFileParser.Parsed> out = new ArrayList<>();
    LandingFileParser.parse(
            kind, "calls/f.csv", "abc", text.getBytes(StandardCharsets.UTF_8), ZONE, "run-1")
        .forEachRemaining(out::add);
    return out;
  }

  static String reason(LandingFileParser.Parsed p) {
    assertThat(p.reject()).as("expected a reject").isNotNull();
    return p.reject().getString(Rejects.SCHEMA.fieldIndex(Rejects.REASON));
  }

  @Test
  void rejectOrderMatchesTheTableSchema() {
    assertThat(LandingFileParser.REJECT_ORDER).containsExactly(Rejects.SCHEMA.fieldNames());
  }

  @Test
  void typesAValidCallAndNormalisesOffsetsToOneInstant() {
    String utc =
        "c2,INBOUND,WUHAN,95555,en,VIP,,2026-03-02T16:29:00Z,2026-03-02T16:29:50Z,TRANSFER,ENGLISH,"
            + "2026-03-02T16:30:00Z,2026-03-02T16:30:10Z,2026-03-02T16:35:00Z,WH-A0001,290,0,30,true,GENERAL_EN,";
    List<LandingFileParser.Parsed> r =
        parse(
            LandingKind.CALLS,
            HEADER
                + "\n"
                + call(
                    "c1",
                    "2026-03-03T00:30:00+08:00",
                    "2026-03-03T00:30:10+08:00",
                    "2026-03-03T00:35:00+08:00")
                + "\n"
                + utc
                + "\n");
    assertThat(r).allSatisfy(p -> assertThat(p.reject()).isNull());
    Row c1 = r.get(0).record();
    Row c2 = r.get(1).record();
    assertThat(c1.size()).isEqualTo(Calls.SCHEMA.size());
    int qs = Calls.SCHEMA.fieldIndex(Calls.QUEUE_START);
    assertThat((Instant) c1.get(qs)).isEqualTo(Instant.parse("2026-03-02T16:30:00Z"));
    assertThat(c2.get(qs)).isEqualTo(c1.get(qs));
    // Contact start is the IVR entry; its local day in Shanghai.
    assertThat(c1.get(Calls.SCHEMA.fieldIndex(Calls.DAY))).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(c2.get(Calls.SCHEMA.fieldIndex(Calls.DAY))).isEqualTo(LocalDate.of(2026, 3, 3));
    assertThat(c2.get(Calls.SCHEMA.fieldIndex(Calls.CUSTOMER_ID))).isNull();
    assertThat(c2.get(Calls.SCHEMA.fieldIndex(Calls.TRANSFERRED_OUT))).isEqualTo(true);
    assertThat(c2.get(Calls.SCHEMA.fieldIndex(io.callqa.warehouse.tables.Lineage.SOURCE_LINE)))
        .isEqualTo(3L);
  }

  @Test
  void eachMalformedRowIsRejectedWithLineAndReasonAndTheRestReadsOn() {
    String ok =
        call(
            "ok",
            "2026-03-02T10:00:00+08:00",
            "2026-03-02T10:00:10+08:00",
            "2026-03-02T10:05:00+08:00");
    String badTs =
        call("b1", "2026-03-02 10:00:00", "2026-03-02T10:00:10+08:00", "2026-03-02T10:05:00+08:00");
    String badEnum = ok.replace("ok,INBOUND", "b2,INBND");
    String answeredFirst =
        call(
            "b3",
            "2026-03-02T10:00:10+08:00",
            "2026-03-02T10:00:00+08:00",
            "2026-03-02T10:05:00+08:00");
    String negative = ok.replace("ok,", "b4,").replace(",100,10,20,", ",100,-10,20,");
    String shortRow = "b5,INBOUND,SHANGHAI";
    List<LandingFileParser.Parsed> r =
        parse(
            LandingKind.CALLS,
            String.join("\n", HEADER, badTs, badEnum, answeredFirst, negative, shortRow, ok)
                + "\n");
    assertThat(r).hasSize(6);
    assertThat(reason(r.get(0)))
        .contains("queue_start")
        .contains("'2026-03-02 10:00:00'")
        .contains("offset");
    assertThat(reason(r.get(1))).contains("direction").contains("'INBND'");
    assertThat(reason(r.get(2))).contains("answered before queued");
    assertThat(reason(r.get(3))).contains("hold_s").contains("negative value -10");
    assertThat(reason(r.get(4))).isEqualTo("expected 21 columns as in the header, found 3");
    assertThat(r.get(4).reject().getLong(Rejects.SCHEMA.fieldIndex(Rejects.LINE))).isEqualTo(6L);
    assertThat(r.get(4).reject().getString(Rejects.SCHEMA.fieldIndex(Rejects.RAW)))
        .isEqualTo(shortRow);
    assertThat(r.get(5).record()).isNotNull();
  }

  @Test
  void headerMissingAColumnRejectsEveryRowWithThatReason() {
    String header = HEADER.replace(",disposition", "");
    List<LandingFileParser.Parsed> r = parse(LandingKind.CALLS, header + "\na\nb\n");
    assertThat(r)
        .hasSize(2)
        .allSatisfy(
            p -> assertThat(reason(p)).startsWith("file header lacks column(s) disposition"));
  }

  @Test
  void emptyFileIsOneFileLevelReject() {
    List<LandingFileParser.Parsed> r = parse(LandingKind.CALLS, "");
    assertThat(r).hasSize(1);
    assertThat(r.get(0).reject().getLong(Rejects.SCHEMA.fieldIndex(Rejects.LINE))).isZero();
    assertThat(reason(r.get(0))).contains("empty file");
  }

  @Test
  void surveysCheckRangesAndConsistency() {
    String h = String.join(",", Surveys.CSV_COLUMNS);
    List<LandingFileParser.Parsed> r =
        parse(
            LandingKind.SURVEYS,
            h
                + "\nc1,true,2026-03-02T10:10:00+08:00,5,10,Y\nc2,true,2026-03-02T10:10:00+08:00,7,10,Y\n"
                + "c3,false,2026-03-02T10:10:00+08:00,4,8,Y\nc4,true,,,,\nc5,true,,3,,\n");
    assertThat(r.get(0).record()).isNotNull();
    assertThat(reason(r.get(1))).contains("csat").contains("7 is outside 1..5");
    assertThat(reason(r.get(2))).contains("completed but not offered");
    assertThat(r.get(3).record()).isNotNull();
    assertThat(reason(r.get(4))).contains("completed_at").contains("answers");
  }

  @Test
  void ticketTextKeepsCommasQuotesAndNewlines() {
    String h = String.join(",", TicketEvents.CSV_COLUMNS);
    List<LandingFileParser.Parsed> r =
        parse(
            LandingKind.TICKETS,
            h
                + "\nT1,2026-03-02T10:00:00+08:00,OPENED,PHONE,FEES,LOW,CU1,c1,\"客户投诉, \"\"年费\"\"\n第二行\"\n"
                + "T1,2026-03-02T11:00:00+08:00,SOLVED,PHONE,FEES,LOW,CU1,c1,\n");
    Row t = r.get(0).record();
    assertThat(t.getString(TicketEvents.SCHEMA.fieldIndex(TicketEvents.TEXT)))
        .isEqualTo("客户投诉, \"年费\"\n第二行");
    assertThat(reason(r.get(1))).contains("event").contains("'SOLVED'");
    assertThat(r.get(1).reject().getLong(Rejects.SCHEMA.fieldIndex(Rejects.LINE))).isEqualTo(4L);
  }
}
