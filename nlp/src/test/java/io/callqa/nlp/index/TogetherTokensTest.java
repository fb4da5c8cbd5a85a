package io.callqa.nlp.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class TogetherTokensTest {

  /** term@position of the together field of {@code lines}. */
  private static List<String> positions(List<Line> lines) throws Exception {
    List<String> out = new ArrayList<>();
    try (TogetherTokens ts =
        TogetherTokens.of(IndexSchema.analyzer(), IndexSchema.togetherField("en"), lines)) {
      CharTermAttribute t = ts.getAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.getAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int pos = -1;
      while (ts.incrementToken()) {
        pos += inc.getPositionIncrement();
        out.add(t + "@" + pos);
      }
      ts.end();
    }
    return out;
  }

  @Test
  void linesWithinThreeSecondsAreFivePositionsApartOthersAHundred() throws Exception {
    List<Line> lines =
        List.of(
            new Line(0, Speaker.AGENT, 0.0, 2.0, "is the card with you"),
            new Line(1, Speaker.CUSTOMER, 4.5, 6.0, "no stolen"),
            new Line(2, Speaker.AGENT, 6.5, 7.0, "..."),
            new Line(3, Speaker.AGENT, 20.0, 21.0, "sorry"));
    assertThat(positions(lines))
        .containsExactly(
            "is@0",
            "the@1",
            "card@2",
            "with@3",
            "you@4",
            // 2.5 s after "you": near.
            "no@10",
            "stolen@11",
            // "..." has no word; "sorry" is 14 s after "stolen": far.
            "sorri@112");
  }

  @Test
  void writtenLinesAreAlwaysApart() throws Exception {
    List<Line> chat =
        List.of(
            new Line(0, Speaker.CUSTOMER, null, null, "lost"),
            new Line(1, Speaker.CUSTOMER, null, null, "card"));
    assertThat(positions(chat)).containsExactly("lost@0", "card@101");
  }
}
