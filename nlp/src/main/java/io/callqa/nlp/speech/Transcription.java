package io.callqa.nlp.speech;

import java.util.List;

/**
 * The outcome of transcribing one recording.
 *
 * @param reason why it was skipped or failed, or a note (e.g. a truncated file); null when all went
 *     well
 * @param audioS duration of the decoded audio in seconds (0 if it could not be decoded)
 * @param processingS wall seconds spent decoding and recognising
 * @param encoding the file's sample encoding, e.g. {@code MULAW}; null if unknown
 * @param sourceRate the file's sample rate in Hz; 0 if unknown
 * @param channels 1 or 2; 0 if unknown
 * @param utterances ordered by start time, both speakers interleaved
 */
public record Transcription(
    TranscriptionStatus status,
    String reason,
    double audioS,
    double processingS,
    String encoding,
    int sourceRate,
    int channels,
    List<Utterance> utterances) {

  public Transcription {
    utterances = List.copyOf(utterances);
  }

  /** An outcome with no audio: skipped or failed before decoding. */
  public static Transcription without(
      TranscriptionStatus status, String reason, double processingS) {
    return new Transcription(status, reason, 0, processingS, null, 0, 0, List.of());
  }

  /** Number of recognised words. */
  public int wordCount() {
    return utterances.stream().mapToInt(u -> u.words().size()).sum();
  }
}
