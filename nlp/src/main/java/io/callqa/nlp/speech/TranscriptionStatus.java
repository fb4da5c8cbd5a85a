package io.callqa.nlp.speech;

/** How the transcription of one call ended. */
public enum TranscriptionStatus {
  /** At least one utterance was recognised. */
  TRANSCRIBED,
  /** The audio decoded but holds no recognisable speech (silence, noise). */
  NO_SPEECH,
  /** Not attempted, e.g. no model is configured for the call's language. */
  SKIPPED,
  /** The recording is missing or unreadable, or the recogniser crashed or hung on it. */
  FAILED
}
