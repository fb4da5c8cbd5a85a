package io.callqa.warehouse.delta;

import io.callqa.warehouse.CallqaException;

/** A Delta table on disk does not have the schema its table class declares. */
public final class SchemaMismatchException extends CallqaException {
  private static final long serialVersionUID = 1L;

  SchemaMismatchException(String message) {
    super(message);
  }
}
