package io.callqa.jobs.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.nlp.Checksums;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.DecodedAudio;
import io.callqa.nlp.redact.Redactor;
import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.TranscriptCache;
import io.callqa.nlp.speech.TranscriptFixtures;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.TranscriptionRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Redacted recordings on real speech: the read-out calls (card numbers, a security code, a PIN, a
 * mobile number, an account number; one read by the agent; one in Chinese) and samples s01 (a date
 * of birth), s05 and s06 go through the transcribe stage with the real model; each redacted copy is
 * compared sample for sample with its original and transcribed again by the real recogniser, which
 * must find no run of more than four digits where the original had the whole number.
 *
 * <p>The read-outs and the redacted copies are recognised once, when their committed transcripts
 * ({@code samples/transcripts-redaction}, in a {@link TranscriptCache}'s layout, seeded into the
 * build's transcript cache with the samples') are written: a copy whose bytes change (a change of
 * the redaction) misses and is recognised for real, and the class then fails until they are written
 * again ({@link #HOW}). The bundled model gives the same words for the same bytes, which {@code
 * SpeechServiceIT} checks on every build for the 12 samples, word by word with times.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AudioRedactionIT extends SparkTestBase {
  static final List<String> ENGLISH = List.of("r01", "r02", "r03", "r05", "s01", "s05", "s06");
  static final List<String> READOUTS = List.of("r01", "r02", "r03", "r05");

  /**
   * Read-outs the bundled small English model does not hear as one: the word that says what follows
   * is lost, so neither the transcript nor the audio is masked. Measured, not wished away: {@code
   * bench redaction} reports them in its share of digits silenced, and the test checks they are
   * still missed (recognition gives the same words every run).
   */
  static final Map<String, String> KNOWN_MISSES =
      Map.of(
          "r02 four four one nine", "heard as 'my old in was bought for one nine' (pin -> in)",
          "r05 four four one nine", "heard as 'my current can is for for one nine' (pin -> can)",
          "r05 four eight two", "heard as 'the cvs for a do' (cvv -> cvs)");

  static final String FIXTURES_PROPERTY = "callqa.redaction-fixtures";
  static final String HOW = TranscriptFixtures.howToRefresh("jobs", "AudioRedactionIT");

  /** Writing the committed transcripts: everything recognised for real, from an empty cache. */
  static final boolean REFRESH = TranscriptFixtures.refreshing();

  Path landing;
  Warehouse wh;
  SpeechSettings settings;
  SpeechService speech;
  String modelId;
  final Map<String, SampleRecordings.Call> calls = new LinkedHashMap<>();

  /** Recordings recognised here that the committed transcripts do not hold. */
  final List<String> notCommitted = new ArrayList<>();

  @BeforeAll
  void transcribe() throws IOException {
    landing = scratch.resolve("landing");
    Path rec = Files.createDirectories(landing.resolve("recordings").resolve("d1"));
    for (SampleRecordings.Call c : SampleRecordings.readoutCalls()) {
      calls.put(c.id(), c);
    }
    for (SampleRecordings.Call c : SampleRecordings.calls()) {
      if (List.of("s01", "s05", "s06").contains(c.id())) {
        calls.put(c.id(), c);
      }
    }
    List<String> lines = new ArrayList<>(List.of(TranscribeJobIT.HEADER));
    for (SampleRecordings.Call c : calls.values()) {
      SampleRecordings.copy(c, rec);
      lines.add(
          TranscribeJobIT.call(c.id(), c.language(), "d1/" + Path.of(c.file()).getFileName()));
    }
    Files.createDirectories(landing.resolve("calls"));
    Files.write(landing.resolve("calls").resolve("calls-1.csv"), lines, StandardCharsets.UTF_8);
    modelId = TranscriptFixtures.bundledModelId();
    for (String id : ENGLISH) {
      if (new TranscriptCache(cache()).find(modelId, original(id)).isEmpty()) {
        notCommitted.add(id + " (the original)");
      }
    }
    wh = new Warehouse(spark, scratch.resolve("warehouse"));
    IngestJob.run(wh, IngestSettings.of(CallqaConfig.defaults()), landing, p -> {});
    settings = SpeechSettings.defaults(2);
    TranscribeJob.run(wh, settings, cache(), Location.local(landing), p -> {});
    speech = new SpeechService(settings);
  }

  @AfterAll
  void closeSpeech() {
    speech.close();
  }

  /**
   * The build's shared transcript cache when there is one (seeded with the committed transcripts);
   * an empty one of this class's own when there is none or when refreshing them.
   */
  Path cache() {
    String shared = System.getProperty("callqa.transcript-cache", "");
    return shared.isBlank() || REFRESH ? scratch.resolve("transcript-cache") : Path.of(shared);
  }

  /** Whether every read-out of the call is a known miss (nothing of it is masked). */
  boolean allMissed(String id) {
    List<SampleRecordings.Readout> ros = calls.get(id).readouts();
    return !ros.isEmpty()
        && ros.stream().allMatch(ro -> KNOWN_MISSES.containsKey(id + " " + ro.text()));
  }

  Map<String, Row> runs() {
    return wh.read(TranscriptionRuns.SPEC).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs(TranscriptionRuns.CALL_ID), r -> r));
  }

  Path original(String id) {
    return landing
        .resolve("recordings/d1")
        .resolve(Path.of(calls.get(id).file()).getFileName().toString());
  }

  Path copy(Row run) {
    return wh.root().localPath().resolve(run.<String>getAs(TranscriptionRuns.REDACTED_RECORDING));
  }

  static List<double[]> spans(Row run) {
    List<double[]> out = new ArrayList<>();
    for (Row s : run.<Row>getList(run.fieldIndex(TranscriptionRuns.REDACTED_SPANS))) {
      out.add(
          new double[] {
            s.<Integer>getAs(TranscriptionRuns.CHANNEL),
            s.<Double>getAs(TranscriptionRuns.FROM_S),
            s.<Double>getAs(TranscriptionRuns.TO_S)
          });
    }
    return out;
  }

  /** The longest run of digits each speaker's words carry. */
  static Map<Speaker, Integer> longestRuns(Transcription t) {
    Map<Speaker, List<String>> words = new LinkedHashMap<>();
    for (Utterance u : t.utterances()) {
      words
          .computeIfAbsent(u.speaker(), s -> new ArrayList<>())
          .addAll(u.words().stream().map(Word::text).toList());
    }
    Map<Speaker, Integer> out = new LinkedHashMap<>();
    words.forEach((s, w) -> out.put(s, Redactor.longestDigitRun(w)));
    return out;
  }

  @Test
  @Order(1)
  void everyEnglishCallHasARedactedCopyRecordedWithItsChecksumAndSpans() throws IOException {
    Map<String, Row> runs = runs();
    for (String id : ENGLISH) {
      Row r = runs.get(id);
      assertThat(r.<String>getAs(TranscriptionRuns.STATUS)).as(id).isEqualTo("TRANSCRIBED");
      assertThat(r.<String>getAs(TranscriptionRuns.REDACTED_RECORDING))
          .as(id)
          .isEqualTo("redacted-recordings/day=2026-03-02/" + id + ".wav");
      assertThat(r.<String>getAs(TranscriptionRuns.REDACTED_SHA256))
          .as(id)
          .isEqualTo(Checksums.sha256Hex(copy(r)));
      // A call whose every read-out is a known miss may still be masked: the recogniser does not
      // always give the same words for the same audio (seen on r05, "my pin" in one run, "my can"
      // in
      // the next).
      if (!allMissed(id)) {
        assertThat(spans(r)).as(id).isNotEmpty();
      }
      assertThat(r.<String>getAs(TranscriptionRuns.ORIGINAL)).isEqualTo("kept");
      assertThat(Files.exists(original(id))).isTrue();
    }
    // Who read the number out decides the channel: the agent in r03's first read-out, else the
    // customer.
    assertThat(spans(runs.get("r03")).stream().map(s -> (int) s[0]).distinct())
        .containsExactlyInAnyOrder(0, 1);
    assertThat(spans(runs.get("s05")).stream().map(s -> (int) s[0]).distinct()).containsExactly(1);
    // A Chinese call without a Chinese model is not transcribed, so it has no copy to play.
    Row zh = runs.get("r04");
    assertThat(zh.<String>getAs(TranscriptionRuns.STATUS)).isEqualTo("SKIPPED");
    assertThat(zh.<String>getAs(TranscriptionRuns.REDACTED_RECORDING)).isNull();
    assertThat(wh.root().localPath().resolve("redacted-recordings/day=2026-03-02/r04.wav"))
        .doesNotExist();
  }

  @Test
  @Order(2)
  void onlyTheSpansChangeAndOnlyOnTheirChannel() throws Exception {
    for (Row r : runs().values()) {
      if (r.getAs(TranscriptionRuns.REDACTED_RECORDING) == null) {
        continue;
      }
      String id = r.getAs(TranscriptionRuns.CALL_ID);
      // The copy is at the original's own rate (8 kHz telephone audio stays 8 kHz; none of these
      // is above 16 kHz): sample for sample the original's, but for the spans.
      DecodedAudio before = AudioDecoder.decodeForCopy(original(id));
      DecodedAudio after = AudioDecoder.decodeForCopy(copy(r));
      assertThat(after.rate()).as(id).isEqualTo(before.sourceRate());
      assertThat(after.frames()).as(id).isEqualTo(before.frames());
      assertThat(after.channels()).as(id).hasSameSizeAs(before.channels());
      List<double[]> spans = spans(r);
      int changedOutside = 0;
      int loudInside = 0;
      for (int ch = 0; ch < before.channels().size(); ch++) {
        short[] a = before.channels().get(ch);
        short[] b = after.channels().get(ch);
        for (int i = 0; i < a.length; i++) {
          double t = i / (double) before.rate();
          boolean inside = false;
          for (double[] s : spans) {
            inside |= s[0] == ch && t >= s[1] && t < s[2];
          }
          if (!inside && a[i] != b[i]) {
            changedOutside++;
          }
          if (inside && b[i] != 0) {
            loudInside++;
          }
        }
      }
      assertThat(changedOutside).as(id + ": samples changed outside the spans").isZero();
      assertThat(loudInside).as(id + ": samples left inside the spans").isZero();
    }
  }

  @Test
  @Order(3)
  void transcribedAgainTheRedactedCopiesHoldNoRunOfMoreThanFourDigits() {
    Map<String, Row> runs = runs();
    TranscriptCache cache = new TranscriptCache(cache());
    for (String id : ENGLISH) {
      Row r = runs.get(id);
      // The original, as the stage recognised it (from the cache: nothing recognised twice).
      Transcription before =
          cache.get(
              r.getAs(TranscriptionRuns.MODEL_ID),
              original(id),
              () -> {
                throw new AssertionError(id + " was not in the transcript cache");
              });
      Transcription after =
          cache.get(
              modelId,
              copy(r),
              () -> {
                notCommitted.add(id + " (the redacted copy)");
                return speech.transcribe(copy(r), "en");
              });
      int beforeMax =
          longestRuns(before).values().stream().mapToInt(Integer::intValue).max().orElse(0);
      Map<Speaker, Integer> afterRuns = longestRuns(after);
      System.out.printf(
          "redaction %s: longest digit run %d in the original, %s in the redacted copy%n",
          id, beforeMax, afterRuns);
      if (!allMissed(id) && !id.equals("s01")) {
        assertThat(beforeMax).as(id + " original").isGreaterThanOrEqualTo(7);
      }
      assertThat(afterRuns.values()).as(id + " redacted copy").allMatch(n -> n <= 4);
      if (id.equals("s01")) {
        // The date of birth the agent asked for: gone from the customer's channel.
        List<String> customer =
            after.utterances().stream()
                .filter(u -> u.speaker() == Speaker.CUSTOMER)
                .flatMap(u -> u.words().stream().map(Word::text))
                .toList();
        System.out.println("redaction s01: the customer's words in the redacted copy: " + customer);
        assertThat(customer).doesNotContain("july", "nineteen", "eighty");
      }
    }
  }

  @Test
  @Order(4)
  void theSpansCoverTheReadOutsAsScripted() {
    Map<String, Row> runs = runs();
    for (String id : READOUTS) {
      for (SampleRecordings.Readout ro : calls.get(id).readouts()) {
        int ch = ro.speaker().equals("AGENT") ? 0 : 1;
        double covered = 0;
        for (double[] s : spans(runs.get(id))) {
          if (s[0] == ch) {
            covered += Math.max(0, Math.min(s[2], ro.toS()) - Math.max(s[1], ro.fromS()));
          }
        }
        double share = covered / (ro.toS() - ro.fromS());
        System.out.printf("redaction %s '%s': %.2f of it silenced%n", id, ro.text(), share);
        String miss = KNOWN_MISSES.get(id + " " + ro.text());
        // The same recording gets the same words every run, so a known miss is missed every run,
        // and one that is heard now is no longer a miss.
        if (miss != null) {
          assertThat(share).as(id + " " + ro.text() + ", a known miss: " + miss).isLessThan(0.95);
        } else {
          assertThat(share).as(id + " " + ro.text()).isGreaterThanOrEqualTo(0.95);
        }
      }
    }
  }

  @Test
  @Order(5)
  void reRunningWritesNoSecondCopyAndKeepsTheChecksum() throws IOException {
    Map<String, String> shas = new LinkedHashMap<>();
    runs().forEach((id, r) -> shas.put(id, r.getAs(TranscriptionRuns.REDACTED_SHA256)));
    long version = wh.version(TranscriptionRuns.SPEC);
    TranscribeJob.Summary again =
        TranscribeJob.run(wh, settings, cache(), Location.local(landing), p -> {});
    assertThat(again.transcribed()).isZero();
    assertThat(wh.version(TranscriptionRuns.SPEC)).isEqualTo(version);
    Map<String, String> after = new LinkedHashMap<>();
    runs().forEach((id, r) -> after.put(id, r.getAs(TranscriptionRuns.REDACTED_SHA256)));
    assertThat(after).isEqualTo(shas);
    try (Stream<Path> files = Files.walk(wh.root().localPath().resolve("redacted-recordings"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(ENGLISH.size());
    }
  }

  /** A warehouse of its own over a copy of s05, transcribed from the cache with a policy. */
  private Warehouse retained(String name, TranscribeJob.AudioSettings audio, Path land)
      throws IOException {
    Path rec = Files.createDirectories(land.resolve("recordings/d1"));
    Files.copy(original("s05"), rec.resolve("s05.wav"));
    Files.createDirectories(land.resolve("calls"));
    Files.write(
        land.resolve("calls/calls-1.csv"),
        List.of(TranscribeJobIT.HEADER, TranscribeJobIT.call("s05", "en", "d1/s05.wav")),
        StandardCharsets.UTF_8);
    Warehouse w = new Warehouse(spark, scratch.resolve(name));
    IngestJob.run(w, IngestSettings.of(CallqaConfig.defaults()), land, p -> {});
    TranscribeJob.run(w, settings, cache(), Location.local(land), audio, p -> {});
    return w;
  }

  @Test
  @Order(6)
  void originalsAreMovedOrDeletedOnlyAfterTheCopyReadsBackAndARunAfterThatChangesNothing()
      throws IOException {
    Path archive = scratch.resolve("pci-archive");
    Path land = scratch.resolve("landing-move");
    byte[] originalBytes = Files.readAllBytes(original("s05"));
    Warehouse moved =
        retained(
            "wh-move",
            new TranscribeJob.AudioSettings(true, 0.25, 0.1, "move", archive.toString()),
            land);
    Row r = moved.read(TranscriptionRuns.SPEC).head();
    assertThat(land.resolve("recordings/d1/s05.wav")).doesNotExist();
    assertThat(Files.readAllBytes(archive.resolve("d1/s05.wav"))).isEqualTo(originalBytes);
    assertThat(r.<String>getAs(TranscriptionRuns.ORIGINAL))
        .isEqualTo("moved to " + archive.resolve("d1/s05.wav"));
    assertThat(r.<String>getAs(TranscriptionRuns.REDACTED_SHA256))
        .isEqualTo(runs().get("s05").getAs(TranscriptionRuns.REDACTED_SHA256));
    long version = moved.version(TranscriptionRuns.SPEC);
    TranscribeJob.Summary again =
        TranscribeJob.run(
            moved,
            settings,
            cache(),
            Location.local(land),
            new TranscribeJob.AudioSettings(true, 0.25, 0.1, "move", archive.toString()),
            p -> {});
    assertThat(again.unchanged()).isEqualTo(1);
    assertThat(moved.version(TranscriptionRuns.SPEC)).isEqualTo(version);

    Path land2 = scratch.resolve("landing-delete");
    Warehouse deleted =
        retained(
            "wh-delete", new TranscribeJob.AudioSettings(true, 0.25, 0.1, "delete", null), land2);
    assertThat(land2.resolve("recordings/d1/s05.wav")).doesNotExist();
    Row d = deleted.read(TranscriptionRuns.SPEC).head();
    assertThat(d.<String>getAs(TranscriptionRuns.ORIGINAL)).isEqualTo("deleted");
    assertThat(
            deleted
                .root()
                .localPath()
                .resolve(d.<String>getAs(TranscriptionRuns.REDACTED_RECORDING)))
        .exists();
  }

  @Test
  @Order(7)
  void aCopyThatCannotBeWrittenKeepsTheOriginalAndIsTriedAgain() throws IOException {
    Path land = scratch.resolve("landing-blocked");
    // A file where the day folder of the copies should be: the copy cannot be written.
    Path whDir = scratch.resolve("wh-blocked");
    Files.createDirectories(whDir.resolve("redacted-recordings"));
    Files.writeString(whDir.resolve("redacted-recordings/day=2026-03-02"), "in the way");
    Warehouse w =
        retained(
            "wh-blocked", new TranscribeJob.AudioSettings(true, 0.25, 0.1, "delete", null), land);
    Row r = w.read(TranscriptionRuns.SPEC).head();
    assertThat(r.<String>getAs(TranscriptionRuns.STATUS)).isEqualTo("TRANSCRIBED");
    assertThat(r.<String>getAs(TranscriptionRuns.REDACTED_RECORDING)).isNull();
    assertThat(r.<String>getAs(TranscriptionRuns.REASON)).startsWith("no redacted copy: ");
    assertThat(land.resolve("recordings/d1/s05.wav")).exists();

    Files.delete(whDir.resolve("redacted-recordings/day=2026-03-02"));
    TranscribeJob.Summary again =
        TranscribeJob.run(
            w,
            settings,
            cache(),
            Location.local(land),
            new TranscribeJob.AudioSettings(true, 0.25, 0.1, "delete", null),
            p -> {});
    assertThat(again.byStatus()).containsEntry("TRANSCRIBED", 1L);
    Row fixed = w.read(TranscriptionRuns.SPEC).head();
    assertThat(fixed.<String>getAs(TranscriptionRuns.REDACTED_RECORDING)).isNotNull();
    assertThat(fixed.<String>getAs(TranscriptionRuns.ORIGINAL)).isEqualTo("deleted");
    assertThat(land.resolve("recordings/d1/s05.wav")).doesNotExist();
  }

  /**
   * Every recording this class recognises has a committed transcript, so a build recognises none of
   * them; refreshing writes them (the English read-outs and every redacted copy; the samples'
   * originals are {@code samples/transcripts}, which {@code SpeechServiceIT} writes).
   */
  @Test
  @Order(8)
  void theCommittedTranscriptsHoldEveryRecordingRecognisedHere() throws IOException {
    if (!REFRESH) {
      assertThat(notCommitted)
          .as("recognised, not in samples/transcripts-redaction (write them: " + HOW + ")")
          .isEmpty();
      return;
    }
    Path dir = Path.of(System.getProperty(FIXTURES_PROPERTY, "../samples/transcripts-redaction"));
    TranscriptFixtures committed = TranscriptFixtures.at(dir, " (" + HOW + ")");
    TranscriptCache recognised = new TranscriptCache(cache());
    List<Path> files = new ArrayList<>();
    for (String id : READOUTS) {
      files.add(original(id));
    }
    for (String id : ENGLISH) {
      files.add(copy(runs().get(id)));
    }
    for (Path f : files) {
      committed.check(f.getFileName().toString(), f, recognised.find(modelId, f).orElseThrow());
    }
    System.out.println("redaction: " + files.size() + " transcripts written to " + dir);
  }
}
