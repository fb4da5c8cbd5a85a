package io.callqa.jobs.report;

import io.callqa.warehouse.CallqaException;

/** The report cannot be made (no KPI data, a bad period); the message says what to do. */
public final class ReportException extends CallqaException {
  private static final long serialVersionUID = 1L;

  ReportException(String message) {
    super(message);
  }
}
