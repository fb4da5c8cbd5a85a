package io.callqa.warehouse;

import java.nio.file.Path;

/**
 * The one base type of callqa's user-facing errors: the message says what went wrong, with the
 * offending value (file, line, key, call id), and what to do. The command line prints it as one
 * line, {@code callqa: <message>}, and exits 1; any other exception is reported as a bug with its
 * type and cause.
 *
 * <p>In this module because every stage, the command line and the tools depend on it. The errors of
 * one subsystem extend it ({@code ReportException}, {@code SqlServerException}, {@code
 * SqlRefusedException}, {@code NotebookException}, {@link
 * io.callqa.warehouse.delta.SchemaMismatchException}); the factory methods below write the messages
 * that recur, so they read the same everywhere:
 *
 * <pre>{@code
 * throw CallqaException.cannotRead("config file " + file, e);   // cannot read config file x.properties: <why>
 * throw CallqaException.noFolder("warehouse", dir, "run `callqa run` first");
 * throw CallqaException.badValue("kpi.service-level.threshold-s", "abc", "a number");
 * }</pre>
 */
public class CallqaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallqaException(String message) {
    super(message);
  }

  public CallqaException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code cannot read WHAT: REASON}, for a file or folder that exists but could not be read. */
  public static CallqaException cannotRead(String what, Exception cause) {
    return new CallqaException("cannot read " + what + ": " + cause.getMessage(), cause);
  }

  /** {@code KIND folder PATH does not exist; ADVICE}. */
  public static CallqaException noFolder(String kind, Path path, String advice) {
    return new CallqaException(kind + " folder " + path + " does not exist; " + advice);
  }

  /** {@code configuration KEY = 'VALUE' is not EXPECTED}. */
  public static CallqaException badValue(String key, Object value, String expected) {
    return new CallqaException("configuration " + key + " = '" + value + "' is not " + expected);
  }

  /**
   * A lower layer's failure whose message is already written for the user (a query library's
   * unknown name, a users file's bad line): kept as it is, with its cause for {@code CALLQA_DEBUG}.
   */
  public static CallqaException of(Exception cause) {
    return cause instanceof CallqaException c ? c : new CallqaException(cause.getMessage(), cause);
  }
}
