package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The tokens of a conversation's {@link IndexSchema#togetherField together field}: every line
 * analysed as its language's text fields are, in order, with {@link IndexSchema#NEAR_GAP} positions
 * between two lines said within {@link IndexSchema#NEAR_S} seconds of each other and {@link
 * IndexSchema#LINE_GAP} between any others (written lines have no times: always the large gap).
 */
final class TogetherTokens extends TokenStream {

  private final List<String> terms;
  private final int[] increments;
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute increment =
      addAttribute(PositionIncrementAttribute.class);
  private int next;

  private TogetherTokens(List<String> terms, int[] increments) {
    this.terms = terms;
    this.increments = increments;
  }

  /** The lines' tokens, analysed by {@code analyzer}'s analysis of {@code field}. */
  static TogetherTokens of(Analyzer analyzer, String field, List<Line> lines) {
    List<String> terms = new ArrayList<>();
    List<Integer> increments = new ArrayList<>();
    Line previous = null;
    for (Line line : lines) {
      int gap =
          previous == null ? 0 : near(previous, line) ? IndexSchema.NEAR_GAP : IndexSchema.LINE_GAP;
      try (TokenStream ts = analyzer.tokenStream(field, line.text())) {
        CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
        ts.reset();
        boolean any = false;
        while (ts.incrementToken()) {
          terms.add(t.toString());
          increments.add(inc.getPositionIncrement() + gap);
          gap = 0;
          any = true;
        }
        ts.end();
        if (any) {
          // A line with no word (a pause marker, punctuation) does not join its neighbours.
          previous = line;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot analyse line " + line.no(), e);
      }
    }
    int[] inc = new int[increments.size()];
    for (int i = 0; i < inc.length; i++) {
      inc[i] = increments.get(i);
    }
    if (inc.length > 0) {
      inc[0] = Math.max(1, inc[0]);
    }
    return new TogetherTokens(terms, inc);
  }

  private static boolean near(Line a, Line b) {
    return a.endS() != null && b.startS() != null && b.startS() - a.endS() <= IndexSchema.NEAR_S;
  }

  @Override
  public boolean incrementToken() {
    if (next >= terms.size()) {
      return false;
    }
    clearAttributes();
    term.setEmpty().append(terms.get(next));
    increment.setPositionIncrement(increments[next]);
    next++;
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    next = 0;
  }
}
