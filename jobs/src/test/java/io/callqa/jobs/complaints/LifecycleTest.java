package io.callqa.jobs.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.CallqaException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deadline arithmetic at its boundaries, with expectations computed by hand (dates checked on a
 * calendar).
 */
class LifecycleTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final ComplaintPolicy CN = ComplaintPolicy.load("cn-nfra", null);
  static final ComplaintPolicy CN_BUSINESS = ComplaintPolicy.load("cn-nfra", true);
  static final ComplaintPolicy US = ComplaintPolicy.load("us-cfpb", null);
  static final ComplaintPolicy UK = ComplaintPolicy.load("uk-fca-disp", null);
  static final Instant LATER = at("2026-12-31T00:00");

  /** A local time in Shanghai. */
  static Instant at(String local) {
    return OffsetDateTime.parse(local + "+08:00").toInstant();
  }

  static Lifecycle.Event e(String event, String local) {
    return new Lifecycle.Event(event, at(local), "tickets/t.csv", 2, event + "," + local);
  }

  static Lifecycle.Result replay(ComplaintPolicy p, Instant asOf, Lifecycle.Event... events) {
    return Lifecycle.replay(List.of(events), "PHONE", "MEDIUM", p, ZONE, asOf);
  }

  @Test
  void aDecisionOnDay15IsOnTimeAndOneMinuteAfterItsEndIsLate() {
    // Opened Mon 2026-03-02: day 15 is Tue 2026-03-17; the deadline is the end of that day.
    Lifecycle.State onTime =
        replay(CN, LATER, e("OPENED", "2026-03-02T10:00"), e("RESOLVED", "2026-03-17T23:59"))
            .state();
    assertThat(onTime.deadlineAt()).isEqualTo(at("2026-03-18T00:00"));
    assertThat(onTime.resolvedOnTime()).isTrue();
    assertThat(onTime.breached()).isFalse();
    assertThat(onTime.status()).isEqualTo("RESOLVED");
    assertThat(onTime.daysToResolve()).isEqualTo(15.58);

    Lifecycle.State late =
        replay(CN, LATER, e("OPENED", "2026-03-02T10:00"), e("RESOLVED", "2026-03-18T00:00"))
            .state();
    assertThat(late.resolvedOnTime()).isFalse();
    assertThat(late.breached()).isTrue();
    assertThat(late.breachDay()).isEqualTo(LocalDate.of(2026, 3, 18));
  }

  @Test
  void anExtensionOnTheLastDayCountsAndMovesTheDeadlineTo30Days() {
    Lifecycle.Result r =
        replay(
            CN,
            LATER,
            e("OPENED", "2026-03-02T10:00"),
            e("EXTENDED", "2026-03-17T23:00"),
            e("RESOLVED", "2026-04-01T18:00"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.state().extensions()).isEqualTo(1);
    // 2026-03-02 + 30 = 2026-04-01.
    assertThat(r.state().decisionDueAt()).isEqualTo(at("2026-04-02T00:00"));
    assertThat(r.state().resolvedOnTime()).isTrue();
  }

  @Test
  void anExtensionAfterTheDeadlineAndAThirdExtensionAreRejected() {
    Lifecycle.Result late =
        replay(
            CN,
            at("2026-03-25T00:00"),
            e("OPENED", "2026-03-02T10:00"),
            e("EXTENDED", "2026-03-18T09:00"));
    assertThat(late.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .isEqualTo(
                        "EXTENDED at 2026-03-18T01:00:00Z after the deadline (end of 2026-03-17) had passed"));
    assertThat(late.state().extensions()).isZero();
    assertThat(late.state().breached()).isTrue();
    assertThat(late.state().status()).isEqualTo("OPEN");

    Lifecycle.Result third =
        replay(
            CN,
            LATER,
            e("OPENED", "2026-03-02T10:00"),
            e("EXTENDED", "2026-03-10T10:00"),
            e("EXTENDED", "2026-03-25T10:00"),
            e("EXTENDED", "2026-04-20T10:00"),
            e("RESOLVED", "2026-04-30T10:00"));
    assertThat(third.state().extensions()).isEqualTo(2);
    // 2026-03-02 + 60 = 2026-05-01.
    assertThat(third.state().decisionDueAt()).isEqualTo(at("2026-05-02T00:00"));
    assertThat(third.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .startsWith("extension 3 at")
                    .endsWith("policy cn-nfra allows 2"));
  }

  @Test
  void resolvedBeforeOpenedAndOtherImpossibleEventsAreProblems() {
    Lifecycle.Result r =
        replay(
            CN,
            LATER,
            e("RESOLVED", "2026-03-01T10:00"),
            e("OPENED", "2026-03-02T10:00"),
            e("CLOSED", "2026-03-03T10:00"),
            e("REOPENED", "2026-03-04T10:00"),
            e("OPENED", "2026-03-05T10:00"));
    assertThat(r.problems())
        .extracting(Lifecycle.Problem::reason)
        .containsExactly(
            "RESOLVED at 2026-03-01T02:00:00Z is before the ticket was OPENED at 2026-03-02T02:00:00Z",
            "CLOSED at 2026-03-03T02:00:00Z while the ticket was OPEN (CLOSED follows RESOLVED)",
            "REOPENED at 2026-03-04T02:00:00Z while the ticket was OPEN",
            "a second OPENED at 2026-03-05T02:00:00Z; the ticket opened at 2026-03-02T02:00:00Z");
    assertThat(r.state().status()).isEqualTo("OPEN");
  }

  @Test
  void aReopenAfterResolutionStartsAFreshClockAndALateSecondResolutionIsABreach() {
    Lifecycle.State s =
        replay(
                CN,
                LATER,
                e("OPENED", "2026-03-02T10:00"),
                e("RESOLVED", "2026-03-05T10:00"),
                e("REOPENED", "2026-03-10T10:00"),
                e("RESOLVED", "2026-03-26T00:30"),
                e("CLOSED", "2026-03-27T10:00"))
            .state();
    assertThat(s.reopens()).isEqualTo(1);
    assertThat(s.resolvedOnTime()).isTrue(); // the first decision was on time
    assertThat(s.firstResolvedAt()).isEqualTo(at("2026-03-05T10:00"));
    // Reopened 2026-03-10: new deadline end of 2026-03-25, missed by the resolution at 00:30 on the
    // 26th.
    assertThat(s.deadlineAt()).isEqualTo(at("2026-03-26T00:00"));
    assertThat(s.breached()).isTrue();
    assertThat(s.breachDay()).isEqualTo(LocalDate.of(2026, 3, 26));
    assertThat(s.status()).isEqualTo("CLOSED");
    assertThat(s.openSpans())
        .containsExactly(
            new Lifecycle.OpenSpan(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 4)),
            new Lifecycle.OpenSpan(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 25)));

    Lifecycle.State stillOpen =
        replay(
                CN,
                at("2026-03-12T00:00"),
                e("OPENED", "2026-03-02T10:00"),
                e("RESOLVED", "2026-03-05T10:00"),
                e("REOPENED", "2026-03-10T10:00"))
            .state();
    assertThat(stillOpen.status()).isEqualTo("REOPENED");
    assertThat(stillOpen.openSpans())
        .last()
        .isEqualTo(new Lifecycle.OpenSpan(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11)));
    assertThat(stillOpen.breached()).isFalse();
  }

  @Test
  void monthEnds() {
    // Sat 2026-01-31 + 15 = 2026-02-15; 2026-02-14 + 15 = 2026-03-01 (February 2026 has 28 days).
    assertThat(replay(CN, LATER, e("OPENED", "2026-01-31T23:30")).state().deadlineAt())
        .isEqualTo(at("2026-02-16T00:00"));
    assertThat(replay(CN, LATER, e("OPENED", "2026-02-14T00:10")).state().deadlineAt())
        .isEqualTo(at("2026-03-02T00:00"));
    // The local day decides: 2026-02-28T23:30+08 is still the 28th in Shanghai.
    assertThat(replay(CN, LATER, e("OPENED", "2026-02-28T23:30")).state().openedDay())
        .isEqualTo(LocalDate.of(2026, 2, 28));
  }

  @Test
  void businessDaysSkipWeekendsAndHolidaysButNotMakeUpWorkingDays() {
    // Fri 2026-02-13; Sat 14 is a make-up working day (1), 15-23 Spring Festival, Tue 24..Fri 27
    // (2-5), Sat 28
    // make-up (6), Mon 2..Fri 6 March (7-11), Mon 9..Thu 12 (12-15): the 15th business day is Thu
    // 2026-03-12.
    assertThat(CN_BUSINESS.plusBusinessDays(LocalDate.of(2026, 2, 13), 15))
        .isEqualTo(LocalDate.of(2026, 3, 12));
    Lifecycle.State s =
        replay(
                CN_BUSINESS,
                LATER,
                e("OPENED", "2026-02-13T16:00"),
                e("ACKNOWLEDGED", "2026-02-14T17:00"))
            .state();
    assertThat(s.deadlineAt()).isEqualTo(at("2026-03-13T00:00"));
    assertThat(s.acknowledgedOnTime()).isTrue();
    assertThat(CN.businessDays()).isFalse();
    assertThat(CN.isBusinessDay(LocalDate.of(2026, 2, 14))).isTrue();
    assertThat(CN.isBusinessDay(LocalDate.of(2026, 2, 16))).isFalse();
  }

  @Test
  void acknowledgementDeadlinesAndARegulatorOverride() {
    assertThat(
            replay(
                    CN,
                    LATER,
                    e("OPENED", "2026-03-02T10:00"),
                    e("ACKNOWLEDGED", "2026-03-03T23:59"))
                .state()
                .acknowledgedOnTime())
        .isTrue();
    assertThat(
            replay(
                    CN,
                    LATER,
                    e("OPENED", "2026-03-02T10:00"),
                    e("ACKNOWLEDGED", "2026-03-04T00:01"))
                .state()
                .acknowledgedOnTime())
        .isFalse();
    assertThat(
            replay(CN, at("2026-03-03T12:00"), e("OPENED", "2026-03-02T10:00"))
                .state()
                .acknowledgedOnTime())
        .isNull();
    assertThat(
            replay(CN, at("2026-03-04T00:00"), e("OPENED", "2026-03-02T10:00"))
                .state()
                .acknowledgedOnTime())
        .isFalse();
    // Forwarded by the regulator: acknowledged the same day.
    Lifecycle.State reg =
        Lifecycle.replay(
                List.of(e("OPENED", "2026-03-02T10:00"), e("ACKNOWLEDGED", "2026-03-03T09:00")),
                "REGULATOR",
                "LOW",
                CN,
                ZONE,
                LATER)
            .state();
    assertThat(reg.ackDueAt()).isEqualTo(at("2026-03-03T00:00"));
    assertThat(reg.acknowledgedOnTime()).isFalse();
  }

  @Test
  void usCfpbAllowsOneExtensionTo60Days() {
    Lifecycle.Result r =
        replay(
            US,
            LATER,
            e("OPENED", "2026-03-02T10:00"),
            e("EXTENDED", "2026-03-16T10:00"),
            e("EXTENDED", "2026-03-20T10:00"));
    assertThat(r.state().deadlineAt()).isEqualTo(at("2026-05-02T00:00"));
    assertThat(r.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("policy us-cfpb allows 1"));
  }

  @Test
  void ukDispEightWeeksAndSummaryResolutionByTheThirdBusinessDay() {
    // Fri 2026-03-06: business days Mon 9, Tue 10, Wed 11 -> summary resolution by the end of Wed
    // 11 March.
    Lifecycle.State quick =
        replay(UK, LATER, e("OPENED", "2026-03-06T10:00"), e("RESOLVED", "2026-03-11T17:00"))
            .state();
    assertThat(quick.summaryResolution()).isTrue();
    Lifecycle.State slower =
        replay(UK, LATER, e("OPENED", "2026-03-06T10:00"), e("RESOLVED", "2026-03-12T09:00"))
            .state();
    assertThat(slower.summaryResolution()).isFalse();
    assertThat(slower.resolvedOnTime()).isTrue();
    // 2026-03-06 + 56 days = 2026-05-01.
    assertThat(slower.decisionDueAt()).isEqualTo(at("2026-05-02T00:00"));
  }

  @Test
  void deliveryOrderDoesNotMatter() {
    List<Lifecycle.Event> events =
        new ArrayList<>(
            List.of(
                e("OPENED", "2026-03-02T10:00"),
                e("ACKNOWLEDGED", "2026-03-02T11:00"),
                e("ESCALATED", "2026-03-04T10:00"),
                e("EXTENDED", "2026-03-12T10:00"),
                e("RESOLVED", "2026-03-20T10:00"),
                e("REOPENED", "2026-03-22T10:00"),
                e("RESOLVED", "2026-03-30T10:00"),
                e("CLOSED", "2026-04-01T10:00")));
    Lifecycle.Result reference = Lifecycle.replay(events, "WEB", "HIGH", CN, ZONE, LATER);
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(events, random);
      assertThat(Lifecycle.replay(events, "WEB", "HIGH", CN, ZONE, LATER)).isEqualTo(reference);
    }
    assertThat(reference.problems()).isEmpty();
    assertThat(reference.state().escalations()).isEqualTo(1);
  }

  @Test
  void withoutOpenedThereIsNoStateYetAndLaterEventsAreNotSeenAsOfEarlier() {
    assertThat(replay(CN, LATER, e("ACKNOWLEDGED", "2026-03-02T11:00")).state()).isNull();
    Lifecycle.State asOf =
        replay(
                CN,
                at("2026-03-10T00:00"),
                e("OPENED", "2026-03-02T10:00"),
                e("RESOLVED", "2026-03-12T10:00"))
            .state();
    assertThat(asOf.status()).isEqualTo("OPEN");
    assertThat(asOf.ageDays()).isEqualTo(7.58);
  }

  @Test
  void aBadPolicyFileNamesTheKey() {
    assertThatThrownBy(() -> ComplaintPolicy.parse("decision.days = 15\n", "policy file x", null))
        .isInstanceOf(CallqaException.class)
        .hasMessage("policy file x lacks acknowledge.days");
    assertThatThrownBy(
            () ->
                ComplaintPolicy.parse(
                    "acknowledge.days=1\ndecision.days = fifteen\n", "policy file x", null))
        .hasMessage("policy file x: decision.days = 'fifteen' is not a whole number of days");
    assertThatThrownBy(
            () ->
                ComplaintPolicy.parse(
                    "acknowledge.days=1\ndecision.days=15\nholidays=2026-13-01\n", "p", null))
        .hasMessageContaining("holidays has '2026-13-01'");
    assertThatThrownBy(() -> ComplaintPolicy.load("no-such-policy", null))
        .hasMessageContaining(
            "neither a shipped policy [cn-nfra, us-cfpb, uk-fca-disp] nor a readable file");
  }
}
