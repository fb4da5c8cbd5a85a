package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.ingest.IngestSummary;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callqa run}: the batch pipeline. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the batch pipeline: ingest the landing zone into the warehouse, rebuild the KPIs, transcribe new"
            + " recordings.")
public final class RunCommand implements Callable<Integer> {
  @Mixin LandingOptions dirs;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    Location landing = dirs.landing();
    CallqaConfig c = options.load();
    long t0 = System.nanoTime();
    WarehouseLock.acquire(dirs.warehouse, c, "run");
    Warehouse wh = ConfigOptions.warehouse(c, dirs.warehouse);
    PipelineJob.Result r = PipelineJob.run(wh, c, landing, System.err::println);
    printSummary(r, System.out);
    System.out.printf(
        "done in %.1f s; warehouse at %s%n", (System.nanoTime() - t0) / 1e9, wh.root());
    return 0;
  }

  public static void printSummary(PipelineJob.Result r, PrintStream out) {
    IngestSummary s = r.ingest();
    if (!s.files().isEmpty()) {
      int w = s.files().stream().mapToInt(f -> f.sourceFile().length()).max().orElse(4);
      out.printf("%-" + w + "s %10s %10s %10s%n", "file", "read", "accepted", "rejected");
      for (IngestSummary.FileCounts f : s.files()) {
        out.printf(
            "%-" + w + "s %,10d %,10d %,10d%n",
            f.sourceFile(),
            f.read(),
            f.accepted(),
            f.rejected());
      }
      out.printf("%-" + w + "s %,10d %,10d %,10d%n", "total", s.read(), s.accepted(), s.rejected());
    }
    out.printf(
        "ingest: %d files read, %d unchanged files skipped, %d unreadable%n",
        s.files().size(), s.unchangedFiles(), s.unreadableFiles());
    if (s.rejected() > 0 || s.unreadableFiles() > 0) {
      out.println("rejected rows are in table `rejects` (source_file, line, raw, reason)");
    }
    out.println(r.kpiDays().map(d -> "kpi: rebuilt days " + d).orElse("kpi: unchanged"));
    r.complaints().ifPresent(out::println);
    r.transcribe().ifPresent(out::println);
    out.println(r.analyse());
    out.println(r.index());
    r.report().ifPresent(out::println);
    out.println(r.stagesLine());
  }
}
