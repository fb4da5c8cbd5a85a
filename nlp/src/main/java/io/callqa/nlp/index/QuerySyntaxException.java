package io.callqa.nlp.index;

/** A reviewer's query could not be read; the message says where and what to write instead. */
public final class QuerySyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  QuerySyntaxException(String message, Throwable cause) {
    super(message, cause);
  }
}
