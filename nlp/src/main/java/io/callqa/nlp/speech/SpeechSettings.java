package io.callqa.nlp.speech;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@link SpeechService} runs: model location per language, and the worker's threads, heap and
 * deadlines. Serializable, so Spark ships it to the executors, which resolve the models there.
 *
 * @param modelLocations language -> model folder or {@code bundled:NAME}; a language without an
 *     entry is skipped
 * @param threads recogniser threads in the worker (one per concurrent caller, e.g. Spark task
 *     slots)
 * @param workerHeapMb the worker JVM's heap (decoded audio lives there; the model is native memory)
 * @param startTimeoutS how long a worker may take to start
 * @param decodeTimeoutS how long reading and decoding one file may take
 * @param timeoutBaseS plus {@code timeoutPerAudioSecond} x audio seconds: how long recognition of
 *     one file may take before the worker is deemed hung and killed
 * @param faultInjection lets tests make the native code abort or hang on purpose
 * @param workerJavaOptions extra JVM options for the worker, space separated; may be empty
 */
public record SpeechSettings(
    Map<String, String> modelLocations,
    int threads,
    int workerHeapMb,
    double startTimeoutS,
    double decodeTimeoutS,
    double timeoutBaseS,
    double timeoutPerAudioSecond,
    boolean faultInjection,
    String workerJavaOptions)
    implements Serializable {

  /** Defaults: the bundled English model, no Chinese model. */
  public static final String DEFAULT_EN_MODEL = "bundled:en-us";

  public SpeechSettings {
    modelLocations = new TreeMap<>(modelLocations);
    modelLocations.values().removeIf(v -> v == null || v.isBlank());
    if (threads < 1 || workerHeapMb < 64) {
      throw new IllegalArgumentException(
          "speech worker needs at least 1 thread and 64 MB of heap: "
              + threads
              + ", "
              + workerHeapMb);
    }
    if (startTimeoutS <= 0
        || decodeTimeoutS <= 0
        || timeoutBaseS <= 0
        || timeoutPerAudioSecond <= 0) {
      throw new IllegalArgumentException("speech timeouts must be positive");
    }
  }

  /** The defaults with {@code threads} recogniser threads. */
  public static SpeechSettings defaults(int threads) {
    return new SpeechSettings(
        Map.of("en", DEFAULT_EN_MODEL), threads, 1024, 120, 120, 30, 2.0, false, "");
  }

  /** These settings with other model locations. */
  public SpeechSettings withModels(Map<String, String> locations) {
    return new SpeechSettings(
        locations,
        threads,
        workerHeapMb,
        startTimeoutS,
        decodeTimeoutS,
        timeoutBaseS,
        timeoutPerAudioSecond,
        faultInjection,
        workerJavaOptions);
  }

  /** These settings with other deadlines. */
  public SpeechSettings withTimeouts(double decodeS, double baseS, double perAudioSecond) {
    return new SpeechSettings(
        modelLocations,
        threads,
        workerHeapMb,
        startTimeoutS,
        decodeS,
        baseS,
        perAudioSecond,
        faultInjection,
        workerJavaOptions);
  }

  /** These settings with another number of recogniser threads. */
  public SpeechSettings withThreads(int n) {
    return new SpeechSettings(
        modelLocations,
        n,
        workerHeapMb,
        startTimeoutS,
        decodeTimeoutS,
        timeoutBaseS,
        timeoutPerAudioSecond,
        faultInjection,
        workerJavaOptions);
  }

  /** These settings with fault injection on, for tests. */
  public SpeechSettings withFaultInjection() {
    return new SpeechSettings(
        modelLocations,
        threads,
        workerHeapMb,
        startTimeoutS,
        decodeTimeoutS,
        timeoutBaseS,
        timeoutPerAudioSecond,
        true,
        workerJavaOptions);
  }
}
