package io.callqa.jobs.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure parts of the transcribe stage: which calls to look at, task slots, masking of an
 * utterance.
 */
class TranscribeJobTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  private Row call(String id, String language, String recording) {
    Object[] v = new Object[Calls.SCHEMA.size()];
    v[Calls.SCHEMA.fieldIndex(Calls.CALL_ID)] = id;
    v[Calls.SCHEMA.fieldIndex(Calls.DIRECTION)] = "INBOUND";
    v[Calls.SCHEMA.fieldIndex(Calls.SITE)] = "SHANGHAI";
    v[Calls.SCHEMA.fieldIndex(Calls.LANGUAGE)] = language;
    v[Calls.SCHEMA.fieldIndex(Calls.SEGMENT)] = "STANDARD";
    v[Calls.SCHEMA.fieldIndex(Calls.ENDED_AT)] = Instant.parse("2026-03-02T02:00:00Z");
    v[Calls.SCHEMA.fieldIndex(Calls.TRANSFERRED_OUT)] = false;
    v[Calls.SCHEMA.fieldIndex(Calls.RECORDING)] = recording;
    v[Calls.SCHEMA.fieldIndex(Calls.CONTACT_START)] = Instant.parse("2026-03-02T01:58:00Z");
    v[Calls.SCHEMA.fieldIndex(Calls.DAY)] = DAY;
    v[Calls.SCHEMA.fieldIndex("source_file")] = "calls/x.csv";
    v[Calls.SCHEMA.fieldIndex("source_line")] = 2L;
    v[Calls.SCHEMA.fieldIndex("ingest_run")] = "r1";
    return RowFactory.create(v);
  }

  private Row run(String id, String modelId, String recording, long bytes) {
    Object[] v = new Object[TranscriptionRuns.SCHEMA.size()];
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.CALL_ID)] = id;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.MODEL_ID)] = modelId;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.DAY)] = DAY;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.LANGUAGE)] = "en";
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.RECORDING)] = recording;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.RECORDING_BYTES)] = bytes;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.STATUS)] = "TRANSCRIBED";
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.AUDIO_S)] = 1.0;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.PROCESSING_S)] = 1.0;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.UTTERANCES)] = 1;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.WORDS)] = 1;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.MASKED)] = 0;
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.TRANSCRIBED_AT)] = Instant.now();
    v[TranscriptionRuns.SCHEMA.fieldIndex(TranscriptionRuns.RUN_ID)] = "t";
    return RowFactory.create(v);
  }

  @Test
  void candidatesAreCallsWithRecordingsWithTheirModelAndWhatItsLastRunSaw() {
    Dataset<Row> calls =
        spark.createDataFrame(
            List.of(
                call("a", "en", "d/a.wav"),
                call("b", "en", "d/b.wav"),
                call("c", "zh", "d/c.wav"),
                call("d", "en", null)),
            Calls.SCHEMA);
    Dataset<Row> runs =
        spark.createDataFrame(
            List.of(run("a", "m@1", "d/a.wav", 100L), run("b", "m@0", "d/b.wav", 200L)),
            TranscriptionRuns.SCHEMA);

    List<Row> c =
        TranscribeJob.candidates(calls, runs, Map.of("en", "m@1"))
            .orderBy("call_id")
            .collectAsList();

    assertThat(c).extracting(r -> r.getString(0)).containsExactly("a", "b", "c");
    assertThat(c.get(0).<String>getAs(TranscriptionRuns.MODEL_ID)).isEqualTo("m@1");
    assertThat(c.get(0).<Long>getAs(TranscribeJob.PREV_BYTES)).isEqualTo(100L);
    // b was transcribed by an older model version: no previous run for m@1.
    assertThat(c.get(1).<Object>getAs(TranscribeJob.PREV_BYTES)).isNull();
    assertThat(c.get(2).<String>getAs(TranscriptionRuns.MODEL_ID)).isEqualTo("none:zh");
  }

  @Test
  void aCallNeedsWorkUnlessItsModelSawTheSameFileOrItsRedactedCopyIsMissing(@TempDir Path landing)
      throws Exception {
    Path rec = Files.createDirectories(landing.resolve("recordings"));
    Files.write(rec.resolve("a.wav"), new byte[100]);
    Files.write(rec.resolve("b.wav"), new byte[200]);
    Files.write(rec.resolve("c.wav"), new byte[300]);
    Dataset<Row> candidates =
        TranscribeJob.candidates(
            spark.createDataFrame(
                List.of(
                    call("a", "en", "a.wav"), call("b", "en", "b.wav"), call("c", "en", "c.wav")),
                Calls.SCHEMA),
            // a: the same file; b: its size changed since; c: never transcribed.
            spark.createDataFrame(
                List.of(run("a", "m@1", "a.wav", 100L), run("b", "m@1", "b.wav", 150L)),
                TranscriptionRuns.SCHEMA),
            Map.of("en", "m@1"));

    for (boolean redact : List.of(false, true)) {
      List<Row> sized =
          TranscribeJob.sized(candidates, Location.local(landing), redact)
              .orderBy(Calls.CALL_ID)
              .collectAsList();
      assertThat(sized)
          .extracting(r -> r.<Long>getAs(TranscribeJob.BYTES_NOW))
          .containsExactly(100L, 200L, 300L);
      // With redacted copies on, a's earlier run has none: it is done again.
      assertThat(sized)
          .extracting(r -> r.<Boolean>getAs(TranscribeJob.NEEDS_WORK))
          .as("redact=" + redact)
          .containsExactly(redact, true, true);
    }
  }

  @Test
  void theLongestRecordingsAreStartedFirstOneCallPerTask(@TempDir Path landing) throws Exception {
    // Sizes in shuffled order; a missing recording (-1) and a refused one (out of recordings/)
    // come last.
    int[] kb = {40, 300, 5, 120, 260, 75, 1};
    List<Row> rows = new ArrayList<>();
    Path rec = Files.createDirectories(landing.resolve("recordings"));
    for (int i = 0; i < kb.length; i++) {
      Files.write(rec.resolve("c" + i + ".wav"), new byte[kb[i] * 1024]);
      rows.add(call("c" + i, "en", "c" + i + ".wav"));
    }
    rows.add(call("missing", "en", "gone.wav"));
    rows.add(call("refused", "en", "../calls/calls.csv"));
    Dataset<Row> work =
        TranscribeJob.candidates(
            spark.createDataFrame(rows, Calls.SCHEMA),
            spark.createDataFrame(List.of(), TranscriptionRuns.SCHEMA),
            Map.of("en", "m@1"));

    List<String> byPartition =
        TranscribeJob.longestFirst(
                TranscribeJob.sized(work, Location.local(landing), true), rows.size())
            .toJavaRDD()
            .mapPartitionsWithIndex(
                (i, it) -> {
                  List<String> ids = new ArrayList<>();
                  it.forEachRemaining(r -> ids.add(i + ":" + r.getString(0)));
                  return ids.iterator();
                },
                true)
            .collect();

    // Largest first, one call in each partition (Spark starts tasks in partition order).
    assertThat(byPartition)
        .containsExactly(
            "0:c1", "1:c4", "2:c3", "3:c5", "4:c0", "5:c2", "6:c6", "7:missing", "8:refused");
  }

  @Test
  void taskSlotsFollowTheMaster() {
    assertThat(TranscribeJob.taskSlots("local[3]", "1")).isEqualTo(3);
    assertThat(TranscribeJob.taskSlots("local[*]", "1"))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TranscribeJob.taskSlots("local[2,4]", "1")).isEqualTo(2);
    assertThat(TranscribeJob.taskSlots("local", "1")).isEqualTo(1);
    assertThat(TranscribeJob.taskSlots("spark://h:7077", "4")).isEqualTo(4);
  }

  private static List<Word> words(String said, double from) {
    List<Word> out = new ArrayList<>();
    double t = from;
    for (String w : said.split(" ")) {
      out.add(new Word(w, t, t + 0.3, 0.9));
      t += 0.3;
    }
    return out;
  }

  @Test
  void aNumberCutInTwoByEndpointingIsMaskedAcrossTheUtterancesOfItsSpeaker() {
    Row[] rows =
        TranscribeTask.maskedUtterances(
            List.of(
                Utterance.of(Speaker.CUSTOMER, words("call me on my mobile two one two five", 1)),
                Utterance.of(Speaker.AGENT, words("yes", 4)),
                Utterance.of(Speaker.CUSTOMER, words("five five zero one four seven thanks", 5))));
    assertThat(rows[0].getString(4)).isEqualTo("call me on my mobile [phone]");
    assertThat(rows[1].getString(4)).isEqualTo("yes");
    assertThat(rows[2].getString(4)).isEqualTo("**** thanks");
    assertThat(rows[0].getInt(7) + rows[2].getInt(7)).isEqualTo(1);
    assertThat(((Row[]) rows[2].get(6))[0].getString(0)).isEqualTo("*");
  }

  @Test
  void aLongPauseEndsAReadOutAndEachSpanHasItsTimeOnItsSpeakersChannel() {
    // As the recogniser heard r01: a card read out, the agent asks, the customer gives the code.
    TranscribeTask.Masked m =
        TranscribeTask.masked(
            List.of(
                Utterance.of(
                    Speaker.CUSTOMER,
                    words(
                        "my card number is four five three nine one four eight eight zero three four"
                            + " three six four six seven",
                        1)),
                Utterance.of(Speaker.AGENT, words("the security code please", 8)),
                Utterance.of(Speaker.CUSTOMER, words("the security code is seven three one", 10))));
    assertThat(m.rows()[0].getString(4)).isEqualTo("my card number is **** **** **** 6467");
    assertThat(m.rows()[2].getString(4)).isEqualTo("the security code is [code]");
    assertThat(m.audioSpans()).hasSize(2);
    assertThat(m.audioSpans())
        .extracting(io.callqa.nlp.audio.AudioRedaction.Span::channel)
        .containsExactly(1, 1);
    assertThat(m.audioSpans().get(0).fromS()).isCloseTo(2.2, within(1e-9));
    assertThat(m.audioSpans().get(0).toS()).isCloseTo(7.0, within(1e-9));
    assertThat(m.audioSpans().get(1).fromS()).isCloseTo(11.2, within(1e-9));
    assertThat(m.audioSpans().get(1).toS()).isCloseTo(12.1, within(1e-9));
    // The agent's words are on the left channel.
    TranscribeTask.Masked agent =
        TranscribeTask.masked(
            List.of(
                Utterance.of(
                    Speaker.AGENT,
                    words(
                        "your card four five three nine one four eight eight zero three four three six four six seven",
                        0))));
    assertThat(agent.audioSpans())
        .extracting(io.callqa.nlp.audio.AudioRedaction.Span::channel)
        .containsExactly(0);
  }

  @Test
  void aDateOfBirthAskedForByTheAgentIsMaskedInTheCustomersAnswer() {
    TranscribeTask.Masked m =
        TranscribeTask.masked(
            List.of(
                Utterance.of(
                    Speaker.AGENT,
                    words("before we continue can you confirm your date of birth", 1)),
                Utterance.of(
                    Speaker.CUSTOMER, words("yes it is the fourth of july nineteen eighty two", 5)),
                Utterance.of(
                    Speaker.AGENT, words("thank you the card arrives on the fourth of july", 9)),
                Utterance.of(Speaker.CUSTOMER, words("great the fourth of july then", 13))));
    assertThat(m.rows()[1].getString(4)).isEqualTo("yes it is the [date of birth]");
    // A date that answers nothing of the kind stays.
    assertThat(m.rows()[2].getString(4))
        .isEqualTo("thank you the card arrives on the fourth of july");
    assertThat(m.rows()[3].getString(4)).isEqualTo("great the fourth of july then");
    assertThat(m.audioSpans()).hasSize(1);
    assertThat(m.audioSpans().get(0).channel()).isEqualTo(1);
    assertThat(m.audioSpans().get(0).fromS()).isCloseTo(6.2, within(1e-9));
    assertThat(m.audioSpans().get(0).toS()).isCloseTo(8.0, within(1e-9));
  }

  @Test
  void aRecordingTooLongForTheHeapIsRefusedAndTriedAgainOnlyWithALargerHeap() {
    assertThat(TranscribeTask.tooLongToRedact(10 * 60, 2)).isNull();
    // Four hours of stereo (AudioDecoder's limit) need about 2.6 GB: more than a test JVM's
    // quarter.
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    String reason = TranscribeTask.tooLongToRedact(4 * 3600, 2);
    if (heapMb / 4 < 2636) {
      assertThat(reason)
          .startsWith(TranscribeTask.TOO_LONG)
          .contains("240 min of audio needs about 2636 MB; heap " + heapMb + " MB");
      assertThat(TranscribeTask.heapGrewSince(reason)).isFalse();
    }
    assertThat(TranscribeTask.heapGrewSince(TranscribeTask.TOO_LONG + " (heap 1 MB)")).isTrue();
    assertThat(TranscribeTask.heapGrewSince("no redacted copy: disk full")).isFalse();
  }

  @Test
  void anUtteranceIsMaskedInItsTextAndItsWords() {
    String said =
        "my card is four five three nine one four eight eight zero three four three six four six seven ok";
    List<Word> words = new ArrayList<>();
    double t = 1;
    for (String w : said.split(" ")) {
      words.add(new Word(w, t, t + 0.3, 0.9));
      t += 0.3;
    }
    Row r = TranscribeTask.maskedUtterances(List.of(Utterance.of(Speaker.CUSTOMER, words)))[0];

    assertThat(r.getInt(0)).isEqualTo(0);
    assertThat(r.getString(1)).isEqualTo("CUSTOMER");
    assertThat(r.getString(4)).isEqualTo("my card is **** **** **** 6467 ok");
    Row[] masked = (Row[]) r.get(6);
    assertThat(masked).hasSize(words.size());
    assertThat(masked[3].getString(0)).isEqualTo("*");
    assertThat(masked[18].getString(0)).isEqualTo("7");
    assertThat(masked[3].getDouble(1)).isEqualTo(words.get(3).startS());
    assertThat(r.getInt(7)).isEqualTo(1);
    assertThat(TranscribeTask.UTTERANCE_SCHEMA.fieldNames())
        .containsExactly(
            Transcripts.UTTERANCE_NO,
            Transcripts.SPEAKER,
            Transcripts.START_S,
            Transcripts.END_S,
            Transcripts.TEXT,
            Transcripts.CONFIDENCE,
            Transcripts.WORDS,
            Transcripts.MASKED);
  }
}
