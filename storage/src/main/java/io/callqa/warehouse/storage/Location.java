package io.callqa.warehouse.storage;

import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.LocalFolders;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;

/**
 * Where a warehouse, a landing zone or a file in them lives: a local folder, or a folder on HDFS
 * ({@code hdfs://namenode:8020/callqa/warehouse}) or on an S3 API store ({@code
 * s3a://bucket/callqa/warehouse}) reached through Hadoop's {@link FileSystem}.
 *
 * <p>{@link #parse} is the one door for what a user types: a plain path or a {@code file:} URI is a
 * local folder; {@code hdfs://} and {@code s3a://} are remote; any other scheme is refused with the
 * supported ones named, never taken for a local folder named {@code hdfs:}. Local locations keep
 * {@code java.nio} (their folders, permissions and link checks as before); remote ones go through
 * the Hadoop configuration of the Spark session ({@code spark.hadoop.*}, {@code core-site.xml} from
 * {@code HADOOP_CONF_DIR}), the same on the driver and on executors. Serializable: tasks receive
 * it.
 *
 * <pre>{@code
 * Location wh = Location.parse("s3a://callqa/warehouse");
 * byte[] state = wh.resolve("_state/analyse.properties").readAllBytesOrNull();
 * }</pre>
 */
public final class Location implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The remote schemes callqa serves. */
  public static final Set<String> REMOTE_SCHEMES = Set.of("hdfs", "s3a");

  private static final Pattern SCHEME =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);

  /** Local: an absolute, normalized path; remote: the URI without a trailing slash. */
  private final String text;

  private final boolean local;

  private Location(String text, boolean local) {
    this.text = text;
    this.local = local;
  }

  /**
   * What a user typed for {@code what} ("warehouse", "landing zone"): a plain path or {@code file:}
   * URI (local), {@code hdfs://HOST[:PORT]/PATH} or {@code s3a://BUCKET/PATH}.
   */
  public static Location parse(String what, String text) {
    if (text == null || text.isBlank()) {
      throw new CallqaException(what + " is empty; give a folder or an hdfs:// or s3a:// URI");
    }
    var m = SCHEME.matcher(text);
    if (!m.matches()) {
      return local(Path.of(text));
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new CallqaException(
          what + " '" + text + "' is not a valid URI: " + e.getReason() + supported(), e);
    }
    if (scheme.equals("file")) {
      if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
        throw new CallqaException(
            what + " '" + text + "' names a host; a file: URI is file:///absolute/path");
      }
      if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
        throw new CallqaException(
            what + " '" + text + "' is not an absolute file: URI (file:///absolute/path)");
      }
      return local(Path.of(uri.getPath()));
    }
    if (!REMOTE_SCHEMES.contains(scheme)) {
      String hint =
          switch (scheme) {
            case "s3", "s3n" -> "; for Amazon S3, MinIO or Ceph use s3a://BUCKET/PATH";
            default -> "";
          };
      throw new CallqaException(
          what
              + " '"
              + text
              + "' has the URI scheme '"
              + scheme
              + ":', which callqa does not serve"
              + hint
              + supported());
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new CallqaException(
          what
              + " '"
              + text
              + "' names no "
              + (scheme.equals("s3a")
                  ? "bucket (s3a://BUCKET/PATH)"
                  : "NameNode (hdfs://HOST:PORT/PATH)"));
    }
    String path = uri.normalize().getPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    if (path.contains("/../") || path.endsWith("/..")) {
      throw new CallqaException(what + " '" + text + "' leaves its root with ..");
    }
    String authority = uri.getRawAuthority();
    String joined = scheme + "://" + authority + path;
    while (joined.endsWith("/") && !joined.endsWith("://" + authority + "/")) {
      joined = joined.substring(0, joined.length() - 1);
    }
    return new Location(joined, false);
  }

  private static String supported() {
    return "; callqa reads and writes a local folder (a path or file:///path), hdfs://HOST:PORT/PATH"
        + " and s3a://BUCKET/PATH";
  }

  /** A local folder or file. */
  public static Location local(Path path) {
    return new Location(path.toAbsolutePath().normalize().toString(), true);
  }

  public boolean isLocal() {
    return local;
  }

  /** The URI scheme: {@code file}, {@code hdfs} or {@code s3a}. */
  public String scheme() {
    return local ? "file" : text.substring(0, text.indexOf(':'));
  }

  /** The local path; fails for a remote location (the caller must have asked {@link #isLocal}). */
  public Path localPath() {
    if (!local) {
      throw new IllegalStateException(text + " is not a local path");
    }
    return Path.of(text);
  }

  /** The child {@code relative} ({@code /}-separated, no {@code ..}). */
  public Location resolve(String relative) {
    if (relative.startsWith("/")
        || relative.equals("..")
        || relative.startsWith("../")
        || relative.contains("/../")
        || relative.endsWith("/..")) {
      throw new IllegalArgumentException("not a path below " + text + ": " + relative);
    }
    if (local) {
      return local(Path.of(text).resolve(relative));
    }
    String base = text.endsWith("/") ? text : text + "/";
    String rel = relative;
    while (rel.endsWith("/")) {
      rel = rel.substring(0, rel.length() - 1);
    }
    return rel.isEmpty() ? this : new Location(base + rel, false);
  }

  /** The last name of the path. */
  public String name() {
    int slash = text.lastIndexOf('/');
    return text.substring(slash + 1);
  }

  /**
   * The string Spark and Delta take as a table's path: the local path, or the URI. Also how the
   * location reads in messages.
   */
  @Override
  public String toString() {
    return text;
  }

  /** A URI string for both kinds ({@code file:/...} for local paths). */
  public String uri() {
    return local ? Path.of(text).toUri().toString() : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location l && l.text.equals(text) && l.local == local;
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  // ---- I/O ---------------------------------------------------------------------------------

  /**
   * The Hadoop configuration remote locations use: a {@link HadoopSettings} service's when one is
   * on the class path (the warehouse module's: the running Spark environment's {@code
   * spark.hadoop.*} settings and AWS environment variables, on the driver and on executors alike),
   * else Hadoop's defaults ({@code core-site.xml} on the class path) with {@code spark.hadoop.*}
   * system properties applied (the review server, which has no Spark).
   */
  public static Configuration hadoopConf() {
    return SETTINGS.configuration();
  }

  private static final HadoopSettings SETTINGS =
      java.util.ServiceLoader.load(HadoopSettings.class, Location.class.getClassLoader())
          .findFirst()
          .orElse(Location::withoutSpark);

  private static Configuration withoutSpark() {
    Configuration conf = new Configuration();
    // A server answering people (the review server): a store that is down is said in seconds, not
    // after the batch jobs' retries (measured with S3Proxy stopped: a conversation page took 434 s
    // under S3A's defaults). Settings from core-site.xml win.
    interactiveDefault(conf, "ipc.client.connect.max.retries", "1");
    interactiveDefault(conf, "ipc.client.connect.max.retries.on.timeouts", "1");
    interactiveDefault(conf, "ipc.client.connect.timeout", "5000");
    interactiveDefault(conf, "fs.s3a.attempts.maximum", "1");
    interactiveDefault(conf, "fs.s3a.retry.limit", "1");
    interactiveDefault(conf, "fs.s3a.connection.establish.timeout", "5000");
    String prefix = "spark.hadoop.";
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            k -> {
              if (k.startsWith(prefix)) {
                conf.set(k.substring(prefix.length()), System.getProperty(k));
              }
            });
    return conf;
  }

  private static void interactiveDefault(Configuration conf, String key, String value) {
    String[] sources = conf.getPropertySources(key);
    boolean onlyDefaults =
        sources == null
            || java.util.Arrays.stream(sources).allMatch(x -> x.endsWith("-default.xml"));
    if (onlyDefaults) {
      conf.set(key, value, "callqa interactive default");
    }
  }

  private FileSystem fs() throws IOException {
    return hadoopPath().getFileSystem(hadoopConf());
  }

  private org.apache.hadoop.fs.Path hadoopPath() {
    return new org.apache.hadoop.fs.Path(text);
  }

  private CallqaException failure(String doing, IOException e) {
    return new CallqaException(
        "cannot " + doing + " " + text + ": " + StorageErrors.describe(e), e);
  }

  public boolean exists() {
    if (local) {
      return Files.exists(Path.of(text));
    }
    try {
      return fs().exists(hadoopPath());
    } catch (IOException e) {
      throw failure("look at", e);
    }
  }

  public boolean isDirectory() {
    if (local) {
      return Files.isDirectory(Path.of(text));
    }
    try {
      return fs().getFileStatus(hadoopPath()).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw failure("look at", e);
    }
  }

  /** Size in bytes of a file; -1 when there is no file. */
  public long size() {
    if (local) {
      try {
        return Files.isRegularFile(Path.of(text)) ? Files.size(Path.of(text)) : -1;
      } catch (IOException e) {
        return -1;
      }
    }
    FileStatus s = remoteFile();
    return s == null ? -1 : s.getLen();
  }

  /** When a file was last modified; empty when there is no file. */
  public java.util.Optional<java.time.Instant> modified() {
    if (local) {
      try {
        Path p = Path.of(text);
        return Files.isRegularFile(p)
            ? java.util.Optional.of(Files.getLastModifiedTime(p).toInstant())
            : java.util.Optional.empty();
      } catch (IOException e) {
        return java.util.Optional.empty();
      }
    }
    FileStatus s = remoteFile();
    return s == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(java.time.Instant.ofEpochMilli(s.getModificationTime()));
  }

  /** The status of this remote location when it is a file; null when there is no file. */
  private FileStatus remoteFile() {
    try {
      FileStatus s = fs().getFileStatus(hadoopPath());
      return s.isFile() ? s : null;
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw failure("look at", e);
    }
  }

  /**
   * The bytes of every file under this folder, sub-folders included (a file's own size when this is
   * a file); 0 when there is nothing.
   */
  public long treeBytes() {
    if (local) {
      Path p = Path.of(text);
      if (!Files.exists(p)) {
        return 0;
      }
      try (Stream<Path> s = Files.walk(p)) {
        return s.filter(Files::isRegularFile)
            .mapToLong(
                f -> {
                  try {
                    return Files.size(f);
                  } catch (IOException e) {
                    return 0; // gone while walking
                  }
                })
            .sum();
      } catch (IOException | java.io.UncheckedIOException e) {
        return 0;
      }
    }
    try {
      return fs().getContentSummary(hadoopPath()).getLength();
    } catch (FileNotFoundException e) {
      return 0;
    } catch (IOException e) {
      throw failure("look at", e);
    }
  }

  /** The entries of a folder, in name order; empty when it does not exist. */
  public List<Location> list() {
    List<Location> out = new ArrayList<>();
    if (local) {
      Path p = Path.of(text);
      if (!Files.isDirectory(p)) {
        return out;
      }
      try (Stream<Path> s = Files.list(p)) {
        s.sorted().forEach(c -> out.add(local(c)));
      } catch (IOException e) {
        throw failure("list", e);
      }
      return out;
    }
    try {
      for (FileStatus s : fs().listStatus(hadoopPath())) {
        out.add(resolve(s.getPath().getName()));
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw failure("list", e);
    }
    out.sort(Comparator.comparing(Location::name));
    return out;
  }

  public InputStream open() throws IOException {
    return local ? Files.newInputStream(Path.of(text)) : fs().open(hadoopPath());
  }

  /**
   * {@code length} bytes of the file from {@code offset} (a positional read: local files through a
   * channel, HDFS and S3 through the stream's ranged read).
   *
   * @throws IOException when the file is shorter or cannot be read
   */
  public byte[] readRange(long offset, int length) throws IOException {
    byte[] out = new byte[length];
    if (local) {
      try (FileChannel ch = FileChannel.open(Path.of(text), StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.wrap(out);
        while (buf.hasRemaining()) {
          if (ch.read(buf, offset + buf.position()) < 0) {
            throw new EOFException(
                "file ends before byte " + (offset + length) + " (it changed while being read)");
          }
        }
      }
      return out;
    }
    try (org.apache.hadoop.fs.FSDataInputStream in = fs().open(hadoopPath())) {
      in.readFully(offset, out);
    }
    return out;
  }

  /** The file's bytes, or null when there is no such file. */
  public byte[] readAllBytesOrNull() {
    if (local) {
      Path p = Path.of(text);
      if (!Files.isRegularFile(p)) {
        return null;
      }
      try {
        return Files.readAllBytes(p);
      } catch (IOException e) {
        throw failure("read", e);
      }
    }
    try (InputStream in = fs().open(hadoopPath())) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  /**
   * Writes the file whole: readers see the old content or the new, never part. Local: a temporary
   * file moved over it; HDFS: a temporary file renamed over it in one step; S3: one PUT (an object
   * appears whole when its upload completes).
   */
  public void write(byte[] data) {
    if (local) {
      Path p = Path.of(text);
      try {
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), "." + p.getFileName(), ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw failure("write", e);
      }
      return;
    }
    try {
      FileSystem fs = fs();
      if (scheme().equals("s3a")) {
        try (OutputStream out = fs.create(hadoopPath(), true)) {
          out.write(data);
        }
        return;
      }
      org.apache.hadoop.fs.Path tmp =
          new org.apache.hadoop.fs.Path(
              hadoopPath().getParent(), "." + name() + "." + java.util.UUID.randomUUID() + ".tmp");
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(data);
      }
      try {
        // One rename that replaces the target: a reader never finds the file missing (a delete
        // then a rename left a moment without it, and a reader listing the folder then failed).
        FileContext.getFileContext(fs.getUri(), fs.getConf())
            .rename(tmp, hadoopPath(), Options.Rename.OVERWRITE);
      } catch (IOException e) {
        fs.delete(tmp, false);
        throw e;
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  /** Creates the folder and its parents. */
  public void mkdirs() {
    try {
      if (local) {
        Files.createDirectories(Path.of(text));
      } else {
        fs().mkdirs(hadoopPath());
      }
    } catch (IOException e) {
      throw failure("create", e);
    }
  }

  /** Deletes the file or folder and everything under it; nothing when it does not exist. */
  public void deleteTree() {
    if (local) {
      LocalFolders.deleteTree(Path.of(text));
      return;
    }
    try {
      fs().delete(hadoopPath(), true);
    } catch (IOException e) {
      throw failure("delete", e);
    }
  }

  /** Copies this file or folder (recursively) to the local {@code target}, replacing it. */
  public void copyToLocal(Path target) {
    if (local) {
      copyLocalTree(Path.of(text), target);
      return;
    }
    try {
      FileSystem fs = fs();
      LocalFolders.deleteTree(target);
      copyDown(fs, fs.getFileStatus(hadoopPath()), target);
    } catch (IOException e) {
      throw failure("copy from", e);
    }
  }

  private static void copyDown(FileSystem fs, FileStatus s, Path target) throws IOException {
    if (s.isDirectory()) {
      Files.createDirectories(target);
      for (FileStatus c : fs.listStatus(s.getPath())) {
        copyDown(fs, c, target.resolve(c.getPath().getName()));
      }
      return;
    }
    Files.createDirectories(target.getParent());
    try (InputStream in = fs.open(s.getPath())) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Copies the local file or folder {@code source} (recursively) here, replacing what is here. */
  public void copyFromLocal(Path source) {
    if (local) {
      copyLocalTree(source, Path.of(text));
      return;
    }
    try {
      FileSystem fs = fs();
      if (fs.exists(hadoopPath())) {
        fs.delete(hadoopPath(), true);
      }
      // An object store has no folders to make: objects are written under their keys.
      copyUp(fs, source, hadoopPath(), !scheme().equals("s3a"));
    } catch (IOException e) {
      throw failure("copy to", e);
    }
  }

  private static void copyUp(
      FileSystem fs, Path source, org.apache.hadoop.fs.Path target, boolean folders)
      throws IOException {
    if (Files.isDirectory(source)) {
      if (folders) {
        fs.mkdirs(target);
      }
      try (Stream<Path> s = Files.list(source)) {
        for (Path c : s.sorted().toList()) {
          copyUp(fs, c, new org.apache.hadoop.fs.Path(target, c.getFileName().toString()), folders);
        }
      }
      return;
    }
    try (OutputStream out = fs.create(target, true)) {
      Files.copy(source, out);
    }
  }

  private void copyLocalTree(Path from, Path to) {
    try {
      LocalFolders.deleteTree(to);
      if (!Files.isDirectory(from)) {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
        return;
      }
      try (Stream<Path> s = Files.walk(from)) {
        for (Path p : s.toList()) {
          Path t = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t);
          }
        }
      }
    } catch (IOException e) {
      throw failure("copy", e);
    }
  }

  /**
   * Fails with one line when the store cannot be reached: the NameNode down, the bucket missing,
   * credentials refused. Tries once, without Hadoop's long connection retries.
   */
  public void checkReachable(String what) {
    if (local) {
      return;
    }
    Configuration conf = hadoopConf();
    conf.setInt("ipc.client.connect.max.retries", 1);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 1);
    conf.setInt("ipc.client.connect.timeout", 5000);
    conf.setInt("dfs.client.retry.max.attempts", 1);
    conf.setInt("fs.s3a.bucket.probe", 2);
    conf.setInt("fs.s3a.attempts.maximum", 1);
    conf.setInt("fs.s3a.retry.limit", 1);
    try (FileSystem fs = FileSystem.newInstance(URI.create(text), conf)) {
      fs.exists(hadoopPath());
    } catch (IOException | RuntimeException e) {
      throw new CallqaException(
          "cannot reach the " + what + " " + text + ": " + StorageErrors.describe(e), e);
    }
  }
}
