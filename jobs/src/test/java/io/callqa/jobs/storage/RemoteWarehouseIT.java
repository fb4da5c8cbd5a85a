package io.callqa.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.ChildJvm;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.S3ProxyServer;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Complaints;
import io.callqa.warehouse.tables.KpiDaily;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline (ingest, KPI, complaints, transcription with the real model, analysis, index,
 * report) with the warehouse and the landing zone on a real HDFS (a MiniDFSCluster: a NameNode and
 * a DataNode in this JVM) and on a real S3 API server (S3Proxy over a local folder, in a JVM of its
 * own, reached through hadoop-aws's S3A with {@code storage.log-store=s3-single-writer} and
 * credentials from Hadoop's configuration), each compared table by table and query by query with a
 * local run over the same landing zone. Then a re-run, maintenance and time travel on the remote
 * store, and the one-line errors for a NameNode that is down and a bucket that does not exist.
 *
 * <p>The landing zone is small by default (2 days x 300 calls, 4 of them with a sample recording);
 * {@code -Dcallqa.storage-it.days=3 -Dcallqa.storage-it.calls-per-day=2000
 * -Dcallqa.storage-it.recordings=0} runs the demo's size (each of the 13 samples once). The wall
 * times and S3 request counts are printed and written to {@code
 * target/test-artifacts/remote-storage.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteWarehouseIT {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String BUCKET = "callqa-test";

  Path dir;
  MiniDFSCluster hdfs;
  S3ProxyServer s3proxy;
  SparkSession spark;
  Path localLanding;
  Warehouse local;
  final Map<String, String> figures = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("callqa-remote-");
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    figures.put("hdfs start s", seconds(t0));

    t0 = System.nanoTime();
    s3proxy = S3ProxyServer.start(dir, BUCKET);
    figures.put("s3proxy start s", seconds(t0));

    Map<String, String> extra = new LinkedHashMap<>(StorageSettings.sparkConf(config("default")));
    // What a deployment puts in core-site.xml or spark-defaults.conf (S3ProxyServer says which).
    s3proxy.hadoopSettings().forEach((k, v) -> extra.put("spark.hadoop." + k, v));
    extra.put("spark.hadoop.dfs.replication", "1");
    // Closing a file waits until the NameNode has heard from the DataNode; the client asks again
    // after 400 ms, doubling, by default, and the first answer here is nearly always "not yet":
    // measured on this MiniDFSCluster, 230 ms per small file at 400, 18 ms at 10. Delta commits
    // and index snapshots are small files. Ten retries from 10 ms wait up to 10.2 s in all (the
    // default, 12.4 s).
    extra.put("spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
    extra.put("spark.hadoop.dfs.client.block.write.locateFollowingBlock.retries", "10");
    // S3 through Delta's single-driver log store, as storage.log-store=s3-single-writer names it.
    extra.putAll(StorageSettings.sparkConf(config("s3-single-writer")));
    spark = SparkSessions.getOrCreate("local[2]", 2, ZONE, extra);

    localLanding = dir.resolve("landing");
    LandingGenerator.generate(
        new LandingGenerator.Options(
            localLanding,
            LocalDate.of(2026, 3, 2),
            Integer.getInteger("callqa.storage-it.days", 2),
            Integer.getInteger("callqa.storage-it.calls-per-day", 300),
            3L,
            ZONE,
            Integer.getInteger("callqa.storage-it.recordings", 4)),
        line -> {});
    local = new Warehouse(spark, dir.resolve("warehouse"));
    t0 = System.nanoTime();
    PipelineJob.run(local, config("default"), localLanding, progress("file"));
    figures.put("pipeline file: s", seconds(t0));
  }

  @AfterAll
  void stop() throws IOException {
    StringBuilder text = new StringBuilder();
    figures.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    System.out.print("remote storage figures:\n" + text);
    Path artifacts = Path.of(System.getProperty("callqa.artifacts.dir", "target/test-artifacts"));
    Files.createDirectories(artifacts);
    Files.writeString(artifacts.resolve("remote-storage.txt"), text.toString());
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
    if (s3proxy != null) {
      try {
        s3proxy.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LocalFolders.deleteTree(dir);
  }

  CallqaConfig config(String logStore) {
    return CallqaConfig.load(
        null,
        Map.of(
            "speech.transcript-cache",
            System.getProperty("callqa.transcript-cache", ""),
            "storage.log-store",
            logStore,
            "storage.local-cache",
            dir.resolve("cache").toString()));
  }

  String hdfsRoot() {
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
  }

  @Test
  @Order(1)
  void pipelineOnHdfsEqualsTheLocalRun() throws Exception {
    runRemote("hdfs", hdfsRoot() + "/callqa", "default");
  }

  @Test
  @Order(2)
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

  private void runRemote(String scheme, String root, String logStore) throws Exception {
    CallqaConfig c = config(logStore);
    Location landing = Location.parse("landing zone", root + "/landing");
    Location whRoot = Location.parse("warehouse", root + "/warehouse");
    long t0 = System.nanoTime();
    landing.copyFromLocal(localLanding);
    figures.put(scheme + " landing upload s", seconds(t0));
    Warehouse wh = new Warehouse(spark, whRoot);
    List<String> scratchBefore = indexScratchFolders();
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
    // No table gets a new version. (No ticket of this landing zone opens, its ticket lines are all
    // rejected: the complaint tables exist empty, and a re-run once committed them again.)
    Map<String, Long> versions = wh.versions();
    assertThat(versions.get(Complaints.NAME)).isNotNegative();
    t0 = System.nanoTime();
    PipelineJob.Result again = PipelineJob.run(wh, c, landing, progress(scheme + " re-run"));
    figures.put("re-run " + scheme + ": s", seconds(t0));
    assertThat(again.ingest().files()).isEmpty();
    assertThat(again.index().upToDate()).isTrue();
    assertThat(again.report()).isEmpty();
    assertThat(IndexSnapshots.latestId(whRoot)).isEqualTo(snapshot);
    assertThat(wh.versions()).isEqualTo(versions);
    // The index stage builds a remote store's shards in local scratch folders, and a task with
    // nothing new (every one of the re-run's) once left its empty folder behind.
    assertThat(indexScratchFolders()).isEqualTo(scratchBefore);

    // Maintenance keeps every row and time travel to the first version.
    long rows = wh.read(KpiDaily.SPEC).count();
    t0 = System.nanoTime();
    List<MaintainJob.TableResult> maintained =
        MaintainJob.run(wh, c.get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS), true, line -> {});
    figures.put("maintain " + scheme + ": s", seconds(t0));
    assertThat(wh.read(KpiDaily.SPEC).count()).isEqualTo(rows);
    // The tables were created minutes ago, so maintain had nothing to VACUUM; VACUUM itself still
    // runs through this store's file system (listing, and deleting nothing the window keeps).
    assertThat(maintained).noneMatch(MaintainJob.TableResult::vacuumed);
    t0 = System.nanoTime();
    MaintainJob.vacuum(wh, Calls.SPEC, c.get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS));
    figures.put("vacuum calls " + scheme + ": s", seconds(t0));
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

  /** The index stage's local scratch folders in this JVM's temporary folder, by name. */
  static List<String> indexScratchFolders() throws IOException {
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("callqa-shard"))
          .sorted()
          .toList();
    }
  }

  /**
   * A run on S3 killed (SIGKILL) after its first table commit leaves every table readable, and the
   * re-run completes with the same rows as the local run.
   */
  @Test
  @Order(3)
  void aRunKilledOnS3LeavesReadableTablesAndTheRerunCompletes() throws Exception {
    String landing = "s3a://" + BUCKET + "/callqa/landing";
    String warehouse = "s3a://" + BUCKET + "/killed/warehouse";
    if (!Location.parse("landing zone", landing).exists()) {
      Location.parse("landing zone", landing).copyFromLocal(localLanding);
    }
    List<String> cmd = new ArrayList<>(ChildJvm.java("1g"));
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
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
    java.util.regex.Pattern committed =
        java.util.regex.Pattern.compile("ingest: \\w+: committed to (\\w+)");
    String firstTable = null;
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        // The first feed's table is committed, the others' (read at once) not all, and neither
        // rejects nor ingested_files: kill -9 between two table commits.
        java.util.regex.Matcher m = committed.matcher(line);
        if (m.matches()) {
          firstTable = m.group(1);
          p.destroyForcibly();
          break;
        }
      }
    }
    p.waitFor();
    assertThat(firstTable).as("a feed's commit line in %s", lines).isNotNull();
    assertThat(lines).noneMatch(l -> l.equals("pipeline done"));

    Warehouse wh = new Warehouse(spark, Location.parse("warehouse", warehouse));
    String first = firstTable;
    assertThat(io.callqa.warehouse.tables.Tables.ALL)
        .filteredOn(t -> t.name().equals(first))
        .singleElement()
        .matches(wh::exists);
    assertThat(wh.readOrEmpty(io.callqa.warehouse.tables.IngestedFiles.SPEC).count()).isZero();
    for (var t : io.callqa.warehouse.tables.Tables.ALL) {
      if (wh.exists(t)) {
        wh.read(t).count();
      }
    }
    long t0 = System.nanoTime();
    io.callqa.jobs.ingest.IngestJob.run(
        wh,
        io.callqa.jobs.ingest.IngestSettings.of(config("s3-single-writer")),
        Location.parse("landing zone", landing),
        line -> {});
    figures.put("s3a ingest re-run after kill -9: s", seconds(t0));
    List<io.callqa.warehouse.tables.TableSpec> ingested =
        List.of(
            Calls.SPEC,
            io.callqa.warehouse.tables.Surveys.SPEC,
            io.callqa.warehouse.tables.TicketEvents.SPEC,
            io.callqa.warehouse.tables.Chats.SPEC,
            io.callqa.warehouse.tables.Rejects.SPEC);
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
  @Order(4)
  void aNameNodeThatIsDownIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Location wh = Location.parse("warehouse", "hdfs://127.0.0.1:" + port + "/callqa/warehouse");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> wh.checkReachable("warehouse"))
        .isInstanceOf(CallqaException.class)
        .hasMessageStartingWith("cannot reach the warehouse hdfs://127.0.0.1:" + port)
        .hasMessageContaining("connection refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    figures.put("NameNode down, error after s", seconds(t0));
  }

  @Test
  @Order(5)
  void aMissingBucketIsOneLine() {
    Location wh = Location.parse("warehouse", "s3a://no-such-bucket/callqa/warehouse");
    assertThatThrownBy(() -> wh.checkReachable("warehouse"))
        .isInstanceOf(CallqaException.class)
        .hasMessageStartingWith("cannot reach the warehouse s3a://no-such-bucket/callqa/warehouse")
        .hasMessageContaining("bucket does not exist")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  @Order(6)
  void aFileRewrittenOnHdfsIsNeverMissingToAReader() throws Exception {
    // The review server rewrites its journal while other readers list and read it: every read
    // must find the old content or the new, never no file (a delete and then a rename did).
    Location file = Location.parse("journal", hdfsRoot() + "/callqa/atomic/journal.jsonl");
    file.write("0\n".getBytes(StandardCharsets.UTF_8));
    int rewrites = 200;
    AtomicBoolean done = new AtomicBoolean();
    List<String> missing = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                byte[] b = file.readAllBytesOrNull();
                reads.incrementAndGet();
                if (b == null || b.length == 0) {
                  missing.add("read " + reads.get() + ": " + (b == null ? "no file" : "empty"));
                }
              }
            });
    reader.start();
    try {
      for (int i = 1; i <= rewrites; i++) {
        file.write((i + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      done.set(true);
      reader.join();
    }
    figures.put("HDFS rewrites / concurrent reads", rewrites + " / " + reads.get());
    assertThat(reads.get()).isGreaterThan(20);
    assertThat(missing).isEmpty();
    assertThat(new String(file.readAllBytesOrNull(), StandardCharsets.UTF_8))
        .isEqualTo(rewrites + "\n");
  }

  /** Progress lines with the seconds since the run began, for the log of the build. */
  private static java.util.function.Consumer<String> progress(String run) {
    long t0 = System.nanoTime();
    return line ->
        System.out.printf(
            Locale.ROOT, "[%s %6.1f s] %s%n", run, (System.nanoTime() - t0) / 1e9, line);
  }

  private static String seconds(long t0) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }
}
