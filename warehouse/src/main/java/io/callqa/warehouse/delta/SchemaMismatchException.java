package io.callqa.warehouse.delta;

/** A Delta table on disk does not have the schema its table class declares. */
public final class SchemaMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SchemaMismatchException(String message) {
    super(message);
  }
}
