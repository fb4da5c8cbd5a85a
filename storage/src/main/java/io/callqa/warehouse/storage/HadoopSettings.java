package io.callqa.warehouse.storage;

import org.apache.hadoop.conf.Configuration;

/**
 * Where {@link Location} takes its Hadoop configuration from: a service ({@code META-INF/services})
 * so that the Spark jobs supply the session's settings on every node while this module stays free
 * of Spark.
 */
public interface HadoopSettings {
  /** A fresh configuration for one file system call. */
  Configuration configuration();
}
