package io.callqa.warehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalFs;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NioLocalFileSystem} against Hadoop's own local file system: the same operations (what
 * Delta's log store and Spark's writers do: create, mkdirs, FileContext create and rename, link
 * status, listing) on two folders, one through each, must leave the same files, checksum files and
 * permissions, and report the same statuses.
 */
class NioLocalFileSystemTest {

  @TempDir java.nio.file.Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"022", "077", "002"})
  void sameFilesPermissionsAndStatusesAsHadoops(String umask) throws Exception {
    java.nio.file.Path hadoops = dir.resolve("hadoop");
    java.nio.file.Path ours = dir.resolve("nio");
    Configuration stock = conf(umask);
    Configuration nio = conf(umask);
    NioLocalFileSystem.HADOOP_SETTINGS.forEach(nio::set);

    List<String> a = exercise(stock, hadoops);
    List<String> b = exercise(nio, ours);
    assertThat(FileSystem.get(hadoops.toUri(), stock)).isExactlyInstanceOf(LocalFileSystem.class);
    assertThat(FileSystem.get(ours.toUri(), nio)).isExactlyInstanceOf(NioLocalFileSystem.class);
    assertThat(FileContext.getFileContext(ours.toUri(), nio).getDefaultFileSystem())
        .isExactlyInstanceOf(NioLocalFileSystem.Fs.class);
    assertThat(FileContext.getFileContext(hadoops.toUri(), stock).getDefaultFileSystem())
        .isExactlyInstanceOf(LocalFs.class);

    assertThat(b).isEqualTo(a);
    assertThat(tree(ours)).isEqualTo(tree(hadoops)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(shorts = {0644, 0755, 0600, 0700, 0400, 0777, 0})
  void setPermissionAsChmod(short mode) throws Exception {
    java.nio.file.Path f = Files.writeString(dir.resolve("f"), "x");
    NioLocalFileSystem fs = new NioLocalFileSystem();
    fs.initialize(dir.toUri(), new Configuration());
    fs.setPermission(new Path(f.toUri()), new FsPermission(mode));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo(new FsPermission(mode).toString());
  }

  @org.junit.jupiter.api.Test
  void aSymbolicLinkIsStillHadoops() throws Exception {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "hello");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    NioLocalFileSystem.Raw ours = new NioLocalFileSystem.Raw();
    ours.initialize(dir.toUri(), new Configuration());
    org.apache.hadoop.fs.RawLocalFileSystem hadoops = new org.apache.hadoop.fs.RawLocalFileSystem();
    hadoops.initialize(dir.toUri(), new Configuration());
    for (Path p : List.of(new Path(link.toString()), new Path(link.toUri()))) {
      assertThat(describe(ours.getFileLinkStatus(p)))
          .isEqualTo(describe(hadoops.getFileLinkStatus(p)));
    }
  }

  private static Configuration conf(String umask) {
    Configuration c = new Configuration();
    c.set("fs.permissions.umask-mode", umask);
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  /** What Delta's log store and Spark's writers do, and what each step reports. */
  private static List<String> exercise(Configuration conf, java.nio.file.Path root)
      throws IOException {
    List<String> seen = new ArrayList<>();
    FileSystem fs = FileSystem.get(root.toUri(), conf);
    Path base = new Path(root.toUri());
    seen.add("mkdirs " + fs.mkdirs(new Path(base, "t/_delta_log")));
    seen.add("mkdirs again " + fs.mkdirs(new Path(base, "t/_delta_log")));
    try (FSDataOutputStream out = fs.create(new Path(base, "t/part-0.parquet"))) {
      out.write("rows".getBytes(StandardCharsets.UTF_8));
    }
    try (FSDataOutputStream out =
        fs.create(
            new Path(base, "t/p=1/x.txt"),
            new FsPermission((short) 0600),
            false,
            4096,
            (short) 1,
            1 << 20,
            null)) {
      out.write('1');
    }
    seen.add("exists " + fs.exists(new Path(base, "t/part-0.parquet")));
    seen.add("rename " + fs.rename(new Path(base, "t/p=1/x.txt"), new Path(base, "t/p=1/y.txt")));
    seen.add("delete " + fs.delete(new Path(base, "t/nothing"), false));

    FileContext fc = FileContext.getFileContext(root.toUri(), conf);
    Path tmp = new Path(base, "t/_delta_log/.00000.json.tmp");
    try (FSDataOutputStream out =
        fc.create(
            tmp,
            EnumSet.of(CreateFlag.CREATE),
            Options.CreateOpts.checksumParam(Options.ChecksumOpt.createDisabled()))) {
      out.write("{\"commitInfo\":{}}\n".getBytes(StandardCharsets.UTF_8));
    }
    Path commit = new Path(base, "t/_delta_log/00000.json");
    fc.rename(tmp, commit, Options.Rename.NONE);
    try {
      fc.rename(new Path(base, "t/part-0.parquet"), commit, Options.Rename.NONE);
      seen.add("rename onto an existing file succeeded");
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      seen.add("rename onto an existing file refused");
    }
    seen.add("link status " + describe(fc.getFileLinkStatus(commit), root));
    seen.add("status " + describe(fs.getFileStatus(new Path(base, "t/p=1")), root));
    for (FileStatus s : fs.listStatus(new Path(base, "t/_delta_log"))) {
      seen.add("listed " + describe(s, root));
    }
    return seen;
  }

  private static String describe(FileStatus s, java.nio.file.Path root) {
    return describe(s).replace(root.toUri().getPath().replaceAll("/$", ""), "ROOT");
  }

  private static String describe(FileStatus s) {
    return String.join(
        " ",
        s.getPath().toString(),
        s.isDirectory() ? "dir" : "file",
        Long.toString(s.isDirectory() ? 0 : s.getLen()),
        s.getPermission().toString(),
        Boolean.toString(s.isSymlink()));
  }

  /** Every file and folder under root with its POSIX permissions and length. */
  private static List<String> tree(java.nio.file.Path root) throws IOException {
    try (Stream<java.nio.file.Path> s = Files.walk(root)) {
      return s.sorted()
          .map(
              p -> {
                try {
                  return root.relativize(p)
                      + " "
                      + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                      + " "
                      + (Files.isDirectory(p) ? "-" : Files.size(p));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
