package io.callqa.dashboards.queries;

/**
 * A library query cannot be bound: unknown query or parameter, a missing one, a value of the wrong
 * type.
 */
public final class QueryException extends RuntimeException {
  public QueryException(String message) {
    super(message);
  }
}
