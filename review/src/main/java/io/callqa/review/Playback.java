package io.callqa.review;

import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.BadAudioException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recordings as every browser plays them: decoded (PCM, mu-law, A-law or MP3) by {@link
 * AudioDecoder} and written as 16-bit PCM WAV at {@value AudioDecoder#TARGET_RATE} Hz, stereo kept
 * (agent left, customer right). The last {@value #CACHED} recordings stay in memory, so seeking
 * does not decode again.
 */
final class Playback {

  static final int CACHED = 8;

  private final Map<String, byte[]> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> e) {
          return size() > CACHED;
        }
      };

  /** The recording as WAV; null when it is not there. */
  synchronized byte[] wav(String recording, ServedWarehouse files) throws BadAudioException {
    byte[] wav = cache.get(recording);
    if (wav == null) {
      var decoded = files.decode(recording);
      if (decoded == null) {
        return null;
      }
      wav = decoded.toWav();
      cache.put(recording, wav);
    }
    return wav;
  }
}
