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
}
