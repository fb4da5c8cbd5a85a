package io.callqa.warehouse.delta;

import io.callqa.warehouse.storage.HadoopSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The Hadoop configuration of the running Spark environment ({@code spark.hadoop.*} settings and
 * the AWS environment variables applied), on the driver and on executors alike; before Spark starts
 * (search), the same settings from {@code spark.*} system properties. Registered as the {@link
 * HadoopSettings} service, so every {@code Location} of a Spark job uses it.
 *
 * <p>Building a Hadoop configuration parses Hadoop's default XML resources and copies every Spark
 * setting; each {@code Location} operation asks for one. With Spark running, the configuration is
 * built once per Spark environment and each caller gets a copy (a copy of the loaded settings,
 * without parsing): measured in the jobs module's tests, building took 18 s of CPU before.
 */
public final class SparkHadoopSettings implements HadoopSettings {

  /** The configuration built for one Spark environment's settings. */
  private record Built(SparkConf spark, Configuration hadoop) {}

  private static volatile Built built;

  @Override
  public Configuration configuration() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }
    SparkConf spark = env.conf();
    Built b = built;
    if (b == null || b.spark() != spark) {
      b = new Built(spark, SparkHadoopUtil.get().newConfiguration(spark));
      built = b;
    }
    return new Configuration(b.hadoop());
  }
}
