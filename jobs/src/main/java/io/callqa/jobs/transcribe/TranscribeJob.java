package io.callqa.jobs.transcribe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.progress.Phases;
import io.callqa.jobs.progress.StageProgress;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.TranscriptCache;
import io.callqa.nlp.speech.TranscriptionStatus;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import io.delta.tables.DeltaTable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code transcribe} stage: every call with a recording is transcribed by the speech model of
 * its language, its text masked, and written to {@link Transcripts} with one {@link
 * TranscriptionRuns} row per call and model.
 *
 * <p>Runs as a Spark job: one task per call (up to 2,000 tasks), each executor JVM sharing one
 * {@link io.callqa.nlp.speech.SpeechService} (one worker process, one model per language, one
 * recogniser per task slot). A call is transcribed again only when its model's id changes or its
 * recording's size does; re-running over the same data writes nothing. Bad audio, a crash or a hang
 * of the native code cost that call a FAILED row with the reason; the others go on. Progress
 * (calls, audio hours, real-time factor) is reported every 10 s.
 *
 * <pre>{@code
 * TranscribeJob.Summary s = TranscribeJob.run(warehouse, config, Path.of("demo/landing"), System.err::println);
 * }</pre>
 */
public final class TranscribeJob {
  /** Column of {@link #candidates}: the size the last run of the same model saw, or null. */
  static final String PREV_BYTES = "prev_recording_bytes";

  static final String PREV_RECORDING = "prev_recording";

  static final String PREV_STATUS = "prev_status";
  static final String PREV_REDACTED = "prev_redacted_recording";
  static final String PREV_ORIGINAL = "prev_original";
  static final String PREV_REASON = "prev_reason";

  /** Column of {@link #sized}: the recording's size when the run began, -1 when unreadable. */
  static final String BYTES_NOW = "recording_bytes_now";

  /** Column of {@link #sized}: whether the call is to be transcribed. */
  static final String NEEDS_WORK = "needs_work";

  /**
   * What the stage does with the audio besides recognising it.
   *
   * @param redact write a redacted copy of each transcribed recording ({@code speech.redact-audio})
   * @param leadS seconds silenced before each masked span ({@code speech.redaction-lead-s})
   * @param trailS seconds silenced after it ({@code speech.redaction-trail-s})
   * @param originals {@code keep}, {@code move} or {@code delete} ({@code recordings.originals})
   * @param archive where {@code move} puts originals ({@code recordings.originals-archive}); null
   *     otherwise
   */
  public record AudioSettings(
      boolean redact, double leadS, double trailS, String originals, String archive) {
    /** Redacted copies with the default margin, originals kept. */
    public static AudioSettings defaults() {
      return new AudioSettings(
          true,
          Double.parseDouble(ConfigKey.SPEECH_REDACTION_LEAD_S.defaultValue()),
          Double.parseDouble(ConfigKey.SPEECH_REDACTION_TRAIL_S.defaultValue()),
          "keep",
          null);
    }
  }

  /**
   * What a run did.
   *
   * @param recognitionWallS wall seconds of the Spark stage that transcribes (tasks, worker,
   *     masking, staging)
   * @param wallS wall seconds of the whole run, with the Delta writes
   * @param phaseSeconds wall seconds per phase (candidates, recognition, outcomes, transcripts,
   *     transcription_runs, staging cleanup), as far as the run went
   */
  public record Summary(
      long candidates,
      long unchanged,
      Map<String, Long> byStatus,
      double audioS,
      double processingS,
      double recognitionWallS,
      double wallS,
      int threads,
      Map<String, Double> phaseSeconds) {

    public long transcribed() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Audio seconds per wall second, over the whole stage. */
    public double speed() {
      return wallS <= 0 ? 0 : audioS / wallS;
    }

    @Override
    public String toString() {
      if (transcribed() == 0) {
        return String.format(
            Locale.ROOT,
            "transcribe: %d calls with recordings, all unchanged since their last run",
            candidates);
      }
      return String.format(
          Locale.ROOT,
          "transcribe: %d calls with recordings, %d unchanged, %s; %.2f audio h in %.1f s"
              + " (%.1fx real time; %d recogniser threads per executor)",
          candidates,
          unchanged,
          byStatus,
          audioS / 3600,
          wallS,
          speed(),
          threads);
    }
  }

