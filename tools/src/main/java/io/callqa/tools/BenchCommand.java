package io.callqa.tools;

import io.callqa.cli.ConfigOptions;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.samples.LandingGenerator;
import io.callqa.tools.bench.AnalyseBenchmark;
import io.callqa.tools.bench.ClusterBenchmark;
import io.callqa.tools.bench.InteractiveBenchmark;
import io.callqa.tools.bench.KpiBenchmark;
import io.callqa.tools.bench.RedactionBenchmark;
import io.callqa.tools.bench.SearchBenchmark;
import io.callqa.tools.bench.SpeechBenchmark;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa bench kpi}: the ingest + KPI benchmark against DuckDB. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks. `bench kpi` generates N days at ~182,000 inbound calls a day, times ingest and KPI"
            + " stages and the same kpi_daily aggregation in DuckDB; results go to bench/results/kpi-<N>d.txt."
            + " `bench speech` transcribes the sample recordings repeated to --minutes of audio through the"
            + " pipeline and through a bare Vosk loop; results go to bench/results/speech.txt."
            + " `bench search` indexes --calls synthetic calls and times 1,000 mixed queries (search.txt)."
            + " `bench redaction` runs the transcribe stage with and without redacted recordings over the"
            + " read-out calls, repeated to --minutes of audio, and measures what was silenced against the"
            + " scripted read-outs (redaction.txt)."
            + " `bench analyse` times the analyse stage over --calls transcribed calls and its share of the"
            + " pipeline (analyse.txt)."
            + " `bench cluster` runs the pipeline in local[2] and on a standalone cluster on loopback (--workers"
            + " one-core workers, SparkSubmit), compares every silver and gold table and the search results, and"
            + " times both (cluster.txt); default 3 days x 2,000 calls, the demo's data."
            + " `bench interactive` times sql (a bare session, a one-table count, a named query) and report,"
            + " each in a fresh process through the launcher, on --warehouse (the demo's, built when missing),"
            + " --repeat times (interactive.txt).")
final class BenchCommand implements Callable<Integer> {
  private static final String DEFAULT_WAREHOUSE = "demo/warehouse";

  @Parameters(
      paramLabel = "WHICH",
      description =
          "the benchmark: kpi, speech, redaction, search, analyse, cluster or interactive")
  String which;

