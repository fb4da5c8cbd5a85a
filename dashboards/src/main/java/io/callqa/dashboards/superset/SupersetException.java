package io.callqa.dashboards.superset;

/** Publishing to Superset failed; the message names the step, the server and its answer. */
public final class SupersetException extends RuntimeException {
  public SupersetException(String message) {
    super(message);
  }

  public SupersetException(String message, Throwable cause) {
    super(message, cause);
  }
}
