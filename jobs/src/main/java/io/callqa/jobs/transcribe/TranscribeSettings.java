package io.callqa.jobs.transcribe;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.Location;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the transcribe stage reads of the configuration. Each value's type, default and range are
 * its {@link ConfigKey}'s.
 *
 * @param models model location per language; languages with an empty location are skipped
 * @param threads recogniser threads per executor; 0 for one per task slot
 * @param workerHeapMb heap of the speech worker process
 * @param timeoutBaseS a recording's recognition timeout: this plus {@code timeoutPerAudioS} per
 *     second of audio
 * @param timeoutPerAudioS see {@code timeoutBaseS}
 * @param transcriptCache the transcript cache folder, or null for none
 * @param audio what the stage does with the audio besides recognising it
 */
public record TranscribeSettings(
    Map<String, String> models,
    int threads,
    int workerHeapMb,
    double timeoutBaseS,
    double timeoutPerAudioS,
    Path transcriptCache,
    TranscribeJob.AudioSettings audio) {

  public TranscribeSettings {
    models = Map.copyOf(models);
  }

  /** The transcribe stage's view of {@code c}; refuses settings that contradict each other. */
  public static TranscribeSettings of(CallqaConfig c) {
    Map<String, String> models = new TreeMap<>();
    models.put("en", c.get(ConfigKey.SPEECH_MODEL_EN));
    models.put("zh", c.get(ConfigKey.SPEECH_MODEL_ZH));
    models.values().removeIf(String::isBlank);
    String cache = c.get(ConfigKey.SPEECH_TRANSCRIPT_CACHE);
    return new TranscribeSettings(
        models,
        c.get(ConfigKey.SPEECH_THREADS),
        c.get(ConfigKey.SPEECH_WORKER_HEAP_MB),
        c.get(ConfigKey.SPEECH_TIMEOUT_BASE_S),
        c.get(ConfigKey.SPEECH_TIMEOUT_PER_AUDIO_S),
        cache.isBlank() ? null : Path.of(cache),
        audioOf(c));
  }

  /** The audio part of the view; {@code move} without an archive is refused. */
  static TranscribeJob.AudioSettings audioOf(CallqaConfig c) {
    String originals = c.get(ConfigKey.RECORDINGS_ORIGINALS);
    String archive = c.get(ConfigKey.RECORDINGS_ORIGINALS_ARCHIVE);
    boolean redact = c.get(ConfigKey.SPEECH_REDACT_AUDIO);
    if (!originals.equals("keep") && !redact) {
      throw new CallqaException(
          "recordings.originals="
              + originals
              + " needs speech.redact-audio=true: an original is retired only once its redacted"
              + " copy is written");
    }
    if (originals.equals("move") && archive.isBlank()) {
      throw new CallqaException(
          "recordings.originals=move needs recordings.originals-archive (a folder or an"
              + " hdfs:// or s3a:// URI)");
    }
    if (originals.equals("move")) {
      Location.parse("recordings.originals-archive", archive);
    }
    return new TranscribeJob.AudioSettings(
        redact,
        c.get(ConfigKey.SPEECH_REDACTION_LEAD_S),
        c.get(ConfigKey.SPEECH_REDACTION_TRAIL_S),
        originals,
        originals.equals("move") ? archive : null);
  }
}
