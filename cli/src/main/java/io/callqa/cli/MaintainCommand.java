package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.storage.MaintainJob;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa maintain}: retention properties, OPTIMIZE/ZORDER and VACUUM on every table. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description =
        "Table maintenance, e.g. nightly after `run`: set every table's log and deleted-file retention to the"
            + " audit window (storage.audit-window-days), OPTIMIZE (compaction; day-partitioned tables Z-ordered by"
            + " call), then VACUUM files older than the window. Time travel within the window stays possible.")
final class MaintainCommand implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(names = "--no-vacuum", description = "compact and set retention only; delete no file")
  boolean noVacuum;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    ConfigOptions.requireWarehouse(warehouse);
    CallqaConfig c = options.load();
    WarehouseLock.acquire(warehouse, c, "maintain");
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    if (wh.exists(Calls.SPEC)) {
      System.out.println(
          "log store for "
              + wh.root().scheme()
              + ": "
              + MaintainJob.logStoreClass(wh, Calls.SPEC)
              + " (storage.log-store="
              + c.get(ConfigKey.STORAGE_LOG_STORE)
              + ")");
    }
    List<MaintainJob.TableResult> r =
        MaintainJob.run(
            wh, c.get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS), !noVacuum, System.out::println);
    long before = r.stream().mapToLong(MaintainJob.TableResult::filesBefore).sum();
    long after = r.stream().mapToLong(MaintainJob.TableResult::filesAfter).sum();
    long vacuumed = r.stream().filter(MaintainJob.TableResult::vacuumed).count();
    System.out.printf(
        "maintained %d tables: %,d files -> %,d; time travel kept for %d days%s%n",
        r.size(),
        before,
        after,
        c.get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS),
        noVacuum
            ? " (no vacuum)"
            : vacuumed == 0
                ? "; no VACUUM (every table was created within the window)"
                : "; VACUUM on "
                    + vacuumed
                    + (vacuumed == r.size() ? "" : " (the others were created within the window)"));
    return 0;
  }
}
