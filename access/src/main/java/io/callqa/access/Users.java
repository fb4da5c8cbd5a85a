package io.callqa.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users of the review server, from a text file, one per line: {@code name = role:hash}, where
 * the hash is PBKDF2-HMAC-SHA256 with a random 16-byte salt, {@value #DEFAULT_ITERATIONS}
 * iterations by default (OWASP's 2023 figure), written as {@code
 * pbkdf2-sha256$iterations$salt$hash} in Base64. No password is ever stored. {@code #} starts a
 * comment. Write entries with {@code ./callqa users add}. The review server and the SQL endpoint
 * read files of this format ({@code WAREHOUSE/review-users.conf} and {@code
 * WAREHOUSE/sql-users.conf} by default).
 */
public final class Users {

  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A user of the file. */
  public record User(String name, Role role, String hash) {}

  private final Map<String, User> byName;

  /**
   * Checked instead of a hash for a name not in the file, so an unknown name costs the same time.
   */
  private final String decoy;

  private Users(Map<String, User> byName) {
    this.byName = byName;
    int iterations =
        byName.values().stream()
            .mapToInt(u -> Integer.parseInt(u.hash().split("\\$")[1]))
            .max()
            .orElse(DEFAULT_ITERATIONS);
    byte[] salt = new byte[16];
    byte[] hash = new byte[32];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(hash);
    this.decoy =
        SCHEME
            + "$"
            + iterations
            + "$"
            + Base64.getEncoder().encodeToString(salt)
            + "$"
            + Base64.getEncoder().encodeToString(hash);
  }

  /** Reads a users file; a malformed line is an error naming the file and line. */
  public static Users load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no users file at "
              + file
              + "; add a user with: ./callqa users add NAME --role ROLE --users "
              + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read users file " + file, e);
    }
    Map<String, User> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int eq = line.indexOf('=');
      int colon = line.indexOf(':', Math.max(eq, 0));
      if (eq <= 0 || colon < 0) {
        throw new IllegalArgumentException(
            where + ": expected 'name = role:hash', got '" + line + "'");
      }
      String name = line.substring(0, eq).strip();
      Role role;
      try {
        role = Role.parse(line.substring(eq + 1, colon).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      String hash = line.substring(colon + 1).strip();
      if (!hash.startsWith(SCHEME + "$") || hash.split("\\$").length != 4) {
        throw new IllegalArgumentException(
            where + ": the hash of '" + name + "' is not " + SCHEME + "$N$salt$hash");
      }
      if (users.put(name, new User(name, role, hash)) != null) {
        throw new IllegalArgumentException(where + ": user '" + name + "' appears twice");
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException(
          "users file " + file + " has no user; add one with ./callqa users add");
    }
    return new Users(users);
  }

  /**
   * The user, when the password matches (compared in constant time). A name not in the file is
   * checked against a decoy hash of the file's highest iteration count, so that the answer's timing
   * does not tell which names exist.
   */
  public Optional<User> authenticate(String name, String password) {
    User u = name == null ? null : byName.get(name);
    String[] p = (u == null ? decoy : u.hash()).split("\\$");
    int iterations = Integer.parseInt(p[1]);
    byte[] salt = Base64.getDecoder().decode(p[2]);
    byte[] expected = Base64.getDecoder().decode(p[3]);
    byte[] actual = pbkdf2((password == null ? "" : password).toCharArray(), salt, iterations);
    boolean match = MessageDigest.isEqual(expected, actual);
    return u != null && password != null && match ? Optional.of(u) : Optional.empty();
  }

  public Optional<User> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** A new hash of a password with a fresh salt. */
  public static String hash(char[] password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] h = pbkdf2(password, salt, iterations);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(h);
  }

  /** Appends (or replaces) a user in a users file, creating it readable by its owner only. */
  public static void add(Path file, String name, Role role, char[] password, int iterations) {
    if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException(
          "user name '" + name + "' must be 1-64 letters, digits, . _ @ or -");
    }
    if (password.length < 8) {
      throw new IllegalArgumentException("password must have at least 8 characters");
    }
    String entry = name + " = " + role.label() + ":" + hash(password, iterations);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      List<String> lines =
          Files.exists(file)
              ? new java.util.ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
              : new java.util.ArrayList<>(
                  List.of("# callqa review users: name = role:hash (./callqa users add)"));
      lines.removeIf(l -> l.strip().startsWith(name + " ") || l.strip().startsWith(name + "="));
      lines.add(entry);
      Files.write(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: left to the folder's ACL.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write users file " + file, e);
    }
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from the JDK", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(password, '\0');
    }
  }
}
