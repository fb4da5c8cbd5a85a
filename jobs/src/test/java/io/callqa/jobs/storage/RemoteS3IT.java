package io.callqa.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.S3ProxyServer;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.TicketEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline with the warehouse and the landing zone on a real S3 API server (S3Proxy over a
 * local folder, in a JVM of its own, reached through hadoop-aws's S3A with {@code
 * storage.log-store=s3-single-writer} and credentials from Hadoop's configuration), compared with
 * the local run ({@link RemoteWarehouseBase}); a run killed after its first commit; the one-line
 * error for a bucket that does not exist.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteS3IT extends RemoteWarehouseBase {
  static final String BUCKET = "callqa-test";

  S3ProxyServer s3proxy;

  @Override
  Map<String, String> startRemote() throws Exception {
    long t0 = System.nanoTime();
    s3proxy = S3ProxyServer.start(dir, BUCKET);
    figures.put("s3proxy start s", seconds(t0));
    Map<String, String> extra = new LinkedHashMap<>();
    // What a deployment puts in core-site.xml or spark-defaults.conf (S3ProxyServer says which).
    s3proxy.hadoopSettings().forEach((k, v) -> extra.put("spark.hadoop." + k, v));
    // S3 through Delta's single-driver log store, as storage.log-store=s3-single-writer names it.
    extra.putAll(StorageSettings.sparkConf(config("s3-single-writer")));
    return extra;
  }

  @Override
  void stopRemote() throws Exception {
    if (s3proxy != null) {
      try {
        s3proxy.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  String scheme() {
    return "s3a";
  }

  @Test
  @Order(1)
  void pipelineOnS3EqualsTheLocalRun() throws Exception {
    FileSystem.getGlobalStorageStatistics().reset();
    runRemote("s3a", "s3a://" + BUCKET + "/callqa", "s3-single-writer");
    // S3A's request counts are in the statistics it registers as S3AStorageStatistics (scheme
    // s3a); the generic per-scheme entry has none of these keys.
    var it = FileSystem.getGlobalStorageStatistics().iterator();
    while (it.hasNext()) {
      var stats = it.next();
      if (!"s3a".equals(stats.getScheme())) {
        continue;
      }
      for (String key :
          List.of(
              "object_put_request",
              "object_list_request",
              "object_metadata_request",
              "object_delete_request",
              "object_put_bytes",
              "stream_read_bytes")) {
        Long v = stats.getLong(key);
        if (v != null) {
          figures.put("s3a " + key, Long.toString(v));
        }
      }
    }
    Warehouse wh =
        new Warehouse(spark, Location.parse("warehouse", "s3a://" + BUCKET + "/callqa/warehouse"));
    assertThat(MaintainJob.logStoreClass(wh, Calls.SPEC))
        .isEqualTo(StorageSettings.SINGLE_WRITER_CLASS);
  }

  /**
   * A run on S3 killed (SIGKILL) after its first table commit leaves every table readable, and the
   * re-run completes with the same rows as the local run.
   */
  @Test
  @Order(2)
  void aRunKilledOnS3LeavesReadableTablesAndTheRerunCompletes() throws Exception {
    String landing = "s3a://" + BUCKET + "/callqa/landing";
    String warehouse = "s3a://" + BUCKET + "/killed/warehouse";
    if (!Location.parse("landing zone", landing).exists()) {
      Location.parse("landing zone", landing).copyFromLocal(localLanding);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("--add-exports")
          || a.startsWith("-D") && !a.startsWith("-Dspark.")) {
        cmd.add(a);
      }
    }
    for (var e : spark.sparkContext().getConf().getAll()) {
      if (e._1().startsWith("spark.hadoop.") || e._1().startsWith("spark.delta.logStore.")) {
        cmd.add("-D" + e._1() + "=" + e._2());
      }
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            RemotePipelineMain.class.getName(),
            landing,
            warehouse,
            "storage.log-store=s3-single-writer",
            "speech.enabled=false",
            "report.enabled=false"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (var out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        // calls is committed; surveys is being read: kill -9 between two table commits.
        if (line.startsWith("ingest: surveys: reading")) {
          p.destroyForcibly();
          break;
        }
      }
    }
    p.waitFor();
    assertThat(lines).anyMatch(l -> l.startsWith("ingest: surveys: reading"));
    assertThat(lines).noneMatch(l -> l.equals("pipeline done"));

    Warehouse wh = new Warehouse(spark, Location.parse("warehouse", warehouse));
    assertThat(wh.exists(Calls.SPEC)).isTrue();
    for (var t : Tables.ALL) {
      if (wh.exists(t)) {
        wh.read(t).count();
      }
    }
    long t0 = System.nanoTime();
    IngestJob.run(
        wh,
        IngestSettings.of(config("s3-single-writer")),
        Location.parse("landing zone", landing),
        line -> {});
    figures.put("s3a ingest re-run after kill -9: s", seconds(t0));
    List<TableSpec> ingested =
        List.of(Calls.SPEC, Surveys.SPEC, TicketEvents.SPEC, Chats.SPEC, Rejects.SPEC);
    List<String> diffs = WarehouseComparison.tables(local, wh, ingested, line -> {});
    for (var t : ingested) {
      if (diffs.stream().anyMatch(d -> d.startsWith(t.name() + ":"))) {
        var a = local.read(t).drop("ingest_run");
        var b = wh.read(t).drop("ingest_run");
        diffs.add("only local: " + a.exceptAll(b).limit(3).collectAsList());
        diffs.add("only after kill: " + b.exceptAll(a).limit(3).collectAsList());
      }
    }
    assertThat(diffs).isEmpty();
  }

  @Test
  @Order(3)
  void aMissingBucketIsOneLine() {
    Location wh = Location.parse("warehouse", "s3a://no-such-bucket/callqa/warehouse");
    assertThatThrownBy(() -> wh.checkReachable("warehouse"))
        .isInstanceOf(CallqaException.class)
        .hasMessageStartingWith("cannot reach the warehouse s3a://no-such-bucket/callqa/warehouse")
        .hasMessageContaining("bucket does not exist")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
