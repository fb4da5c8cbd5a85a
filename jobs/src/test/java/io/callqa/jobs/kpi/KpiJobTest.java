package io.callqa.jobs.kpi;

import static io.callqa.jobs.kpi.CallFixture.inbound;
import static io.callqa.jobs.kpi.CallFixture.outbound;
import static io.callqa.jobs.kpi.CallFixture.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.KpiInterval;
import io.callqa.warehouse.tables.Surveys;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed KPI fixtures (T = 15 s, short abandon 5 s, FCR 7 days, Asia/Shanghai). Day
 * 2026-03-02, SHANGHAI / BILLING / STANDARD:
 *
 * <pre>
 * c1 queued 10:00:00 answered 10:00:15 (exactly T: within SL)  talk 100 hold 10 acw 20  customer A
 * c2 queued 10:01:00 answered 10:01:16 (16 s: not within)      talk 200 hold 0  acw 30  customer B, transferred
 * c3 queued 10:02:00 ended    10:02:05 abandoned at exactly 5 s: not short, within T
 * c4 queued 10:03:00 ended    10:03:04 abandoned after 4 s: short
 * c5 queued 10:04:00 ended    10:04:40 abandoned after 40 s
 * c6 queued 23:59:58 answered 00:00:08 next day (10 s)          talk 60           customer C
 * o1 outbound, answered: counts nowhere
 * r1 customer A, IVR self-service on 03-09 (day + 7): A's c1 is a repeat, not resolved
 * r2 customer B, IVR self-service on 03-10 (day + 8): B's c2 resolved
 * r3 IVR abandon on 03-09; r4 IVR transfer on 03-09, queued and answered
 * c7 WUHAN, timestamps in UTC: queued 2026-03-02T16:30Z = 03-03 00:30 local
 * surveys: c1 csat 5 nps 10; c2 csat 3 nps 6; c6 offered not completed; c3 (abandoned) and a ghost call: ignored
 * </pre>
 *
 * offered 6, answered 3, within SL 2, abandoned 3, short 1, abandoned within T 2; service level 2 /
 * (6 - 1) = 0.4; ASA (15 + 16 + 10) / 3; abandon rate (3 - 1) / 5 = 0.4; handled 0.5; AHT (130 +
 * 230 + 60) / 3 = 140; transfer rate 1/3; FCR 2/3 (A repeats on day 7; B on day 8 is outside; C
 * never); surveys offered 3, completed 2, CSAT 1/2, NPS (1 - 1) / 2 = 0.
 */
class KpiJobTest extends SparkTestBase {
  Dataset<Row> calls;
  Dataset<Row> surveys;
  final CallqaConfig config = CallqaConfig.defaults();

  @BeforeAll
  void fixtures() {
    List<Row> c =
        List.of(
            inbound("c1")
                .customer("A")
                .queued("BILLING", "2026-03-02T10:00:00+08:00")
                .answered("2026-03-02T10:00:15+08:00", 100, 10, 20)
                .ended("2026-03-02T10:02:05+08:00")
                .row(),
            inbound("c2")
                .customer("B")
                .queued("BILLING", "2026-03-02T10:01:00+08:00")
                .answered("2026-03-02T10:01:16+08:00", 200, 0, 30)
                .ended("2026-03-02T10:04:36+08:00")
                .transferred()
                .row(),
            inbound("c3")
                .queued("BILLING", "2026-03-02T10:02:00+08:00")
                .ended("2026-03-02T10:02:05+08:00")
                .row(),
            inbound("c4")
                .queued("BILLING", "2026-03-02T10:03:00+08:00")
                .ended("2026-03-02T10:03:04+08:00")
                .row(),
            inbound("c5")
                .queued("BILLING", "2026-03-02T10:04:00+08:00")
                .ended("2026-03-02T10:04:40+08:00")
                .row(),
            inbound("c6")
                .customer("C")
                .queued("BILLING", "2026-03-02T23:59:58+08:00")
                .answered("2026-03-03T00:00:08+08:00", 60, 0, 0)
                .ended("2026-03-03T00:01:08+08:00")
                .row(),
            outbound("o1")
                .customer("A")
                .queued("BILLING", "2026-03-02T11:00:00+08:00")
                .answered("2026-03-02T11:00:05+08:00", 50, 0, 0)
                .ended("2026-03-02T11:01:00+08:00")
                .row(),
            inbound("r1")
                .customer("A")
                .ivr("2026-03-09T09:00:00+08:00", "2026-03-09T09:01:00+08:00", "SELF_SERVICE")
                .ended("2026-03-09T09:01:00+08:00")
                .row(),
            inbound("r2")
                .customer("B")
                .ivr("2026-03-10T09:00:00+08:00", "2026-03-10T09:01:00+08:00", "SELF_SERVICE")
                .ended("2026-03-10T09:01:00+08:00")
                .row(),
            inbound("r3")
                .ivr("2026-03-09T10:00:00+08:00", "2026-03-09T10:00:30+08:00", "ABANDON")
                .ended("2026-03-09T10:00:30+08:00")
                .row(),
            inbound("r4")
                .ivr("2026-03-09T11:00:00+08:00", "2026-03-09T11:01:00+08:00", "TRANSFER")
                .queued("BILLING", "2026-03-09T11:01:00+08:00")
                .answered("2026-03-09T11:01:05+08:00", 90, 0, 10)
                .ended("2026-03-09T11:02:35+08:00")
                .row(),
            inbound("c7")
                .site("WUHAN")
                .queued("BILLING", "2026-03-02T16:30:00Z")
                .answered("2026-03-02T16:30:20Z", 30, 0, 0)
                .ended("2026-03-02T16:31:00Z")
                .row());
    calls = spark.createDataFrame(c, Calls.SCHEMA);
    surveys =
        spark.createDataFrame(
            List.of(
                survey("c1", true, "2026-03-02T10:03:00+08:00", 5, 10),
                survey("c2", true, "2026-03-02T10:05:00+08:00", 3, 6),
                survey("c6", true, null, null, null),
                survey("c3", true, "2026-03-02T10:03:00+08:00", 1, 0),
                survey("ghost", true, "2026-03-02T10:03:00+08:00", 1, 0)),
            Surveys.SCHEMA);
  }

