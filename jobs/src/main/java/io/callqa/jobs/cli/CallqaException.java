package io.callqa.jobs.cli;

/**
 * A user-facing error: the message says what went wrong, with the offending value, and what to do. The
 * command line prints it as one line and exits non-zero.
 */
public final class CallqaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallqaException(String message) {
    super(message);
  }

  public CallqaException(String message, Throwable cause) {
    super(message, cause);
  }
}
