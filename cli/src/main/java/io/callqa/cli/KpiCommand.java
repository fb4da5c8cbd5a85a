package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.kpi.DayRange;
import io.callqa.jobs.kpi.KpiJob;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa kpi}: rebuilds the gold KPI tables for a day range, or all days. */
@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild kpi_daily, ivr_daily and kpi_interval: exactly the days --from..--to, or all days. Use it"
            + " after changing a KPI threshold.")
final class KpiCommand implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first local day to rebuild")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last local day to rebuild")
  LocalDate to;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    if ((from == null) != (to == null)) {
      throw new CallqaException("give both --from and --to, or neither to rebuild all days");
    }
    if (from != null && to.isBefore(from)) {
      throw new CallqaException("--to " + to + " is before --from " + from);
    }
    CallqaConfig c = options.load();
    WarehouseLock.acquire(warehouse, c, "kpi");
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    Optional<DayRange> range =
        from == null ? Optional.empty() : Optional.of(new DayRange(from, to));
    Optional<DayRange> done = KpiJob.run(wh, KpiSettings.of(c), range, System.err::println);
    System.out.println(done.map(d -> "rebuilt days " + d).orElse("no calls: nothing rebuilt"));
    return 0;
  }
}
