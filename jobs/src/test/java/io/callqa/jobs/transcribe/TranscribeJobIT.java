package io.callqa.jobs.transcribe;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.nlp.audio.Wav;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The transcribe stage on a small landing zone: sample recordings, bad files, a missing one, a
 * Chinese call without a model; then re-runs. Real Delta tables, the real model, the real worker
 * process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TranscribeJobIT extends SparkTestBase {
  static final String HEADER = String.join(",", Calls.CSV_COLUMNS);

  Path landing;
  Warehouse wh;
  SpeechSettings settings;
  TranscribeJob.Summary first;
  List<Row> firstTranscripts;
  final List<String> progress = new ArrayList<>();

  @BeforeAll
  void transcribeOnce() throws IOException {
    landing = scratch.resolve("landing");
    Path rec = Files.createDirectories(landing.resolve("recordings").resolve("d1"));
    Map<String, SampleRecordings.Call> samples = new HashMap<>();
    SampleRecordings.calls().forEach(c -> samples.put(c.id(), c));
    copy(samples.get("s05"), rec, "card.wav");
    copy(samples.get("s06"), rec, "phone.wav");
    copy(samples.get("s12"), rec, "short.mp3");
    copy(samples.get("s09"), rec, "chinese.wav");
    Files.write(rec.resolve("empty.wav"), new byte[0]);
    short[] tone = Wav.tone(8000, 440, 0.5, 1000);
    byte[] pcm = java.util.Arrays.copyOfRange(Wav.pcm16(8000, tone), 44, 44 + tone.length * 2);
    Files.write(rec.resolve("rate0.wav"), Wav.build(1, 1, 0, 16, pcm, pcm.length));
    Files.write(rec.resolve("silence.wav"), Wav.pcm16(8000, new short[8000 * 2]));

    List<String> lines = new ArrayList<>(List.of(HEADER));
    lines.add(call("t1", "en", "d1/card.wav"));
    lines.add(call("t2", "en", "d1/phone.wav"));
    lines.add(call("t3", "en", "d1/short.mp3"));
    lines.add(call("t4", "zh", "d1/chinese.wav"));
    lines.add(call("t5", "en", "d1/missing.wav"));
    lines.add(call("t6", "en", "d1/empty.wav"));
    lines.add(call("t7", "en", "d1/rate0.wav"));
    lines.add(call("t8", "en", "d1/silence.wav"));
    lines.add(call("t9", "en", "../../../etc/passwd"));
    lines.add(call("t10", "en", ""));
    Files.createDirectories(landing.resolve("calls"));
    Files.write(landing.resolve("calls").resolve("calls-1.csv"), lines, StandardCharsets.UTF_8);

    wh = new Warehouse(spark, scratch.resolve("warehouse"));
    IngestJob.run(wh, IngestSettings.of(CallqaConfig.defaults()), landing, p -> {});
    settings = SpeechSettings.defaults(2);
    // Through a transcript cache, which the last test reads without recognising again.
    first = TranscribeJob.run(wh, settings, cache(), landing, progress::add);
    firstTranscripts = transcriptTexts(wh);
  }

  Path cache() {
    return scratch.resolve("transcript-cache");
  }

  static List<Row> transcriptTexts(Warehouse w) {
    return w.read(Transcripts.SPEC)
        .select(
            Transcripts.CALL_ID, Transcripts.UTTERANCE_NO, Transcripts.SPEAKER, Transcripts.TEXT)
        .orderBy(Transcripts.CALL_ID, Transcripts.UTTERANCE_NO)
        .collectAsList();
  }

  private static void copy(SampleRecordings.Call c, Path dir, String name) throws IOException {
    Path p = SampleRecordings.copy(c, dir);
    Files.move(p, dir.resolve(name));
  }

  /** A calls.csv row for an answered inbound call of 2026-03-02 with its recording path. */
  static String call(String id, String lang, String recording) {
    return id
        + ",INBOUND,SHANGHAI,95555,"
        + lang
        + ",STANDARD,CU-"
        + id
        + ",2026-03-02T10:00:00+08:00,2026-03-02T10:00:20+08:00,TRANSFER,CARD_SERVICE,2026-03-02T10:00:20+08:00,"
        + "2026-03-02T10:00:30+08:00,2026-03-02T10:03:00+08:00,SH-A0001,150,0,20,false,INQUIRY,"
        + recording;
  }

  private Map<String, Row> runsByCall() {
    return wh.read(TranscriptionRuns.SPEC).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs(TranscriptionRuns.CALL_ID), r -> r, (a, b) -> a));
  }

  @Test
  @Order(1)
  void everyCallWithARecordingGetsARunWithItsStatusAndReason() {
    Map<String, Row> runs = runsByCall();
    assertThat(runs.keySet())
        .containsExactlyInAnyOrder("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9");
    assertThat(first.candidates()).isEqualTo(9);
    assertThat(first.byStatus())
        .containsEntry("TRANSCRIBED", 3L)
        .containsEntry("FAILED", 4L)
        .containsEntry("SKIPPED", 1L)
        .containsEntry("NO_SPEECH", 1L);

    assertThat(status(runs, "t4")).isEqualTo("SKIPPED");
    assertThat(reason(runs, "t4")).contains("no speech model configured for language 'zh'");
    assertThat(runs.get("t4").<String>getAs(TranscriptionRuns.MODEL_ID)).isEqualTo("none:zh");
    assertThat(reason(runs, "t5")).contains("missing.wav does not exist");
    assertThat(runs.get("t5").<Long>getAs(TranscriptionRuns.RECORDING_BYTES)).isEqualTo(-1L);
    assertThat(reason(runs, "t6")).contains("empty.wav is empty");
    assertThat(reason(runs, "t7")).contains("sample rate of 0 Hz");
    assertThat(status(runs, "t8")).isEqualTo("NO_SPEECH");
    assertThat(reason(runs, "t9")).contains("outside the landing zone's recordings/ folder");

    Row card = runs.get("t1");
    assertThat(status(runs, "t1")).isEqualTo("TRANSCRIBED");
    assertThat(card.<String>getAs(TranscriptionRuns.ENCODING)).isEqualTo("PCM_16");
    assertThat(card.<Integer>getAs(TranscriptionRuns.SAMPLE_RATE)).isEqualTo(8000);
    assertThat(card.<Integer>getAs(TranscriptionRuns.CHANNELS)).isEqualTo(2);
    assertThat(card.<Double>getAs(TranscriptionRuns.AUDIO_S)).isGreaterThan(20);
    assertThat(card.<String>getAs(TranscriptionRuns.MODEL_VERSION))
        .isEqualTo(SpeechModel.locate("en", "bundled:en-us").version());
    assertThat(progress).anyMatch(p -> p.matches("transcribe: 9/9 calls done, .* real time.*"));
  }

  private static String status(Map<String, Row> runs, String id) {
    return runs.get(id).getAs(TranscriptionRuns.STATUS);
  }

  private static String reason(Map<String, Row> runs, String id) {
    return runs.get(id).getAs(TranscriptionRuns.REASON);
  }

  @Test
  @Order(2)
  void transcriptsHoldMaskedTextBySpeakerAndNothingOfTheFailedCalls() {
    List<Row> rows =
        wh.read(Transcripts.SPEC)
            .orderBy(Transcripts.CALL_ID, Transcripts.UTTERANCE_NO)
            .collectAsList();
    assertThat(rows)
        .extracting(r -> (String) r.getAs(Transcripts.CALL_ID))
        .containsOnly("t1", "t2", "t3");
    for (String id : List.of("t1", "t2", "t3")) {
      List<Integer> numbers =
          rows.stream()
              .filter(r -> r.getAs(Transcripts.CALL_ID).equals(id))
              .map(r -> (Integer) r.getAs(Transcripts.UTTERANCE_NO))
              .toList();
      assertThat(numbers).as(id).isNotEmpty();
      assertThat(numbers)
          .as(id)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, numbers.size()).boxed().toList());
    }
    assertThat(rows)
        .extracting(r -> (String) r.getAs(Transcripts.SPEAKER))
        .contains("AGENT", "CUSTOMER");

    // The card read out in t1 and the phone number in t2: no run of four or more digit words
    // survives.
    Pattern digitRun =
        Pattern.compile("\\b(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)\\s+){4,}");
    for (Row r : rows) {
      String text = r.getAs(Transcripts.TEXT);
      if (!text.contains("last four digits")) {
        assertThat(text)
            .as("utterance of %s", (String) r.getAs(Transcripts.CALL_ID))
            .doesNotContainPattern(digitRun);
      }
      List<Row> words = r.getList(r.fieldIndex(Transcripts.WORDS));
      assertThat(words).isNotEmpty();
    }
    Row cardLine =
        rows.stream()
            .filter(r -> r.getAs(Transcripts.CALL_ID).equals("t1"))
            .filter(r -> ((String) r.getAs(Transcripts.TEXT)).contains("card number is"))
            .findFirst()
            .orElseThrow();
    assertThat(cardLine.<String>getAs(Transcripts.TEXT)).contains("**** **** ****");
    assertThat(cardLine.<Integer>getAs(Transcripts.MASKED)).isPositive();
    List<Row> cardWords = cardLine.getList(cardLine.fieldIndex(Transcripts.WORDS));
    assertThat(cardWords).extracting(w -> (String) w.getAs(Transcripts.WORD)).contains("*");
    assertThat(
            rows.stream()
                .filter(r -> r.getAs(Transcripts.CALL_ID).equals("t2"))
                .map(r -> (String) r.getAs(Transcripts.TEXT)))
        .anyMatch(t -> t.contains("[phone]"));
  }

  @Test
  @Order(3)
  void reRunningChangesNothing() {
    long runsVersion = wh.version(TranscriptionRuns.SPEC);
    long transcriptsVersion = wh.version(Transcripts.SPEC);
    // Found from the calls and transcription_runs listed by Delta Kernel: no Spark job of Delta's.
    JobsOf<TranscribeJob.Summary> run =
        jobsOf(() -> TranscribeJob.run(wh, settings, landing, p -> {}));
    TranscribeJob.Summary again = run.result();
    assertThat(run.jobs()).isNotEmpty().noneMatch(d -> d.contains("Delta"));
    assertThat(again.unchanged()).isEqualTo(9);
    assertThat(again.transcribed()).isZero();
    assertThat(wh.version(TranscriptionRuns.SPEC)).isEqualTo(runsVersion);
    assertThat(wh.version(Transcripts.SPEC)).isEqualTo(transcriptsVersion);
  }

  @Test
  @Order(4)
  void aRecordingDeliveredLaterIsTranscribedAndOnlyIt() throws IOException {
    copy(
        SampleRecordings.calls().get(0),
        landing.resolve("recordings").resolve("d1"),
        "missing.wav");
    TranscribeJob.Summary s = TranscribeJob.run(wh, settings, landing, p -> {});
    assertThat(s.unchanged()).isEqualTo(8);
    assertThat(s.byStatus()).containsExactly(Map.entry("TRANSCRIBED", 1L));
    assertThat(status(runsByCall(), "t5")).isEqualTo("TRANSCRIBED");
  }

  @Test
  @Order(5)
  void aNewModelVersionReTranscribesItsLanguageAndReplacesTheTranscripts() throws IOException {
    // The same model files under another version id: a link farm with a new uuid.
    Path model = Files.createDirectories(scratch.resolve("model-v2"));
    Path bundled = SpeechModel.locate("en", "bundled:en-us").dir();
    for (String sub : List.of("am", "graph", "ivector")) {
      Files.createSymbolicLink(model.resolve(sub), bundled.resolve(sub));
    }
    // Its features configured as Kaldi's default has them (dithered): used, with a line saying so.
    Path conf = Files.createDirectories(model.resolve("conf"));
    Files.copy(bundled.resolve("conf/model.conf"), conf.resolve("model.conf"));
    Files.write(
        conf.resolve("mfcc.conf"),
        Files.readAllLines(bundled.resolve("conf/mfcc.conf")).stream()
            .filter(l -> !l.startsWith("--dither"))
            .toList());
    Files.writeString(model.resolve("uuid"), "test-model-v2\n");
    long before = wh.read(Transcripts.SPEC).count();

    List<String> lines = new ArrayList<>();
    TranscribeJob.Summary s =
        TranscribeJob.run(
            wh, settings.withModels(Map.of("en", model.toString())), landing, lines::add);
    assertThat(lines)
        .contains(
            "transcribe: the 'en' model at "
                + model.toAbsolutePath().normalize()
                + " dithers (its conf/mfcc.conf has no --dither=0): the same recording gets"
                + " different words from run to run; add the line --dither=0 to "
                + conf.resolve("mfcc.conf").toAbsolutePath().normalize());
    assertThat(progress).noneMatch(l -> l.contains("dithers"));

    assertThat(s.byStatus().get("TRANSCRIBED")).isEqualTo(4L);
    assertThat(s.unchanged()).isEqualTo(1); // the Chinese call: still no model
    Dataset<Row> runs = wh.read(TranscriptionRuns.SPEC);
    assertThat(runs.filter(col(TranscriptionRuns.MODEL_VERSION).equalTo("test-model-v2")).count())
        .isEqualTo(8);
    assertThat(runs.count()).isEqualTo(17);
    Dataset<Row> t = wh.read(Transcripts.SPEC);
    assertThat(t.select(Transcripts.CALL_ID, Transcripts.UTTERANCE_NO).distinct().count())
        .isEqualTo(t.count());
    assertThat(t.filter(col(Transcripts.MODEL_ID).contains("test-model-v2")).count())
        .isEqualTo(t.count());
    assertThat(t.count()).isGreaterThan(before - 10);
  }

  @Test
  @Order(6)
  void aTranscriptCacheGivesTheSameTranscriptsWithoutRecognisingAgain() throws IOException {
    // The bundled model's identity without its graph: it cannot recognise anything, so whatever
    // is not read from the cache fails.
    Path bundled = SpeechModel.locate("en", "bundled:en-us").dir();
    Path crippled = Files.createDirectories(scratch.resolve("model-without-graph"));
    for (String sub : List.of("am", "conf")) {
      Files.createSymbolicLink(crippled.resolve(sub), bundled.resolve(sub));
    }
    for (String f : List.of("uuid", "MODEL-SOURCE")) {
      if (Files.exists(bundled.resolve(f))) {
        Files.copy(bundled.resolve(f), crippled.resolve(f));
      }
    }
    SpeechSettings cannotRecognise = settings.withModels(Map.of("en", crippled.toString()));
    assertThat(SpeechModel.locate("en", crippled.toString()).id())
        .isEqualTo(SpeechModel.locate("en", "bundled:en-us").id());

    // The first run (before all tests) filled the cache with real recognition.
    Warehouse cached = new Warehouse(spark, scratch.resolve("cached"));
    IngestJob.run(cached, IngestSettings.of(CallqaConfig.defaults()), landing, p -> {});
    TranscribeJob.Summary read =
        TranscribeJob.run(cached, cannotRecognise, cache(), landing, p -> {});
    assertThat(read.byStatus().get("TRANSCRIBED")).isEqualTo(first.byStatus().get("TRANSCRIBED"));
    assertThat(firstTranscripts).isNotEmpty();
    assertThat(transcriptTexts(cached)).isEqualTo(firstTranscripts);

    // Without the cache that model transcribes nothing.
    Warehouse uncached = new Warehouse(spark, scratch.resolve("uncached"));
    IngestJob.run(uncached, IngestSettings.of(CallqaConfig.defaults()), landing, p -> {});
    TranscribeJob.Summary none = TranscribeJob.run(uncached, cannotRecognise, landing, p -> {});
    assertThat(none.byStatus()).doesNotContainKey("TRANSCRIBED");
  }
}
