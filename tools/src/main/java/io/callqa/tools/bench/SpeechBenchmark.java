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
import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.internal.ConfinedRecognizer;
import io.callqa.nlp.speech.internal.RecognitionEngine;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.RedactedRecordings;
import io.callqa.warehouse.tables.Calls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code callqa bench speech}: transcribes calls of two lengths through the whole transcribe stage
 * (Spark tasks, the worker process, decoding, masking, redacted copies, Delta writes) and, in the
 * same run, recognises the same audio in a bare loop over the Vosk API (pre-decoded audio, one
 * shared model, no Spark, no masking, longest recordings first): the 12 bundled sample recordings
 * (about 26 s each) repeated to at least N minutes, and calls of 4 to 6 minutes, a card centre's
 * length, built from the stereo samples back to back. The bare loop runs as the pipeline does, a
 * fresh recogniser per channel of each recording, on N threads (the reference) and 1 thread; and
 * warm, one recogniser per channel and thread reused from call to call. The fresh N-thread loop
 * runs right before and right after each length's pipeline run, and the ratios take the mean of the
 * two, so that the machine's drifting speed weighs on both sides. Prints real-time factors, the CPU
 * each process used, model load time, peak memory and the stage/bare ratios per length.
 */
public final class SpeechBenchmark {

  /** Benchmark settings. */
  public record Options(double minutes, int threads, Path work, Path results) {}

  /** Shortest and longest of the long calls: a card centre's 4 to 6 minutes. */
  static final double LONG_MIN_S = 240;

  static final double LONG_MAX_S = 360;

  /** One length of call: its recordings decoded (for the bare loop) and in the landing zone. */
  private record Length(String name, List<DecodedAudio> audio, List<String> csvLines) {
    double seconds() {
      return audio.stream().mapToDouble(DecodedAudio::seconds).sum();
    }
  }

