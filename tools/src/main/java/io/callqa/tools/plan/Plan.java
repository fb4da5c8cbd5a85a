package io.callqa.tools.plan;

import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.DecodedAudio;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sizing guide behind {@code callqa plan}: cores, memory, storage per year and index size for a
 * centre's volume, from this project's measured benchmark figures ({@code
 * bench/results/figures.properties}, written by {@code callqa bench ...}). Pure: the caller reads
 * the figures.
 *
 * <p>Figures used (key: what it is, which benchmark measures it):
 *
 * <ul>
 *   <li>{@code speech.audio-s-per-core-s}: audio seconds the whole transcribe stage handles per
 *       core-second (bench speech: whole-stage speed on 4-6 minute calls / cores);
 *   <li>{@code speech.worker-rss-mb-per-thread}: the speech worker's peak RSS per recogniser thread
 *       (bench speech);
 *   <li>{@code speech.utterances-per-audio-min}: utterances Vosk makes of a minute of call audio
 *       (bench cluster, on the sample recordings);
 *   <li>{@code ingest.rows-per-core-s}, {@code kpi.calls-per-core-s} (bench kpi), {@code
 *       analyse.calls-per-core-s} (bench analyse), {@code index.utterances-per-core-s} and {@code
 *       index.bytes-per-utterance} (bench search);
 *   <li>{@code storage.bytes-per-call}: warehouse bytes per call of every table but the
 *       transcript-derived ones, {@code storage.bytes-per-audio-min}: bytes of transcripts,
 *       analytics, categories and scores per transcribed minute (bench cluster, the local run's
 *       warehouse; small tables, so an upper bound), {@code storage.redacted-bytes-per-audio-min}:
 *       the redacted copies of the recordings per transcribed minute (bench speech).
 * </ul>
 *
 * @param callsPerDay inbound and outbound call records a day
 * @param avgCallMin mean recorded call length in minutes
 * @param recordedShare share of calls with a recording that is transcribed, 0..1
 * @param windowHours hours a day the batch may run: a day's work must finish within them
 * @param headroom factor over the measured rates (peaks, retries, slower hardware)
 * @param executorHeapMb Spark executor heap per core
 */
