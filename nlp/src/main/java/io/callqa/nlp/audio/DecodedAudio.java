package io.callqa.nlp.audio;

import java.util.List;

/**
 * A recording decoded to 16-bit samples at {@code rate} Hz, one array per channel (stereo call
 * recordings: agent left, customer right): {@link AudioDecoder#TARGET_RATE}, what the speech models
 * take, unless decoded for a copy at the file's own rate ({@link AudioDecoder#decodeForCopy}).
 *
 * @param channels samples per channel, all the same length
 * @param sourceEncoding how the file stored its samples, e.g. {@code PCM_16}, {@code MULAW}, {@code
 *     MP3}
 * @param sourceRate the file's sample rate in Hz
 * @param truncated the file ended before its declared data length; the whole frames present were
 *     kept
 * @param rate the samples' rate in Hz
 */
public record DecodedAudio(
    List<short[]> channels, String sourceEncoding, int sourceRate, boolean truncated, int rate) {

  /** Audio at {@link AudioDecoder#TARGET_RATE}. */
  public DecodedAudio(
      List<short[]> channels, String sourceEncoding, int sourceRate, boolean truncated) {
    this(channels, sourceEncoding, sourceRate, truncated, AudioDecoder.TARGET_RATE);
  }

  public DecodedAudio {
    if (!AudioDecoder.ACCEPTED_RATES.contains(rate)) {
      throw new IllegalArgumentException("sample rate " + rate + " Hz is not one accepted");
    }
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
    return frames() / (double) rate;
  }

  /**
   * The audio as a 16-bit PCM WAV file at its {@code rate}, channels interleaved as decoded (stereo
   * call recordings: agent left, customer right): what every browser plays.
   */
  public byte[] toWav() {
    int n = channels.size();
    int frames = frames();
    java.nio.ByteBuffer b = wavHeader(n, frames, rate);
    for (int i = 0; i < frames; i++) {
      for (short[] ch : channels) {
        b.putShort(ch[i]);
      }
    }
    return b.array();
  }

  /** The bytes per second of 16-bit PCM audio of {@code channels} channels at {@code rate} Hz. */
  public static int wavBytesPerSecond(int channels, int rate) {
    return rate * channels * 2;
  }

  /**
   * A buffer for a 16-bit PCM WAV file of {@code n} channels and {@code frames} frames at {@code
   * rate} Hz, its header written, positioned at the first sample.
   */
  static java.nio.ByteBuffer wavHeader(int n, int frames, int rate) {
    long dataBytesLong = (long) frames * n * 2;
    if (dataBytesLong > Integer.MAX_VALUE - 44) {
      throw new IllegalArgumentException(
          "a WAV file of " + frames + " frames x " + n + " channels does not fit in 2 GB");
    }
    int dataBytes = (int) dataBytesLong;
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(44 + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1)
        .putShort((short) n)
        .putInt(rate)
        .putInt(wavBytesPerSecond(n, rate))
        .putShort((short) (n * 2))
        .putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    return b;
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