  private TranscribeJob() {}

  /**
   * The folder of the landing zone recordings live in; {@code calls.recording} is relative to it.
   */
  public static Path recordingsDir(Path landing) {
    return landing.resolve("recordings").normalize();
  }

  /**
   * The file of a {@code calls.recording} path, or null when the path leaves the recordings folder,
   * by name or through a link ({@link #recordingRefusal}).
   */
  public static Path recordingFile(Path landing, String recording) {
    return recordingRefusal(landing, recording) == null
        ? recordingsDir(landing).resolve(recording).normalize()
        : null;
  }

  /**
   * The recording a {@code calls.recording} path names in a landing zone anywhere, or null when it
   * may not be read ({@link #recordingRefusal(Location, String)}).
   */
  public static Location recordingLocation(Location landing, String recording) {
    if (landing.isLocal()) {
      Path f = recordingFile(landing.localPath(), recording);
      return f == null ? null : Location.local(f);
    }
    if (recordingRefusal(landing, recording) != null) {
      return null;
    }
    return landing.resolve(Path.of("recordings").resolve(recording).normalize().toString());
  }

  /**
   * As {@link #recordingRefusal(Path, String)}; on HDFS or S3, which have no links callqa follows,
   * by name only.
   */
  public static String recordingRefusal(Location landing, String recording) {
    if (landing.isLocal()) {
      return recordingRefusal(landing.localPath(), recording);
    }
    Path rel = Path.of("recordings").resolve(recording).normalize();
    if (recording.isEmpty()
        || rel.isAbsolute()
        || !rel.startsWith("recordings")
        || rel.getNameCount() < 2) {
      return "recording path '"
          + recording
          + "' points outside the landing zone's recordings/ folder";
    }
    return null;
  }

