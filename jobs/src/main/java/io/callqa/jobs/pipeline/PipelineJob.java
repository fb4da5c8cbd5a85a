package io.callqa.jobs.pipeline;

import io.callqa.jobs.analyse.AnalyseJob;
import io.callqa.jobs.analyse.AnalyseSettings;
import io.callqa.jobs.complaints.ComplaintJob;
import io.callqa.jobs.complaints.ComplaintSettings;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.index.IndexJob;
import io.callqa.jobs.index.IndexSettings;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.ingest.IngestSummary;
import io.callqa.jobs.kpi.DayRange;
import io.callqa.jobs.kpi.KpiJob;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.jobs.report.ReportJob;
import io.callqa.jobs.report.ReportSettings;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.jobs.transcribe.TranscribeSettings;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.KpiInterval;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The batch pipeline behind {@code callqa run}: ingest the landing zone, rebuild the KPI days the
 * new data touched, replay complaint tickets ({@link ComplaintJob}), then transcribe the recordings
 * not transcribed yet ({@link TranscribeJob}), compute conversation analytics, categories and QA
 * scores ({@link AnalyseJob}), bring the search index up to date ({@link IndexJob}) and write the
 * HTML KPI report ({@link ReportJob}) when its inputs changed.
 *
 * <p>Re-runnable: when no landing file changed, nothing is written. A changed call on day D
 * rebuilds days D - W (FCR looks W days ahead) to D + 1 (a contact queued after midnight counts the
 * next day).
 */
public final class PipelineJob {

  /**
   * What a run did.
   *
   * @param stageSeconds wall seconds of each stage, in the order they ran (a skipped stage's check
   *     too)
   */
  public record Result(
      IngestSummary ingest,
      Optional<DayRange> kpiDays,
      Optional<ComplaintJob.Summary> complaints,
      Optional<TranscribeJob.Summary> transcribe,
      AnalyseJob.Summary analyse,
      IndexJob.Summary index,
      Optional<ReportJob.Summary> report,
      Map<String, Double> stageSeconds) {

    /** {@code stages: ingest 13.7 s, kpi 5.5 s, ...}. */
    public String stagesLine() {
      StringBuilder b = new StringBuilder("stages:");
      String sep = " ";
      for (Map.Entry<String, Double> e : stageSeconds.entrySet()) {
        b.append(sep)
            .append(e.getKey())
            .append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.1f s", e.getValue()));
        sep = ", ";
      }
      return b.toString();
    }
  }

  private PipelineJob() {}

  public static Result run(
      Warehouse wh, CallqaConfig config, Path landing, Consumer<String> progress) {
    return run(wh, config, Location.local(landing), progress);
  }

  /**
   * As {@link #run(Warehouse, CallqaConfig, Path, Consumer)}, for a warehouse and a landing zone
   * anywhere (local, HDFS, S3).
   */
  public static Result run(
      Warehouse wh, CallqaConfig config, Location landing, Consumer<String> progress) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    IngestSummary ingest = IngestJob.run(wh, IngestSettings.of(config), landing, progress);
    // A landing zone may hold only some feeds (only tickets, only chats): the later stages read
    // every input table, so a feed never delivered is an empty table, not an error.
    for (io.callqa.jobs.landing.LandingKind kind : io.callqa.jobs.landing.LandingKind.values()) {
      wh.ensure(kind.table());
    }
    t = lap(seconds, "ingest", t);
    Optional<DayRange> rebuilt;
    boolean goldMissing =
        !wh.exists(KpiDaily.SPEC) || !wh.exists(IvrDaily.SPEC) || !wh.exists(KpiInterval.SPEC);
    if (goldMissing) {
      rebuilt = KpiJob.run(wh, KpiSettings.of(config), Optional.empty(), progress);
    } else if (ingest.firstChangedDay().isPresent()) {
      LocalDate from =
          ingest.firstChangedDay().get().minusDays(config.get(ConfigKey.FCR_WINDOW_DAYS));
      LocalDate to = ingest.lastChangedDay().get().plusDays(1);
      rebuilt =
          KpiJob.run(wh, KpiSettings.of(config), Optional.of(new DayRange(from, to)), progress);
    } else {
      progress.accept("kpi: no call or survey changed; gold tables left as they are");
      rebuilt = Optional.empty();
    }
    t = lap(seconds, "kpi", t);
    Optional<ComplaintJob.Summary> complaints = Optional.empty();
    if (!ingest.files().isEmpty() || !ComplaintJob.outputsExist(wh)) {
      complaints =
          Optional.of(
              ComplaintJob.run(
                  wh, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), progress));
    } else {
      progress.accept("complaints: no landing file changed; complaint tables left as they are");
    }
    t = lap(seconds, "complaints", t);
    Optional<TranscribeJob.Summary> speech = Optional.empty();
    if (config.get(ConfigKey.SPEECH_ENABLED)) {
      speech = Optional.of(TranscribeJob.run(wh, TranscribeSettings.of(config), landing, progress));
      t = lap(seconds, "transcribe", t);
    } else {
      progress.accept("transcribe: off (speech.enabled=false)");
    }
    AnalyseJob.Summary analyse = AnalyseJob.run(wh, AnalyseSettings.of(config), progress);
    t = lap(seconds, "analyse", t);
    IndexJob.Summary index = IndexJob.run(wh, IndexSettings.of(config), progress);
    t = lap(seconds, "index", t);
    Optional<ReportJob.Summary> report = Optional.empty();
    if (config.get(ConfigKey.REPORT_ENABLED)) {
      report =
          ReportJob.runIfChanged(
              wh, ReportSettings.of(config), ReportJob.dirUnder(wh.root()), progress);
      lap(seconds, "report", t);
    } else {
      progress.accept("report: off (report.enabled=false)");
    }
    return new Result(
        ingest,
        rebuilt,
        complaints,
        speech,
        analyse,
        index,
        report,
        java.util.Collections.unmodifiableMap(seconds));
  }

  /** Records the seconds since {@code t0} under {@code stage}; returns now. */
  private static long lap(Map<String, Double> seconds, String stage, long t0) {
    long now = System.nanoTime();
    seconds.put(stage, (now - t0) / 1e9);
    return now;
  }
}
