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
 */
public final class SparkHadoopSettings implements HadoopSettings {
  @Override
  public Configuration configuration() {
    SparkEnv env = SparkEnv.get();
    return SparkHadoopUtil.get().newConfiguration(env != null ? env.conf() : new SparkConf());
  }
}
