package io.callqa.tools;

import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.CallqaException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callqa generate}: writes a sample landing zone. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write a realistic, deterministic sample landing zone in the SPEC format.")
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "landing folder to write")
  Path out;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "days of traffic (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--calls-per-day",
      defaultValue = "2000",
      description =
          "inbound calls on an average weekday (default: ${DEFAULT-VALUE}; a large card centre: 182000)")
  int callsPerDay;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--start",
      defaultValue = "2026-03-02",
      paramLabel = "YYYY-MM-DD",
      description = "first local day (default: ${DEFAULT-VALUE})")
  LocalDate start;

  @Option(
      names = "--time-zone",
      defaultValue = "Asia/Shanghai",
      description = "the centre's time zone (default: ${DEFAULT-VALUE})")
  ZoneId zone;

  @Override
  public Integer call() {
    if (days < 1 || days > 3660) {
      throw new CallqaException("--days must be between 1 and 3660, got " + days);
    }
    if (callsPerDay < 1 || callsPerDay > 5_000_000) {
      throw new CallqaException(
          "--calls-per-day must be between 1 and 5000000, got " + callsPerDay);
    }
    long t0 = System.nanoTime();
    LandingGenerator.Summary s =
        LandingGenerator.generate(
            new LandingGenerator.Options(out, start, days, callsPerDay, seed, zone),
            System.err::println);
    System.out.printf(
        "wrote %s: %,d calls, %,d surveys, %,d ticket events (%,d deliberately bad rows, %,d corrected"
            + " re-deliveries) in %d files, %.1f s%n",
        out,
        s.calls(),
        s.surveys(),
        s.ticketEvents(),
        s.badRows(),
        s.correctedRows(),
        s.files().size(),
        (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
