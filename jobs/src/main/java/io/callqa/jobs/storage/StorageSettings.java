package io.callqa.jobs.storage;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark settings for where the warehouse lives: which Delta log store commits to object
 * storage.
 *
 * <ul>
 *   <li>{@code default}: Delta's choice by URI scheme. HDFS and local folders commit by atomic
 *       rename and are safe with any number of writers; S3 gets {@code S3SingleDriverLogStore},
 *       safe with one writing Spark driver at a time (callqa's batch jobs, run one after another by
 *       one scheduler).
 *   <li>{@code s3-single-writer}: {@code io.delta.storage.S3SingleDriverLogStore} named for the
 *       schemes of {@code storage.log-store.schemes}, the same guarantee stated explicitly.
 *   <li>{@code s3-multi-cluster}: {@code io.delta.storage.S3DynamoDBLogStore}: commits are made
 *       mutually exclusive through a DynamoDB table ({@code storage.dynamodb.table}, {@code
 *       storage.dynamodb.region}), so several clusters (or the batch pipeline and a manual {@code
 *       callqa qa score}) may write at once. Needs {@code io.delta:delta-storage-s3-dynamodb} on
 *       the class path.
 * </ul>
 */
public final class StorageSettings {

  public static final String SINGLE_WRITER_CLASS = "io.delta.storage.S3SingleDriverLogStore";
  public static final String MULTI_CLUSTER_CLASS = Warehouse.MULTI_CLUSTER_LOG_STORE;
  public static final String MULTI_CLUSTER_ARTIFACT = "io.delta:delta-storage-s3-dynamodb:3.3.2";

  private StorageSettings() {}

  /** The Spark configuration entries the settings call for; empty for {@code default}. */
  public static Map<String, String> sparkConf(CallqaConfig c) {
    Map<String, String> conf = new LinkedHashMap<>();
    String impl =
        switch (c.get(ConfigKey.STORAGE_LOG_STORE)) {
          case "s3-single-writer" -> SINGLE_WRITER_CLASS;
          case "s3-multi-cluster" -> MULTI_CLUSTER_CLASS;
          default -> null;
        };
    if (impl == null) {
      return conf;
    }
    if (impl.equals(MULTI_CLUSTER_CLASS)) {
      try {
        Class.forName(MULTI_CLUSTER_CLASS, false, StorageSettings.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new CallqaException(
            "storage.log-store=s3-multi-cluster needs "
                + MULTI_CLUSTER_ARTIFACT
                + " (and hadoop-aws) on the class path, e.g. spark-submit --packages "
                + MULTI_CLUSTER_ARTIFACT
                + ",org.apache.hadoop:hadoop-aws:3.3.4");
      }
      conf.put(
          "spark.io.delta.storage.S3DynamoDBLogStore.ddb.tableName",
          c.get(ConfigKey.STORAGE_DYNAMODB_TABLE));
      conf.put(
          "spark.io.delta.storage.S3DynamoDBLogStore.ddb.region",
          c.get(ConfigKey.STORAGE_DYNAMODB_REGION));
    }
    for (String scheme : c.get(ConfigKey.STORAGE_LOG_STORE_SCHEMES).split(",")) {
      String s = scheme.strip().toLowerCase(Locale.ROOT);
      if (!s.isEmpty()) {
        conf.put("spark.delta.logStore." + s + ".impl", impl);
      }
    }
    return conf;
  }
}
