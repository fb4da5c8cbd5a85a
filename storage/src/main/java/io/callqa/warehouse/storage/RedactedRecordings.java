package io.callqa.warehouse.storage;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Where the redacted copy of a call's recording lives under the warehouse: {@code
 * redacted-recordings/day=YYYY-MM-DD/<call id>.wav}, one folder per local day (HDFS limits a folder
 * to about a million entries). The call id comes from a landing file, so it is encoded: letters,
 * digits, {@code _} and {@code -} stay, every other byte of its UTF-8 form becomes {@code ~XX}; no
 * id can name a path outside its folder.
 *
 * <p>The review server plays only files this class names ({@link #isRedactedCopy}): a conversation
 * that points anywhere else (an original, an index written before redaction existed) is not played.
 */
public final class RedactedRecordings {
  /** The folder under the warehouse. */
  public static final String FOLDER = "redacted-recordings";

  private static final int MAX_NAME = 200;

  private RedactedRecordings() {}

  /** The copy's path relative to the warehouse root. */
  public static String relativePath(String callId, LocalDate day) {
    if (callId == null || callId.isEmpty()) {
      throw new IllegalArgumentException("a call id is required");
    }
    StringBuilder name = new StringBuilder();
    for (byte b : callId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-') {
        name.append((char) c);
      } else {
        name.append('~').append(String.format("%02X", c));
      }
    }
    String n = name.length() <= MAX_NAME ? name.toString() : "sha256-" + sha256(callId);
    return FOLDER + "/day=" + day + "/" + n + ".wav";
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /**
   * Whether a location (path or URI) names a redacted copy: a {@code .wav} file in a day folder of
   * {@value #FOLDER}, with no {@code ..} in it.
   */
  public static boolean isRedactedCopy(String location) {
    if (location == null) {
      return false;
    }
    String l = location.replace('\\', '/');
    String[] parts = l.split("/");
    if (parts.length < 3 || l.contains("/../") || l.endsWith("/..")) {
      return false;
    }
    String file = parts[parts.length - 1];
    return parts[parts.length - 3].equals(FOLDER)
        && parts[parts.length - 2].matches("day=\\d{4}-\\d{2}-\\d{2}")
        && file.matches("[A-Za-z0-9_~-]+\\.wav");
  }
}
