package io.callqa.nlp.speech;

import io.callqa.nlp.speech.internal.WorkerLostException;
import io.callqa.nlp.speech.internal.WorkerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Transcribes recordings in a worker process that holds one model per language, shared by its
 * recogniser threads, and survives whatever the native code does to it.
 *
 * <p>Guarantees: a recording costs at most its own call. If the worker dies (Kaldi's abort) or
 * hangs past its deadline, it is killed and restarted, and every request that was in flight is
 * retried once alone, with no other request beside it; the one that fails alone is recorded FAILED
 * with the reason, the bystanders succeed. A language without a configured model is SKIPPED, a
 * model that fails to load FAILS its calls. Thread-safe; one instance per JVM via {@link #shared}.
 *
 * <pre>{@code
 * SpeechService speech = SpeechService.shared(SpeechSettings.defaults(2));
 * Transcription t = speech.transcribe(Path.of("landing/recordings/c1.wav"), "en");
 * }</pre>
 */
public final class SpeechService implements AutoCloseable {
  private static final Map<SpeechSettings, SpeechService> SHARED = new HashMap<>();

  private final SpeechSettings settings;
  private final Map<String, SpeechModel> models = new LinkedHashMap<>();
  private final Map<String, String> modelErrors = new LinkedHashMap<>();
  private final ReentrantReadWriteLock isolation = new ReentrantReadWriteLock();
  private final Map<String, Double> modelLoadSeconds = new LinkedHashMap<>();
  private WorkerProcess worker;
  private int workersStarted;
  private boolean closed;

  public SpeechService(SpeechSettings settings) {
    this.settings = settings;
    for (Map.Entry<String, String> e : settings.modelLocations().entrySet()) {
      try {
        models.put(e.getKey(), SpeechModel.locate(e.getKey(), e.getValue()));
      } catch (IllegalArgumentException | java.io.UncheckedIOException bad) {
        modelErrors.put(e.getKey(), bad.getMessage());
      }
    }
  }

  /** The JVM's service for these settings (one per executor JVM), closed at JVM exit. */
  public static synchronized SpeechService shared(SpeechSettings settings) {
    return SHARED.computeIfAbsent(
        settings,
        s -> {
          SpeechService service = new SpeechService(s);
          Runtime.getRuntime()
              .addShutdownHook(new Thread(service::close, "speech-service-shutdown"));
          return service;
        });
  }

  /** The model used for {@code language}, or null when none is configured or it is unusable. */
  public SpeechModel model(String language) {
    return models.get(language);
  }

  /** Why the configured model for {@code language} cannot be used, or null. */
  public String modelError(String language) {
    return modelErrors.get(language);
  }

  /** Seconds each language's model took to load in the current worker. */
  public synchronized Map<String, Double> modelLoadSeconds() {
    return Map.copyOf(modelLoadSeconds);
  }

  /** Workers started so far: 1 plus one per crash or hang. */
  public synchronized int workersStarted() {
    return workersStarted;
  }

  /** Requests the current worker is working on or has queued. */
  public synchronized int requestsInFlight() {
    return worker == null ? 0 : worker.inFlight();
  }

  /** The current worker's pid, or -1. */
  public synchronized long workerPid() {
    return worker != null && worker.isAlive() ? worker.pid() : -1;
  }

  /** Transcribes one recording; never throws for anything the recording or the engine does. */
  public Transcription transcribe(Path file, String language) {
    long t0 = System.nanoTime();
    if (modelErrors.containsKey(language)) {
      return Transcription.without(
          TranscriptionStatus.FAILED, modelErrors.get(language), seconds(t0));
    }
    if (!models.containsKey(language)) {
      return Transcription.without(
          TranscriptionStatus.SKIPPED,
          "no speech model configured for language '"
              + language
              + "' (set speech.model."
              + language
              + ")",
          seconds(t0));
    }
    return run(w -> w.transcribe(file, language), file.toString(), t0);
  }

  /** Test hook: asks the worker to abort or hang in native code, through the same isolation. */
  public Transcription injectFault(String kind) {
    return run(w -> w.injectFault(kind), "fault " + kind, System.nanoTime());
  }

  private interface Attempt {
    Transcription on(WorkerProcess w) throws WorkerLostException;
  }

  private Transcription run(Attempt attempt, String what, long t0) {
    WorkerLostException first;
    Lock shared = isolation.readLock();
    shared.lock();
    try {
      return attempt.on(worker());
    } catch (WorkerLostException e) {
      first = e;
    } finally {
      shared.unlock();
    }
    // The worker died with this request in flight, maybe beside others: retry it alone to tell
    // whether it
    // was the cause.
    Lock alone = isolation.writeLock();
    alone.lock();
    try {
      return attempt.on(worker());
    } catch (WorkerLostException e) {
      return Transcription.without(
          TranscriptionStatus.FAILED,
          "speech engine failed on this recording twice, the second time alone: "
              + e.getMessage()
              + " (first: "
              + first.getMessage()
              + ")",
          seconds(t0));
    } finally {
      alone.unlock();
    }
  }

  private synchronized WorkerProcess worker() throws WorkerLostException {
    if (closed) {
      throw new WorkerLostException("speech service is closed");
    }
    if (worker == null || !worker.isAlive()) {
      if (worker != null) {
        worker.kill("was replaced");
      }
      try {
        modelLoadSeconds.clear();
        worker =
            new WorkerProcess(
                new WorkerProcess.Launch(
                    models,
                    settings.threads(),
                    settings.workerHeapMb(),
                    settings.faultInjection(),
                    settings.workerJavaOptions()),
                new WorkerProcess.Deadlines(
                    settings.decodeTimeoutS(),
                    settings.timeoutBaseS(),
                    settings.timeoutPerAudioSecond()),
                (m, s) -> {
                  synchronized (this) {
                    modelLoadSeconds.put(m.language(), s);
                  }
                });
        workersStarted++;
      } catch (IOException e) {
        throw new WorkerLostException("cannot start the speech worker process: " + e.getMessage());
      }
      worker.awaitReady(settings.startTimeoutS());
    }
    return worker;
  }

  /** The worker's last stderr lines, for diagnostics. */
  public synchronized List<String> workerLog() {
    return worker == null ? List.of() : worker.stderrTail();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }
}
