package io.callqa.nlp.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentimentTest {
  @Test
  void lexiconNegationAndIntensifiers() {
    assertThat(Sentiment.score("the weather is cloudy")).isZero();
    assertThat(Sentiment.tally("thank you that is great")).isEqualTo(new Sentiment.Tally(3, 0));
    assertThat(Sentiment.score("thank you that is great")).isEqualTo(0.75);
    assertThat(Sentiment.score("i am not happy")).isNegative();
    assertThat(Sentiment.score("that is not bad")).isPositive();
    assertThat(Sentiment.tally("very upset").negative()).isEqualTo(3.0);
    assertThat(Sentiment.score("我很满意 谢谢")).isPositive();
    assertThat(Sentiment.score("我不满意 太差了")).isNegative();
    assertThat(Sentiment.tally("不是很满意").negative()).isGreaterThan(0);
  }
}
