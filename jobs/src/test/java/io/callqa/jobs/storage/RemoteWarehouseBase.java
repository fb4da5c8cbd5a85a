package io.callqa.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.BuiltOnce;
import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.KpiDaily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole pipeline (ingest, KPI, complaints, transcription with the real model, analysis, index,
 * report) with the warehouse and the landing zone on a remote store, compared table by table and
 * query by query with a local run over the same landing zone; then a re-run, maintenance and time
 * travel on the remote store. {@link RemoteHdfsIT} runs it on a real HDFS, {@link RemoteS3IT} on a
 * real S3 API server, each in a test JVM of its own, and both compare with one local run built once
 * per build ({@link BuiltOnce}, folder {@code callqa.remote-reference.dir}).
 *
 * <p>The landing zone is small by default (2 days x 300 calls, 4 of them with a sample recording);
 * {@code -Dcallqa.storage-it.days=3 -Dcallqa.storage-it.calls-per-day=2000
 * -Dcallqa.storage-it.recordings=0} runs the demo's size (each of the 13 samples once). The wall
 * times and S3 request counts are printed and written to {@code
 * target/test-artifacts/remote-storage-<scheme>.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemoteWarehouseBase {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  Path dir;
  SparkSession spark;
  Path localLanding;
  Warehouse local;
  final Map<String, String> figures = new LinkedHashMap<>();

  /** Starts the remote store; returns the Spark settings that reach it. */
  abstract Map<String, String> startRemote() throws Exception;

  /** Stops the remote store. */
  abstract void stopRemote() throws Exception;

  /** The scheme, naming the figures file. */
  abstract String scheme();

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("callqa-remote-");
    Map<String, String> extra = new LinkedHashMap<>(StorageSettings.sparkConf(config("default")));
    extra.putAll(startRemote());
    spark = SparkSessions.getOrCreate("local[2]", 2, ZONE, extra);
    Path reference =
        BuiltOnce.get(
            System.getProperty("callqa.remote-reference.dir"),
            System.getProperty("callqa.demo-warehouse.key", ""),
            "callqa-remote-reference-",
            this::buildReference);
    localLanding = reference.resolve("landing");
    local = new Warehouse(spark, reference.resolve("warehouse"));
  }

  /** The landing zone and the local run the remote runs are compared with. */
  private Path buildReference(Path folder) {
    Path landing = folder.resolve("landing");
    LandingGenerator.generate(
        new LandingGenerator.Options(
            landing,
            LocalDate.of(2026, 3, 2),
            Integer.getInteger("callqa.storage-it.days", 2),
            Integer.getInteger("callqa.storage-it.calls-per-day", 300),
            3L,
            ZONE,
            Integer.getInteger("callqa.storage-it.recordings", 4)),
        line -> {});
    long t0 = System.nanoTime();
    PipelineJob.run(
        new Warehouse(spark, folder.resolve("warehouse")),
        config("default", folder.resolve("cache")),
        landing,
        progress("file"));
    figures.put("pipeline file: s", seconds(t0));
    return folder;
  }

  @AfterAll
  void stop() throws Exception {
    StringBuilder text = new StringBuilder();
    figures.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    System.out.print("remote storage figures (" + scheme() + "):\n" + text);
    Path artifacts = Path.of(System.getProperty("callqa.artifacts.dir", "target/test-artifacts"));
    Files.createDirectories(artifacts);
    Files.writeString(artifacts.resolve("remote-storage-" + scheme() + ".txt"), text.toString());
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    try {
      stopRemote();
    } finally {
      LocalFolders.deleteTree(dir);
    }
  }

  CallqaConfig config(String logStore) {
    return config(logStore, dir.resolve("cache"));
  }

  private static CallqaConfig config(String logStore, Path localCache) {
    return CallqaConfig.load(
        null,
        Map.of(
            "speech.transcript-cache",
            System.getProperty("callqa.transcript-cache", ""),
            "storage.log-store",
            logStore,
            "storage.local-cache",
            localCache.toString()));
  }

  /**
   * The pipeline on {@code root}'s landing zone and warehouse equals the local run; a re-run
   * changes nothing; maintenance keeps every row; time travel reads the first versions.
   */
  void runRemote(String scheme, String root, String logStore) throws Exception {
    CallqaConfig c = config(logStore);
    Location landing = Location.parse("landing zone", root + "/landing");
    Location whRoot = Location.parse("warehouse", root + "/warehouse");
    long t0 = System.nanoTime();
    landing.copyFromLocal(localLanding);
    figures.put(scheme + " landing upload s", seconds(t0));
    Warehouse wh = new Warehouse(spark, whRoot);
    t0 = System.nanoTime();
    PipelineJob.Result r = PipelineJob.run(wh, c, landing, progress(scheme));
    figures.put("pipeline " + scheme + ": s", seconds(t0));
    assertThat(r.transcribe().orElseThrow().byStatus()).containsKey("TRANSCRIBED");
    assertThat(r.report()).isPresent();

    // Table by table, query by query, as the cluster comparison does.
    assertThat(WarehouseComparison.tables(local, wh, line -> {})).isEmpty();
    Path fetched = IndexSnapshots.fetchLatest(whRoot, dir.resolve("search-cache"), line -> {});
    assertThat(fetched).isNotNull();
    assertThat(
            WarehouseComparison.searchIndexes(
                TranscriptIndex.dirUnder(local.root().localPath()), fetched, line -> {}))
        .isEmpty();
    // Nothing of the warehouse lands in a local folder named after the scheme.
    assertThat(Path.of(scheme + ":")).doesNotExist();
    assertThat(whRoot.resolve("report/callqa-report.html").size()).isGreaterThan(10_000);
    assertThat(whRoot.resolve(IndexSnapshots.LATEST).exists()).isTrue();

    // A re-run reads nothing, rebuilds nothing and publishes no new snapshot.
    String snapshot = IndexSnapshots.latestId(whRoot);
    long calls = wh.version(Calls.SPEC);
    t0 = System.nanoTime();
    PipelineJob.Result again = PipelineJob.run(wh, c, landing, progress(scheme + " re-run"));
    figures.put("re-run " + scheme + ": s", seconds(t0));
    assertThat(again.ingest().files()).isEmpty();
    assertThat(again.index().upToDate()).isTrue();
    assertThat(again.report()).isEmpty();
    assertThat(IndexSnapshots.latestId(whRoot)).isEqualTo(snapshot);
    assertThat(wh.version(Calls.SPEC)).isEqualTo(calls);

    // Maintenance keeps every row and time travel to the first version.
    long rows = wh.read(KpiDaily.SPEC).count();
    t0 = System.nanoTime();
    MaintainJob.run(wh, c.get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS), true, line -> {});
    figures.put("maintain " + scheme + ": s", seconds(t0));
    assertThat(wh.read(KpiDaily.SPEC).count()).isEqualTo(rows);
    long first =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", 0)
            .load(wh.path(Calls.SPEC).toString())
            .count();
    assertThat(first).isEqualTo(0);
    long v1 =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", 1)
            .load(wh.path(Calls.SPEC).toString())
            .count();
    assertThat(v1).isEqualTo(local.read(Calls.SPEC).count());
  }

  /** Progress lines with the seconds since the run began, for the log of the build. */
  static Consumer<String> progress(String run) {
    long t0 = System.nanoTime();
    return line ->
        System.out.printf(
            Locale.ROOT, "[%s %6.1f s] %s%n", run, (System.nanoTime() - t0) / 1e9, line);
  }

  static String seconds(long t0) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }
}
