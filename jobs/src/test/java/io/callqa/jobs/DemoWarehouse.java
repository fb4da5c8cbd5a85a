package io.callqa.jobs;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A warehouse built once by the whole pipeline (sample landing zone of 3 days x 2,000 calls, as the
 * demo, with the 13 sample recordings transcribed), shared read-only by the integration tests of
 * the executives' and analysts' views.
 *
 * <p>Under Maven it is built once per build, not once per test JVM ({@link BuiltOnce}): the build
 * names a folder ({@code callqa.demo-warehouse.dir}) and a key that changes with every build
 * ({@code callqa.demo-warehouse.key}).
 */
public final class DemoWarehouse {
  private static Path root;

  private DemoWarehouse() {}

  /** The warehouse folder, building it with {@code spark} on first use. */
  public static synchronized Path get(SparkSession spark) {
    if (root == null) {
      root =
          BuiltOnce.get(
              System.getProperty("callqa.demo-warehouse.dir"),
              System.getProperty("callqa.demo-warehouse.key", ""),
              "callqa-demo-warehouse-",
              dir -> build(spark, dir));
    }
    return root;
  }

  private static Path build(SparkSession spark, Path dir) {
    Path landing = dir.resolve("landing");
    Path warehouse = dir.resolve("warehouse");
    // Under Maven, the build's transcript cache: each sample recording is recognised once per
    // build.
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
}
