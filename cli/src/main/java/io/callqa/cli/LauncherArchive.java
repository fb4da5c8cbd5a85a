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

  /**
   * When this JVM writes the launcher's archive, also loads what a {@code sql} answered by a
   * running {@code sql-server} loads (the Hive JDBC driver, Thrift, SASL), so that such a command
   * maps them from the archive too: a sign-in attempt on a port nobody listens on, which fails at
   * once. Does nothing when no archive is being written.
   */
  static void holdJdbcClient() {
    String dump = System.getProperty(DUMP);
    if (dump == null || dump.isEmpty()) {
      return;
    }
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      int closed = s.getLocalPort();
      s.close();
      java.util.Properties p = new java.util.Properties();
      p.setProperty("user", io.callqa.jobs.sql.SqlEndpoint.OWNER);
      p.setProperty("password", "-");
      new org.apache.hive.jdbc.HiveDriver()
          .connect("jdbc:hive2://127.0.0.1:" + closed + "/default", p)
          .close();
    } catch (IOException | java.sql.SQLException | RuntimeException expected) {
      // Refused: the classes are loaded all the same.
    }
  }
}
