package io.callqa.jobs;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.delta.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A warehouse built once by the whole pipeline (sample landing zone of 3 days x 2,000 calls, as the
 * demo, with the 13 sample recordings transcribed), shared read-only by the integration tests of
 * the executives' and analysts' views.
 *
 * <p>Under Maven it is built once per build, not once per test JVM: the build names a folder
 * ({@code callqa.demo-warehouse.dir}) and a key that changes with every build ({@code
 * callqa.demo-warehouse.key}); the first test JVM to need it builds it there under a file lock, the
 * others (Failsafe runs two) wait for that lock and read the same folder. A folder left by an
 * earlier build has another key and is built again. Without those properties (a test run from an
 * IDE) it is built in a temporary folder removed when the JVM exits.
 */
public final class DemoWarehouse {
  private static final String COMPLETE = "demo-warehouse.complete";
  private static Path root;

  private DemoWarehouse() {}

  /** The warehouse folder, building it with {@code spark} on first use. */
  public static synchronized Path get(SparkSession spark) {
    if (root != null) {
      return root;
    }
    try {
      String shared = System.getProperty("callqa.demo-warehouse.dir");
      if (shared == null || shared.isBlank()) {
        Path dir = Files.createTempDirectory("callqa-demo-warehouse-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        root = build(spark, dir);
        return root;
      }
      Path dir = Path.of(shared).toAbsolutePath();
      String key = System.getProperty("callqa.demo-warehouse.key", "");
      Files.createDirectories(dir.getParent());
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolveSibling(dir.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        Path marker = dir.resolve(COMPLETE);
        if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(key)) {
          root = dir.resolve("warehouse");
        } else {
          delete(dir);
          Files.createDirectories(dir);
          root = build(spark, dir);
          Files.writeString(marker, key, StandardCharsets.UTF_8);
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path build(SparkSession spark, Path dir) {
    Path landing = dir.resolve("landing");
    Path warehouse = dir.resolve("warehouse");
    // Under Maven, the build's transcript cache, seeded with the samples' committed transcripts
    // (samples/transcripts): the sample calls are not recognised again here.
    CallqaConfig c =
        CallqaConfig.load(
            null,
            Map.of(
                "report.enabled",
                "false",
                "speech.transcript-cache",
                System.getProperty("callqa.transcript-cache", "")));
    LandingGenerator.generate(
        new LandingGenerator.Options(
            landing, LocalDate.of(2026, 3, 2), 3, 2000, 3L, c.get(ConfigKey.TIME_ZONE)),
        line -> {});
    PipelineJob.run(new Warehouse(spark, warehouse), c, landing, line -> {});
    return warehouse;
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
