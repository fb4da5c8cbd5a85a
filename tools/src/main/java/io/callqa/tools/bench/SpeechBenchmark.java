package io.callqa.tools.bench;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.jobs.transcribe.TranscribeSettings;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.audio.DecodedAudio;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.internal.RecognitionEngine;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code callqa bench speech}: transcribes the bundled sample recordings, repeated to at least N
 * minutes of audio, through the whole transcribe stage (Spark tasks, the worker process, decoding,
 * masking, Delta writes), and in the same run recognises the same audio in a bare loop over the
 * Vosk API (pre-decoded audio, one warmed recogniser per thread, one shared model, no Spark, no
 * masking) with 1 and with N threads. Prints real-time factors, audio seconds per wall second,
 * model load time, peak memory and the pipeline/bare ratio.
 */
public final class SpeechBenchmark {

  /** Benchmark settings. */
  public record Options(double minutes, int threads, Path work, Path results) {}

  private final Options o;
  private final Consumer<String> out;
  private final List<String> lines = new ArrayList<>();

  public SpeechBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
  }

  private void say(String s) {
    out.accept(s);
    lines.add(s);
  }

  /** Runs it; returns the results file. */
  public Path run(Warehouse wh, CallqaConfig c) throws IOException {
    double sampleSeconds =
        SampleRecordings.calls().stream().mapToDouble(SampleRecordings.Call::durationS).sum();
    int reps = (int) Math.ceil(o.minutes() * 60 / sampleSeconds);
    say(
        String.format(
            Locale.ROOT,
            "# speech benchmark: %d sample recordings x %d = %.1f min of audio, %d threads",
            SampleRecordings.calls().size(),
            reps,
            reps * sampleSeconds / 60,
            o.threads()));
    say(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Spark "
            + wh.spark().version()
            + " master "
            + wh.spark().sparkContext().master()
            + ", java "
            + System.getProperty("java.version"));
    SpeechModel model = SpeechModel.locate("en", c.get(ConfigKey.SPEECH_MODEL_EN));
    say(Figures.measuredLine());
    say("model: " + model.id());

    // The landing zone: every sample `reps` times, each copy its own call.
    Path landing = o.work().resolve("speech-landing");
    if (Files.exists(landing)) {
      LocalFolders.deleteTree(landing);
    }
    Path rec = Files.createDirectories(landing.resolve("recordings"));
    List<String> csv = new ArrayList<>(List.of(String.join(",", Calls.CSV_COLUMNS)));
    List<DecodedAudio> decoded = new ArrayList<>();
    int n = 0;
    for (int r = 0; r < reps; r++) {
      for (SampleRecordings.Call s : SampleRecordings.calls()) {
        String id = String.format(Locale.ROOT, "B%02d-%s", r, s.id());
        String ext = s.file().substring(s.file().lastIndexOf('.'));
        Files.move(SampleRecordings.copy(s, rec), rec.resolve(id + ext));
        csv.add(
            id
                + ",INBOUND,SHANGHAI,95555,en,STANDARD,CU"
                + (n++)
                + ",2026-03-02T10:00:00+08:00,2026-03-02T10:00:20+08:00,TRANSFER,CARD_SERVICE,2026-03-02T10:00:20+08:00,"
                + "2026-03-02T10:00:30+08:00,2026-03-02T10:03:00+08:00,SH-A0001,150,0,20,false,INQUIRY,"
                + id
                + ext);
        if (r == 0) {
          try {
            decoded.add(AudioDecoder.decode(SampleRecordings.bytes(s), s.file()));
          } catch (BadAudioException e) {
            throw new IllegalStateException(
                "sample " + s.file() + " does not decode: " + e.getMessage(), e);
          }
        }
      }
    }
    Files.createDirectories(landing.resolve("calls"));
    Files.write(landing.resolve("calls").resolve("calls.csv"), csv, StandardCharsets.UTF_8);
    IngestJob.run(wh, IngestSettings.of(c), landing, p -> {});

    // 1. The pipeline stage, its worker warmed first as the bare loop's recognisers are: in a real
    // batch of
    // thousands of calls the worker's start, model load and first recognitions are paid once.
    SpeechSettings settings =
        TranscribeJob.speechSettings(wh.spark(), TranscribeSettings.of(c)).withThreads(o.threads());
    SpeechService service = SpeechService.shared(settings);
    long tw = System.nanoTime();
    SampleRecordings.Call shortest =
        SampleRecordings.calls().stream()
            .min(java.util.Comparator.comparingDouble(SampleRecordings.Call::durationS))
            .orElseThrow();
    Path warmFile = SampleRecordings.copy(shortest, o.work().resolve("speech-warm"));
    List<Thread> warmers = new ArrayList<>();
    for (int t = 0; t < o.threads(); t++) {
      Thread th = new Thread(() -> service.transcribe(warmFile, "en"));
      th.start();
      warmers.add(th);
    }
    for (Thread th : warmers) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    say(
        String.format(
            Locale.ROOT,
            "pipeline worker start, model load (%.2f s) and %d warm-up recognitions: %.1f s",
            service.modelLoadSeconds().getOrDefault("en", 0.0),
            o.threads(),
            (System.nanoTime() - tw) / 1e9));
    TranscribeJob.Summary s = TranscribeJob.run(wh, settings, landing, out);
    long workerPid = service.workerPid();
    long workerPeakKb = procStatusKb(workerPid, "VmHWM");
    double recognitionSpeed = s.audioS() / s.recognitionWallS();
    double stageSpeed = s.audioS() / s.wallS();
    say(
        String.format(
            Locale.ROOT,
            "pipeline recognition (Spark tasks -> worker process: decode, resample, recognise; mask; stage): %.1f s audio"
                + " in %.1f s wall = %.2fx real time; RTF per core %.3f; %s",
            s.audioS(),
            s.recognitionWallS(),
            recognitionSpeed,
            s.recognitionWallS() * o.threads() / s.audioS(),
            s.byStatus()));
    say(
        String.format(
            Locale.ROOT,
            "pipeline whole stage (with candidates, Delta MERGE of transcripts and transcription_runs): %.1f s wall = %.2fx"
                + " real time",
            s.wallS(),
            stageSpeed));
    say(
        String.format(
            Locale.ROOT,
            "pipeline memory: worker peak RSS %,d MB (model + %d recognisers + decoded audio);"
                + " Spark driver peak RSS %,d MB",
            workerPeakKb / 1024,
            o.threads(),
            KpiBenchmark.peakRssKb() / 1024));

    // 2. The bare loop, 1 thread then N threads, one shared model in this JVM.
    double decodedSeconds = decoded.stream().mapToDouble(DecodedAudio::seconds).sum();
    long rssBefore = procStatusKb(ProcessHandle.current().pid(), "VmRSS");
    List<String> loads = new ArrayList<>();
    try (RecognitionEngine engine =
        new RecognitionEngine(
            Map.of("en", model), (m, sec) -> loads.add(String.format(Locale.ROOT, "%.2f", sec)))) {
      double oneCold = bare(engine, decoded, reps, 1);
      long rssOne = procStatusKb(ProcessHandle.current().pid(), "VmRSS");
      double many = bare(engine, decoded, reps, o.threads());
      long rssMany = procStatusKb(ProcessHandle.current().pid(), "VmRSS");
      double one = bare(engine, decoded, reps, 1);
      double audio = decodedSeconds * reps;
      say(
          String.format(
              Locale.ROOT,
              "bare Vosk loop, 1 thread: %.1f s audio in %.1f s = %.2fx real time (RTF %.3f);"
                  + " first pass, model pages still cold: %.1f s = %.2fx",
              audio,
              one,
              audio / one,
              one / audio,
              oneCold,
              audio / oneCold));
      say(
          String.format(
              Locale.ROOT,
              "bare Vosk loop, %d threads sharing one model: %.1f s audio in %.1f s = %.2fx real time (%.2fx the 1-thread loop)",
              o.threads(),
              audio,
              many,
              audio / many,
              one / many));
      say(
          String.format(
              Locale.ROOT,
              "bare loop model load: %s s; RSS +%,d MB for the model and 1 recogniser,"
                  + " +%,d MB more for %d more recognisers",
              String.join(", ", loads),
              (rssOne - rssBefore) / 1024,
              (rssMany - rssOne) / 1024,
              o.threads() - 1));
      double bareSpeed = audio / many;
      say(
          String.format(
              Locale.ROOT,
              "ratio pipeline recognition / bare loop on %d threads: %.2f; whole stage / bare loop:"
                  + " %.2f",
              o.threads(),
              recognitionSpeed / bareSpeed,
              stageSpeed / bareSpeed));
    }
    Files.createDirectories(o.results());
    Path file = o.results().resolve("speech.txt");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Figures.update(
        o.results(),
        "speech",
        Map.of(
            "speech.audio-s-per-core-s",
                String.format(Locale.ROOT, "%.2f", stageSpeed / o.threads()),
            "speech.worker-rss-mb-per-thread",
                String.format(Locale.ROOT, "%.0f", workerPeakKb / 1024.0 / o.threads())));
    return file;
  }

  /**
   * Recognises every decoded sample {@code reps} times on {@code threads} threads; returns wall
   * seconds.
   */
  private static double bare(
      RecognitionEngine engine, List<DecodedAudio> audio, int reps, int threads) {
    List<DecodedAudio> work = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      work.addAll(audio);
    }
    AtomicInteger next = new AtomicInteger();
    List<Thread> pool = new ArrayList<>();
    java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(threads);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try (RecognitionEngine.PerThread state = engine.forThisThread()) {
                  // Warm the recogniser on the shortest sample, untimed.
                  DecodedAudio shortest =
                      audio.stream()
                          .min(java.util.Comparator.comparingDouble(DecodedAudio::seconds))
                          .orElseThrow();
                  state.recognise(shortest, "en", System.nanoTime());
                  warm.countDown();
                  go.await();
                  int i;
                  while ((i = next.getAndIncrement()) < work.size()) {
                    state.recognise(work.get(i), "en", System.nanoTime());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bare-" + t);
      th.start();
      pool.add(th);
    }
    try {
      warm.await();
      long t0 = System.nanoTime();
      go.countDown();
      for (Thread th : pool) {
        th.join();
      }
      return (System.nanoTime() - t0) / 1e9;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A field of /proc/PID/status in KiB (VmHWM: peak RSS, VmRSS: current); 0 where unavailable. */
  static long procStatusKb(long pid, String field) {
    if (pid <= 0) {
      return 0;
    }
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith(field + ":")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    } catch (UncheckedIOException e) {
      return 0;
    }
    return 0;
  }
}
