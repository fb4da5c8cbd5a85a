package io.callqa.tools.bench;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.ingest.IngestSummary;
import io.callqa.jobs.kpi.KpiJob;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.Surveys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code callqa bench kpi}: generates N days at a large card centre's volume (about 182,000 inbound
 * calls a day), runs ingest and the KPI build, and times the same {@code kpi_daily} aggregation in
 * DuckDB as a reference, on the same input.
 *
 * <p>DuckDB is fed twice: (a) the Delta table's active Parquet files, taken from the Delta log (a
 * plain {@code read_parquet} of the folder would also read files a MERGE removed), for an
 * aggregation-only comparison; (b) the landing CSV files themselves, end to end, with a
 * latest-delivery-wins de-duplication but none of the ingest's validation. The DuckDB SQL is an
 * independent implementation of the SPEC formulas; the benchmark checks that its totals equal
 * Spark's.
 */
public final class KpiBenchmark {

  /** Benchmark settings. */
  public record Options(int days, int callsPerDay, Path work, Path results, long seed) {}

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public KpiBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  /** Runs it; returns the path of the results file. */
  public Path run(Warehouse wh, CallqaConfig c) throws SQLException {
    Path landing = o.work().resolve("landing-" + o.days() + "d-" + o.callsPerDay());
    lines.say(
        "# KPI benchmark: " + o.days() + " day(s) x " + o.callsPerDay() + " inbound calls/day");
    lines.say(Figures.measuredLine());
    lines.say(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB, Spark "
            + wh.spark().version()
            + " master "
            + wh.spark().sparkContext().master()
            + ", java "
            + System.getProperty("java.version")
            + ", JIT "
            + Figures.jit()
            + " (as `run` takes it for this much data)");

    long t = System.nanoTime();
    LandingGenerator.Summary g;
    if (Files.isDirectory(landing)) {
      LocalFolders.deleteTree(landing);
    }
    g =
        LandingGenerator.generate(
            new LandingGenerator.Options(
                landing,
                LandingGenerator.SAMPLE_START,
                o.days(),
                o.callsPerDay(),
                o.seed(),
                c.get(ConfigKey.TIME_ZONE)),
            s -> {});
    double genS = secs(t);
    long landingBytes = g.files().stream().mapToLong(KpiBenchmark::size).sum();
    lines.say(
        String.format(
            "generate: %,d calls, %,d surveys, %,d ticket events, %.0f MB in %.1f s",
            g.calls(), g.surveys(), g.ticketEvents(), landingBytes / 1e6, genS));

    t = System.nanoTime();
    IngestSummary ing = IngestJob.run(wh, IngestSettings.of(c), landing, s -> {});
    double ingestS = secs(t);
    lines.say(
        String.format(
            "ingest:   %,d rows read (%,d rejected) in %.1f s = %,.0f rows/s",
            ing.read(), ing.rejected(), ingestS, ing.read() / ingestS));
    lines.say(
        "  (the feeds run at once: a phase's seconds are summed over the feeds, so together they"
            + " exceed the wall time)");
    ing.phaseSeconds()
        .forEach(
            (phase, secs) -> lines.say(String.format("  ingest %-40s %6.2f s", phase + ":", secs)));

    long calls = wh.read(Calls.SPEC).count();
    t = System.nanoTime();
    KpiJob.run(wh, KpiSettings.of(c), Optional.empty(), s -> {});
    double kpiS = secs(t);
    lines.say(
        String.format(
            "kpi:      3 gold tables built from %,d calls in %.1f s = %,.0f calls/s",
            calls, kpiS, calls / kpiS));
    int cores = Runtime.getRuntime().availableProcessors();
    // The sizing guide's rates come from a long run: one day is mostly the JVM warming up (the same
    // ingest took 54 s in a fresh JVM and 22 s in one that had run it twice).
    if (o.days() >= Figures.KPI_MIN_DAYS) {
      Figures.update(
          o.results(),
          "kpi",
          java.util.Map.of(
              "ingest.rows-per-core-s",
              String.format(java.util.Locale.ROOT, "%.0f", ing.read() / ingestS / cores),
              "kpi.calls-per-core-s",
              String.format(java.util.Locale.ROOT, "%.0f", calls / kpiS / cores)));
    } else {
      lines.say(
          "figures for plan: kept (written by runs of " + Figures.KPI_MIN_DAYS + " days or more)");
    }

    // Aggregation only: kpi_daily computed and collected, nothing written.
    t = System.nanoTime();
    List<Row> sparkDaily =
        KpiJob.daily(wh.read(Calls.SPEC), wh.read(Surveys.SPEC), KpiSettings.of(c)).collectAsList();
    double sparkAggS = secs(t);
    lines.say(
        String.format(
            "spark kpi_daily aggregation only: %,d rows in %.2f s", sparkDaily.size(), sparkAggS));
    long sparkRss = peakRssKb();
    lines.say(
        String.format(
            "peak memory after Spark stages: RSS %,d MB, heap %,d MB",
            sparkRss / 1024, peakHeapBytes() / (1 << 20)));
    lines.say(String.format("spark end to end (ingest + kpi): %.1f s", ingestS + kpiS));

    List<String> callFiles = activeFiles(wh.read(Calls.SPEC));
    List<String> surveyFiles = activeFiles(wh.read(Surveys.SPEC));
    Row totals =
        wh.read(KpiDaily.SPEC)
            .agg(
                functions.sum(KpiDaily.OFFERED_AGENT), functions.sum(KpiDaily.ANSWERED_WITHIN_SL),
                functions.sum(KpiDaily.FCR_RESOLVED), functions.sum(KpiDaily.CSAT_TOP_BOX))
            .head();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      long offset =
          c.get(ConfigKey.TIME_ZONE)
              .getRules()
              .getOffset(java.time.Instant.now())
              .getTotalSeconds();
      st.execute("CREATE VIEW calls AS SELECT * FROM read_parquet(" + list(callFiles) + ")");
      st.execute("CREATE VIEW surveys AS SELECT * FROM read_parquet(" + list(surveyFiles) + ")");
      t = System.nanoTime();
      long[] duckTotals = DuckDbKpi.daily(st, c, offset);
      double duckParquetS = secs(t);
      boolean match =
          duckTotals[0] == totals.getLong(0)
              && duckTotals[1] == totals.getLong(1)
              && duckTotals[2] == totals.getLong(2)
              && duckTotals[3] == totals.getLong(3);
      lines.say(
          String.format(
              "duckdb kpi_daily from the Delta log's active Parquet files: %,d rows in %.2f s; totals %s Spark's"
                  + " (offered %,d, within SL %,d, FCR resolved %,d, CSAT top box %,d)",
              duckTotals[4],
              duckParquetS,
              match ? "equal" : "DIFFER FROM",
              duckTotals[0],
              duckTotals[1],
              duckTotals[2],
              duckTotals[3]));
      lines.say(
          String.format(
              "ratio spark/duckdb, aggregation only: %.1fx (spark %.2f s vs duckdb %.2f s)",
              sparkAggS / duckParquetS, sparkAggS, duckParquetS));
      lines.say(
          String.format(
              "ratio spark kpi stage (with Delta writes)/duckdb aggregation: %.1fx",
              kpiS / duckParquetS));

      t = System.nanoTime();
      long rows = DuckDbKpi.fromLanding(st, landing, c, offset);
      double duckCsvS = secs(t);
      lines.say(
          String.format(
              "duckdb end to end from the landing CSV files (no validation, no rejects table): %,d kpi_daily rows"
                  + " in %.2f s; ratio spark end to end/duckdb: %.1fx",
              rows, duckCsvS, (ingestS + kpiS) / duckCsvS));
      lines.say(
          String.format("peak RSS of the whole process after DuckDB: %,d MB", peakRssKb() / 1024));
      if (!match) {
        lines.say(
            "WARNING: DuckDB and Spark totals differ; one of the two implementations is wrong");
      }
    }
    lines.say(
        String.format(
            "process wall time including JVM and Spark start-up: %.1f s",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
    Path file = o.results().resolve("kpi-" + o.days() + "d.txt");
    try {
      Files.createDirectories(o.results());
      lines.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write benchmark results to " + file, e);
    }
    return file;
  }

  private static List<String> activeFiles(Dataset<Row> delta) {
    List<String> out = new ArrayList<>();
    for (String f : delta.inputFiles()) {
      out.add(Path.of(URI.create(f)).toString());
    }
    return out;
  }

  private static String list(List<String> files) {
    return files.stream()
        .map(f -> "'" + f.replace("'", "''") + "'")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Bytes of every file under a folder (a table's Parquet files and its Delta log); 0 when absent.
   */
  static long folderBytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(KpiBenchmark::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + dir, e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Peak resident set size of this process (VmHWM), in KiB; 0 where /proc is missing. */
  static long peakRssKb() {
    return SpeechBenchmark.procStatusKb(ProcessHandle.current().pid(), "VmHWM");
  }

  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
