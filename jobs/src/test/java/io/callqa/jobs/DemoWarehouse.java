package io.callqa.jobs;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.delta.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A warehouse built once per test JVM by the whole pipeline (sample landing zone of 3 days x 2,000
 * calls, as the demo, with the 13 sample recordings transcribed), shared read-only by the
 * integration tests of the executives' and analysts' views; removed when the JVM exits.
 */
public final class DemoWarehouse {
  private static Path root;

  private DemoWarehouse() {}

  /** The warehouse folder, building it with {@code spark} on first use. */
  public static synchronized Path get(SparkSession spark) {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("callqa-demo-warehouse-");
        Path landing = dir.resolve("landing");
        Path warehouse = dir.resolve("warehouse");
        CallqaConfig c = CallqaConfig.load(null, Map.of("report.enabled", "false"));
        LandingGenerator.generate(
            new LandingGenerator.Options(
                landing, LocalDate.of(2026, 3, 2), 3, 2000, 3L, c.timeZone()),
            line -> {});
        PipelineJob.run(new Warehouse(spark, warehouse), c, landing, line -> {});
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        root = warehouse;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at JVM exit
    }
  }
}
