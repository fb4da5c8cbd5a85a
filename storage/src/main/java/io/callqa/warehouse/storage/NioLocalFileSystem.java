package io.callqa.warehouse.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per call.
 *
 * <p>Without Hadoop's native library (which no Maven artifact carries), {@link RawLocalFileSystem}
 * runs {@code chmod} in a child process for every file and folder it creates, and {@code readlink}
 * for every {@code getFileLinkStatus}, which Delta's log store calls twice per commit (through
 * {@code FileContext.rename}). Measured on one pipeline run over a small landing zone: 812 child
 * processes. This file system does the same two things through {@code java.nio.file} and otherwise
 * is Hadoop's own: the same checksum files, permissions after the umask, and file statuses.
 *
 * <p>Spark sessions use it through {@code fs.file.impl} and {@code fs.AbstractFileSystem.file.impl}
 * ({@link #HADOOP_SETTINGS}); a sticky bit, a non-POSIX file system or a symbolic link falls back
 * to Hadoop's code.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  /** The Hadoop settings that make {@code file:} paths use these classes. */
  public static final java.util.Map<String, String> HADOOP_SETTINGS =
      java.util.Map.of(
          "fs.file.impl", NioLocalFileSystem.class.getName(),
          "fs.AbstractFileSystem.file.impl", Fs.class.getName());

  /** The checksummed file system over {@link Raw}, as {@link LocalFileSystem} is over its raw. */
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** {@link RawLocalFileSystem} with {@code chmod} and the symbolic-link check in Java. */
  public static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      short mode = permission.toShort();
      if ((mode & ~0777) != 0
          || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(file, posix(mode));
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }

    static Set<PosixFilePermission> posix(short mode) {
      Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
      for (int i = 0; i < bits.length; i++) {
        if ((mode & (1 << (bits.length - 1 - i))) != 0) {
          s.add(bits[i]);
        }
      }
      return s;
    }
  }

  /**
   * The {@code FileContext} side ({@code fs.AbstractFileSystem.file.impl}): Hadoop's {@code
   * LocalFs} (checksums over {@code RawLocalFs}) with {@link Raw} underneath.
   */
  public static final class Fs extends ChecksumFs {
    /** The constructor {@code AbstractFileSystem.createFileSystem} calls. */
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
