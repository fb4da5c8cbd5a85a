package io.callqa.jobs.report;

/** The report cannot be made (no KPI data, a bad period); the message says what to do. */
public final class ReportException extends RuntimeException {
  ReportException(String message) {
    super(message);
  }
}
