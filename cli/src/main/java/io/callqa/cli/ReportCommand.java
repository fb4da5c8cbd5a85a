package io.callqa.cli;

import io.callqa.dashboards.report.Targets;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.report.ReportException;
import io.callqa.jobs.report.ReportJob;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa report}: the executive HTML KPI report. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the executive KPI report, one self-contained HTML file (OUT/callqa-report.html) that opens without a network:",
      "headline KPIs against targets with the change from the previous period, trends, sites, worst half-hours,",
      "complaint deadlines and top QA findings. `callqa run` writes it to WAREHOUSE/report when its inputs changed."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "folder for callqa-report.html")
  Path out;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "first day (default: --days before --to)")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "last day (default: the last KPI day)")
  LocalDate to;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "period length when --from is not given (default: report.days)")
  Integer days;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    ConfigOptions.requireWarehouse(warehouse);
    CallqaConfig c = options.load();
    Targets targets;
    try {
      targets = Targets.load(c.get(ConfigKey.REPORT_TARGETS));
    } catch (IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    try {
      System.out.println(
          ReportJob.run(
              wh,
              c.get(ConfigKey.TIME_ZONE),
              targets,
              Optional.ofNullable(from),
              Optional.ofNullable(to),
              days != null ? days : c.get(ConfigKey.REPORT_DAYS),
              out,
              "manual"));
    } catch (ReportException | IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
    return 0;
  }
}