  @Option(
      names = "--days",
      defaultValue = "1",
      description = "days of traffic (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--calls-per-day",
      defaultValue = "182000",
      description = "inbound calls a day (default: ${DEFAULT-VALUE})")
  int callsPerDay;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "speech, redaction: minutes of audio at least (default: ${DEFAULT-VALUE})")
  double minutes;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "speech: recogniser threads; search: indexing threads; 0 = cores (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--calls",
      defaultValue = "200000",
      description =
          "search: synthetic calls to index (default: ${DEFAULT-VALUE}); analyse: transcribed calls (default 100000)")
  int calls;

  @Option(
      names = "--transcription-speed",
      defaultValue = "9.1",
      description =
          "analyse: audio seconds transcribed per wall second, from bench speech (default: ${DEFAULT-VALUE})")
  double transcriptionSpeed;

  @Option(
      names = "--queries",
      defaultValue = "1000",
      description = "search: timed queries (default: ${DEFAULT-VALUE})")
  int queries;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "cluster: one-core workers (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(
      names = "--recordings",
      defaultValue = "0",
      description =
          "cluster: English calls given a sample recording, cycling through the 12 samples; 0 = each once")
  int recordings;

  @Option(
      names = "--scaling",
      description = "cluster: also run on one worker, for throughput from 1 to --workers executors")
  boolean scaling;

  @Option(
      names = "--fs",
      defaultValue = "local",
      description =
          "cluster: where the cluster run's landing zone and warehouse live: local (a folder) or hdfs"
              + " (a MiniDFSCluster in this JVM) (default: ${DEFAULT-VALUE})")
  String fs;

  @Option(
      names = "--reference",
      paramLabel = "DIR",
      description =
          "cluster: a folder as `./callqa demo --dir DIR` leaves it: the cluster runs over its"
              + " landing/ and is compared with its warehouse/, instead of over generated data and a"
              + " local[2] run of its own (no wall-time ratio, no figures for plan)")
  Path reference;

  @Option(
      names = "--executor-memory-mb",
      defaultValue = "1536",
      description = "cluster: executor heap (default: ${DEFAULT-VALUE})")
  int executorMemoryMb;

  @Option(
      names = "--warehouse",
      defaultValue = DEFAULT_WAREHOUSE,
      description =
          "interactive: the warehouse the commands read; the demo's is built when it is missing"
              + " (default: ${DEFAULT-VALUE})")
  Path warehouse;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "interactive: timed runs of each command (default: ${DEFAULT-VALUE})")
  int repeat;

  @Option(
      names = "--work",
      defaultValue = "bench/work",
      description = "scratch folder (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(
      names = "--results",
      defaultValue = "bench/results",
      description = "results folder (default: ${DEFAULT-VALUE})")
  Path results;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    if (!List.of("kpi", "speech", "redaction", "search", "analyse", "cluster", "interactive")
        .contains(which)) {
      throw new CallqaException(
          "unknown benchmark '"
              + which
              + "'; available: kpi, speech, redaction, search, analyse, cluster, interactive");
    }
    if ("interactive".equals(which)) {
      String launcher = System.getProperty("callqa.launcher");
      if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
        throw new CallqaException(
            "bench interactive times commands through the callqa launcher; run it as ./callqa bench"
                + " interactive");
      }
      if (repeat < 1) {
        throw new CallqaException("--repeat must be at least 1: " + repeat);
      }
      // The demo is built only in place of the default warehouse; a folder named on purpose must be
      // one.
      if (!warehouse.equals(Path.of(DEFAULT_WAREHOUSE))
          && !Files.isDirectory(warehouse.resolve("calls"))) {
        throw new CallqaException(
            "--warehouse " + warehouse + " is not a warehouse (it has no calls table)");
      }
      Path file =
          new InteractiveBenchmark(
                  new InteractiveBenchmark.Options(
                      Path.of(launcher), warehouse, repeat, work, results),
                  System.out::println)
              .run();
      System.out.println("results written to " + file);
      return 0;
    }
    if ("cluster".equals(which)) {
      CallqaConfig c = options.load();
      int d = days == 1 && callsPerDay == 182000 ? 3 : days;
      int n = callsPerDay == 182000 ? 2000 : callsPerDay;
      if (workers < 1) {
        throw new CallqaException("--workers must be at least 1: " + workers);
      }
      if (!List.of("local", "hdfs").contains(fs)) {
        throw new CallqaException("--fs is local or hdfs, not '" + fs + "'");
      }
      ClusterBenchmark.Reference ref = null;
      if (reference != null) {
        // The reference holds the demo's data: options that would change the data do not apply.
        if (days != 1 || callsPerDay != 182000 || recordings != 0) {
          throw new CallqaException(
              "--reference runs over the demo's landing zone: --days, --calls-per-day and"
                  + " --recordings do not apply to it");
        }
        ref =
            new ClusterBenchmark.Reference(
                DemoCommand.landing(reference), DemoCommand.warehouse(reference));
        for (Path p : List.of(ref.landing(), ref.warehouse())) {
          if (!Files.isDirectory(p)) {
            throw new CallqaException(
                "--reference "
                    + reference
                    + " has no "
                    + p.getFileName()
                    + "/ folder: give a folder `./callqa demo --dir` wrote");
          }
        }
      }
      Path file =
          new ClusterBenchmark(
                  new ClusterBenchmark.Options(
                      d,
                      n,
                      recordings,
                      workers,
                      scaling,
                      executorMemoryMb,
                      work.resolve("cluster"),
                      results,
                      c.get(ConfigKey.TIME_ZONE),
                      fs,
                      ref),
                  System.out::println)
              .run(ConfigOptions.spark(c));
      System.out.println("results written to " + file);
      return 0;
    }
    if ("analyse".equals(which)) {
      CallqaConfig c = options.load();
      Path wh = work.resolve("warehouse-analyse");
      LocalFolders.deleteTree(wh);
      int n = calls == 200000 ? 100000 : calls;
      Path file =
          new AnalyseBenchmark(
                  new AnalyseBenchmark.Options(n, transcriptionSpeed, work, results, 42L),
                  System.out::println)
              .run(ConfigOptions.warehouse(c, wh), c);
      System.out.println("results written to " + file);
      return 0;
    }
    if ("search".equals(which)) {
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      Path file =
          new SearchBenchmark(
                  new SearchBenchmark.Options(calls, queries, n, work, results, 42L),
                  System.out::println)
              .run();
      System.out.println("results written to " + file);
      return 0;
    }
    CallqaConfig c = options.load();
    if ("redaction".equals(which)) {
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      Path file =
          new RedactionBenchmark(
                  new RedactionBenchmark.Options(minutes, n, work, results), System.out::println)
              .run(wh -> ConfigOptions.warehouse(c, wh), c);
      System.out.println("results written to " + file);
      return 0;
    }
    if ("speech".equals(which)) {
      Path wh = work.resolve("warehouse-speech");
      LocalFolders.deleteTree(wh);
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      Path file =
          new SpeechBenchmark(
                  new SpeechBenchmark.Options(minutes, n, work, results), System.out::println)
              .run(ConfigOptions.warehouse(c, wh), c);
      System.out.println("results written to " + file);
      return 0;
    }
    Path wh = work.resolve("warehouse-" + days + "d");
    LocalFolders.deleteTree(wh);
    Warehouse warehouse = ConfigOptions.warehouse(c, wh);
    Path file =
        new KpiBenchmark(
                new KpiBenchmark.Options(
                    days, callsPerDay, work, results, LandingGenerator.SAMPLE_SEED),
                System.out::println)
            .run(warehouse, c);
    System.out.println("results written to " + file);
    return 0;
  }
}
