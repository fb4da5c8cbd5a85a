package io.callqa.cli;

import io.callqa.jobs.index.IndexSettings;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer at a time: every command that writes a warehouse holds an operating-system lock on
 * {@code WAREHOUSE/_lock} (and writes its pid, host, start time and command into it) until it ends.
 * A second writer fails at once, naming the holder. The lock dies with its process (kill -9
 * included), so a dead holder's lock is simply taken over; the file left behind is only a note.
 * Locks are released when the command line's execution ends ({@link #releaseAll}), so commands run
 * in one JVM one after another (as the tests do) do not block each other.
 */
public final class WarehouseLock {
  static final String FILE = "_lock";
  private static final java.util.Map<Path, FileChannel> HELD = new java.util.HashMap<>();

  private WarehouseLock() {}

  /**
   * As {@link #acquire(Path, String)}, for a warehouse anywhere. HDFS and S3 have no lock that dies
   * with its process, so a remote warehouse is locked on this machine, in its local cache folder
   * ({@code storage.local-cache}): two commands on one host exclude each other; across hosts, one
   * writer at a time is the scheduler's rule (or {@code storage.log-store=s3-multi-cluster}).
   */
  public static void acquire(
      Location warehouse, io.callqa.jobs.config.CallqaConfig c, String command) {
    if (warehouse.isLocal()) {
      acquire(warehouse.localPath(), command);
    } else {
      acquire(IndexSnapshots.localFolderOf(warehouse, IndexSettings.of(c).localCache()), command);
    }
  }

  /** Takes the warehouse's lock for {@code command}, or fails naming who holds it. */
  public static synchronized void acquire(Path warehouse, String command) {
    Path file = warehouse.toAbsolutePath().normalize().resolve(FILE);
    if (HELD.containsKey(file)) {
      // Opening and closing the file again here would drop this JVM's lock (POSIX locks are per
      // process).
      throw new CallqaException("this callqa process already holds " + file);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(warehouse);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      lock = channel.tryLock();
      if (lock == null) {
        ByteBuffer buf = ByteBuffer.allocate(512);
        channel.read(buf, 0);
        String holder = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        channel.close();
        throw new CallqaException(
            "another callqa "
                + (holder.isEmpty() ? "command" : holder)
                + " holds "
                + file
                + "; wait for it to finish. The lock dies with its process: if no callqa is running on that host,"
                + " the lock is already free (on a shared file system that does not release locks, remove "
                + file
                + ")");
      }
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
      String note =
          command
              + " (pid "
              + ProcessHandle.current().pid()
              + ", host "
              + host
              + ", since "
              + Instant.now()
              + ")\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      HELD.put(file, channel);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw new CallqaException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Releases every lock this JVM holds. */
  static synchronized void releaseAll() {
    for (FileChannel c : HELD.values()) {
      try {
        c.truncate(0);
        c.close();
      } catch (IOException ignored) {
        // the lock goes with the channel or the process
      }
    }
    HELD.clear();
  }
}
