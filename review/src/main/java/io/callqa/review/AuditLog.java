package io.callqa.review;

import io.callqa.access.AuditTrail;
import io.callqa.access.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Append-only audit trail of the review server, one JSON object per line: {@code {"at", "user",
 * "role", "action", "id", "detail", "remote"}}. Every sign-in attempt, search, transcript view,
 * audio response (the first of a recording in a session as {@code PLAY_AUDIO}, later ranges as
 * {@code AUDIO_RANGE}), manual score and refusal (400, 401, 403, 404, 416, 429, 500) is written and
 * synced ({@link AuditTrail}) before the response goes out; a failure to write fails the request
 * (no unaudited view).
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
    /** A later byte range of a recording already played in the session. */
    AUDIO_RANGE,
    /** 403: signed in, but the role may not do it. */
    DENIED,
    /** Any other refusal: 400, 401, 404, 405, 416, 500. */
    REFUSED,
    /** A sign-in attempt refused unchecked because of earlier failures. */
    LOGIN_THROTTLED
  }

  private final AuditTrail trail;
  private final Clock clock;

  public AuditLog(Path file, Clock clock) {
    this.trail = new AuditTrail(file);
    this.clock = clock;
  }

  public Path file() {
    return trail.file();
  }

  public void write(
      String user, Role role, Action action, String id, String detail, String remote) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", clock.instant().toString());
    m.put("user", user);
    m.put("role", role == null ? null : role.label());
    m.put("action", action.name());
    m.put("id", id);
    m.put("detail", detail);
    m.put("remote", remote);
    trail.write(m);
  }
}