  /** What the pipeline did on one length. */
  private record Stage(
      double audioS,
      double recognitionS,
      double wallS,
      Map<String, Long> status,
      double workerCpuS,
      double driverCpuS,
      long driverPeakRssKb) {}

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public SpeechBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  /** Runs it; returns the results file. */
  public Path run(Warehouse wh, CallqaConfig c) throws IOException {
    double sampleSeconds =
        SampleRecordings.calls().stream().mapToDouble(SampleRecordings.Call::durationS).sum();
    int reps = (int) Math.ceil(o.minutes() * 60 / sampleSeconds);
    // Long calls: a whole number per thread, at least two each, at least --minutes in all.
    int longCalls =
        o.threads()
            * Math.max(
                2,
                (int) Math.ceil(o.minutes() * 60 / ((LONG_MIN_S + LONG_MAX_S) / 2) / o.threads()));
    SpeechModel model = SpeechModel.locate("en", c.get(ConfigKey.SPEECH_MODEL_EN));

    Path landing = o.work().resolve("speech-landing");
    if (Files.exists(landing)) {
      LocalFolders.deleteTree(landing);
    }
    Path rec = Files.createDirectories(landing.resolve("recordings"));
    Length samples = sampleCalls(rec, reps);
    Length longOnes = longCalls(rec, longCalls);
    lines.say(
        String.format(
            Locale.ROOT,
            "# speech benchmark, %d threads: sample calls (%d recordings x %d = %d calls, %.1f min,"
                + " mean %.0f s) and long calls (%d of %.0f to %.0f s, %.1f min, built from the stereo"
                + " samples back to back)",
            o.threads(),
            SampleRecordings.calls().size(),
            reps,
            samples.audio().size(),
            samples.seconds() / 60,
            samples.seconds() / samples.audio().size(),
            longOnes.audio().size(),
            longOnes.audio().stream().mapToDouble(DecodedAudio::seconds).min().orElse(0),
            longOnes.audio().stream().mapToDouble(DecodedAudio::seconds).max().orElse(0),
            longOnes.seconds() / 60));
    lines.say(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Spark "
            + wh.spark().version()
            + " master "
            + wh.spark().sparkContext().master()
            + ", java "
            + System.getProperty("java.version")
            + ", JIT "
            + Figures.jit()
            + " (as the transcribe stage's commands run)");
    lines.say(Figures.measuredLine());
    lines.say("model: " + model.id());

    // 1. The pipeline stage, its worker warmed first as the bare loop's model is: in a real batch
    // of thousands of calls the worker's start, model load and first recognitions are paid once.
    SpeechSettings settings =
        TranscribeJob.speechSettings(wh.spark(), TranscribeSettings.of(c)).withThreads(o.threads());
    SpeechService service = SpeechService.shared(settings);
    long tw = System.nanoTime();
    SampleRecordings.Call shortest =
        SampleRecordings.calls().stream()
            .min(Comparator.comparingDouble(SampleRecordings.Call::durationS))
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
    lines.say(
        String.format(
            Locale.ROOT,
            "pipeline worker start, model load (%.2f s) and %d warm-up recognitions: %.1f s",
            service.modelLoadSeconds().getOrDefault("en", 0.0),
            o.threads(),
            (System.nanoTime() - tw) / 1e9));
    // The driver too: one untimed delivery of the shortest sample through the whole stage, in a
    // warehouse of its own, so that the first timed length does not pay this JVM's first Spark
    // jobs, code generation and compilation of the stage (the second length never did).
    long ts = System.nanoTime();
    Path warmLanding = o.work().resolve("speech-warm-landing");
    Path warmWarehouse = o.work().resolve("warehouse-speech-warmup");
    for (Path p : List.of(warmLanding, warmWarehouse)) {
      if (Files.exists(p)) {
        LocalFolders.deleteTree(p);
      }
    }
    String warmName = "W00" + warmFile.getFileName().toString();
    Files.copy(
        warmFile, Files.createDirectories(warmLanding.resolve("recordings")).resolve(warmName));
    deliver(warmLanding, "warm-up", List.of(csvLine("W00", warmName)));
    Warehouse warmUp = new Warehouse(wh.spark(), warmWarehouse);
    IngestJob.run(warmUp, IngestSettings.of(c), warmLanding, p -> {});
    TranscribeJob.run(warmUp, settings, warmLanding, p -> {});
    lines.say(
        String.format(
            Locale.ROOT,
            "pipeline warm-up, one sample call through ingest and the whole stage (untimed"
                + " below): %.1f s",
            (System.nanoTime() - ts) / 1e9));
    // 2. The bare loop's model, in this JVM, loaded before the pipeline runs: each length's bare
    // loop
    // runs right before and right after its pipeline run and the ratio takes their mean, so that
    // the
    // machine's speed, which drifts from minute to minute (measured here: the same bare loop 57 to
    // 76
    // s from one run to the next), weighs on both sides alike.
    long rssBefore = procStatusKb(ProcessHandle.current().pid(), "VmRSS");
    List<String> loads = new ArrayList<>();
    Map<String, Stage> stages = new LinkedHashMap<>();
    double stageLongPerCore = 0;
    long bareModelKb;
    try (RecognitionEngine engine =
        new RecognitionEngine(
            Map.of("en", model), (m, sec) -> loads.add(String.format(Locale.ROOT, "%.2f", sec)))) {
      // Untimed: the model's pages in, each thread's first recognition.
      bare(engine, List.of(shortestOf(samples.audio())), o.threads(), false);
      bareModelKb = procStatusKb(ProcessHandle.current().pid(), "VmRSS") - rssBefore;
      lines.say(
          String.format(
              Locale.ROOT,
              "bare loop model load: %s s; RSS +%,d MB for the model and %d recognisers",
              String.join(", ", loads),
              bareModelKb / 1024,
              o.threads()));
      for (Length l : List.of(samples, longOnes)) {
        double audio = l.seconds();
        double cpu0 = cpuSeconds(ProcessHandle.current().pid());
        double before = bare(engine, l.audio(), o.threads(), false);
        double freshCpu = cpuSeconds(ProcessHandle.current().pid()) - cpu0;
        Stage st = pipeline(wh, c, settings, service, landing, l);
        stages.put(l.name(), st);
        double after = bare(engine, l.audio(), o.threads(), false);
        double fresh = (before + after) / 2;
        double warm = bare(engine, l.audio(), o.threads(), true);
        lines.say(
            String.format(
                Locale.ROOT,
                "bare Vosk loop, %s, %d threads: a fresh recogniser per channel (as the pipeline)"
                    + " %.1f s before the pipeline's run and %.1f s after, mean %.1f s = %.2fx real"
                    + " time (CPU %.1f s before); warm, one recogniser per channel and thread reused"
                    + " %.1f s = %.2fx",
                l.name(),
                o.threads(),
                before,
                after,
                fresh,
                audio / fresh,
                freshCpu,
                warm,
                audio / warm));
        lines.say(
            String.format(
                Locale.ROOT,
                "ratio, %s: pipeline recognition / fresh bare loop %.2f; whole stage / fresh bare"
                    + " loop %.2f; whole stage / warm bare loop %.2f",
                l.name(),
                (st.audioS() / st.recognitionS()) / (audio / fresh),
                (st.audioS() / st.wallS()) / (audio / fresh),
                (st.audioS() / st.wallS()) / (audio / warm)));
        if (l == longOnes) {
          stageLongPerCore = st.audioS() / st.wallS() / o.threads();
        }
      }
      double one = bare(engine, samples.audio(), 1, false);
      lines.say(
          String.format(
              Locale.ROOT,
              "bare Vosk loop, %s, 1 thread, a fresh recogniser per channel: %.1f s = %.2fx real"
                  + " time (RTF %.3f)",
              samples.name(),
              one,
              samples.seconds() / one,
              one / samples.seconds()));
    }
    // The redacted copies the stage wrote under the warehouse, per transcribed minute: what they
    // add to a warehouse's storage (plan).
    double transcribedMin = stages.values().stream().mapToDouble(Stage::audioS).sum() / 60;
    long redactedBytes =
        KpiBenchmark.folderBytes(wh.root().localPath().resolve(RedactedRecordings.FOLDER));
    lines.say(
        String.format(
            Locale.ROOT,
            "redacted copies under the warehouse: %,d bytes for %.1f transcribed min = %,.0f bytes per"
                + " audio min",
            redactedBytes,
            transcribedMin,
            redactedBytes / transcribedMin));
    long workerPeakKb = procStatusKb(service.workerPid(), "VmHWM");
    lines.say(
        String.format(
            Locale.ROOT,
            "pipeline memory: worker peak RSS %,d MB (model + %d recognisers + decoded audio);"
                + " this JVM's peak RSS during the stage %,d MB (not the stage's alone: with the"
                + " bare loop's model, %,d MB, and the heap its run just before grew)",
            workerPeakKb / 1024,
            o.threads(),
            stages.values().stream().mapToLong(Stage::driverPeakRssKb).max().orElse(0) / 1024,
            bareModelKb / 1024));
    Files.createDirectories(o.results());
    Path file = o.results().resolve("speech.txt");
    lines.write(file);
    Figures.update(
        o.results(),
        "speech",
        Map.of(
            "speech.audio-s-per-core-s",
            String.format(Locale.ROOT, "%.2f", stageLongPerCore),
            "speech.worker-rss-mb-per-thread",
            String.format(Locale.ROOT, "%.0f", workerPeakKb / 1024.0 / o.threads()),
            "storage.redacted-bytes-per-audio-min",
            String.format(Locale.ROOT, "%.0f", redactedBytes / transcribedMin)));
    return file;
  }

