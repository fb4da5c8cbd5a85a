package io.callqa.tools.bench;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.jobs.transcribe.TranscribeSettings;
import io.callqa.nlp.redact.Redactor;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TranscriptionRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * {@code callqa bench redaction}: how well and at what cost the transcribe stage silences numbers
 * read out. Over the read-out calls ({@link SampleRecordings#readoutCalls()}, each read-out's span
 * known exactly) and samples s01, s05 and s06, repeated to at least N minutes of audio, it runs the
 * stage without and with redacted copies (same data, fresh warehouses, the worker warmed first) and
 * reports: per read-out, the share of its time silenced and the seconds silenced outside it, for
 * the configured margin and a sweep of margins; the share of read-out digits silenced; the longest
 * digit run the recogniser finds in each redacted copy; and the stage's wall time both ways.
 */
public final class RedactionBenchmark {

  /** Benchmark settings. */
  public record Options(double minutes, int threads, Path work, Path results) {}

  /** Margins tried, {before, after} a masked span, in seconds. */
  private static final double[][] MARGINS = {
    {0, 0}, {0.1, 0.1}, {0.15, 0.1}, {0.25, 0.1}, {0.25, 0.25}, {0.4, 0.4}
  };

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public RedactionBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  /** Runs it with warehouses from {@code warehouseAt}; returns the results file. */
  public Path run(Function<Path, Warehouse> warehouseAt, CallqaConfig c) throws IOException {
    List<SampleRecordings.Call> calls = new ArrayList<>(SampleRecordings.readoutCalls());
    for (SampleRecordings.Call s : SampleRecordings.calls()) {
      if (List.of("s01", "s05", "s06").contains(s.id())) {
        calls.add(s);
      }
    }
    double seconds = calls.stream().mapToDouble(SampleRecordings.Call::durationS).sum();
    int reps = Math.max(1, (int) Math.ceil(o.minutes() * 60 / seconds));
    double lead = c.get(ConfigKey.SPEECH_REDACTION_LEAD_S);
    double trail = c.get(ConfigKey.SPEECH_REDACTION_TRAIL_S);
    lines.say(
        String.format(
            Locale.ROOT,
            "# redaction benchmark %s: %d calls x %d = %.1f min of audio, %d recogniser threads,"
                + " margins %.2f s before and %.2f s after a masked span; JIT %s",
            java.time.LocalDate.now(),
            calls.size(),
            reps,
            reps * seconds / 60,
            o.threads(),
            lead,
            trail,
            Figures.jit()));

    Path landing = o.work().resolve("redaction-landing");
    LocalFolders.deleteTree(landing);
    Path rec = Files.createDirectories(landing.resolve("recordings"));
    List<String> csv = new ArrayList<>(List.of(String.join(",", Calls.CSV_COLUMNS)));
    int n = 0;
    for (int r = 0; r < reps; r++) {
      for (SampleRecordings.Call s : calls) {
        String id = String.format(Locale.ROOT, "R%02d-%s", r, s.id());
        String ext = s.file().substring(s.file().lastIndexOf('.'));
        Files.move(SampleRecordings.copy(s, rec), rec.resolve(id + ext));
        csv.add(
            id
                + ",INBOUND,SHANGHAI,95555,"
                + s.language()
                + ",STANDARD,CU"
                + (n++)
                + ",2026-03-02T10:00:00+08:00,2026-03-02T10:00:20+08:00,TRANSFER,CARD_SERVICE,"
                + "2026-03-02T10:00:20+08:00,2026-03-02T10:00:30+08:00,2026-03-02T10:03:00+08:00,"
                + "SH-A0001,150,0,20,false,INQUIRY,"
                + id
                + ext);
      }
    }
    Files.createDirectories(landing.resolve("calls"));
    Files.write(landing.resolve("calls/calls.csv"), csv, StandardCharsets.UTF_8);

    Path plainDir = o.work().resolve("redaction-warehouse-plain");
    Path redactedDir = o.work().resolve("redaction-warehouse-redacted");
    LocalFolders.deleteTree(plainDir);
    LocalFolders.deleteTree(redactedDir);
    SpeechSettings settings =
        TranscribeJob.speechSettings(warehouseAt.apply(plainDir).spark(), TranscribeSettings.of(c))
            .withThreads(o.threads());
    SpeechService speech = SpeechService.shared(settings);
    // Warm the shared worker as a long batch would have it.
    speech.transcribe(SampleRecordings.copy(calls.get(0), o.work().resolve("warm")), "en");

    // Twice each way, alternating, each on a fresh warehouse, after an untimed round that warms the
    // JVM and the worker: the order of runs does not favour one.
    double[] withoutS = new double[3];
    double[] withS = new double[3];
    Map<String, Long> statuses = Map.of();
    for (int round = 0; round < 3; round++) {
      for (boolean redact : new boolean[] {false, true}) {
        Path dir = redact ? redactedDir : plainDir;
        LocalFolders.deleteTree(dir);
        Warehouse w = warehouseAt.apply(dir);
        IngestJob.run(w, IngestSettings.of(c), landing, p -> {});
        TranscribeJob.Summary sum =
            TranscribeJob.run(
                w,
                settings,
                null,
                Location.local(landing),
                new TranscribeJob.AudioSettings(redact, lead, trail, "keep", null),
                p -> {});
        (redact ? withS : withoutS)[round] = sum.wallS();
        statuses = sum.byStatus();
      }
    }
    lines.say(
        String.format(
            Locale.ROOT,
            "transcribe stage without redacted copies: %.1f s and %.1f s wall (%s; the warm-up"
                + " round's %.1f s and %.1f s not counted)",
            withoutS[1],
            withoutS[2],
            statuses,
            withoutS[0],
            withS[0]));
    lines.say(
        String.format(
            Locale.ROOT,
            "transcribe stage with redacted copies:    %.1f s and %.1f s wall (mean %+.1f%%)",
            withS[1],
            withS[2],
            ((withS[1] + withS[2]) / (withoutS[1] + withoutS[2]) - 1) * 100));
    Warehouse redacted = warehouseAt.apply(redactedDir);
    // The redaction work alone, outside Spark: decode, silence, WAV, SHA-256, write.
    long t0 = System.nanoTime();
    double audioS = 0;
    for (Row r : redacted.read(TranscriptionRuns.SPEC).collectAsList()) {
      String copy = r.getAs(TranscriptionRuns.REDACTED_RECORDING);
      if (copy == null) {
        continue;
      }
      Path original = rec.resolve(r.<String>getAs(TranscriptionRuns.RECORDING));
      try {
        var decoded = io.callqa.nlp.audio.AudioDecoder.decode(original);
        audioS += decoded.seconds();
        List<io.callqa.nlp.audio.AudioRedaction.Span> spans = new ArrayList<>();
        for (double[] sp : rawSpans(r, 0, 0)) {
          spans.add(new io.callqa.nlp.audio.AudioRedaction.Span((int) sp[0], sp[1], sp[2]));
        }
        byte[] wav =
            io.callqa.nlp.audio.AudioRedaction.silence(decoded, spans, 0, 0).audio().toWav();
        io.callqa.nlp.Checksums.sha256Hex(wav);
        Files.write(o.work().resolve("redaction-one.wav"), wav);
      } catch (io.callqa.nlp.audio.BadAudioException e) {
        throw new IllegalStateException(e);
      }
    }
    double redactS = (System.nanoTime() - t0) / 1e9;
    lines.say(
        String.format(
            Locale.ROOT,
            "the redaction work alone (decode, silence, WAV, SHA-256, write; one thread): %.2f s for"
                + " %.1f min of audio, %.0f ms per audio minute",
            redactS,
            audioS / 60,
            redactS * 1000 / (audioS / 60)));
    long copyBytes;
    try (var files = Files.walk(redactedDir.resolve("redacted-recordings"))) {
      copyBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    lines.say(
        String.format(
            Locale.ROOT,
            "redacted copies: %.1f MB for %.1f min of audio (%.0f KB per audio minute: 16-bit PCM"
                + " WAV, 16 kHz)",
            copyBytes / 1e6,
            reps * seconds / 60,
            copyBytes / 1024.0 / (reps * seconds / 60)));

    // Coverage against the scripted read-outs (first repetition; the others are the same audio).
    Map<String, Row> runs = new LinkedHashMap<>();
    for (Row r : redacted.read(TranscriptionRuns.SPEC).collectAsList()) {
      runs.put(r.getAs(TranscriptionRuns.CALL_ID), r);
    }
    lines.say("");
    lines.say("## read-outs (share of the read-out's time silenced; seconds silenced outside it)");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-44s", "read-out"));
    for (double[] m : MARGINS) {
      header.append(String.format(Locale.ROOT, " | %.2f/%.2f s      ", m[0], m[1]));
    }
    lines.say(header.toString());
    int digits = 0;
    int digitsSilenced = 0;
    double outsideTotal = 0;
    int readouts = 0;
    List<String> unserved = new ArrayList<>();
    for (SampleRecordings.Call s : calls) {
      Row r = runs.get("R00-" + s.id());
      if (r.getAs(TranscriptionRuns.REDACTED_RECORDING) == null) {
        unserved.add(s.id() + " (" + s.language() + ", " + r.getAs(TranscriptionRuns.STATUS) + ")");
        continue;
      }
      List<double[]> raw = rawSpans(r, lead, trail);
      List<double[]> spansAtMargin = widen(raw, lead, trail, s.durationS());
      if (s.readouts().isEmpty()) {
        // s01, s05, s06: read-outs not scripted to the second; their copies are checked below only.
        continue;
      }
      double silenced = spansAtMargin.stream().mapToDouble(x -> x[2] - x[1]).sum();
      for (SampleRecordings.Readout ro : s.readouts()) {
        silenced -=
            coverage(spansAtMargin, ro, ro.speaker().equals("AGENT") ? 0 : 1)[0]
                * (ro.toS() - ro.fromS());
      }
      outsideTotal += silenced;
      for (SampleRecordings.Readout ro : s.readouts()) {
        int ch = ro.speaker().equals("AGENT") ? 0 : 1;
        StringBuilder line =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "%-44s",
                    s.id() + " " + ro.speaker().toLowerCase() + " " + ro.text()));
        for (double[] m : MARGINS) {
          double[] f = coverage(widen(raw, m[0], m[1], s.durationS()), ro, ch);
          line.append(String.format(Locale.ROOT, " | %5.1f%% %5.2f s ", f[0] * 100, f[1]));
        }
        lines.say(line.toString());
        List<double[]> atMargin = spansAtMargin;
        int count = digitCount(ro.text());
        digits += count;
        for (int k = 0; k < count; k++) {
          double from = ro.fromS() + (ro.toS() - ro.fromS()) * k / count;
          double to = ro.fromS() + (ro.toS() - ro.fromS()) * (k + 1) / count;
          SampleRecordings.Readout slot = new SampleRecordings.Readout(ro.speaker(), from, to, "");
          if (coverage(atMargin, slot, ch)[0] >= 0.9) {
            digitsSilenced++;
          }
        }
        readouts++;
      }
    }
    lines.say("");
    lines.say(
        String.format(
            Locale.ROOT,
            "read-out digits silenced at margins %.2f/%.2f s: %d of %d (%.1f%%); a digit counts when"
                + " 90%% of its share of the read-out's time is silent",
            lead,
            trail,
            digitsSilenced,
            digits,
            100.0 * digitsSilenced / digits));
    lines.say(
        String.format(
            Locale.ROOT,
            "silenced outside the read-outs: %.2f s in all, %.2f s per read-out (%d read-outs)",
            outsideTotal,
            outsideTotal / readouts,
            readouts));
    if (!unserved.isEmpty()) {
      lines.say(
          "not counted: "
              + String.join(", ", unserved)
              + ": no speech model for the language here, so no transcript, no redacted copy, and"
              + " the review server plays nothing of it");
    }

    lines.say("");
    lines.say("## the redacted copies transcribed again (longest run of digits per speaker)");
    for (SampleRecordings.Call s : calls) {
      Row r = runs.get("R00-" + s.id());
      String copy = r.getAs(TranscriptionRuns.REDACTED_RECORDING);
      if (copy == null) {
        lines.say(
            String.format(
                Locale.ROOT,
                "%s: no redacted copy (%s: %s)",
                s.id(),
                r.<String>getAs(TranscriptionRuns.STATUS),
                r.<String>getAs(TranscriptionRuns.REASON)));
        continue;
      }
      Transcription t = speech.transcribe(redactedDir.resolve(copy), s.language());
      Map<String, List<String>> words = new LinkedHashMap<>();
      for (Utterance u : t.utterances()) {
        words
            .computeIfAbsent(u.speaker().name(), k -> new ArrayList<>())
            .addAll(u.words().stream().map(Word::text).toList());
      }
      Map<String, Integer> longest = new LinkedHashMap<>();
      words.forEach((k, v) -> longest.put(k, Redactor.longestDigitRun(v)));
      lines.say(s.id() + ": " + longest);
    }

    Files.createDirectories(o.results());
    Path file = o.results().resolve("redaction.txt");
    lines.write(file);
    return file;
  }

  /** The stored spans narrowed back by the margins they were widened with. */
  private static List<double[]> rawSpans(Row r, double lead, double trail) {
    List<double[]> out = new ArrayList<>();
    if (r == null || r.isNullAt(r.fieldIndex(TranscriptionRuns.REDACTED_SPANS))) {
      return out;
    }
    for (Row s : r.<Row>getList(r.fieldIndex(TranscriptionRuns.REDACTED_SPANS))) {
      double from = s.<Double>getAs(TranscriptionRuns.FROM_S);
      double to = s.<Double>getAs(TranscriptionRuns.TO_S);
      out.add(
          new double[] {
            s.<Integer>getAs(TranscriptionRuns.CHANNEL),
            from == 0 ? 0 : from + lead,
            Math.max(from + lead, to - trail)
          });
    }
    return out;
  }

  private static List<double[]> widen(
      List<double[]> raw, double lead, double trail, double length) {
    return raw.stream()
        .map(s -> new double[] {s[0], Math.max(0, s[1] - lead), Math.min(length, s[2] + trail)})
        .toList();
  }

  /** {share of the read-out covered, seconds silenced outside it by the spans that touch it}. */
  private static double[] coverage(List<double[]> spans, SampleRecordings.Readout ro, int ch) {
    double covered = 0;
    double outside = 0;
    for (double[] s : spans) {
      if (s[0] != ch) {
        continue;
      }
      double inside = Math.max(0, Math.min(s[2], ro.toS()) - Math.max(s[1], ro.fromS()));
      covered += inside;
      // Only spans that touch this read-out count against it; others belong to other read-outs.
      if (inside > 0) {
        outside += (s[2] - s[1]) - inside;
      }
    }
    return new double[] {covered / (ro.toS() - ro.fromS()), outside};
  }

  private static int digitCount(String text) {
    int n = 0;
    for (String w : text.split("\\s+")) {
      if (w.codePoints().allMatch(Character::isIdeographic)) {
        n += w.length();
      } else if (!w.isEmpty()) {
        n++;
      }
    }
    return n;
  }
}
