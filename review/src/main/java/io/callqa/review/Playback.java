package io.callqa.review;

import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.audio.DecodedAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recordings as every browser plays them: decoded (PCM, mu-law, A-law or MP3) by {@link AudioDecoder} and
 * written as 16-bit PCM WAV at {@value AudioDecoder#TARGET_RATE} Hz, stereo kept (agent left, customer
 * right). The last {@value #CACHED} recordings stay in memory, so seeking does not decode again.
 */
final class Playback {

  static final int CACHED = 8;

  private final Map<Path, byte[]> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, byte[]> e) {
          return size() > CACHED;
        }
      };

  synchronized byte[] wav(Path recording) throws BadAudioException {
    byte[] wav = cache.get(recording);
    if (wav == null) {
      wav = toWav(AudioDecoder.decode(recording));
      cache.put(recording, wav);
    }
    return wav;
  }

  static byte[] toWav(DecodedAudio a) {
    int channels = a.channels().size();
    int frames = a.frames();
    int dataBytes = frames * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) channels).putInt(AudioDecoder.TARGET_RATE)
        .putInt(AudioDecoder.TARGET_RATE * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    for (int i = 0; i < frames; i++) {
      for (short[] ch : a.channels()) {
        b.putShort(ch[i]);
      }
    }
    return b.array();
  }
}
