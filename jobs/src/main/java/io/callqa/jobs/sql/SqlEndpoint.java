package io.callqa.jobs.sql;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a running SQL endpoint of a warehouse listens, for the warehouse owner's own {@code callqa
 * sql}: the server writes {@code WAREHOUSE/_sql-server/endpoint.properties} once it listens and
 * removes it when it stops. The file holds a random token that signs in as {@link #OWNER} with the
 * {@code operator} role, the role of whoever has a shell as the warehouse's owner anyway; it is
 * created readable by its owner only, and a reader trusts it only when it is owned by the reader's
 * own user id and nobody else may read or write it.
 *
 * <p>{@link #OWNER} cannot be a name of a users file (a line starting with {@code #} is a comment
 * there), so no password of the users file signs in as it.
 */
public record SqlEndpoint(
    String host, int port, long pid, String token, List<String> tables, int httpPort) {
  /** The file's name in the server's scratch folder. */
  public static final String FILE = "endpoint.properties";

  /**
   * The {@code sql-server} command's scratch folder under a local warehouse (its Derby files, Hive
   * scratch space and this file).
   */
  public static Path scratchOf(Path warehouse) {
    return warehouse.resolve("_sql-server");
  }

  /** The user name the token signs in as. */
  public static final String OWNER = "#owner";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** A new endpoint of this process with a fresh 256-bit token. */
  static SqlEndpoint create(String host, int port, List<String> tables) {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return new SqlEndpoint(
        host,
        port,
        ProcessHandle.current().pid(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(b),
        List.copyOf(tables),
        0);
  }

  /** This endpoint with its owner's door ({@link OwnerDoor}) on loopback port {@code port}. */
  SqlEndpoint withHttpPort(int port) {
    return new SqlEndpoint(host, this.port, pid, token, tables, port);
  }

  /** Whether {@code presented} is this endpoint's token, compared in constant time. */
  boolean accepts(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The address a client on this host connects to: the bound one, or loopback for a wildcard bind.
   */
  public String connectHost() {
    return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
  }

  /** Writes the file into {@code scratch}, created owner-only and moved into place whole. */
  void write(Path scratch) {
    Properties p = new Properties();
    p.setProperty("host", host);
    p.setProperty("port", Integer.toString(port));
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("token", token);
    p.setProperty("tables", String.join(",", tables));
    if (httpPort > 0) {
      // The owner's door: HTTP on 127.0.0.1 only, for the launcher's `callqa sql` (OwnerDoor).
      p.setProperty("http.port", Integer.toString(httpPort));
    }
    Path file = scratch.resolve(FILE);
    Path tmp = scratch.resolve(FILE + "." + pid + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try (var out = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
        p.store(out, "the running callqa sql-server of this warehouse; removed when it stops");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions (not a Unix file system): no file, so no token anyone could read.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Removes the file when it is still this endpoint's (a later server may have replaced it). */
  void remove(Path scratch) {
    Path file = scratch.resolve(FILE);
    try {
      Optional<SqlEndpoint> now = parse(Files.readString(file, StandardCharsets.ISO_8859_1));
      if (now.isPresent() && now.get().accepts(token)) {
        Files.deleteIfExists(file);
      }
    } catch (NoSuchFileException gone) {
      // Nothing to remove.
    } catch (IOException e) {
      // Best effort at shutdown: a reader checks the process and the port before it trusts it.
    }
  }

  /**
   * The endpoint of a running server under {@code scratch}, when its file is there, trustworthy and
   * its process alive; otherwise empty. Why a present file is not used goes to {@code notes}.
   */
  public static Optional<SqlEndpoint> find(Path scratch, Consumer<String> notes) {
    Path file = scratch.resolve(FILE);
    String text;
    try {
      if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      Object uid = Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (!(uid instanceof Integer owner) || owner != currentUid()) {
        notes.accept("ignoring " + file + ": it is not owned by this user");
        return Optional.empty();
      }
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (!OWNER_ONLY.containsAll(perms)) {
        notes.accept(
            "ignoring "
                + file
                + ": others may read or change it ("
                + PosixFilePermissions.toString(perms)
                + ")");
        return Optional.empty();
      }
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<SqlEndpoint> e = parse(text);
    if (e.isEmpty()) {
      notes.accept("ignoring " + file + ": not an endpoint file");
      return e;
    }
    // A server killed without its shutdown hook leaves the file behind.
    if (ProcessHandle.of(e.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return e;
    }
    return Optional.empty();
  }

  private static Optional<SqlEndpoint> parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
      String host = p.getProperty("host");
      String token = p.getProperty("token");
      String tables = p.getProperty("tables", "");
      if (host == null || token == null || token.length() < 32) {
        return Optional.empty();
      }
      return Optional.of(
          new SqlEndpoint(
              host,
              Integer.parseInt(p.getProperty("port", "")),
              Long.parseLong(p.getProperty("pid", "")),
              token,
              tables.isEmpty() ? List.of() : List.of(tables.split(",")),
              Integer.parseInt(p.getProperty("http.port", "0"))));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** This process's user id (the owner a trusted endpoint file must have). */
  static int currentUid() {
    return (int) new com.sun.security.auth.module.UnixSystem().getUid();
  }

  @Override
  public String toString() {
    // Never the token.
    return "SqlEndpoint["
        + host
        + ":"
        + port
        + (httpPort > 0 ? ", owner's door 127.0.0.1:" + httpPort : "")
        + ", pid "
        + pid
        + "]";
  }
}
