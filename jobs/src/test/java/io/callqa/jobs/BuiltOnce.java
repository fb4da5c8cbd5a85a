package io.callqa.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fixture folder built once per build and shared by the test JVMs (Failsafe runs two): the build
 * names the folder and a key that changes with every build; the first JVM to need it builds it
 * under a file lock beside the folder, the others wait for that lock and read what it built. A
 * folder left by an earlier build has another key and is built again. Without a folder (a test run
 * from an IDE) it is built in a temporary folder removed when the JVM exits.
 */
public final class BuiltOnce {
  private static final String COMPLETE = "fixture.complete";

  private BuiltOnce() {}

  /**
   * The result of {@code build} for the folder {@code shared} (null or blank: a temporary one),
   * building it when the folder holds no complete build for {@code key}. {@code build} receives the
   * empty folder and returns the path the tests use (the folder or one inside it), which must be
   * the same for the same folder.
   */
  public static Path get(String shared, String key, String tempPrefix, Function<Path, Path> build) {
    try {
      if (shared == null || shared.isBlank()) {
        Path dir = Files.createTempDirectory(tempPrefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return build.apply(dir);
      }
      Path dir = Path.of(shared).toAbsolutePath();
      Files.createDirectories(dir.getParent());
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolveSibling(dir.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        Path marker = dir.resolve(COMPLETE);
        Path built = dir.resolve("result");
        if (Files.exists(marker)
            && Files.readString(marker, StandardCharsets.UTF_8).equals(key)
            && Files.exists(built)) {
          return Path.of(Files.readString(built, StandardCharsets.UTF_8));
        }
        delete(dir);
        Files.createDirectories(dir);
        Path result = build.apply(dir);
        Files.writeString(built, result.toString(), StandardCharsets.UTF_8);
        Files.writeString(marker, key, StandardCharsets.UTF_8);
        return result;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
