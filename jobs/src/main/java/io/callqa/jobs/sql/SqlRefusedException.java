package io.callqa.jobs.sql;

import io.callqa.warehouse.CallqaException;

/**
 * A statement the SQL endpoint refused; its message is the one line the client sees and the audit
 * keeps.
 */
public final class SqlRefusedException extends CallqaException {
  private static final long serialVersionUID = 1L;

  /** How every refusal starts (a client tells a refusal from an error in the statement by it). */
  public static final String PREFIX = "refused by the callqa SQL endpoint";

  SqlRefusedException(String reason) {
    super(PREFIX + ": " + reason);
  }
}
