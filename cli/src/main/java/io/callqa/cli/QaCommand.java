package io.callqa.cli;

import io.callqa.jobs.analyse.AnalyseJob;
import io.callqa.jobs.analyse.QaAgreement;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.nlp.analytics.CategoryRules;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.analytics.Scorecard;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.QaManualScores;
import io.callqa.warehouse.tables.QaScores;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa qa}: manual QA scores and their agreement with the automatic ones. */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    description = "Record a reviewer's score for a call, or compare manual with automatic scores.",
    subcommands = {QaCommand.Score.class, QaCommand.Agreement.class})
final class QaCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code qa score}: append one manual score. */
  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description =
          "Record a reviewer's score (0-100) for a transcribed call on a scorecard; never overwritten by a run.")
  static final class Score implements Callable<Integer> {
    @Option(
        names = "--warehouse",
        required = true,
        paramLabel = "DIR",
        converter = LocationConverters.Warehouse.class)
    Location warehouse;

    @Option(names = "--call", required = true, paramLabel = "CALL_ID")
    String call;

    @Option(
        names = "--scorecard",
        defaultValue = "card-hotline",
        paramLabel = "NAME",
        description = "scorecard name (default: ${DEFAULT-VALUE})")
    String scorecard;

    @Option(names = "--score", required = true, paramLabel = "0-100")
    double score;

    @Option(names = "--reviewer", required = true, paramLabel = "NAME")
    String reviewer;

    @Option(names = "--comment", paramLabel = "TEXT")
    String comment;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      ManualScoreJournal.Entry entry;
      try {
        entry =
            new ManualScoreJournal.Entry(
                call,
                scorecard,
                reviewer,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                score,
                comment);
      } catch (IllegalArgumentException e) {
        throw new CallqaException("manual score not recorded: " + e.getMessage());
      }
      CallqaConfig c = options.load();
      Scorecard card =
          Scorecard.load(
                  c.get(ConfigKey.ANALYTICS_SCORECARDS),
                  CategoryRules.load(c.get(ConfigKey.ANALYTICS_CATEGORIES)))
              .stream()
              .filter(s -> s.name().equals(scorecard))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CallqaException(
                          "no scorecard '" + scorecard + "' in analytics.scorecards"));
      WarehouseLock.acquire(warehouse, c, "qa score");
      Warehouse wh = ConfigOptions.warehouse(c, warehouse);
      if (!wh.exists(QaScores.SPEC)
          || wh.read(QaScores.SPEC)
              .filter(functions.col(QaScores.CALL_ID).equalTo(call))
              .isEmpty()) {
        throw new CallqaException(
            "call "
                + call
                + " has no automatic score; only transcribed calls are scored"
                + " (run `callqa run` first)");
      }
      Row r = AnalyseJob.manualRow(entry, card, "cli");
      wh.insertNew(
          QaManualScores.SPEC, wh.spark().createDataFrame(List.of(r), QaManualScores.SCHEMA));
      AnalyseJob.refreshAgentDaily(wh, KpiSettings.of(c));
      System.out.printf(
          "manual score %.1f by %s for %s on %s recorded; qa_agent_daily updated%n",
          score, reviewer, call, scorecard);
      return 0;
    }
  }

  /** {@code qa agreement}: automatic vs manual. */
  @Command(
      name = "agreement",
      mixinStandardHelpOptions = true,
      description =
          "Agreement of automatic and manual scores per scorecard (pairs, mean difference, pass/fail kappa).")
  static final class Agreement implements Callable<Integer> {
    @Option(
        names = "--warehouse",
        required = true,
        paramLabel = "DIR",
        converter = LocationConverters.Warehouse.class)
    Location warehouse;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      CallqaConfig c = options.load();
      Warehouse wh = ConfigOptions.warehouse(c, warehouse);
      ResultPrinter.print(QaAgreement.compute(wh), ResultPrinter.Format.table, 100, System.out);
      return 0;
    }
  }
}
