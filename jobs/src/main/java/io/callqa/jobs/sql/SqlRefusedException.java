package io.callqa.jobs.sql;

import io.callqa.warehouse.CallqaException;

/**
 * A statement the SQL endpoint refused; its message is the one line the client sees and the audit
 * keeps.
 */
public final class SqlRefusedException extends CallqaException {
  private static final long serialVersionUID = 1L;

  SqlRefusedException(String reason) {
    super("refused by the callqa SQL endpoint: " + reason);
  }
}
