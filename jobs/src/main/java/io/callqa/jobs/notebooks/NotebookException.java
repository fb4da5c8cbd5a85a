package io.callqa.jobs.notebooks;

/** A notebook or one of its cells cannot be read or run; the message names the file and the cell. */
public final class NotebookException extends RuntimeException {
  public NotebookException(String message) {
    super(message);
  }
}
