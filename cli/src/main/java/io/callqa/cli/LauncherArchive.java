package io.callqa.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's class-data archive, seen from the command it is being written by: the launcher
 * names the archive it is writing in {@code -Dcallqa.cds.dump}, and keeps it only when the command
 * loaded what later commands load.
 */
final class LauncherArchive {
  /** The system property the launcher sets to the archive file this JVM writes as it exits. */
  static final String DUMP = "callqa.cds.dump";

  private LauncherArchive() {}

  /**
   * Tells the launcher that this command loaded too little for the archive it is writing (a {@code
   * sql} that read no table): it drops the archive, and a later command writes one. Does nothing
   * when no archive is being written.
   */
  static void partial() {
    String dump = System.getProperty(DUMP);
    if (dump == null || dump.isEmpty()) {
      return;
    }
    try {
      Files.writeString(Path.of(dump + ".partial"), "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dump + ".partial", e);
    }
  }
}
