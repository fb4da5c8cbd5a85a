package io.callqa.tools.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

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
import io.callqa.jobs.kpi.KpiJob;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.samples.LandingGenerator;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.Transcripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code callqa bench analyse}: one day of generated traffic (ingest, KPI, complaints), transcripts
 * for N answered calls made from the 12 sample call scripts (their real utterance timings, 8-10
 * utterances each), then the analyse stage and the index stage, each timed. Prints calls analysed
 * per second and the analyse stage's share of the pipeline's time, without transcription and with
 * transcription at the rate {@code bench speech} measured, into {@code bench/results/analyse.txt}.
 */
public final class AnalyseBenchmark {
  private static final StructType SCRIPT_SCHEMA =
      new StructType()
          .add("script", DataTypes.IntegerType)
          .add(Transcripts.UTTERANCE_NO, DataTypes.IntegerType)
          .add(Transcripts.SPEAKER, DataTypes.StringType)
          .add(Transcripts.START_S, DataTypes.DoubleType)
          .add(Transcripts.END_S, DataTypes.DoubleType)
          .add(Transcripts.TEXT, DataTypes.StringType);

  /** Benchmark settings. */
  public record Options(int calls, double transcriptionSpeed, Path work, Path results, long seed) {}

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public AnalyseBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  public Path run(Warehouse wh, CallqaConfig config) throws IOException {
    CallqaConfig c = config.with(ConfigKey.SPEECH_ENABLED, "false");
    Path landing = o.work().resolve("landing-analyse");
    LocalFolders.deleteTree(landing);
    lines.say(
        String.format(
            Locale.ROOT,
            "# analyse benchmark: %,d transcribed calls from the 12 sample scripts; %d cores, Spark %s",
            o.calls(),
            Runtime.getRuntime().availableProcessors(),
            wh.spark().version()));
    LandingGenerator.generate(
        new LandingGenerator.Options(
            landing,
            LandingGenerator.SAMPLE_START,
            1,
            // About 40% of inbound calls end in the IVR and some are abandoned: 1.8x leaves N
            // answered calls.
            (int) (o.calls() * 1.8),
            o.seed(),
            c.get(ConfigKey.TIME_ZONE)),
        s -> {});

    long t = System.nanoTime();
    IngestJob.run(wh, IngestSettings.of(c), landing, s -> {});
    double ingest = secs(t);
    t = System.nanoTime();
    KpiJob.run(wh, KpiSettings.of(c), Optional.empty(), s -> {});
    double kpi = secs(t);
    t = System.nanoTime();
    ComplaintJob.run(wh, ComplaintSettings.of(c), Optional.empty(), Optional.empty(), s -> {});
    double complaints = secs(t);

    t = System.nanoTime();
    double audioS = writeTranscripts(wh);
    double synth = secs(t);
    Row tc =
        wh.read(Transcripts.SPEC)
            .agg(functions.count(lit(1)), functions.countDistinct(col(Transcripts.CALL_ID)))
            .first();
    lines.say(
        String.format(
            Locale.ROOT,
            "transcripts: %,d utterances for %,d calls (%.0f h of audio) written in %.1f s",
            tc.getLong(0),
            tc.getLong(1),
            audioS / 3600,
            synth));

    t = System.nanoTime();
    AnalyseJob.Summary a = AnalyseJob.run(wh, AnalyseSettings.of(c), s -> {});
    double analyse = secs(t);
    t = System.nanoTime();
    IndexJob.Summary idx = IndexJob.run(wh, IndexSettings.of(c), s -> {});
    double index = secs(t);

    lines.say(
        String.format(
            Locale.ROOT,
            "analyse: %,d calls + %,d chats, %,d category hits, %,d scores in %.1f s = %,.0f calls/s",
            a.calls(),
            a.chats(),
            a.hits(),
            a.scored(),
            analyse,
            (a.calls() + a.chats()) / analyse));
    double pipeline = ingest + kpi + complaints + analyse + index;
    lines.say(
        String.format(
            Locale.ROOT,
            "stages (s): ingest %.1f, kpi %.1f, complaints %.1f, analyse %.1f, index %.1f (%,d conversations)",
            ingest,
            kpi,
            complaints,
            analyse,
            index,
            idx.conversations()));
    lines.say(
        String.format(
            Locale.ROOT,
            "analyse share of the pipeline without transcription: %.1f%% of %.1f s",
            100 * analyse / pipeline,
            pipeline));
    double transcribe = audioS / o.transcriptionSpeed();
    lines.say(
        String.format(
            Locale.ROOT,
            "with transcription at %.1fx real time (bench speech, this machine): transcribe %.1f h, analyse share %.3f%%",
            o.transcriptionSpeed(),
            transcribe / 3600,
            100 * analyse / (pipeline + transcribe)));
    Files.createDirectories(o.results());
    Path file = o.results().resolve("analyse.txt");
    lines.write(file);
    Figures.update(
        o.results(),
        "analyse",
        java.util.Map.of(
            "analyse.calls-per-core-s",
            String.format(
                Locale.ROOT,
                "%.0f",
                (a.calls() + a.chats()) / analyse / Runtime.getRuntime().availableProcessors())));
    return file;
  }

  /**
   * Transcripts for the first N answered calls, each the turns of sample script hash(call_id) mod
   * 12.
   */
  private double writeTranscripts(Warehouse wh) {
    List<SampleRecordings.Call> scripts = SampleRecordings.calls();
    List<Row> turns = new ArrayList<>();
    double[] durations = new double[scripts.size()];
    for (int s = 0; s < scripts.size(); s++) {
      List<SampleRecordings.Turn> ts = scripts.get(s).turns();
      durations[s] = scripts.get(s).durationS();
      for (int k = 0; k < ts.size(); k++) {
        SampleRecordings.Turn turn = ts.get(k);
        turns.add(
            RowBuilder.of("script turn", SCRIPT_SCHEMA)
                .set("script", s)
                .set(Transcripts.UTTERANCE_NO, k)
                .set(Transcripts.SPEAKER, turn.speaker())
                .set(Transcripts.START_S, turn.startS())
                .set(Transcripts.END_S, turn.endS())
                .set(Transcripts.TEXT, turn.text())
                .build());
      }
    }
    StructType schema = SCRIPT_SCHEMA;
    Dataset<Row> script = wh.spark().createDataFrame(turns, schema);
    Dataset<Row> calls =
        wh.read(Calls.SPEC)
            .filter(col(Calls.ANSWERED_AT).isNotNull())
            .orderBy(Calls.CALL_ID)
            .limit(o.calls())
            .select(
                col(Calls.CALL_ID),
                col(Calls.DAY),
                pmod(abs(hash(col(Calls.CALL_ID))), lit(scripts.size())).as("script"))
            .cache();
    Dataset<Row> t =
        calls
            .join(script, "script")
            .withColumn(Transcripts.CONFIDENCE, lit(0.9))
            .withColumn(Transcripts.WORDS, expr("array()"))
            .withColumn(Transcripts.MASKED, lit(0))
            .withColumn(Transcripts.MODEL_ID, lit("bench:sample-scripts"));
    wh.overwrite(Transcripts.SPEC, t);
    double audio = 0;
    for (Row r : calls.groupBy("script").count().collectAsList()) {
      audio += durations[r.getInt(0)] * r.getLong(1);
    }
    calls.unpersist();
    return audio;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
