package io.callqa.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in hex, the one way callqa fingerprints things: landing files ({@code ingested_files},
 * {@code rejects}), recordings, rule and scorecard files, speech models and indexed conversations.
 * Callers that keep a shorter id take a prefix of the hex.
 */
public final class Checksums {
  private Checksums() {}

  /** Hex SHA-256 of {@code data}. */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  /** Hex SHA-256 of a file's bytes, read in 64 KiB blocks. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
