package io.callqa.jobs.complaints;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.kpi.DayRange;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.ComplaintCalls;
import io.callqa.warehouse.tables.ComplaintDaily;
import io.callqa.warehouse.tables.ComplaintOpen;
import io.callqa.warehouse.tables.Complaints;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.TicketEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The complaints stage on hand-written tickets and calls, ingested through the landing zone: the
 * same events delivered in two different orders and file splits give the same tables.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComplaintJobIT extends SparkTestBase {
  /** Ticket events, local Shanghai times. */
  static final List<String> EVENTS =
      List.of(
          // T1: named call c1, acknowledged late, extended on day 15, resolved on day 29: on time.
          "T1,2026-03-02T10:00:00+08:00,OPENED,PHONE,FEES,MEDIUM,CU1,c1,客户投诉年费 卡号 4539 1488 0343 6467",
          "T1,2026-03-04T09:00:00+08:00,ACKNOWLEDGED,PHONE,FEES,MEDIUM,CU1,c1,",
          "T1,2026-03-17T22:00:00+08:00,EXTENDED,PHONE,FEES,MEDIUM,CU1,c1,",
          "T1,2026-03-31T10:00:00+08:00,RESOLVED,PHONE,FEES,MEDIUM,CU1,c1,",
          // T2: customer CU2 (calls c2 in the window, c3 too early); a RESOLVED before OPENED;
          // still open and
          // breached at the end.
          "T2,2026-03-01T08:00:00+08:00,RESOLVED,WEB,DISPUTE,HIGH,CU2,,",
          "T2,2026-03-03T12:00:00+08:00,OPENED,WEB,DISPUTE,HIGH,CU2,,",
          "T2,2026-03-03T15:00:00+08:00,ACKNOWLEDGED,WEB,DISPUTE,HIGH,CU2,,",
          // T3: regulator-forwarded, escalated, three extensions (the third rejected), resolved and
          // reopened.
          "T3,2026-03-05T09:00:00+08:00,OPENED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-05T10:00:00+08:00,ACKNOWLEDGED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-06T10:00:00+08:00,ESCALATED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-10T10:00:00+08:00,EXTENDED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-20T10:00:00+08:00,EXTENDED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-25T10:00:00+08:00,EXTENDED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-26T10:00:00+08:00,RESOLVED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          "T3,2026-03-28T10:00:00+08:00,REOPENED,REGULATOR,SERVICE_ATTITUDE,CRITICAL,CU9,,",
          // T4: opened late in the period, due within days of the as-of day (2026-04-12 + 15 =
          // 2026-04-27).
          "T4,2026-04-12T09:00:00+08:00,OPENED,WECHAT,FEES,LOW,CU4,,",
          // T5: events but no OPENED yet: pending.
          "T5,2026-04-20T09:00:00+08:00,ACKNOWLEDGED,EMAIL,FEES,LOW,CU5,,");

  static final List<String> CALLS =
      List.of(
          call("c1", "CU1", "2026-03-02T09:40:00+08:00", "SHANGHAI", "INBOUND"),
          call("c2", "CU2", "2026-02-28T09:00:00+08:00", "CHENGDU", "INBOUND"),
          call("c3", "CU2", "2026-02-23T09:00:00+08:00", "WUHAN", "INBOUND"),
          call("c4", "CU2", "2026-03-02T09:00:00+08:00", "WUHAN", "OUTBOUND"));

  static String call(String id, String customer, String at, String site, String direction) {
    boolean in = direction.equals("INBOUND");
    return id
        + ","
        + direction
        + ","
        + site
        + ",95555,zh,STANDARD,"
        + customer
        + ","
        + (in ? at + "," + at + ",TRANSFER" : ",,")
        + ",CARD_SERVICE,"
        + at
        + ","
        + at
        + ","
        + at.replace(":00+", ":59+")
        + ",A1,50,0,10,false,INQUIRY,";
  }

  Warehouse wh;
  Warehouse shuffled;
  final CallqaConfig config = CallqaConfig.defaults();
  ComplaintJob.Summary first;

  @BeforeAll
  void buildTwice() throws IOException {
    wh = build("a", EVENTS, 1);
    List<String> reordered = new ArrayList<>(EVENTS);
    Collections.shuffle(reordered, new Random(11));
    shuffled = build("b", reordered, 3);
    first =
        ComplaintJob.run(
            wh, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), p -> {});
    ComplaintJob.run(
        shuffled, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), p -> {});
  }

  /** A landing zone with the events split over {@code files} files in the given order, ingested. */
  private Warehouse build(String name, List<String> events, int files) throws IOException {
    Path landing = scratch.resolve(name).resolve("landing");
    Files.createDirectories(landing.resolve("tickets"));
    Files.createDirectories(landing.resolve("calls"));
    for (int f = 0; f < files; f++) {
      List<String> lines = new ArrayList<>(List.of(String.join(",", TicketEvents.CSV_COLUMNS)));
      for (int i = f; i < events.size(); i += files) {
        lines.add(events.get(i));
      }
      Files.write(
          landing.resolve("tickets").resolve("tickets-" + f + ".csv"),
          lines,
          StandardCharsets.UTF_8);
    }
    List<String> calls = new ArrayList<>(List.of(String.join(",", Calls.CSV_COLUMNS)));
    calls.addAll(CALLS);
    Files.write(landing.resolve("calls").resolve("calls.csv"), calls, StandardCharsets.UTF_8);
    Warehouse w = new Warehouse(spark, scratch.resolve(name).resolve("warehouse"));
    IngestJob.run(w, IngestSettings.of(config), landing, p -> {});
    return w;
  }

  @Test
  void withNoTicketOpenedEveryComplaintTableExistsEmpty() throws IOException {
    // Only an event of a ticket whose OPENED has not arrived: nothing to count by day.
    Warehouse w =
        build(
            "nothing-opened",
            List.of("T9,2026-03-02T10:00:00+08:00,ACKNOWLEDGED,PHONE,FEES,LOW,CU9,,"),
            1);
    ComplaintJob.Summary s =
        ComplaintJob.run(
            w, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), p -> {});
    assertThat(s.tickets()).isZero();
    assertThat(s.pending()).isEqualTo(1);
    assertThat(s.days()).isEmpty();
    assertThat(ComplaintJob.OUTPUTS)
        .containsExactlyInAnyOrder(
            Complaints.SPEC, ComplaintCalls.SPEC, ComplaintOpen.SPEC, ComplaintDaily.SPEC);
    assertThat(ComplaintJob.outputsExist(w)).isTrue();
    for (var t : ComplaintJob.OUTPUTS) {
      assertThat(w.exists(t)).as(t.name()).isTrue();
      assertThat(w.read(t).count()).as(t.name()).isZero();
    }
    // The pipeline skips the stage when no landing file changed and every output exists:
    // RemoteWarehouseIT's re-runs check that the complaint tables keep their versions.
  }

  private Map<String, Row> complaints(Warehouse w) {
    return w.read(Complaints.SPEC).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs(Complaints.TICKET_ID), r -> r));
  }

  @Test
  @Order(1)
  void eachTicketHasItsStateAsOfTheLatestEventsDay() {
    Map<String, Row> c = complaints(wh);
    assertThat(c.keySet()).containsExactlyInAnyOrder("T1", "T2", "T3", "T4");
    assertThat(first.pending()).isEqualTo(1);
    // The summary's counts (taken from the writes, not read back) are the tables'.
    assertThat(first.tickets()).isEqualTo(wh.read(Complaints.SPEC).count()).isEqualTo(4);
    assertThat(first.open())
        .isEqualTo(wh.read(io.callqa.warehouse.tables.ComplaintOpen.SPEC).count())
        .isPositive();
    assertThat(first.breached())
        .isEqualTo(wh.read(Complaints.SPEC).filter(Complaints.BREACHED).count())
        .isPositive();
    assertThat(first.asOf()).isEqualTo(LifecycleTest.at("2026-04-21T00:00"));

    Row t1 = c.get("T1");
    assertThat(t1.<String>getAs(Complaints.STATUS)).isEqualTo("RESOLVED");
    assertThat(t1.<Integer>getAs(Complaints.EXTENSIONS)).isEqualTo(1);
    assertThat(t1.<Boolean>getAs(Complaints.RESOLVED_ON_TIME)).isTrue();
    assertThat(t1.<Boolean>getAs(Complaints.ACKNOWLEDGED_ON_TIME)).isFalse();
    assertThat(t1.<String>getAs(Complaints.SITE)).isEqualTo("SHANGHAI");

    Row t2 = c.get("T2");
    assertThat(t2.<String>getAs(Complaints.STATUS)).isEqualTo("OPEN");
    assertThat(t2.<Boolean>getAs(Complaints.BREACHED)).isTrue();
    // Opened 2026-03-03: due by the end of 2026-03-18, breached from the 19th.
    assertThat(t2.<LocalDate>getAs(Complaints.BREACH_DAY)).isEqualTo(LocalDate.of(2026, 3, 19));
    assertThat(t2.<String>getAs(Complaints.SITE)).isEqualTo("CHENGDU");
    // Open at the end of every day from opening to the as-of day, 2026-04-20.
    assertThat(t2.getList(t2.fieldIndex(Complaints.OPEN_SPANS)))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(((Row) s).<LocalDate>getAs(Complaints.FROM_DAY))
                  .isEqualTo(LocalDate.of(2026, 3, 3));
              assertThat(((Row) s).<LocalDate>getAs(Complaints.TO_DAY))
                  .isEqualTo(LocalDate.of(2026, 4, 20));
            });

    Row t3 = c.get("T3");
    assertThat(t3.<String>getAs(Complaints.STATUS)).isEqualTo("REOPENED");
    assertThat(t3.<Integer>getAs(Complaints.EXTENSIONS)).isEqualTo(2);
    assertThat(t3.<Integer>getAs(Complaints.ESCALATIONS)).isEqualTo(1);
    assertThat(t3.<Boolean>getAs(Complaints.ACKNOWLEDGED_ON_TIME)).isTrue();
    // Reopened 2026-03-28: a fresh 15 days to the end of 2026-04-12, missed by the as-of day.
    assertThat(t3.<Boolean>getAs(Complaints.BREACHED)).isTrue();
    assertThat(t3.<String>getAs(Complaints.SITE)).isEqualTo("UNKNOWN");
  }

  @Test
  @Order(1)
  void theSameEventsInAnotherOrderAndFileSplitGiveTheSameTables() {
    assertThat(wh.read(Complaints.SPEC).orderBy(Complaints.TICKET_ID).collectAsList())
        .isEqualTo(shuffled.read(Complaints.SPEC).orderBy(Complaints.TICKET_ID).collectAsList());
    String[] key = {
      ComplaintDaily.DAY,
      Complaints.SITE,
      Complaints.CHANNEL,
      Complaints.CATEGORY,
      Complaints.SEVERITY
    };
    assertThat(
            wh.read(ComplaintDaily.SPEC)
                .orderBy(key[0], key[1], key[2], key[3], key[4])
                .collectAsList())
        .isEqualTo(
            shuffled
                .read(ComplaintDaily.SPEC)
                .orderBy(key[0], key[1], key[2], key[3], key[4])
                .collectAsList());
  }

  @Test
  @Order(1)
  void impossibleEventsAreRejectedWithFileLineAndReasonOnce() {
    List<Row> r =
        wh.read(Rejects.SPEC)
            .filter(col(Rejects.TARGET).equalTo(Complaints.NAME))
            .orderBy(Rejects.REASON)
            .collectAsList();
    assertThat(r)
        .extracting(x -> (String) x.getAs(Rejects.REASON))
        .containsExactly(
            "RESOLVED at 2026-03-01T00:00:00Z is before the ticket was OPENED at 2026-03-03T04:00:00Z",
            "extension 3 at 2026-03-25T02:00:00Z: policy cn-nfra allows 2");
    assertThat(r)
        .allSatisfy(
            x -> {
              assertThat(x.<String>getAs(Rejects.SOURCE_FILE)).isEqualTo("tickets/tickets-0.csv");
              assertThat(x.<Long>getAs(Rejects.LINE)).isGreaterThan(1);
              assertThat(x.<String>getAs(Rejects.FILE_SHA256)).hasSize(64);
            });
    long before = wh.version(Rejects.SPEC);
    ComplaintJob.run(wh, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), p -> {});
    assertThat(wh.version(Rejects.SPEC)).isEqualTo(before);
  }

  @Test
  @Order(1)
  void complaintsLinkToTheNamedCallAndTheCallersInboundCallsInTheWeekBefore() {
    List<String> links =
        wh
            .read(ComplaintCalls.SPEC)
            .orderBy(Complaints.TICKET_ID, Calls.CALL_ID)
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getAs(Complaints.TICKET_ID)
                        + ":"
                        + r.getAs(Calls.CALL_ID)
                        + ":"
                        + r.getAs(ComplaintCalls.LINK))
            .toList();
    // c1 is named by T1 and also CU1's call: one link, CALL_ID. c3 is 8 days before T2; c4 is
    // outbound.
    assertThat(links).containsExactly("T1:c1:CALL_ID", "T2:c2:CUSTOMER_WINDOW");
  }

  @Test
  @Order(1)
  void openTicketsDueSoonAreOneQuery() {
    List<Row> due =
        wh.read(ComplaintOpen.SPEC)
            .filter(col(ComplaintOpen.DAYS_TO_DEADLINE).between(0, 7))
            .collectAsList();
    // As of 2026-04-20, T4 (opened 2026-04-12) is due at the end of 2026-04-27: 7 days.
    assertThat(due)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs(Complaints.TICKET_ID)).isEqualTo("T4");
              assertThat(r.<Integer>getAs(ComplaintOpen.DAYS_TO_DEADLINE)).isEqualTo(7);
            });
    assertThat(
            wh.read(ComplaintOpen.SPEC).filter(col(ComplaintOpen.DAYS_TO_DEADLINE).lt(0)).count())
        .isEqualTo(2);
  }

  @Test
  @Order(1)
  void dailyMetricsCountCohortsAndBacklog() {
    Map<LocalDate, long[]> byDay = new java.util.TreeMap<>();
    for (Row r : wh.read(ComplaintDaily.SPEC).collectAsList()) {
      long[] v = byDay.computeIfAbsent(r.getAs(ComplaintDaily.DAY), d -> new long[4]);
      v[0] += r.<Long>getAs(ComplaintDaily.OPENED);
      v[1] += r.<Long>getAs(ComplaintDaily.RESOLVED);
      v[2] += r.<Long>getAs(ComplaintDaily.BACKLOG);
      v[3] += r.<Long>getAs(ComplaintDaily.BREACHED);
    }
    assertThat(byDay.get(LocalDate.of(2026, 3, 2))).containsExactly(1, 0, 1, 0);
    assertThat(byDay.get(LocalDate.of(2026, 3, 5))).containsExactly(1, 0, 3, 0);
    assertThat(byDay.get(LocalDate.of(2026, 3, 19))).containsExactly(0, 0, 3, 1); // T2 breached
    assertThat(byDay.get(LocalDate.of(2026, 3, 26))).containsExactly(0, 1, 2, 0); // T3 resolved
    assertThat(byDay.get(LocalDate.of(2026, 3, 31)))
        .containsExactly(0, 1, 2, 0); // T1 resolved; T2, T3 open
    assertThat(byDay.get(LocalDate.of(2026, 4, 20))).containsExactly(0, 0, 3, 0);
    Row t1Day =
        wh.read(ComplaintDaily.SPEC)
            .filter(
                col(ComplaintDaily.DAY)
                    .equalTo("2026-03-31")
                    .and(col(Complaints.CHANNEL).equalTo("PHONE")))
            .head();
    assertThat(t1Day.<Double>getAs(ComplaintDaily.MEDIAN_DAYS_TO_RESOLVE)).isEqualTo(29.0);
    assertThat(t1Day.<Double>getAs(ComplaintDaily.ON_TIME_RATE)).isEqualTo(1.0);
  }

  @Test
  @Order(2)
  void asOfAPastDayGivesTheStateKnownThen() {
    ComplaintJob.Summary s =
        ComplaintJob.run(
            wh,
            ComplaintSettings.of(config),
            Optional.empty(),
            Optional.of(LocalDate.of(2026, 3, 20)),
            p -> {});
    assertThat(s.asOf()).isEqualTo(LifecycleTest.at("2026-03-21T00:00"));
    Map<String, Row> c = complaints(wh);
    assertThat(c.keySet()).containsExactlyInAnyOrder("T1", "T2", "T3");
    assertThat(c.get("T1").<String>getAs(Complaints.STATUS)).isEqualTo("OPEN");
    assertThat(c.get("T3").<Integer>getAs(Complaints.EXTENSIONS)).isEqualTo(2);
    assertThat(c.get("T3").<Boolean>getAs(Complaints.BREACHED)).isFalse();
  }

  @Test
  @Order(3)
  void rebuildingADayRangeReplacesExactlyThatRange() {
    ComplaintJob.run(wh, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), p -> {});
    List<Row> before =
        wh.read(ComplaintDaily.SPEC)
            .orderBy(
                ComplaintDaily.DAY,
                Complaints.SITE,
                Complaints.CHANNEL,
                Complaints.CATEGORY,
                Complaints.SEVERITY)
            .collectAsList();
    // Under the UK's 8 weeks T2 is not breached on 2026-03-19: rebuild that day only.
    CallqaConfig uk = config.with(ConfigKey.COMPLAINTS_POLICY, "uk-fca-disp");
    LocalDate day = LocalDate.of(2026, 3, 19);
    ComplaintJob.run(
        wh,
        ComplaintSettings.of(uk),
        Optional.of(new DayRange(day, day)),
        Optional.empty(),
        p -> {});
    List<Row> after =
        wh.read(ComplaintDaily.SPEC)
            .orderBy(
                ComplaintDaily.DAY,
                Complaints.SITE,
                Complaints.CHANNEL,
                Complaints.CATEGORY,
                Complaints.SEVERITY)
            .collectAsList();

    List<Row> outsideBefore =
        before.stream().filter(r -> !r.getAs(ComplaintDaily.DAY).equals(day)).toList();
    List<Row> outsideAfter =
        after.stream().filter(r -> !r.getAs(ComplaintDaily.DAY).equals(day)).toList();
    assertThat(outsideAfter).isEqualTo(outsideBefore);
    long breachedBefore =
        before.stream()
            .filter(r -> r.getAs(ComplaintDaily.DAY).equals(day))
            .mapToLong(r -> r.<Long>getAs(ComplaintDaily.BREACHED))
            .sum();
    long breachedAfter =
        after.stream()
            .filter(r -> r.getAs(ComplaintDaily.DAY).equals(day))
            .mapToLong(r -> r.<Long>getAs(ComplaintDaily.BREACHED))
            .sum();
    assertThat(breachedBefore).isEqualTo(1);
    assertThat(breachedAfter).isZero();
  }

  @Test
  @Order(4)
  void ticketTextIsMaskedAndComplainersCsatIsAJoinAway() {
    Row opened =
        wh.read(TicketEvents.SPEC)
            .filter(
                col(TicketEvents.TICKET_ID)
                    .equalTo("T1")
                    .and(col(TicketEvents.EVENT).equalTo("OPENED")))
            .head();
    assertThat(opened.<String>getAs(TicketEvents.TEXT)).isEqualTo("客户投诉年费 卡号 **** **** **** 6467");
    wh.registerListedViews(Tables.ALL);
    long linkedAgents =
        spark
            .sql(
                "SELECT count(DISTINCT c.agent_id) FROM complaint_calls l JOIN calls c USING (call_id)")
            .head()
            .getLong(0);
    assertThat(linkedAgents).isEqualTo(1);
  }
}