  private Row dailyRow(Dataset<Row> daily, String day, String site) {
    List<Row> rows =
        daily
            .filter(
                daily
                    .col(KpiDaily.DAY)
                    .equalTo(LocalDate.parse(day))
                    .and(daily.col(KpiDaily.SITE).equalTo(site)))
            .collectAsList();
    assertThat(rows).as("kpi_daily rows for %s %s", day, site).hasSize(1);
    return rows.get(0);
  }

  private static long l(Row r, String c) {
    return r.<Long>getAs(c);
  }

  private static double d(Row r, String c) {
    return r.<Double>getAs(c);
  }

  @Test
  void dailyCountsAndRatiosMatchTheHandComputedFixture() {
    Row r =
        dailyRow(KpiJob.daily(calls, surveys, KpiSettings.of(config)), "2026-03-02", "SHANGHAI");
    assertThat(r.<String>getAs(KpiDaily.QUEUE)).isEqualTo("BILLING");
    assertThat(l(r, KpiDaily.OFFERED_AGENT)).isEqualTo(6);
    assertThat(l(r, KpiDaily.ANSWERED)).isEqualTo(3);
    assertThat(l(r, KpiDaily.ANSWERED_WITHIN_SL)).isEqualTo(2);
    assertThat(l(r, KpiDaily.ABANDONED)).isEqualTo(3);
    assertThat(l(r, KpiDaily.SHORT_ABANDONED)).isEqualTo(1);
    assertThat(l(r, KpiDaily.ABANDONED_WITHIN_SL)).isEqualTo(2);
    assertThat(d(r, KpiDaily.SERVICE_LEVEL)).isCloseTo(0.4, within(1e-9));
    assertThat(d(r, KpiDaily.ASA_S)).isCloseTo(41.0 / 3, within(1e-9));
    assertThat(d(r, KpiDaily.ABANDON_RATE)).isCloseTo(0.4, within(1e-9));
    assertThat(d(r, KpiDaily.HANDLED_RATE)).isCloseTo(0.5, within(1e-9));
    assertThat(d(r, KpiDaily.AHT_S)).isCloseTo(140.0, within(1e-9));
    assertThat(l(r, KpiDaily.TRANSFERRED_OUT)).isEqualTo(1);
    assertThat(d(r, KpiDaily.TRANSFER_RATE)).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(l(r, KpiDaily.FCR_ELIGIBLE)).isEqualTo(3);
    assertThat(l(r, KpiDaily.FCR_RESOLVED)).isEqualTo(2);
    assertThat(d(r, KpiDaily.FCR)).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(l(r, KpiDaily.SURVEYS_OFFERED)).isEqualTo(3);
    assertThat(l(r, KpiDaily.SURVEYS_COMPLETED)).isEqualTo(2);
    assertThat(d(r, KpiDaily.SURVEY_RESPONSE_RATE)).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(l(r, KpiDaily.CSAT_RESPONSES)).isEqualTo(2);
    assertThat(d(r, KpiDaily.CSAT)).isCloseTo(0.5, within(1e-9));
    assertThat(l(r, KpiDaily.NPS_PROMOTERS)).isEqualTo(1);
    assertThat(l(r, KpiDaily.NPS_DETRACTORS)).isEqualTo(1);
    assertThat(d(r, KpiDaily.NPS)).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void aContactQueuedInUtcCountsOnItsLocalDay() {
    Dataset<Row> daily = KpiJob.daily(calls, surveys, KpiSettings.of(config));
    Row wuhan = dailyRow(daily, "2026-03-03", "WUHAN");
    assertThat(l(wuhan, KpiDaily.ANSWERED)).isEqualTo(1);
    assertThat(daily.filter(daily.col(KpiDaily.SITE).equalTo("WUHAN")).count()).isEqualTo(1);
  }

  @Test
  void ratiosWithAZeroDenominatorAreNull() {
    Row r9 =
        dailyRow(KpiJob.daily(calls, surveys, KpiSettings.of(config)), "2026-03-09", "SHANGHAI");
    assertThat(l(r9, KpiDaily.OFFERED_AGENT)).isEqualTo(1);
    assertThat(r9.<Double>getAs(KpiDaily.CSAT)).isNull();
    assertThat(r9.<Double>getAs(KpiDaily.NPS)).isNull();
    assertThat(r9.<Double>getAs(KpiDaily.FCR)).isNull();
  }

  @Test
  void thresholdsComeFromConfiguration() {
    CallqaConfig t20 =
        config.with(ConfigKey.SL_THRESHOLD_S, "20").with(ConfigKey.FCR_WINDOW_DAYS, "8");
    Row r = dailyRow(KpiJob.daily(calls, surveys, KpiSettings.of(t20)), "2026-03-02", "SHANGHAI");
    assertThat(l(r, KpiDaily.ANSWERED_WITHIN_SL)).isEqualTo(3);
    assertThat(l(r, KpiDaily.FCR_RESOLVED)).as("B's repeat on day 8 now counts").isEqualTo(1);
    CallqaConfig short4 = config.with(ConfigKey.SHORT_ABANDON_S, "6");
    Row s =
        dailyRow(KpiJob.daily(calls, surveys, KpiSettings.of(short4)), "2026-03-02", "SHANGHAI");
    assertThat(l(s, KpiDaily.SHORT_ABANDONED))
        .as("the 5 s abandon is short under 6 s")
        .isEqualTo(2);
  }

  @Test
  void ivrDailyCountsOutcomesOnTheDayOfIvrStart() {
    Dataset<Row> ivr = KpiJob.ivrDaily(calls, KpiSettings.of(config));
    List<Row> rows =
        ivr.filter(ivr.col(IvrDaily.DAY).equalTo(LocalDate.of(2026, 3, 9))).collectAsList();
    assertThat(rows).hasSize(1);
    Row r = rows.get(0);
    assertThat(l(r, IvrDaily.OFFERED_IVR)).isEqualTo(3);
    assertThat(l(r, IvrDaily.IVR_SELF_SERVICE)).isEqualTo(1);
    assertThat(l(r, IvrDaily.IVR_ABANDONED)).isEqualTo(1);
    assertThat(l(r, IvrDaily.TRANSFERRED_TO_AGENT)).isEqualTo(1);
    assertThat(d(r, IvrDaily.IVR_CONTAINMENT)).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(ivr.count()).as("days 03-09 and 03-10").isEqualTo(2);
  }

  @Test
  void intervalsAreLocalHalfHours() {
    Dataset<Row> iv =
        KpiJob.interval(calls, KpiSettings.of(config))
            .filter("site = 'SHANGHAI' AND day = DATE'2026-03-02'")
            .orderBy(KpiInterval.INTERVAL_START);
    List<Row> rows = iv.collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs(KpiInterval.INTERVAL_TIME))
        .containsExactly("10:00", "23:30");
    Row ten = rows.get(0);
    assertThat(l(ten, KpiDaily.OFFERED_AGENT)).isEqualTo(5);
    assertThat(l(ten, KpiDaily.ANSWERED_WITHIN_SL)).isEqualTo(1);
    assertThat(d(ten, KpiDaily.SERVICE_LEVEL)).isCloseTo(0.25, within(1e-9));
    assertThat(ten.<java.time.Instant>getAs(KpiInterval.INTERVAL_START))
        .isEqualTo(CallFixture.at("2026-03-02T10:00:00+08:00"));
  }

  @Test
  void rollUpRecomputesRatiosFromSumsNotAveragesOfRatios() {
    Dataset<Row> all =
        KpiJob.rollUp(KpiJob.daily(calls, surveys, KpiSettings.of(config)), KpiDaily.SITE);
    Row sh = all.filter("site = 'SHANGHAI'").head();
    // 03-02: 2 within / 5 net offered; 03-09: 1 within / 1 net: pooled 3 / 6, not the mean 0.7.
    assertThat(d(sh, KpiDaily.SERVICE_LEVEL)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void refusesASessionInAnotherTimeZone() {
    CallqaConfig utc = config.with(ConfigKey.TIME_ZONE, "UTC");
    assertThatThrownBy(() -> KpiJob.daily(calls, surveys, KpiSettings.of(utc)))
        .hasMessageContaining("Spark session time zone is Asia/Shanghai but the centre's is UTC");
    assertThat(SparkSessions.SESSION_TIME_ZONE).isNotEmpty();
    assertThat(ZoneId.of("Asia/Shanghai")).isEqualTo(ZONE);
  }
}
