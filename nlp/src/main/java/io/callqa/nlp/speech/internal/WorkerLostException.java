package io.callqa.nlp.speech.internal;

/** The worker process died or was killed while a request was in flight; the message says how. */
public final class WorkerLostException extends Exception {
  private static final long serialVersionUID = 1L;

  public WorkerLostException(String message) {
    super(message);
  }
}
