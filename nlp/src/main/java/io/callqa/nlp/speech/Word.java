package io.callqa.nlp.speech;

/**
 * One recognised word with its times in seconds from the start of the recording and the
 * recogniser's confidence (0..1).
 */
public record Word(String text, double startS, double endS, double confidence) {

  /** The same word with other text, e.g. masked. */
  public Word withText(String newText) {
    return new Word(newText, startS, endS, confidence);
  }
}
