package io.callqa.nlp.speech;

import java.util.List;

/**
 * A stretch of speech by one speaker between two pauses, as the recogniser's endpointing cut it.
 *
 * @param text the words joined by single spaces
 * @param confidence the mean of the words' confidences
 */
public record Utterance(
    Speaker speaker, double startS, double endS, String text, double confidence, List<Word> words) {

  public Utterance {
    words = List.copyOf(words);
  }

  /** An utterance made of {@code words}, its times, text and confidence derived from them. */
  public static Utterance of(Speaker speaker, List<Word> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("an utterance needs at least one word");
    }
    StringBuilder text = new StringBuilder();
    double conf = 0;
    for (Word w : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(w.text());
      conf += w.confidence();
    }
    return new Utterance(
        speaker,
        words.get(0).startS(),
        words.get(words.size() - 1).endS(),
        text.toString(),
        conf / words.size(),
        words);
  }
}
