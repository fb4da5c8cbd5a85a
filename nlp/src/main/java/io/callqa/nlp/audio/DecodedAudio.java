package io.callqa.nlp.audio;

import java.util.List;

/**
 * A recording decoded to 16-bit samples at {@link AudioDecoder#TARGET_RATE} Hz, one array per channel
 * (stereo call recordings: agent left, customer right).
 *
 * @param channels samples per channel, all the same length
 * @param sourceEncoding how the file stored its samples, e.g. {@code PCM_16}, {@code MULAW}, {@code MP3}
 * @param sourceRate the file's sample rate in Hz
 * @param truncated the file ended before its declared data length; the whole frames present were kept
 */
public record DecodedAudio(List<short[]> channels, String sourceEncoding, int sourceRate, boolean truncated) {

  public DecodedAudio {
    channels = List.copyOf(channels);
    if (channels.isEmpty() || channels.size() > 2) {
      throw new IllegalArgumentException("1 or 2 channels expected, got " + channels.size());
    }
    int n = channels.get(0).length;
    for (short[] c : channels) {
      if (c.length != n) {
        throw new IllegalArgumentException("channels differ in length: " + n + " vs " + c.length);
      }
    }
  }

  /** Samples per channel. */
  public int frames() {
    return channels.get(0).length;
  }

  /** Duration in seconds. */
  public double seconds() {
    return frames() / (double) AudioDecoder.TARGET_RATE;
  }

  /** Peak absolute sample value over all channels, 0 for digital silence. */
  public int peak() {
    int peak = 0;
    for (short[] c : channels) {
      for (short s : c) {
        peak = Math.max(peak, Math.abs((int) s));
      }
    }
    return peak;
  }
}
