package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The configuration options every Spark subcommand takes (precedence: --set > --config > default).
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file (Java properties)")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override one configuration key, e.g. --set kpi.service-level.threshold-s=20")
  Map<String, String> overrides = new LinkedHashMap<>();

  public CallqaConfig load() {
    return CallqaConfig.load(configFile, overrides);
  }

  /** Fails with the usual advice when {@code warehouse} is not an existing folder. */
  public static void requireWarehouse(Path warehouse) {
    if (!java.nio.file.Files.isDirectory(warehouse)) {
      throw CallqaException.noFolder("warehouse", warehouse, "run `callqa run` first");
    }
  }

  /** The warehouse at {@code root} on the session {@link #spark} opens for {@code c}. */
  public static Warehouse warehouse(CallqaConfig c, Path root) {
    return new Warehouse(spark(c), root);
  }

  public static SparkSession spark(CallqaConfig c) {
    // spark-submit sets spark.master; the configured master is the default for plain `java -jar`.
    String master = System.getProperty("spark.master") != null ? null : c.sparkMaster();
    return SparkSessions.getOrCreate(
        master,
        c.shufflePartitions(),
        c.timeZone(),
        io.callqa.jobs.storage.StorageSettings.sparkConf(c));
  }
}
