package io.callqa.nlp.audio;

/** ITU-T G.711 mu-law and A-law expansion to 16-bit linear samples. */
final class G711 {
  private static final short[] ULAW = new short[256];
  private static final short[] ALAW = new short[256];

  static {
    for (int i = 0; i < 256; i++) {
      int u = ~i & 0xFF;
      int t = ((u & 0x0F) << 3) + 0x84;
      t <<= (u & 0x70) >> 4;
      ULAW[i] = (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);

      int a = i ^ 0x55;
      int m = (a & 0x0F) << 4;
      int seg = (a & 0x70) >> 4;
      m =
          switch (seg) {
            case 0 -> m + 8;
            case 1 -> m + 0x108;
            default -> (m + 0x108) << (seg - 1);
          };
      ALAW[i] = (short) ((a & 0x80) != 0 ? m : -m);
    }
  }

  static short ulaw(byte b) {
    return ULAW[b & 0xFF];
  }

  static short alaw(byte b) {
    return ALAW[b & 0xFF];
  }

  private G711() {}
}
