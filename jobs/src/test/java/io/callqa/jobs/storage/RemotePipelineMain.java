package io.callqa.jobs.storage;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.time.ZoneId;
import java.util.Map;

/**
 * The pipeline in a JVM of its own, for {@link RemoteWarehouseIT}'s kill -9 test: {@code LANDING
 * WAREHOUSE CONFIG-KEY=VALUE...}; the store's settings come as {@code -Dspark.hadoop.*} system
 * properties, as spark-submit's {@code --conf} would give them. Prints each progress line.
 */
public final class RemotePipelineMain {
  private RemotePipelineMain() {}

  public static void main(String[] args) {
    Map<String, String> overrides = new java.util.LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      overrides.put(kv[0], kv[1]);
    }
    CallqaConfig c = CallqaConfig.load(null, overrides);
    var spark =
        SparkSessions.getOrCreate(
            "local[2]", 2, ZoneId.of("Asia/Shanghai"), StorageSettings.sparkConf(c));
    Warehouse wh = new Warehouse(spark, Location.parse("warehouse", args[1]));
    PipelineJob.run(
        wh,
        c,
        Location.parse("landing zone", args[0]),
        line -> {
          System.out.println(line);
          System.out.flush();
        });
    System.out.println("pipeline done");
  }
}
