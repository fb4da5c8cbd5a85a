package io.callqa.nlp.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

  static Line a(int no, double s, double e, String t) {
    return new Line(no, Speaker.AGENT, s, e, t);
  }

  static Line c(int no, double s, double e, String t) {
    return new Line(no, Speaker.CUSTOMER, s, e, t);
  }

  @Test
  void talkSilenceAndTalkOverByHand() {
    // Agent 0-10 and 12-20; customer 9-11 (starts while the agent speaks: a customer interruption),
    // 25-40 (a 5 s gap before it), agent 38-42 (starts while the customer speaks: an agent
    // interruption).
    List<Line> ls =
        List.of(
            a(0, 0, 10, "thank you for calling how can i help"),
            c(1, 9, 11, "my card is stolen"),
            a(2, 12, 20, "i am sorry to hear that"),
            c(3, 25, 40, "this is terrible i am very upset and frustrated"),
            a(4, 38, 42, "i understand"));
    CallMetrics m = CallMetrics.compute(ls, "en", 3.0);
    assertThat(m.durationS()).isEqualTo(42.0);
    assertThat(m.agentTalkS()).isEqualTo(22.0);
    assertThat(m.customerTalkS()).isEqualTo(17.0);
    // Speech union: 0-11, 12-20, 25-42 = 36 s; silence 6 s of 42.
    assertThat(m.silenceShare()).isCloseTo(6.0 / 42, within(1e-3));
    assertThat(m.longGaps()).isEqualTo(1);
    assertThat(m.nonTalkS()).isEqualTo(5.0);
    assertThat(m.overlaps()).isEqualTo(2);
    assertThat(m.overlapS()).isEqualTo(3.0);
    assertThat(m.customerInterruptions()).isEqualTo(1);
    assertThat(m.agentInterruptions()).isEqualTo(1);
    assertThat(m.talkRatio()).isCloseTo(22.0 / 17, within(1e-3));
    // Customer words: 4 + 9 = 13 in 17 s.
    assertThat(m.customerWpm()).isCloseTo(13 / (17 / 60.0), within(0.01));
    assertThat(m.longestCustomerMonologueS()).isEqualTo(15.0);
    // Customer: neutral in the first quarter (0-10.5 s), negative in the last (ends after 31.5 s).
    assertThat(m.customerSentimentFirst()).isEqualTo(0.0);
    assertThat(m.customerSentimentLast()).isNegative();
    assertThat(m.customerSentimentShift()).isEqualTo(m.customerSentimentLast());
    assertThat(m.asMap().keySet()).containsExactlyElementsOf(CallMetrics.NAMES);
  }

  @Test
  void writtenConversationsHaveNoTimeMetrics() {
    List<Line> ls =
        List.of(
            new Line(0, Speaker.CUSTOMER, null, null, "this is ridiculous"),
            new Line(1, Speaker.AGENT, null, null, "sorry"),
            new Line(2, Speaker.CUSTOMER, null, null, "ok thanks that is great"));
    CallMetrics m = CallMetrics.compute(ls, "en", 3.0);
    assertThat(m.durationS()).isNull();
    assertThat(m.silenceShare()).isNull();
    assertThat(m.agentInterruptions()).isNull();
    assertThat(m.customerSentimentFirst()).isNegative();
    assertThat(m.customerSentimentLast()).isPositive();
    assertThat(m.customerSentimentShift()).isPositive();
  }
}
