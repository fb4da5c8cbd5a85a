package io.callqa.nlp.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds WAV files in memory for tests, including malformed ones. */
public final class Wav {
  private Wav() {}

  /** A RIFF/WAVE file with the given fmt fields and data bytes. */
  public static byte[] build(
      int formatTag, int channels, long rate, int bits, byte[] data, long declaredDataLen) {
    int blockAlign = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels);
    b.putInt((int) rate)
        .putInt((int) (rate * blockAlign))
        .putShort((short) blockAlign)
        .putShort((short) bits);
    b.put("data".getBytes()).putInt((int) declaredDataLen).put(data);
    return b.array();
  }

  /** PCM 16-bit interleaved from per-channel samples. */
  public static byte[] pcm16(int rate, short[]... channels) {
    int n = channels[0].length;
    ByteBuffer d = ByteBuffer.allocate(n * channels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (short[] c : channels) {
        d.putShort(c[i]);
      }
    }
    return build(1, channels.length, rate, 16, d.array(), d.capacity());
  }

  /** A sine tone. */
  public static short[] tone(int rate, double hz, double seconds, int amplitude) {
    short[] s = new short[(int) (rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }
}