  /**
   * Why a {@code calls.recording} path may not be read, or null when it may (a missing file may: it
   * fails later, saying so): it leaves {@code recordings/} by name, or it is a link that resolves
   * outside it ({@link io.callqa.jobs.landing.LandingPaths}).
   */
  public static String recordingRefusal(Path landing, String recording) {
    Path recordings = recordingsDir(landing);
    Path file = recordings.resolve(recording).normalize();
    if (!file.startsWith(recordings)) {
      return "recording path '"
          + recording
          + "' points outside the landing zone's recordings/ folder";
    }
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      String refusal = io.callqa.jobs.landing.LandingPaths.refusal(recordings, file);
      return refusal == null ? null : "recording '" + recording + "' " + refusal;
    }
    return null;
  }

  /**
   * The calls to look at: those with a recording, each with the id of its language's model ({@code
   * none:<language>} without one) and what the last run with that model saw (null when there was
   * none). Pure: no I/O.
   */
  public static Dataset<Row> candidates(
      Dataset<Row> calls, Dataset<Row> runs, Map<String, String> modelIdByLanguage) {
    Column modelId = concat(lit("none:"), col(Calls.LANGUAGE));
    for (Map.Entry<String, String> e : modelIdByLanguage.entrySet()) {
      modelId = when(col(Calls.LANGUAGE).equalTo(e.getKey()), lit(e.getValue())).otherwise(modelId);
    }
    Dataset<Row> withRecording =
        calls
            .filter(col(Calls.RECORDING).isNotNull())
            .select(col(Calls.CALL_ID), col(Calls.DAY), col(Calls.LANGUAGE), col(Calls.RECORDING))
            .withColumn(TranscriptionRuns.MODEL_ID, modelId);
    Dataset<Row> previous =
        runs.select(
            col(TranscriptionRuns.CALL_ID),
            col(TranscriptionRuns.MODEL_ID),
            col(TranscriptionRuns.RECORDING).as(PREV_RECORDING),
            col(TranscriptionRuns.RECORDING_BYTES).as(PREV_BYTES),
            col(TranscriptionRuns.STATUS).as(PREV_STATUS),
            col(TranscriptionRuns.REDACTED_RECORDING).as(PREV_REDACTED),
            col(TranscriptionRuns.ORIGINAL).as(PREV_ORIGINAL),
            col(TranscriptionRuns.REASON).as(PREV_REASON));
    return withRecording
        .join(
            previous,
            withRecording
                .col(TranscriptionRuns.CALL_ID)
                .equalTo(previous.col(TranscriptionRuns.CALL_ID))
                .and(
                    withRecording
                        .col(TranscriptionRuns.MODEL_ID)
                        .equalTo(previous.col(TranscriptionRuns.MODEL_ID))),
            "left")
        .select(
            withRecording.col(Calls.CALL_ID),
            withRecording.col(Calls.DAY),
            withRecording.col(Calls.LANGUAGE),
            withRecording.col(Calls.RECORDING),
            withRecording.col(TranscriptionRuns.MODEL_ID),
            col(PREV_RECORDING),
            col(PREV_BYTES),
            col(PREV_STATUS),
            col(PREV_REDACTED),
            col(PREV_ORIGINAL),
            col(PREV_REASON));
  }

  /**
   * The speech settings for this session: recogniser threads default to the executor's task slots.
   */
  public static SpeechSettings speechSettings(SparkSession spark, TranscribeSettings c) {
    int threads = c.threads();
    if (threads == 0) {
      threads =
          taskSlots(spark.sparkContext().master(), spark.conf().get("spark.executor.cores", "1"));
    }
    SpeechSettings d = SpeechSettings.defaults(Math.max(1, threads)).withModels(c.models());
    return new SpeechSettings(
        d.modelLocations(),
        d.threads(),
        c.workerHeapMb(),
        d.startTimeoutS(),
        d.decodeTimeoutS(),
        c.timeoutBaseS(),
        c.timeoutPerAudioS(),
        false,
        "");
  }

  /**
   * Concurrent tasks per executor: local[N] runs N (local[*] one per core), a cluster
   * spark.executor.cores.
   */
  static int taskSlots(String master, String executorCores) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(master);
    if (m.matches()) {
      return m.group(1).equals("*")
          ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(m.group(1));
    }
    if (master.equals("local")) {
      return 1;
    }
    return Integer.parseInt(executorCores);
  }

  /** Transcribes what changed since the last run; see the class comment. */
  public static Summary run(
      Warehouse wh, TranscribeSettings c, Path landing, Consumer<String> progress) {
    return run(wh, c, Location.local(landing), progress);
  }

  /**
   * As {@link #run(Warehouse, TranscribeSettings, Path, Consumer)}, for a landing zone anywhere.
   */
  public static Summary run(
      Warehouse wh, TranscribeSettings c, Location landing, Consumer<String> progress) {
    return run(
        wh, speechSettings(wh.spark(), c), c.transcriptCache(), landing, c.audio(), progress);
  }

  /**
   * As {@link #run(Warehouse, TranscribeSettings, Path, Consumer)}, with explicit speech settings
   * and no transcript cache.
   */
  public static Summary run(
      Warehouse wh, SpeechSettings settings, Path landing, Consumer<String> progress) {
    return run(wh, settings, null, Location.local(landing), progress);
  }

  /**
   * As {@link #run(Warehouse, SpeechSettings, Path, Consumer)}, reading and keeping transcripts in
   * {@code transcriptCache} ({@link TranscriptCache}) when it is not null.
   */
  public static Summary run(
      Warehouse wh,
      SpeechSettings settings,
      Path transcriptCache,
      Path landing,
      Consumer<String> progress) {
    return run(wh, settings, transcriptCache, Location.local(landing), progress);
  }

  /**
   * As {@link #run(Warehouse, SpeechSettings, Path, Path, Consumer)}, for a landing zone anywhere:
   * recordings on HDFS or S3 are copied to a local file for the recogniser, one at a time per task.
   */
  public static Summary run(
      Warehouse wh,
      SpeechSettings settings,
      Path transcriptCache,
      Location landing,
      Consumer<String> progress) {
    return run(wh, settings, transcriptCache, landing, AudioSettings.defaults(), progress);
  }

  /**
   * As {@link #run(Warehouse, SpeechSettings, Path, Location, Consumer)}, with what becomes of the
   * audio (redacted copies, originals) explicit.
   */
  public static Summary run(
      Warehouse wh,
      SpeechSettings settings,
      Path transcriptCache,
      Location landing,
      AudioSettings audio,
      Consumer<String> progress) {
    long t0 = System.nanoTime();
    Phases phases = new Phases();
    if (transcriptCache != null) {
      try {
        TranscriptCache.create(transcriptCache);
      } catch (java.io.IOException e) {
        throw new CallqaException(
            "speech.transcript-cache folder "
                + transcriptCache
                + " cannot be created: "
                + e.getMessage(),
            e);
      }
    }
    SparkSession spark = wh.spark();
    String runId =
        "transcribe-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .format(Instant.now().atOffset(ZoneOffset.UTC));
    Map<String, SpeechModel> models = new LinkedHashMap<>();
    Map<String, String> modelIds = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.modelLocations().entrySet()) {
      try {
        SpeechModel m = SpeechModel.locate(e.getKey(), e.getValue());
        models.put(e.getKey(), m);
        String dither = m.ditherAdvice();
        if (dither != null) {
          progress.accept("transcribe: " + dither);
        }
        modelIds.put(e.getKey(), m.id());
      } catch (IllegalArgumentException | UncheckedIOException bad) {
        // Every call of that language will fail with this reason, recorded once per call and model
        // location.
        modelIds.put(e.getKey(), "unusable:" + e.getValue());
        progress.accept("transcribe: " + bad.getMessage());
      }
    }
    if (!wh.exists(Calls.SPEC)) {
      progress.accept("transcribe: no calls table yet; nothing to transcribe");
      return new Summary(
          0, 0, Map.of(), 0, 0, 0, StageProgress.seconds(t0), settings.threads(), phases.seconds());
    }
    wh.ensure(TranscriptionRuns.SPEC);
    wh.ensure(Transcripts.SPEC);

    // One pass over the calls with recordings: each recording's size now (looked at once here, to
    // decide and to order the work) and whether it needs work; both counts from the same job. Both
    // tables are listed by Delta Kernel: on a run with nothing new, Delta's reader would rebuild
    // each log's state in Spark jobs to find that out.
    Dataset<Row> sized =
        sized(
                candidates(
                    wh.readListed(Calls.SPEC), wh.readListed(TranscriptionRuns.SPEC), modelIds),
                landing,
                audio.redact())
            .cache();
    Row counts =
        sized.agg(functions.count(lit(1)), functions.count(when(col(NEEDS_WORK), lit(1)))).first();
    long n = counts.getLong(0);
    long todo = counts.getLong(1);
    if (n == 0) {
      sized.unpersist();
      progress.accept("transcribe: no call has a recording");
      return new Summary(
          0, 0, Map.of(), 0, 0, 0, StageProgress.seconds(t0), settings.threads(), phases.seconds());
    }
    // Which calls need work, from the recordings' sizes alone: with none, no recogniser starts
    // and nothing is written.
    Dataset<Row> work = sized.filter(col(NEEDS_WORK));
    phases.lap("candidates");
    progress.accept(
        String.format(
            Locale.ROOT,
            "transcribe: %d calls with recordings, %d new or changed; models %s; %d recogniser"
                + " threads",
            n,
            todo,
            modelIds,
            settings.threads()));
    if (todo == 0) {
      sized.unpersist();
      return new Summary(
          n, n, Map.of(), 0, 0, 0, StageProgress.seconds(t0), settings.threads(), phases.seconds());
    }

    TranscribeTask.Counters counters = TranscribeTask.Counters.register(spark);
    TranscribeTask task =
        new TranscribeTask(
            settings,
            landing.toString(),
            transcriptCache == null ? null : transcriptCache.toAbsolutePath().toString(),
            runId,
            models,
            counters,
            new TranscribeTask.AudioPolicy(
                audio.redact(),
                audio.leadS(),
                audio.trailS(),
                audio.originals(),
                wh.root().toString(),
                audio.archive()));
    Dataset<Row> results =
        longestFirst(work, (int) Math.min(todo, 2000))
            .mapPartitions(task, Encoders.row(TranscribeTask.RESULT_SCHEMA));

    Location staging = wh.root().resolve("_staging/" + runId);
    long t1 = System.nanoTime();
    StageProgress reporter =
        StageProgress.status("transcribe", progress, () -> progressLine(counters, todo, t1));
    double recognitionWall;
    try {
      // A Delta table, not plain Parquet: Delta writes its files in place and commits by its log,
      // where Hadoop's file committer renames folders, which S3 cannot do atomically (and S3A
      // refuses here).
      results.write().format("delta").mode("overwrite").save(staging.toString());
    } finally {
      recognitionWall = StageProgress.seconds(t1);
      reporter.close();
      sized.unpersist();
      phases.lap("recognition");
    }
    if (counters.calls.value() > 0) {
      progress.accept(progressLine(counters, todo, t1));
    }

    Dataset<Row> staged = spark.read().format("delta").load(staging.toString());
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (Row r :
        staged
            .groupBy(TranscriptionRuns.STATUS)
            .count()
            .orderBy(TranscriptionRuns.STATUS)
            .collectAsList()) {
      byStatus.put(r.getString(0), r.getLong(1));
    }
    phases.lap("outcomes");
    if (!byStatus.isEmpty()) {
      writeTranscripts(wh, staged, byStatus);
      phases.lap("transcripts");
      // Runs last: they mark the work done, so a crash before here redoes it on the next run.
      wh.merge(TranscriptionRuns.SPEC, staged.select(runColumns()));
      phases.lap("transcription_runs");
    }
    staging.deleteTree();
    phases.lap("staging cleanup");
    Summary s =
        new Summary(
            n,
            n - todo + counters.unchanged.value(),
            byStatus,
            counters.audioMillis.value() / 1000.0,
            counters.processingMillis.value() / 1000.0,
            recognitionWall,
            StageProgress.seconds(t0),
            settings.threads(),
            phases.seconds());
    // The result is the caller's to print (once, in the run's summary), not a progress line.
    return s;
  }

  /**
   * {@link #candidates} with two more columns: {@link #BYTES_NOW}, the recording's size now (-1
   * when it is missing or may not be read), and {@link #NEEDS_WORK}, false when the last run of the
   * same model saw the same file ({@link TranscribeTask#unchanged}).
   */
  static Dataset<Row> sized(Dataset<Row> candidates, Location landing, boolean redact) {
    Dataset<Row> withBytes =
        candidates.withColumn(
            BYTES_NOW,
            functions
                .udf(new TranscribeTask.RecordingBytes(landing.toString()), DataTypes.LongType)
                .apply(col(Calls.RECORDING)));
    return withBytes.withColumn(
        NEEDS_WORK,
        functions
            .udf(new TranscribeTask.NeedsWork(redact), DataTypes.BooleanType)
            .apply(
                functions.struct(
                    java.util.Arrays.stream(withBytes.columns())
                        .map(functions::col)
                        .toArray(Column[]::new))));
  }

  /**
   * The calls to transcribe ({@link #sized}) in {@code partitions} partitions by recording size,
   * largest first, so about one call per task when there are at most that many: Spark starts tasks
   * in partition order, so the recognisers are not left waiting on one long call at the end (a
   * 6-minute call started last keeps one of two threads busy alone for a minute and a half).
   */
  static Dataset<Row> longestFirst(Dataset<Row> work, int partitions) {
    return work.repartitionByRange(partitions, col(BYTES_NOW).desc(), col(Calls.CALL_ID).asc());
  }

  /**
   * Replaces the utterances of calls whose new status says what is in the recording (TRANSCRIBED or
   * NO_SPEECH); a FAILED or SKIPPED attempt leaves an earlier transcript in place.
   */
  private static void writeTranscripts(
      Warehouse wh, Dataset<Row> staged, Map<String, Long> byStatus) {
    List<String> replacing =
        List.of(TranscriptionStatus.TRANSCRIBED.name(), TranscriptionStatus.NO_SPEECH.name());
    if (replacing.stream().mapToLong(st -> byStatus.getOrDefault(st, 0L)).sum() == 0) {
      return;
    }
    Dataset<Row> replaced = staged.filter(col(TranscriptionRuns.STATUS).isin(replacing.toArray()));
    // A first run (no data file yet) has nothing to delete: no MERGE, no commit.
    if (!wh.holdsNoDataFile(Transcripts.SPEC)) {
      Dataset<Row> ids = replaced.select(col(TranscriptionRuns.CALL_ID)).distinct();
      DeltaTable.forPath(wh.spark(), wh.path(Transcripts.SPEC).toString())
          .as("t")
          .merge(
              ids.as("s"), col("t." + Transcripts.CALL_ID).equalTo(col("s." + Transcripts.CALL_ID)))
          .whenMatched()
          .delete()
          .execute();
    }
    // A NO_SPEECH call has no utterance: only a TRANSCRIBED one adds rows.
    if (byStatus.getOrDefault(TranscriptionStatus.TRANSCRIBED.name(), 0L) > 0) {
      replaced
          .select(
              col(TranscriptionRuns.CALL_ID),
              col(TranscriptionRuns.DAY),
              col(TranscriptionRuns.MODEL_ID),
              functions.explode(col(TranscribeTask.UTTERANCE_LIST)).as("u"))
          .select(
              col(Transcripts.CALL_ID), col(Transcripts.DAY), col("u.*"), col(Transcripts.MODEL_ID))
          .select(
              java.util.Arrays.stream(Transcripts.SCHEMA.fieldNames())
                  .map(functions::col)
                  .toArray(Column[]::new))
          .write()
          .format("delta")
          .mode("append")
          .save(wh.path(Transcripts.SPEC).toString());
    }
  }

  private static Column[] runColumns() {
    return java.util.Arrays.stream(TranscriptionRuns.SCHEMA.fieldNames())
        .map(functions::col)
        .toArray(Column[]::new);
  }

  /** Where recognition stands, from the accumulators that tasks update as they finish. */
  private static String progressLine(TranscribeTask.Counters counters, long total, long t0) {
    double audio = counters.audioMillis.value() / 1000.0;
    double processing = counters.processingMillis.value() / 1000.0;
    double wall = (System.nanoTime() - t0) / 1e9;
    return String.format(
        Locale.ROOT,
        "transcribe: %d/%d calls done, %.2f audio h, %.1fx real time, RTF per thread %.3f (%.0f s elapsed)",
        counters.calls.value(),
        total,
        audio / 3600,
        wall > 0 ? audio / wall : 0,
        audio > 0 ? processing / audio : 0,
        wall);
  }
}