public record Plan(
    long callsPerDay,
    double avgCallMin,
    double recordedShare,
    double windowHours,
    double headroom,
    int executorHeapMb) {

  /** The keys {@link #compute} needs. */
  public static final List<String> KEYS =
      List.of(
          "speech.audio-s-per-core-s",
          "speech.worker-rss-mb-per-thread",
          "speech.utterances-per-audio-min",
          "ingest.rows-per-core-s",
          "kpi.calls-per-core-s",
          "analyse.calls-per-core-s",
          "index.utterances-per-core-s",
          "index.bytes-per-utterance",
          "storage.bytes-per-call",
          "storage.bytes-per-audio-min",
          "storage.redacted-bytes-per-audio-min");

  /**
   * Landing rows per call: the call record, a survey for about a quarter, ticket events (bench
   * kpi's data).
   */
  static final double ROWS_PER_CALL = 1.26;

  /** Driver: heap and the index merge; one per cluster. */
  static final int DRIVER_MB = 4096;

  public Plan {
    if (callsPerDay < 1
        || avgCallMin <= 0
        || recordedShare < 0
        || recordedShare > 1
        || windowHours <= 0
        || windowHours > 24
        || headroom < 1
        || executorHeapMb < 512) {
      throw new IllegalArgumentException(
          "calls per day >= 1, call minutes > 0, recorded share 0..1, window hours 0..24, headroom >= 1, executor heap >= 512 MB");
    }
  }

  /** What the volume needs. */
  public record Result(
      double audioHoursPerDay,
      double coreHoursPerDay,
      Map<String, Double> coreHoursByStage,
      int cores,
      long memoryMb,
      double storageGbPerYear,
      double redactedGbPerYear,
      double indexGbPerYear,
      List<String> assumptions) {}

  /** The sizing; throws naming the first figure missing from {@code figures}. */
  public Result compute(Map<String, String> figures) {
    for (String k : KEYS) {
      if (!figures.containsKey(k)) {
        throw new IllegalArgumentException("benchmark figure '" + k + "' is missing");
      }
    }
    double audioMinPerDay = callsPerDay * recordedShare * avgCallMin;
    double utterancesPerDay = audioMinPerDay * f(figures, "speech.utterances-per-audio-min");
    double transcribedCalls = callsPerDay * recordedShare;
    Map<String, Double> stages = new java.util.LinkedHashMap<>();
    stages.put("transcribe", audioMinPerDay * 60 / f(figures, "speech.audio-s-per-core-s") / 3600);
    stages.put("ingest", callsPerDay * ROWS_PER_CALL / f(figures, "ingest.rows-per-core-s") / 3600);
    stages.put("kpi", callsPerDay / f(figures, "kpi.calls-per-core-s") / 3600);
    stages.put("analyse", transcribedCalls / f(figures, "analyse.calls-per-core-s") / 3600);
    stages.put("index", utterancesPerDay / f(figures, "index.utterances-per-core-s") / 3600);
    double coreHours = stages.values().stream().mapToDouble(Double::doubleValue).sum();
    int cores = (int) Math.max(2, Math.ceil(coreHours * headroom / windowHours));
    double perCoreMb = executorHeapMb + f(figures, "speech.worker-rss-mb-per-thread");
    long memoryMb = Math.round(cores * perCoreMb + DRIVER_MB);
    double storageBytesPerDay =
        callsPerDay * f(figures, "storage.bytes-per-call")
            + audioMinPerDay * f(figures, "storage.bytes-per-audio-min");
    double redactedBytesPerDay =
        audioMinPerDay * f(figures, "storage.redacted-bytes-per-audio-min");
    double indexBytesPerDay = utterancesPerDay * f(figures, "index.bytes-per-utterance");
    List<String> a = new ArrayList<>();
    a.add(
        String.format(
            Locale.ROOT,
            "%,.0f recorded calls a day x %.1f min = %,.0f audio hours a day",
            transcribedCalls,
            avgCallMin,
            audioMinPerDay / 60));
    a.add(
        String.format(
            Locale.ROOT,
            "transcription at %.2f audio s per core-second (whole stage: decode, Vosk, masking, Delta"
                + " writes), measured on 4-6 minute calls built from this project's sample recordings (bench speech)",
            f(figures, "speech.audio-s-per-core-s")));
    a.add(
        String.format(
            Locale.ROOT,
            "the day's batch runs within %.0f h; %.1fx headroom over measured rates; Spark executors"
                + " of 1 core",
            windowHours,
            headroom));
    a.add(
        String.format(
            Locale.ROOT,
            "memory per core: %,d MB executor heap + %.0f MB speech worker (model and one"
                + " recogniser); plus %,d MB for the driver",
            executorHeapMb,
            f(figures, "speech.worker-rss-mb-per-thread"),
            DRIVER_MB));
    a.add(
        String.format(
            Locale.ROOT,
            "%.2f landing rows per call (call record, surveys, ticket events); %.1f utterances per"
                + " audio minute",
            ROWS_PER_CALL,
            f(figures, "speech.utterances-per-audio-min")));
    a.add(
        String.format(
            Locale.ROOT,
            "warehouse %,.0f bytes per call + %,.0f bytes per transcribed minute (Parquet, as"
                + " written; before OPTIMIZE, so an upper bound); time travel within the audit window adds the files"
                + " rewritten in it",
            f(figures, "storage.bytes-per-call"),
            f(figures, "storage.bytes-per-audio-min")));
    a.add(
        String.format(
            Locale.ROOT,
            "redacted copies of the recordings %,.0f bytes per transcribed minute (16-bit PCM WAV"
                + " per channel at the recording's rate, at most %d kHz, as bench speech's stage"
                + " wrote them under the warehouse for its 8 kHz sample calls and 16 kHz long calls;"
                + " 8 kHz telephone audio takes %.2f MB per channel-minute; speech.redact-audio=false"
                + " writes none)",
            f(figures, "storage.redacted-bytes-per-audio-min"),
            AudioDecoder.TARGET_RATE / 1000,
            DecodedAudio.wavBytesPerSecond(1, 8000) * 60 / 1e6));
    a.add(
        String.format(
            Locale.ROOT,
            "index %.0f bytes per utterance (text and JSON source stored); the original recordings"
                + " are the recorder's storage, not counted",
            f(figures, "index.bytes-per-utterance")));
    return new Result(
        audioMinPerDay / 60,
        coreHours,
        stages,
        cores,
        memoryMb,
        storageBytesPerDay * 365 / 1e9,
        redactedBytesPerDay * 365 / 1e9,
        indexBytesPerDay * 365 / 1e9,
        a);
  }

  private static double f(Map<String, String> figures, String key) {
    try {
      double v = Double.parseDouble(figures.get(key));
      if (!(v > 0)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "benchmark figure '" + key + "' = '" + figures.get(key) + "' is not a positive number");
    }
  }
}
