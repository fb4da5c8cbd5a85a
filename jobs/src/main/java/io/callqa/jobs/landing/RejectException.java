package io.callqa.jobs.landing;

/**
 * A landing record that cannot be accepted; the message is the reason stored in {@code rejects}.
 */
public final class RejectException extends Exception {
  private static final long serialVersionUID = 1L;

  public RejectException(String reason) {
    super(reason, null, false, false);
  }
}
