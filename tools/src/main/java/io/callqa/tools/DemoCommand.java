package io.callqa.tools;

import static org.apache.spark.sql.functions.col;

import io.callqa.cli.ConfigOptions;
import io.callqa.cli.ResultPrinter;
import io.callqa.cli.RunCommand;
import io.callqa.cli.WarehouseLock;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.kpi.KpiJob;
import io.callqa.jobs.pipeline.PipelineJob;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa demo}: sample data, the pipeline, and a KPI summary by site. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a few days of sample data under DIR/landing, run the pipeline into DIR/warehouse and print"
            + " a KPI summary by site.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = "demo",
      description = "demo folder (default: ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "days of traffic (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--calls-per-day",
      defaultValue = "2000",
      description = "inbound calls a day (default: ${DEFAULT-VALUE})")
  int callsPerDay;

  @Mixin ConfigOptions options;

  /** A demo folder's landing zone. */
  static Path landing(Path demoDir) {
    return demoDir.resolve("landing");
  }

  /** A demo folder's warehouse. */
  static Path warehouse(Path demoDir) {
    return demoDir.resolve("warehouse");
  }

  @Override
  public Integer call() {
    CallqaConfig c = options.load();
    Path landing = landing(dir);
    Path warehouse = warehouse(dir);
    // Before the sample data is written again: a second demo must not rewrite the landing zone
    // under a run.
    WarehouseLock.acquire(warehouse, "demo");
    LandingGenerator.Summary g =
        LandingGenerator.generate(
            new LandingGenerator.Options(
                landing,
                LandingGenerator.SAMPLE_START,
                days,
                callsPerDay,
                LandingGenerator.SAMPLE_SEED,
                c.get(ConfigKey.TIME_ZONE)),
            System.err::println);
    System.out.printf(
        "sample data: %,d calls, %,d recordings, %,d surveys, %,d ticket events, %,d chats in %s%n",
        g.calls(), g.recordings(), g.surveys(), g.ticketEvents(), g.chats(), landing);
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    PipelineJob.Result r = PipelineJob.run(wh, c, landing, System.err::println);
    RunCommand.printSummary(r, System.out);

    System.out.println();
    // The target and the threshold from where they are set (report-targets.yaml,
    // kpi.service-level.threshold-s).
    String target =
        io.callqa.dashboards.report.Targets.load(c.get(ConfigKey.REPORT_TARGETS))
            .of("service_level")
            .map(t -> "target " + io.callqa.dashboards.report.Format.PERCENT.show(t.value()) + " ")
            .orElse("");
    System.out.println(
        "KPI summary by site, all days (service level "
            + target
            + "answered in "
            + c.get(ConfigKey.SL_THRESHOLD_S)
            + " s):");
    Dataset<Row> bySite =
        KpiJob.rollUp(wh.read(KpiDaily.SPEC), KpiDaily.SITE)
            .join(KpiJob.rollUpIvr(wh.read(IvrDaily.SPEC), IvrDaily.SITE), KpiDaily.SITE)
            .select(
                col(KpiDaily.SITE),
                col(KpiDaily.OFFERED_AGENT),
                col(KpiDaily.ANSWERED),
                col(KpiDaily.SERVICE_LEVEL),
                col(KpiDaily.ASA_S),
                col(KpiDaily.ABANDON_RATE),
                col(KpiDaily.AHT_S),
                col(IvrDaily.IVR_CONTAINMENT),
                col(KpiDaily.FCR),
                col(KpiDaily.CSAT),
                col(KpiDaily.NPS))
            .orderBy(KpiDaily.SITE);
    ResultPrinter.print(bySite, ResultPrinter.Format.table, 50, System.out);
    System.out.println();
    System.out.println("landing zone: " + landing.toAbsolutePath());
    System.out.println("warehouse:    " + wh.root());
    System.out.println(
        "try:          ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT day, site, service_level, asa_s FROM kpi_daily WHERE queue = 'BILLING' ORDER BY day, site\"");
    System.out.println(
        "rejects:      ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT source_file, line, reason FROM rejects\"");
    System.out.println(
        "complaints:   ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT ticket_id, status, days_to_deadline, breached FROM complaint_open ORDER BY days_to_deadline\"");
    System.out.println(
        "transcripts:  ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT call_id, speaker, start_s, text FROM transcripts WHERE masked > 0\"");
    System.out.println(
        "speech runs:  ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT call_id, status, reason, audio_s, processing_s FROM transcription_runs\"");
    System.out.println(
        "qa scores:    ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT call_id, agent_id, score, passed, filter(points, p -> NOT p.met).reason AS missed FROM qa_scores\"");
    System.out.println(
        "categories:   ./callqa sql --warehouse "
            + warehouse
            + " \"SELECT category, count(*) AS hits FROM call_categories GROUP BY category ORDER BY hits DESC\"");
    System.out.println(
        "search:       ./callqa search --warehouse " + warehouse + " 'customer:card OR 挂失'");
    System.out.println(
        "KPI report:   "
            + io.callqa.jobs.report.ReportJob.dirUnder(wh.root())
                .resolve(io.callqa.dashboards.report.HtmlReport.FILE_NAME)
            + "  (open in a browser; no network needed)");
    System.out.println(
        "SQL endpoint: ./callqa users add ana --role analyst --users "
            + warehouse
            + "/sql-users.conf; ./callqa sql-server --warehouse "
            + warehouse
            + "  (then jdbc:hive2://127.0.0.1:10000/default as ana)");
    System.out.println(
        "review page:  ./callqa users add anna --role reviewer --users "
            + warehouse
            + "/review-users.conf; ./callqa serve --warehouse "
            + warehouse
            + "  (then http://127.0.0.1:8080/)");
    return 0;
  }
}
