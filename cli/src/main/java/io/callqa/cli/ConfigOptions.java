package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
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

  /**
   * As {@link #requireWarehouse(Path)}, for a warehouse anywhere; a remote one is first checked to
   * be reachable, so that a NameNode that is down or a missing bucket is one line.
   */
  public static void requireWarehouse(Location warehouse) {
    if (warehouse.isLocal()) {
      requireWarehouse(warehouse.localPath());
      return;
    }
    warehouse.checkReachable("warehouse");
    if (!warehouse.isDirectory()) {
      throw new CallqaException(
          "warehouse folder " + warehouse + " does not exist; run `callqa run` first");
    }
  }

  /** Fails, naming the command, when {@code warehouse} is not a local folder. */
  public static Path requireLocal(Location warehouse, String command, String why) {
    if (!warehouse.isLocal()) {
      throw new CallqaException(
          "callqa " + command + " needs a local warehouse folder (" + why + "); got " + warehouse);
    }
    return warehouse.localPath();
  }

  /** The warehouse at {@code root} on the session {@link #spark} opens for {@code c}. */
  public static Warehouse warehouse(CallqaConfig c, Path root) {
    return sizedByCalls(new Warehouse(spark(c), root));
  }

  /** A command that opens a warehouse (sql, report, ...) reads about as much as its calls table. */
  private static Warehouse sizedByCalls(Warehouse wh) {
    wh.settingsFor(0);
    return wh;
  }

  /**
   * The warehouse at {@code root}, local or remote (checked to be reachable before Spark starts
   * writing to it).
   */
  public static Warehouse warehouse(CallqaConfig c, Location root) {
    root.checkReachable("warehouse");
    return sizedByCalls(new Warehouse(spark(c), root));
  }

  public static SparkSession spark(CallqaConfig c) {
    // spark-submit sets spark.master; the configured master is the default for plain `java -jar`.
    String master =
        System.getProperty("spark.master") != null ? null : c.get(ConfigKey.SPARK_MASTER);
    SparkSession spark =
        SparkSessions.getOrCreate(
            master,
            c.get(ConfigKey.SHUFFLE_PARTITIONS),
            c.get(ConfigKey.TIME_ZONE),
            io.callqa.jobs.storage.StorageSettings.sparkConf(c));
    spark.conf().set(SparkSessions.CODEGEN_MODE, c.get(ConfigKey.SPARK_CODEGEN));
    spark.conf().set(SparkSessions.ADAPTIVE_MODE, c.get(ConfigKey.SPARK_ADAPTIVE));
    return spark;
  }
}
