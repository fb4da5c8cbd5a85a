package io.callqa.jobs.sql;

/** The SQL endpoint could not start; the message says why and what to do. */
public final class SqlServerException extends RuntimeException {
  SqlServerException(String message) {
    super(message);
  }

  SqlServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
