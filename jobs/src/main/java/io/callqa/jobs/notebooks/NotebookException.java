package io.callqa.jobs.notebooks;

import io.callqa.warehouse.CallqaException;

/**
 * A notebook or one of its cells cannot be read or run; the message names the file and the cell.
 */
public final class NotebookException extends CallqaException {
  private static final long serialVersionUID = 1L;

  public NotebookException(String message) {
    super(message);
  }
}
