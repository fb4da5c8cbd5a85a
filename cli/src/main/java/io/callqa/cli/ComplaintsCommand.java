package io.callqa.cli;

import io.callqa.jobs.complaints.ComplaintJob;
import io.callqa.jobs.complaints.ComplaintSettings;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.kpi.DayRange;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa complaints}: rebuild the complaint tables, for a day range or as of a past day. */
@Command(
    name = "complaints",
    mixinStandardHelpOptions = true,
    description =
        "Replay complaint tickets under the deadline policy (complaints.policy) and rebuild complaints,"
            + " complaint_calls, complaint_open and complaint_daily (for --from..--to only, when given), as of the"
            + " end of --as-of (default: the day of the latest ticket event).")
final class ComplaintsCommand implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "first day of complaint_daily to rebuild")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "last day of complaint_daily to rebuild")
  LocalDate to;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "the state known at the end of this day")
  LocalDate asOf;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    if ((from == null) != (to == null)) {
      throw new CallqaException("give both --from and --to, or neither");
    }
    Optional<DayRange> range;
    try {
      range = from == null ? Optional.empty() : Optional.of(new DayRange(from, to));
    } catch (IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
    CallqaConfig c = options.load();
    WarehouseLock.acquire(warehouse, c, "complaints");
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    System.out.println(
        ComplaintJob.run(
            wh, ComplaintSettings.of(c), range, Optional.ofNullable(asOf), System.err::println));
    return 0;
  }
}
