package io.callqa.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * An append-only audit trail: one JSON object a line, each written and synced to disk ({@code
 * fsync}) before {@link #write} returns, so a caller that answers only after writing never answers
 * unaudited. A failure to write is thrown, never swallowed. The file is opened in append mode only
 * and created readable and writable by its owner alone.
 */
public final class AuditTrail implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final ObjectMapper json = new ObjectMapper();

  public AuditTrail(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      boolean created = !Files.exists(file);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      if (created) {
        try {
          Files.setPosixFilePermissions(
              file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Left to the folder's ACL.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit log " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends one entry (its keys in the map's order) and syncs it. */
  public synchronized void write(Map<String, ?> entry) {
    try {
      ByteBuffer line =
          ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write audit log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close audit log " + file, e);
    }
  }
}
