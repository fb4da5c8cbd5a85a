package io.callqa.nlp.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudioDecoderTest {

  /** Frequency estimate from zero crossings. */
  private static double frequency(short[] s, int rate) {
    int crossings = 0;
    for (int i = 1; i < s.length; i++) {
      if ((s[i - 1] < 0) != (s[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / (s.length / (double) rate);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 16000, 22050, 44100, 48000})
  void everyAcceptedRateComesOutAt16kHzWithPitchAndDurationKept(int rate) throws Exception {
    byte[] wav = Wav.pcm16(rate, Wav.tone(rate, 440, 2.0, 10000));
    DecodedAudio a = AudioDecoder.decode(wav, "tone.wav");

    assertThat(a.sourceRate()).isEqualTo(rate);
    assertThat(a.sourceEncoding()).isEqualTo("PCM_16");
    assertThat(a.channels()).hasSize(1);
    assertThat(a.seconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(frequency(a.channels().get(0), AudioDecoder.TARGET_RATE))
        .isCloseTo(440, org.assertj.core.data.Percentage.withPercentage(3));
    assertThat(a.truncated()).isFalse();
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 11025, 16000, 22050, 44100})
  void forACopyRatesUpTo16kHzStayAsTheyAreAndHigherOnesAreResampled(int rate) throws Exception {
    short[] tone = Wav.tone(rate, 440, 2.0, 10000);
    byte[] wav = Wav.pcm16(rate, tone);
    DecodedAudio copy = AudioDecoder.decodeForCopy(wav, "tone.wav");
    DecodedAudio recognised = AudioDecoder.decode(wav, "tone.wav");
    assertThat(copy.seconds()).isEqualTo(recognised.seconds());
    assertThat(copy.sourceRate()).isEqualTo(rate);
    if (rate <= AudioDecoder.TARGET_RATE) {
      assertThat(copy.rate()).isEqualTo(rate);
      assertThat(copy.channels().get(0)).isEqualTo(tone);
    } else {
      assertThat(copy.rate()).isEqualTo(AudioDecoder.TARGET_RATE);
      assertThat(copy.channels().get(0)).isEqualTo(recognised.channels().get(0));
    }
  }

  @Test
  void stereoKeepsItsChannelsApart() throws Exception {
    byte[] wav = Wav.pcm16(8000, Wav.tone(8000, 300, 1, 8000), Wav.tone(8000, 1000, 1, 8000));
    DecodedAudio a = AudioDecoder.decode(wav, "stereo.wav");
    assertThat(a.channels()).hasSize(2);
    assertThat(frequency(a.channels().get(0), 16000))
        .isCloseTo(300, org.assertj.core.data.Percentage.withPercentage(3));
    assertThat(frequency(a.channels().get(1), 16000))
        .isCloseTo(1000, org.assertj.core.data.Percentage.withPercentage(3));
  }

  @Test
  void sincResamplingKeepsTelephoneBandEnergyThatLinearWouldSmear() throws Exception {
    // A 3 kHz tone at 8 kHz: after band-limited upsampling, nothing should appear near its 5 kHz
    // image.
    short[] up = AudioDecoder.resample(Wav.tone(8000, 3000, 1, 10000), 8000, "t");
    double image = goertzel(up, 16000, 5000);
    double tone = goertzel(up, 16000, 3000);
    assertThat(image / tone).isLessThan(0.05);
  }

  private static double goertzel(short[] s, int rate, double hz) {
    double w = 2 * Math.PI * hz / rate;
    double c = 2 * Math.cos(w);
    double s1 = 0;
    double s2 = 0;
    for (short x : s) {
      double s0 = x + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2);
  }

  @Test
  void muLawAndALawExpandToTheG711Values() throws Exception {
    // 0xFF is mu-law zero; 0x80 its positive peak (8031 << 2 = 32124); 0xD5 is A-law's smallest
    // positive step.
    DecodedAudio mu =
        AudioDecoder.decode(
            Wav.build(7, 1, 16000, 8, new byte[] {(byte) 0xFF, (byte) 0x80, 0x00}, 3), "mu.wav");
    assertThat(mu.channels().get(0)).containsExactly((short) 0, (short) 32124, (short) -32124);
    assertThat(mu.sourceEncoding()).isEqualTo("MULAW");
    DecodedAudio a =
        AudioDecoder.decode(
            Wav.build(6, 1, 16000, 8, new byte[] {(byte) 0xD5, (byte) 0x55, (byte) 0xAA}, 3),
            "a.wav");
    assertThat(a.channels().get(0)).containsExactly((short) 8, (short) -8, (short) 32256);
    assertThat(a.sourceEncoding()).isEqualTo("ALAW");
  }

  @Test
  void aFileCutShortKeepsItsWholeFramesAndSaysSo() throws Exception {
    byte[] data = new byte[16000 * 2];
    Arrays.fill(data, (byte) 1);
    byte[] wav = Wav.build(1, 1, 16000, 16, data, data.length * 10L);
    DecodedAudio a = AudioDecoder.decode(wav, "cut.wav");
    assertThat(a.truncated()).isTrue();
    assertThat(a.frames()).isEqualTo(16000);
  }

  @Test
  void badFilesAreRejectedInJavaWithTheReason(@TempDir Path dir) throws Exception {
    short[] one = Wav.tone(8000, 440, 0.1, 1000);
    byte[] pcm = Arrays.copyOfRange(Wav.pcm16(8000, one), 44, 44 + one.length * 2);
    assertRejected(new byte[0], "is empty (0 bytes)");
    assertRejected(
        "this is not audio at all".getBytes(),
        "is not WAV or MP3 audio (starts with bytes 74686973");
    assertRejected(Arrays.copyOf(Wav.pcm16(8000, one), 30), "truncated fmt chunk");
    assertRejected(Arrays.copyOf(Wav.pcm16(8000, one), 36), "no data chunk");
    assertRejected(
        Wav.build(3, 1, 8000, 32, new byte[400], 400),
        "unsupported encoding (format tag 3, 32 bits");
    assertRejected(
        Wav.build(1, 1, 8000, 24, new byte[300], 300),
        "unsupported encoding (format tag 1, 24 bits");
    assertRejected(Wav.build(1, 1, 0, 16, pcm, pcm.length), "sample rate of 0 Hz");
    assertRejected(Wav.build(1, 1, 3, 16, pcm, pcm.length), "sample rate of 3 Hz");
    assertRejected(
        Wav.build(1, 1, 2_000_000_000L, 16, pcm, pcm.length), "sample rate of 2000000000 Hz");
    assertRejected(Wav.build(1, 3, 8000, 16, new byte[600], 600), "has 3 channels");
    assertRejected(Wav.build(1, 1, 8000, 16, new byte[0], 0), "no audio samples");
    assertThatThrownBy(() -> AudioDecoder.decode(dir.resolve("gone.wav")))
        .isInstanceOf(BadAudioException.class)
        .hasMessageContaining("gone.wav does not exist");
    Path f = dir.resolve("junk.mp3");
    Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xFB, 1, 2, 3, 4, 5});
    assertThatThrownBy(() -> AudioDecoder.decode(f))
        .isInstanceOf(BadAudioException.class)
        .hasMessageContaining("junk.mp3");
  }

  private static void assertRejected(byte[] bytes, String reason) {
    assertThatThrownBy(() -> AudioDecoder.decode(bytes, "bad.wav"))
        .isInstanceOf(BadAudioException.class)
        .hasMessageContaining("bad.wav")
        .hasMessageContaining(reason);
  }
}
