package io.callqa.review;

import io.callqa.warehouse.storage.S3ProxyServer;
import java.nio.file.Path;

/**
 * {@link RemoteReviewChecks} on a real S3 API: S3Proxy in a JVM of its own, reached through S3A
 * (hadoop-aws) with the settings a deployment puts in {@code core-site.xml}, given here as the
 * {@code spark.hadoop.*} system properties the review server's Hadoop configuration reads.
 */
class RemoteReviewS3IT extends RemoteReviewChecks {
  static final String BUCKET = "callqa-review";
  S3ProxyServer s3;

  @Override
  String startStore(Path dir) throws Exception {
    s3 = S3ProxyServer.start(dir, BUCKET);
    s3.hadoopSettings().forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
    return "s3a://" + BUCKET;
  }

  @Override
  void stopStore() {
    takeStoreDown();
  }

  @Override
  void takeStoreDown() {
    try {
      s3.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
