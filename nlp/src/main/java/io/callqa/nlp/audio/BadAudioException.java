package io.callqa.nlp.audio;

/**
 * A recording that cannot be transcribed: the message says what is wrong with which file (e.g.
 * "sample rate 0 Hz in the fmt chunk is not one of ..."). The transcription run records it as the
 * call's reason.
 */
public final class BadAudioException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadAudioException(String message) {
    super(message);
  }

  public BadAudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
