package io.callqa.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Append-only audit trail of the review server, one JSON object per line: {@code {"at", "user", "role",
 * "action", "id", "detail", "remote"}}. Every transcript view, audio play, search, manual score and sign-in attempt is
 * written and flushed before the response goes out; a failure to write fails the request (no unaudited
 * view).
 */
public final class AuditLog {

  /** What was done. */
  public enum Action {
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    SEARCH,
    VIEW_TRANSCRIPT,
    PLAY_AUDIO,
    MANUAL_SCORE,
    DENIED
  }

  private final Path file;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public AuditLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of audit log " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  public synchronized void write(String user, Role role, Action action, String id, String detail, String remote) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", clock.instant().toString());
    m.put("user", user);
    m.put("role", role == null ? null : role.label());
    m.put("action", action.name());
    m.put("id", id);
    m.put("detail", detail);
    m.put("remote", remote);
    try {
      String line = json.writeValueAsString(m) + "\n";
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write audit log " + file, e);
    }
  }
}