  /** One length through ingest and the transcribe stage, as its own delivery; prints its lines. */
  private Stage pipeline(
      Warehouse wh,
      CallqaConfig c,
      SpeechSettings settings,
      SpeechService service,
      Path landing,
      Length l)
      throws IOException {
    // The calls before it are in the warehouse, unchanged.
    deliver(landing, l.name().replace(' ', '-'), l.csvLines());
    IngestJob.run(wh, IngestSettings.of(c), landing, p -> {});
    // This JVM's peak RSS from here: not the bare loop's run just before (its decoded audio).
    resetPeakRss();
    long worker = service.workerPid();
    double workerCpu0 = cpuSeconds(worker);
    double driverCpu0 = cpuSeconds(ProcessHandle.current().pid());
    TranscribeJob.Summary s = TranscribeJob.run(wh, settings, landing, out);
    Stage st =
        new Stage(
            s.audioS(),
            s.recognitionWallS(),
            s.wallS(),
            s.byStatus(),
            cpuSeconds(worker) - workerCpu0,
            cpuSeconds(ProcessHandle.current().pid()) - driverCpu0,
            KpiBenchmark.peakRssKb());
    lines.say(
        String.format(
            Locale.ROOT,
            "pipeline, %s: recognition (Spark tasks -> worker process: decode, resample,"
                + " recognise; mask; redacted copy) %.1f s audio in %.1f s wall = %.2fx real time;"
                + " whole stage (with candidates and the Delta writes) %.1f s = %.2fx; %s",
            l.name(),
            st.audioS(),
            st.recognitionS(),
            st.audioS() / st.recognitionS(),
            st.wallS(),
            st.audioS() / st.wallS(),
            st.status()));
    lines.say(
        String.format(
            Locale.ROOT,
            "  CPU during the stage: speech worker %.1f s (decode, resample, recognise), this JVM"
                + " %.1f s (Spark, masking, redacted copies); %.2f of %d cores busy",
            st.workerCpuS(),
            st.driverCpuS(),
            (st.workerCpuS() + st.driverCpuS()) / st.wallS(),
            Runtime.getRuntime().availableProcessors()));
    s.phaseSeconds()
        .forEach(
            (phase, secs) ->
                lines.say(
                    String.format(Locale.ROOT, "  transcribe %-30s %6.2f s", phase + ":", secs)));
    return st;
  }

