package io.callqa.tools;

import io.callqa.tools.bench.Figures;
import io.callqa.tools.plan.Plan;
import io.callqa.warehouse.CallqaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callqa plan}: the sizing guide. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Sizing guide: cores, memory, warehouse storage per year and search index size for a centre's volume,"
            + " computed from this project's measured benchmark figures (bench/results/figures.properties, which"
            + " `callqa bench ...` rewrites), with every assumption printed.")
final class PlanCommand implements Callable<Integer> {
  @Option(
      names = "--calls-per-day",
      required = true,
      paramLabel = "N",
      description = "call records a day")
  long callsPerDay;

  @Option(
      names = "--avg-call-min",
      required = true,
      paramLabel = "M",
      description = "mean recorded call length, minutes")
  double avgCallMin;

  @Option(
      names = "--recorded-share",
      required = true,
      paramLabel = "R",
      description = "share of calls recorded and transcribed, 0..1 (e.g. 0.58)")
  double recordedShare;

  @Option(
      names = "--window-hours",
      defaultValue = "20",
      description = "hours a day the batch may run (default: ${DEFAULT-VALUE})")
  double windowHours;

  @Option(
      names = "--headroom",
      defaultValue = "1.3",
      description = "factor over measured rates (default: ${DEFAULT-VALUE})")
  double headroom;

  @Option(
      names = "--executor-heap-mb",
      defaultValue = "1536",
      description = "Spark executor heap per core (default: ${DEFAULT-VALUE})")
  int executorHeapMb;

  @Option(
      names = "--figures",
      defaultValue = "bench/results/figures.properties",
      paramLabel = "FILE",
      description = "measured figures (default: ${DEFAULT-VALUE})")
  Path figures;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(figures)) {
      throw new CallqaException(
          "benchmark figures "
              + figures
              + " not found; run `./callqa bench speech`, `bench kpi`,"
              + " `bench search`, `bench analyse` and `bench cluster` (they write it), or give --figures FILE");
    }
    Plan plan;
    Plan.Result r;
    try {
      plan =
          new Plan(callsPerDay, avgCallMin, recordedShare, windowHours, headroom, executorHeapMb);
      r = plan.compute(Figures.read(figures));
    } catch (IllegalArgumentException e) {
      throw new CallqaException(
          e.getMessage() + (e.getMessage().startsWith("benchmark figure") ? " in " + figures : ""));
    }
    System.out.printf(
        "callqa plan: %,d calls a day, %.1f min average, %.0f%% recorded%n",
        callsPerDay, avgCallMin, recordedShare * 100);
    System.out.printf(
        "  cores:            %,d (%.1f core-hours a day: %s)%n",
        r.cores(),
        r.coreHoursPerDay(),
        String.join(
            ", ",
            r.coreHoursByStage().entrySet().stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .toList()));
    System.out.printf("  memory:           %,.0f GB in all%n", r.memoryMb() / 1024.0);
    System.out.printf("  warehouse:        %,.0f GB a year of tables%n", r.storageGbPerYear());
    System.out.printf(
        "                    %,.0f GB a year of redacted recordings (speech.redact-audio)%n",
        r.redactedGbPerYear());
    System.out.printf("  search index:     %,.0f GB a year%n", r.indexGbPerYear());
    System.out.println("assumptions:");
    for (String a : r.assumptions()) {
      System.out.println("  - " + a);
    }
    Map<String, String> f = Figures.read(figures);
    System.out.println("figures from " + figures + ":");
    for (String k : Plan.KEYS) {
      System.out.printf(
          "  %s = %s (%s)%n", k, f.get(k), f.getOrDefault(k + ".measured", "date unknown"));
    }
    return 0;
  }
}
