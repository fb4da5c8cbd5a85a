package io.callqa.warehouse;

import io.callqa.warehouse.delta.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One lean local Spark session per test class ({@code local[2]}, UI off, 2 shuffle partitions, the
 * centre's time zone) and a scratch folder removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkTestBase {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  protected SparkSession spark;
  protected Path scratch;

  @BeforeAll
  void startSpark() throws IOException {
    scratch = Files.createTempDirectory("callqa-test-");
    spark = SparkSessions.getOrCreate("local[2]", 2, ZONE);
  }

  @AfterAll
  void stopSpark() throws IOException {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    try (Stream<Path> s = Files.walk(scratch)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Runs {@code work} and returns the descriptions of the Spark jobs it started, in order ({@code
   * "null"} for a job without one; Delta's own jobs say {@code "Delta: ..."}).
   */
  protected <T> JobsOf<T> jobsOf(java.util.function.Supplier<T> work) {
    java.util.List<String> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.scheduler.SparkListener listener =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
            jobs.add(String.valueOf(job.properties().getProperty("spark.job.description")));
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      T result = work.get();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      return new JobsOf<>(result, java.util.List.copyOf(jobs));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 10 s", e);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** What {@link #jobsOf} ran: the work's result and the descriptions of its Spark jobs. */
  protected record JobsOf<T>(T result, java.util.List<String> jobs) {}
}