  /** Every sample {@code reps} times, each copy its own call. */
  private Length sampleCalls(Path rec, int reps) {
    List<DecodedAudio> decoded = new ArrayList<>();
    List<String> csv = new ArrayList<>();
    for (SampleRecordings.Call s : SampleRecordings.calls()) {
      DecodedAudio a = decode(SampleRecordings.bytes(s), s.file());
      String ext = s.file().substring(s.file().lastIndexOf('.'));
      for (int r = 0; r < reps; r++) {
        String id = String.format(Locale.ROOT, "B%02d-%s", r, s.id());
        try {
          Files.move(SampleRecordings.copy(s, rec), rec.resolve(id + ext));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        csv.add(csvLine(id, id + ext));
        decoded.add(a);
      }
    }
    return new Length("sample calls", decoded, csv);
  }

  /**
   * {@code n} stereo calls of 4 to 6 minutes: the stereo samples' decoded channels back to back
   * (agent left, customer right, as recorded), each call starting at another sample, cut at its
   * length; written as 16 kHz PCM WAV.
   */
  private Length longCalls(Path rec, int n) {
    List<DecodedAudio> stereo = new ArrayList<>();
    for (SampleRecordings.Call s : SampleRecordings.calls()) {
      if (s.stereo()) {
        stereo.add(decode(SampleRecordings.bytes(s), s.file()));
      }
    }
    int rate = AudioDecoder.TARGET_RATE;
    List<DecodedAudio> decoded = new ArrayList<>();
    List<String> csv = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      int frames = (int) ((LONG_MIN_S + (k * 47) % (LONG_MAX_S - LONG_MIN_S + 1)) * rate);
      short[][] ch = new short[2][frames];
      int at = 0;
      for (int i = k; at < frames; i++) {
        DecodedAudio a = stereo.get(i % stereo.size());
        int take = Math.min(a.frames(), frames - at);
        for (int c = 0; c < 2; c++) {
          System.arraycopy(a.channels().get(c), 0, ch[c], at, take);
        }
        at += take + rate; // a second of silence between them
      }
      DecodedAudio call = new DecodedAudio(List.of(ch[0], ch[1]), "PCM_16", rate, false);
      String id = String.format(Locale.ROOT, "L%02d", k);
      try {
        Files.write(rec.resolve(id + ".wav"), call.toWav());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      decoded.add(call);
      csv.add(csvLine(id, id + ".wav"));
    }
    return new Length("long calls", decoded, csv);
  }

  /** Writes {@code landing/calls/calls-NAME.csv}: the header and {@code lines}. */
  private static void deliver(Path landing, String name, List<String> lines) throws IOException {
    List<String> csv = new ArrayList<>(List.of(String.join(",", Calls.CSV_COLUMNS)));
    csv.addAll(lines);
    Files.write(
        Files.createDirectories(landing.resolve("calls")).resolve("calls-" + name + ".csv"),
        csv,
        StandardCharsets.UTF_8);
  }

  private int callNo;

  private String csvLine(String id, String recording) {
    return id
        + ",INBOUND,SHANGHAI,95555,en,STANDARD,CU"
        + (callNo++)
        + ",2026-03-02T10:00:00+08:00,2026-03-02T10:00:20+08:00,TRANSFER,CARD_SERVICE,2026-03-02T10:00:20+08:00,"
        + "2026-03-02T10:00:30+08:00,2026-03-02T10:03:00+08:00,SH-A0001,150,0,20,false,INQUIRY,"
        + recording;
  }

  private static DecodedAudio decode(byte[] bytes, String name) {
    try {
      return AudioDecoder.decode(bytes, name);
    } catch (BadAudioException e) {
      throw new IllegalStateException("sample " + name + " does not decode: " + e.getMessage(), e);
    }
  }

  private static DecodedAudio shortestOf(List<DecodedAudio> audio) {
    return audio.stream().min(Comparator.comparingDouble(DecodedAudio::seconds)).orElseThrow();
  }

  /**
   * Recognises {@code audio}, longest first, on {@code threads} threads; returns wall seconds.
   * Fresh: a recogniser per channel of each recording, as the pipeline. Warm: one per channel and
   * thread, reused from recording to recording.
   */
  private static double bare(
      RecognitionEngine engine, List<DecodedAudio> audio, int threads, boolean warm) {
    List<DecodedAudio> work = new ArrayList<>(audio);
    work.sort(Comparator.comparingDouble(DecodedAudio::seconds).reversed());
    AtomicInteger next = new AtomicInteger();
    List<Thread> pool = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                ConfinedRecognizer[] reused = new ConfinedRecognizer[2];
                try (RecognitionEngine.PerThread state = engine.forThisThread()) {
                  if (warm) {
                    for (int c = 0; c < reused.length; c++) {
                      reused[c] = new ConfinedRecognizer(engine.voskModel("en"));
                    }
                  }
                  ready.countDown();
                  go.await();
                  int i;
                  while ((i = next.getAndIncrement()) < work.size()) {
                    DecodedAudio a = work.get(i);
                    if (warm) {
                      int n = a.channels().size();
                      for (int c = 0; c < n; c++) {
                        reused[c].transcribe(a.channels().get(c), Speaker.ofChannel(c, n));
                      }
                    } else {
                      state.recognise(a, "en", System.nanoTime());
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  for (ConfinedRecognizer r : reused) {
                    if (r != null) {
                      r.close();
                    }
                  }
                }
              },
              "bare-" + t);
      th.start();
      pool.add(th);
    }
    try {
      ready.await();
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

  /**
   * Resets this process's peak RSS (VmHWM) to its current RSS, where Linux allows it ({@code
   * /proc/self/clear_refs}, value 5); elsewhere the peak stays the process's.
   */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed: the peak since the start
    }
  }

  /** CPU seconds (user and system) process {@code pid} has used so far; 0 where unavailable. */
  static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9)
        .orElse(0.0);
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
