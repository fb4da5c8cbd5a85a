package io.callqa.jobs.sql;

import io.callqa.warehouse.CallqaException;

/** The SQL endpoint could not start; the message says why and what to do. */
public final class SqlServerException extends CallqaException {
  private static final long serialVersionUID = 1L;

  SqlServerException(String message) {
    super(message);
  }

  SqlServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
