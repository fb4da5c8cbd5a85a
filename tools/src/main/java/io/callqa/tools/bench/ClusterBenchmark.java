package io.callqa.tools.bench;

import io.callqa.cli.CallqaCommand;
import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.WordErrorRate;
import io.callqa.samples.LandingGenerator;
import io.callqa.tools.cluster.LocalCluster;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.CallAnalytics;
import io.callqa.warehouse.tables.CallCategories;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callqa bench cluster}: the same pipeline on the same landing zone, once in {@code
 * local[2]} and once submitted with {@code SparkSubmit} to a standalone cluster on loopback ({@link
 * LocalCluster}: a master and N one-core workers), then every silver and gold table and the search
 * results of the two warehouses compared ({@link WarehouseComparison}); any difference fails the
 * run. With {@code --scaling} the cluster run is repeated with one worker, for the transcription
 * and indexing throughput from 1 to N executors.
 *
 * <p>Each run is a JVM of its own, as a user starts it. The speech model reaches the executors as a
 * Spark archive ({@code --archives callqa-models.zip#callqa-models}, unpacked into each executor's
 * working folder, which {@code -Dcallqa.models.dir=callqa-models} points {@code bundled:} locations
 * at); the configuration is parsed on the driver and reaches the tasks inside their closures
 * (speech settings, rule and scorecard text). The landing zone and the warehouse are on a path
 * every process sees, as a shared file system would be.
 */
public final class ClusterBenchmark {

  /** What to run. */
  public record Options(
      int days,
      int callsPerDay,
      int recordings,
      int workers,
      boolean scaling,
      int executorMemoryMb,
      Path work,
      Path results,
      ZoneId zone,
      String fs,
      Reference reference) {}

  /**
   * A landing zone and the warehouse a local run built from it (a demo's folder), compared with the
   * cluster's run in place of a local run of the benchmark's own.
   */
  public record Reference(Path landing, Path warehouse) {}

  /** What one pipeline run took, from its own summary lines. */
  public record RunTimes(
      String name,
      double wallS,
      double audioH,
      double transcribeS,
      long conversations,
      double indexS) {
    double audioPerWallS() {
      return transcribeS <= 0 ? 0 : audioH * 3600 / transcribeS;
    }

    double conversationsPerS() {
      return indexS <= 0 ? 0 : conversations / indexS;
    }
  }

  /**
   * How far the cluster's transcript words may be from a fresh local transcription's (word error
   * rate, the local one as reference): not at all. The bundled model does not dither, so the same
   * recording gets the same words on any executor (it once did, and two local runs differed by a
   * few percent).
   */
  static final double MAX_TRANSCRIPT_DIFFERENCE = 0.0;

  private static final Pattern DONE = Pattern.compile("done in ([0-9.]+) s");
  private static final Pattern TRANSCRIBE =
      Pattern.compile("^transcribe: .*; ([0-9.]+) audio h in ([0-9.]+) s");
  private static final Pattern INDEX =
      Pattern.compile("^index: ([0-9]+) conversations in .* in ([0-9.]+) s");

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public ClusterBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  /** Runs it; returns the results file. Throws when the warehouses differ. */
  public Path run(SparkSession spark) throws IOException, InterruptedException {
    Path jar = productionJar();
    Path target = jar.getParent();
    List<String> jvm =
        java.util.Arrays.stream(
                Files.readString(target.resolve("callqa-jvm.options")).split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList();
    String models = System.getProperty(SpeechModel.MODELS_DIR_PROPERTY, "nlp/target/models");
    Path modelsDir = Path.of(models).toAbsolutePath().normalize();

    Path work = o.work().toAbsolutePath().normalize();
    LocalFolders.deleteTree(work);
    Files.createDirectories(work);
    // With a reference (a demo's folder): its landing zone, and its warehouse in place of a local
    // run of our own (the same comparison, one pipeline run fewer).
    Path landing;
    Path localRoot;
    if (o.reference() == null) {
      landing = work.resolve("landing");
      localRoot = work.resolve("local");
      LandingGenerator.Summary g =
          LandingGenerator.generate(
              new LandingGenerator.Options(
                  landing,
                  LandingGenerator.SAMPLE_START,
                  o.days(),
                  o.callsPerDay(),
                  LandingGenerator.SAMPLE_SEED,
                  o.zone(),
                  o.recordings()),
              p -> {});
      lines.say(
          String.format(
              Locale.ROOT,
              "# cluster benchmark: %d days x %,d calls a day (%,d calls, %d recordings), %d workers",
              o.days(),
              o.callsPerDay(),
              g.calls(),
              g.recordings(),
              o.workers()));
    } else {
      landing = o.reference().landing().toAbsolutePath().normalize();
      localRoot = o.reference().warehouse().toAbsolutePath().normalize();
      lines.say(
          String.format(
              Locale.ROOT,
              "# cluster benchmark: the landing zone %s, compared with the warehouse %s (no local"
                  + " run of its own), %d workers",
              landing,
              localRoot,
              o.workers()));
    }
    lines.say(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, java "
            + System.getProperty("java.version")
            + "; every run a fresh JVM on a fresh warehouse over the same landing zone");
    Path modelZip = zipFolder(modelsDir, work.resolve("callqa-models.zip"));

    List<String> java =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.add("-XX:+UseParallelGC");
    java.addAll(jvm);
    java.add("-D" + SpeechModel.MODELS_DIR_PROPERTY + "=" + modelsDir);

    List<String> local = new ArrayList<>(java);
    local.addAll(
        List.of(
            "-Xmx3g",
            "-jar",
            jar.toString(),
            "run",
            "--landing",
            landing.toString(),
            "--warehouse",
            localRoot.toString(),
            "--set",
            "spark.master=local[2]"));
    RunTimes localRun = o.reference() == null ? pipeline("local[2]", local) : null;

    // --fs hdfs: the cluster's landing zone and warehouse on a real HDFS (a NameNode and a DataNode
    // in this JVM); the executors, JVMs of their own, write to it.
    MiniDfs hdfs = o.fs().equals("hdfs") ? MiniDfs.start(work.resolve("hdfs"), out) : null;
    String clusterLanding = landing.toString();
    if (hdfs != null) {
      Location remote = Location.parse("landing zone", hdfs.uri() + "/landing");
      long u0 = System.nanoTime();
      remote.copyFromLocal(landing);
      lines.say(
          String.format(
              Locale.ROOT,
              "hdfs: MiniDFSCluster at %s; landing zone uploaded in %.1f s",
              hdfs.uri(),
              (System.nanoTime() - u0) / 1e9));
      clusterLanding = remote.toString();
    }
    List<Integer> sizes =
        o.scaling() && o.workers() > 1 ? List.of(1, o.workers()) : List.of(o.workers());
    Map<Integer, RunTimes> clusterRuns = new LinkedHashMap<>();
    for (int n : sizes) {
      Path dir = work.resolve("cluster-" + n);
      try (LocalCluster c =
          LocalCluster.start(
              dir,
              n,
              1,
              o.executorMemoryMb() + 2048,
              target.resolve("spark-home.classpath"),
              jvm,
              out)) {
        List<String> submit = new ArrayList<>(java);
        submit.addAll(
            List.of(
                "-Xmx2g",
                "-cp",
                jar.toString(),
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                c.masterUrl(),
                "--deploy-mode",
                "client",
                "--class",
                CallqaCommand.class.getName(),
                "--name",
                "callqa-cluster-" + n,
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.executor.memory=" + o.executorMemoryMb() + "m",
                "--conf",
                "spark.cores.max=" + n,
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.executor.extraJavaOptions=-D"
                    + SpeechModel.MODELS_DIR_PROPERTY
                    + "=callqa-models",
                "--archives",
                modelZip + "#callqa-models",
                "--conf",
                "spark.hadoop.dfs.replication=1",
                jar.toString(),
                "run",
                "--landing",
                clusterLanding,
                "--warehouse",
                hdfs == null
                    ? dir.resolve("warehouse").toString()
                    : hdfs.uri() + "/cluster-" + n + "/warehouse",
                "--set",
                "storage.local-cache=" + dir.resolve("cache")));
        clusterRuns.put(n, pipeline("cluster, " + n + (n == 1 ? " worker" : " workers"), submit));
      }
    }
    int biggest = sizes.get(sizes.size() - 1);
    RunTimes cluster = clusterRuns.get(biggest);
    Location clusterWh =
        hdfs == null
            ? Location.local(work.resolve("cluster-" + biggest).resolve("warehouse"))
            : Location.parse("warehouse", hdfs.uri() + "/cluster-" + biggest + "/warehouse");

    // The same recording gets the same words on any executor (the bundled model does not dither),
    // so the cluster's warehouse is compared with the local run's directly: every silver and gold
    // table row for row (the transcripts with them), the index hit for hit, and the transcripts'
    // words once more as a figure. (While the model dithered, two local runs differed in a few
    // words, and a third run, local over the cluster's transcripts, stood in for the local one.)
    List<String> diffs = new ArrayList<>();
    Warehouse clusterWarehouse = new Warehouse(spark, clusterWh);
    diffs.addAll(
        WarehouseComparison.tables(new Warehouse(spark, localRoot), clusterWarehouse, out));
    Path clusterIndex =
        clusterWh.isLocal()
            ? io.callqa.nlp.index.TranscriptIndex.dirUnder(clusterWh.localPath())
            : io.callqa.warehouse.storage.IndexSnapshots.fetchLatest(
                clusterWh, work.resolve("search-cache"), out);
    try {
      diffs.addAll(
          WarehouseComparison.searchIndexes(
              io.callqa.nlp.index.TranscriptIndex.dirUnder(localRoot), clusterIndex, out));
    } catch (io.callqa.nlp.index.QuerySyntaxException e) {
      throw new IllegalStateException("a comparison query does not parse: " + e.getMessage(), e);
    }
    WordErrorRate.Counts words =
        WarehouseComparison.transcripts(new Warehouse(spark, localRoot), clusterWarehouse);
    lines.say(
        String.format(
            Locale.ROOT,
            "transcripts: the cluster's words differ from a fresh local transcription's by %.1f%%"
                + " (%d of %d words; limit %.0f%%)",
            100 * words.rate(),
            words.errors(),
            words.referenceWords(),
            100 * MAX_TRANSCRIPT_DIFFERENCE));
    if (words.referenceWords() == 0 || words.rate() > MAX_TRANSCRIPT_DIFFERENCE) {
      diffs.add(
          String.format(
              Locale.ROOT,
              "transcripts differ by %.1f%% of %d words",
              100 * words.rate(),
              words.referenceWords()));
    }

    if (localRun != null) {
      lines.say(
          String.format(
              Locale.ROOT,
              "local[2]: pipeline %.1f s wall; transcribe %.1f s (%.2f audio h, %.2fx real time);"
                  + " index %.1f s (%,d conversations, %.0f/s)",
              localRun.wallS(),
              localRun.transcribeS(),
              localRun.audioH(),
              localRun.audioPerWallS(),
              localRun.indexS(),
              localRun.conversations(),
              localRun.conversationsPerS()));
    }
    for (Map.Entry<Integer, RunTimes> e : clusterRuns.entrySet()) {
      RunTimes r = e.getValue();
      lines.say(
          String.format(
              Locale.ROOT,
              "%s: pipeline %.1f s wall; transcribe %.1f s (%.2fx real time); index %.1f s (%.0f"
                  + " conversations/s)",
              r.name(),
              r.wallS(),
              r.transcribeS(),
              r.audioPerWallS(),
              r.indexS(),
              r.conversationsPerS()));
    }
    if (localRun != null) {
      lines.say(
          String.format(
              Locale.ROOT,
              "cluster / local[2] wall time: %.2f",
              cluster.wallS() / localRun.wallS()));
    }
    if (clusterRuns.size() > 1) {
      RunTimes one = clusterRuns.get(1);
      lines.say(
          String.format(
              Locale.ROOT,
              "scaling 1 -> %d executors: transcription %.2fx, indexing %.2fx",
              biggest,
              cluster.audioPerWallS() / one.audioPerWallS(),
              cluster.conversationsPerS() / one.conversationsPerS()));
    }
    lines.say(
        diffs.isEmpty()
            ? "equal: every silver and gold table and "
                + WarehouseComparison.QUERIES.size()
                + " queries' results (3 orders)"
                + " of the cluster run match the "
                + (localRun != null ? "local run's" : "reference warehouse's")
            : "DIFFERENT: " + String.join("; ", diffs));

    Map<String, String> storage = storageFigures(spark, localRoot);
    Files.createDirectories(o.results());
    if (hdfs != null) {
      hdfs.close();
    }
    Path file = o.results().resolve(hdfs == null ? "cluster.txt" : "cluster-hdfs.txt");
    lines.write(file);
    Map<String, String> figures = new LinkedHashMap<>();
    if (localRun != null) {
      figures.put(
          "cluster.wall-ratio-vs-local2",
          String.format(Locale.ROOT, "%.3f", cluster.wallS() / localRun.wallS()));
    }
    if (clusterRuns.size() > 1) {
      RunTimes one = clusterRuns.get(1);
      figures.put(
          "cluster.transcribe-scaling-1-to-" + biggest,
          String.format(Locale.ROOT, "%.3f", cluster.audioPerWallS() / one.audioPerWallS()));
      figures.put(
          "cluster.index-scaling-1-to-" + biggest,
          String.format(
              Locale.ROOT, "%.3f", cluster.conversationsPerS() / one.conversationsPerS()));
    }
    figures.putAll(storage);
    if (hdfs == null && localRun != null) {
      // The sizing guide's figures come from the local-folder run only, with a local run of its
      // own (one against a reference has no wall-time ratio).
      Figures.update(o.results(), "cluster", figures);
    }
    if (!diffs.isEmpty()) {
      throw new IllegalStateException(
          "the cluster run's warehouse differs from the local run's: " + String.join("; ", diffs));
    }
    return file;
  }

  /** Tables whose size grows with transcribed audio rather than with calls. */
  private static final List<TableSpec> PER_AUDIO =
      List.of(Transcripts.SPEC, CallAnalytics.SPEC, CallCategories.SPEC, QaScores.SPEC);

  /**
   * Sizes the sizing guide needs, measured on the local run's warehouse: utterances per transcribed
   * audio minute, bytes per call of the call-driven tables and bytes per audio minute of the
   * transcript-driven ones.
   */
  private Map<String, String> storageFigures(SparkSession spark, Path warehouse)
      throws IOException {
    Warehouse wh = new Warehouse(spark, warehouse);
    long calls = wh.read(Calls.SPEC).count();
    long utterances = wh.read(Transcripts.SPEC).count();
    double audioMin =
        wh.read(TranscriptionRuns.SPEC)
                .filter(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .col(TranscriptionRuns.STATUS)
                        .equalTo("TRANSCRIBED"))
                .agg(org.apache.spark.sql.functions.sum(TranscriptionRuns.AUDIO_S))
                .head()
                .getDouble(0)
            / 60;
    long perCall = 0;
    long perAudio = 0;
    for (TableSpec t : Tables.ALL) {
      if (wh.exists(t)) {
        long bytes = KpiBenchmark.folderBytes(wh.path(t).localPath());
        if (PER_AUDIO.contains(t)) {
          perAudio += bytes;
        } else {
          perCall += bytes;
        }
      }
    }
    lines.say(
        String.format(
            Locale.ROOT,
            "local warehouse: %,d calls, %,d bytes in call-driven tables (%.0f per call); %.1f audio min,"
                + " %,d utterances (%.1f per min), %,d bytes in transcript-driven tables (%.0f per audio min)",
            calls,
            perCall,
            (double) perCall / calls,
            audioMin,
            utterances,
            utterances / audioMin,
            perAudio,
            perAudio / audioMin));
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "speech.utterances-per-audio-min",
        String.format(Locale.ROOT, "%.2f", utterances / audioMin));
    f.put("storage.bytes-per-call", String.format(Locale.ROOT, "%.0f", (double) perCall / calls));
    f.put("storage.bytes-per-audio-min", String.format(Locale.ROOT, "%.0f", perAudio / audioMin));
    return f;
  }

  /** Runs one pipeline process, echoing its output with a prefix, and reads its summary lines. */
  private RunTimes pipeline(String name, List<String> cmd)
      throws IOException, InterruptedException {
    out.accept("[" + name + "] starting");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    double wall = -1;
    double audioH = 0;
    double transcribe = 0;
    long conversations = 0;
    double index = 0;
    List<String> tail = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.contains(" INFO ") && !line.contains(" WARN ")) {
          out.accept("[" + name + "] " + line);
        }
        tail.add(line);
        if (tail.size() > 30) {
          tail.remove(0);
        }
        Matcher m;
        if ((m = DONE.matcher(line)).find()) {
          wall = Double.parseDouble(m.group(1));
        } else if ((m = TRANSCRIBE.matcher(line)).find()) {
          audioH = Double.parseDouble(m.group(1));
          transcribe = Double.parseDouble(m.group(2));
        } else if ((m = INDEX.matcher(line)).find()) {
          conversations = Long.parseLong(m.group(1));
          index = Double.parseDouble(m.group(2));
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0 || wall < 0) {
      throw new IllegalStateException(
          "the "
              + name
              + " pipeline run failed (exit "
              + exit
              + "); its output ends with:\n"
              + String.join("\n", tail));
    }
    return new RunTimes(name, wall, audioH, transcribe, conversations, index);
  }

  /** The jar this class was loaded from: the benchmark submits it. */
  /**
   * The production jar (the one holding the command line), which spark-submit ships to the
   * executors.
   */
  static Path productionJar() {
    try {
      Path p =
          Path.of(CallqaCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!p.toString().endsWith(".jar")) {
        throw new IllegalStateException(
            "bench cluster submits the application jar; run it with callqa.jar on the"
                + " class path (./callqa bench cluster), not from "
                + p);
      }
      return p;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Zips a folder's contents (the models folder: {@code en-us/...}) for {@code --archives}. */
  static Path zipFolder(Path folder, Path zip) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException(
          "models folder " + folder + " does not exist; run `mvn package`");
    }
    try (OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(os);
        Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, z);
        z.closeEntry();
      }
    }
    return zip;
  }
}
