package io.callqa.dashboards.superset;

/** The Superset bundle is unreadable or inconsistent; the message names the file and the field. */
public final class BundleException extends RuntimeException {
  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
