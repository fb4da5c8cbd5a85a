package io.callqa.warehouse.storage;

import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.LocalFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The search index of a warehouse on HDFS or S3: Lucene needs a local folder, so the index is built
 * in a local working copy and published as an immutable snapshot; readers fetch the latest.
 *
 * <p>Layout under the warehouse: {@code index/snapshots/<id>/} (the Lucene files of one commit,
 * never changed once written) and {@code index/LATEST} (the id of the newest complete snapshot,
 * written last, so a reader never sees a snapshot that is still being copied). The two newest
 * snapshots are kept: a reader that read {@code LATEST} just before a publish can still copy the
 * one it named. Locally, under {@code storage.local-cache} (default {@code ~/.cache/callqa}), one
 * folder per warehouse URI: {@code work/} (the index job's working copy) and {@code
 * snapshots/<id>/} (read-only copies for {@code search}).
 */
public final class IndexSnapshots {
  /** The pointer file, relative to the warehouse. */
  public static final String LATEST = "index/LATEST";

  static final String SNAPSHOTS = "index/snapshots";
  private static final int KEEP = 2;

  private IndexSnapshots() {}

  /** {@code ~/.cache/callqa}: the cache when neither the configuration nor an option names one. */
  public static Path defaultCacheRoot() {
    return Path.of(System.getProperty("user.home"), ".cache", "callqa");
  }

  /** How {@link Working#publish} names snapshots (UTC time); nothing else is taken from LATEST. */
  private static final java.util.regex.Pattern SNAPSHOT_ID =
      java.util.regex.Pattern.compile("[0-9]{8}T[0-9]{6}\\.[0-9]{3}Z");

  /** The local folder of one remote warehouse under {@code cacheRoot}. */
  public static Path localFolderOf(Location warehouse, Path cacheRoot) {
    String key;
    try {
      key =
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(warehouse.uri().getBytes(StandardCharsets.UTF_8)))
              .substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    return cacheRoot.resolve(warehouse.scheme() + "-" + key);
  }

  /** The id in {@code index/LATEST}, or null when nothing was published. */
  public static String latestId(Location warehouse) {
    byte[] b = warehouse.resolve(LATEST).readAllBytesOrNull();
    if (b == null) {
      return null;
    }
    String id = new String(b, StandardCharsets.UTF_8).strip();
    // Whoever can write the warehouse could point LATEST at "..": only an id publish() makes is
    // followed.
    if (!SNAPSHOT_ID.matcher(id).matches()) {
      throw new CallqaException(
          warehouse.resolve(LATEST) + " holds '" + id + "', not a snapshot id; publish again");
    }
    return id;
  }

  /**
   * A local, read-only copy of the latest snapshot (fetched when this cache does not have it yet),
   * or null when the warehouse has no index yet.
   */
  public static Path fetchLatest(Location warehouse, Path cacheRoot, Consumer<String> progress) {
    String id = latestId(warehouse);
    if (id == null) {
      return null;
    }
    Path dir = localFolderOf(warehouse, cacheRoot).resolve("snapshots").resolve(id);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    progress.accept("search: fetching index snapshot " + id + " from " + warehouse);
    Path partial = dir.resolveSibling(id + ".partial-" + ProcessHandle.current().pid());
    warehouse.resolve(SNAPSHOTS + "/" + id).copyToLocal(partial);
    try {
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another process fetched it first.
      LocalFolders.deleteTree(partial);
      if (!Files.isDirectory(dir)) {
        throw new UncheckedIOException("cannot keep the index snapshot in " + dir, e);
      }
    }
    return dir;
  }

  /** The index job's working copy of a remote warehouse's index. */
  public static final class Working {
    private final Location warehouse;
    private final Path root;
    private final Consumer<String> progress;

    private Working(Location warehouse, Path root, Consumer<String> progress) {
      this.warehouse = warehouse;
      this.root = root;
      this.progress = progress;
    }

    /** The local Lucene folder to open. */
    public Path dir() {
      return root.resolve("work");
    }

    /** Copies the working copy to a new snapshot, then points {@code LATEST} at it. */
    public String publish() {
      String id =
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
              .format(Instant.now().atOffset(ZoneOffset.UTC));
      progress.accept("index: publishing snapshot " + id + " to " + warehouse.resolve(SNAPSHOTS));
      warehouse.resolve(SNAPSHOTS + "/" + id).copyFromLocal(dir());
      warehouse.resolve(LATEST).write((id + "\n").getBytes(StandardCharsets.UTF_8));
      writeString(root.resolve("work.snapshot"), id);
      List<Location> all = warehouse.resolve(SNAPSHOTS).list();
      for (int i = 0; i < all.size() - KEEP; i++) {
        all.get(i).deleteTree();
      }
      return id;
    }
  }

  /**
   * The working copy, brought to the latest published snapshot first when it is behind (another
   * machine ran the index job, or this cache is new).
   */
  public static Working checkout(Location warehouse, Path cacheRoot, Consumer<String> progress) {
    Path root = localFolderOf(warehouse, cacheRoot);
    Working w = new Working(warehouse, root, progress);
    String latest = latestId(warehouse);
    Path marker = root.resolve("work.snapshot");
    String have = Files.isRegularFile(marker) ? readString(marker) : null;
    if (latest == null) {
      if (have != null) {
        // The warehouse has no index (it was rebuilt): start from nothing.
        LocalFolders.deleteTree(w.dir());
        LocalFolders.deleteTree(marker);
      }
      return w;
    }
    if (!latest.equals(have) || !Files.isDirectory(w.dir())) {
      progress.accept("index: fetching snapshot " + latest + " from " + warehouse);
      warehouse.resolve(SNAPSHOTS + "/" + latest).copyToLocal(w.dir());
      writeString(marker, latest);
    }
    return w;
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeString(Path p, String s) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, s + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
  }
}
