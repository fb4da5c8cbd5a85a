package io.callqa.nlp.analytics;

import static io.callqa.nlp.analytics.CallMetricsTest.a;
import static io.callqa.nlp.analytics.CallMetricsTest.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqa.nlp.analytics.Timeline.Span;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private static final List<Line> CALL =
      List.of(
          a(0, 0, 10, "thank you for calling how can i help"),
          c(1, 9, 11, "my card is stolen"),
          a(2, 12, 20, "i am sorry to hear that"),
          c(3, 25, 40, "this is terrible i am very upset and frustrated"),
          a(4, 38, 42, "i understand thank you"));

  @Test
  void spansAddUpToTheCallMetrics() {
    Timeline t = Timeline.of(CALL, 3.0);
    CallMetrics m = CallMetrics.compute(CALL, "en", 3.0);
    assertThat(t.durationS()).isEqualTo(42.0);
    assertThat(t.talk().get(Speaker.AGENT))
        .containsExactly(new Span(0, 10), new Span(12, 20), new Span(38, 42));
    assertThat(t.talk().get(Speaker.CUSTOMER)).containsExactly(new Span(9, 11), new Span(25, 40));
    assertThat(t.silences()).containsExactly(new Span(20, 25));
    assertThat(t.silences().stream().mapToDouble(Span::seconds).sum()).isEqualTo(m.nonTalkS());
    assertThat(t.overlaps()).containsExactly(new Span(9, 10), new Span(38, 40));
    assertThat(t.overlaps().stream().mapToDouble(Span::seconds).sum())
        .isCloseTo(m.overlapS(), within(1e-9));
  }

  @Test
  void sentimentOfEachQuarter() {
    Timeline t = Timeline.of(CALL, 3.0);
    assertThat(t.quarters()).hasSize(4);
    // Quarter 3 (21-31.5 s): the customer's "terrible ... upset and frustrated"; the agent silent.
    Timeline.Quarter q3 = t.quarters().get(2);
    assertThat(q3.customer()).isNegative();
    assertThat(q3.agent()).isNull();
    // Quarter 4 (31.5-42 s): the agent's "thank you".
    assertThat(t.quarters().get(3).agent()).isPositive();
    assertThat(t.toMap()).containsKeys("talk", "silences", "overlaps", "quarters");
  }

  @Test
  void writtenConversationsHaveNone() {
    assertThat(Timeline.of(List.of(new Line(0, Speaker.CUSTOMER, null, null, "hi")), 3.0)).isNull();
    assertThat(Timeline.of(List.of(), 3.0)).isNull();
  }

  @Test
  void aPointsReasonNamesItsSubject() {
    Scorecard s = Scorecard.load("bundled", CategoryRules.bundled()).get(0);
    Scorecard.Score fail =
        s.score(
            Set.of("greeting_with_name", "card_number_read_back"),
            ScorecardTest.metrics(0.3, null, 0.1));
    for (Scorecard.Point p : fail.points()) {
      assertThat(Scorecard.subjectOf(p.reason())).as(p.reason()).isPresent();
      String subject = Scorecard.subjectOf(p.reason()).orElseThrow();
      assertThat(
              CategoryRules.bundled().names().contains(subject)
                  || CallMetrics.NAMES.contains(subject))
          .as(p.reason() + " -> " + subject)
          .isTrue();
    }
    assertThat(Scorecard.subjectOf("AUTO-FAIL: card_number_read_back found"))
        .contains("card_number_read_back");
    assertThat(Scorecard.subjectOf("silence_share = 0.300 (max 0.200)")).contains("silence_share");
    assertThat(Scorecard.subjectOf("no card_number_read_back")).contains("card_number_read_back");
    assertThat(Scorecard.subjectOf("something else entirely")).isEmpty();
  }
}
