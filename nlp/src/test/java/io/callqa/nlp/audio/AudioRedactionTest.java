package io.callqa.nlp.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioRedactionTest {
  private static final int RATE = AudioDecoder.TARGET_RATE;

  private static DecodedAudio stereo(double seconds) {
    return new DecodedAudio(
        List.of(Wav.tone(RATE, 300, seconds, 9000), Wav.tone(RATE, 700, seconds, 9000)),
        "PCM_16",
        RATE,
        false);
  }

  @Test
  void theSpanOfOneChannelIsSilencedAndEveryOtherSampleIsKept() {
    DecodedAudio audio = stereo(4);
    AudioRedaction.Result r =
        AudioRedaction.silence(audio, List.of(new AudioRedaction.Span(1, 1.0, 2.0)), 0.25);
    short[] agent = r.audio().channels().get(0);
    short[] customer = r.audio().channels().get(1);
    assertThat(agent).isEqualTo(audio.channels().get(0));
    int from = (int) (0.75 * RATE);
    int to = (int) (2.25 * RATE);
    assertThat(Arrays.copyOfRange(customer, 0, from))
        .isEqualTo(Arrays.copyOfRange(audio.channels().get(1), 0, from));
    assertThat(Arrays.copyOfRange(customer, to, customer.length))
        .isEqualTo(Arrays.copyOfRange(audio.channels().get(1), to, customer.length));
    for (int i = from; i < to; i++) {
      assertThat(customer[i]).as("sample " + i).isZero();
    }
    assertThat(r.silencedSeconds()).isCloseTo(1.5, within(1e-9));
    // The original is untouched.
    assertThat(audio.channels().get(1)[RATE + 100]).isNotZero();
  }

  @Test
  void overlappingSpansMergeAndSpansAreClippedToTheRecording() {
    AudioRedaction.Result r =
        AudioRedaction.silence(
            stereo(3),
            List.of(
                new AudioRedaction.Span(0, 0.05, 0.5),
                new AudioRedaction.Span(0, 0.6, 1.0),
                new AudioRedaction.Span(1, 2.9, 4.0)),
            0.1);
    assertThat(r.silenced())
        .containsExactly(
            new AudioRedaction.Span(0, 0.0, 1.1), new AudioRedaction.Span(1, 2.8, 3.0));
    assertThat(r.audio().frames()).isEqualTo(3 * RATE);
    assertThat(r.audio().toWav()).hasSize(44 + 3 * RATE * 2 * 2);
  }

  @Test
  void aSpanOnAChannelTheRecordingLacksIsAnError() {
    DecodedAudio mono =
        new DecodedAudio(List.<short[]>of(Wav.tone(RATE, 300, 1, 9000)), "PCM_16", RATE, false);
    assertThatThrownBy(
            () -> AudioRedaction.silence(mono, List.of(new AudioRedaction.Span(1, 0.1, 0.2)), 0))
        .hasMessage("span on channel 1 of a recording with 1 channel(s)");
    assertThatThrownBy(() -> new AudioRedaction.Span(0, 2.0, 1.0))
        .hasMessageContaining("is not a time span");
  }

  @Test
  void theWavOfDecodedAudioDecodesBackToTheSameSamples() throws Exception {
    DecodedAudio audio = stereo(1);
    DecodedAudio again = AudioDecoder.decode(audio.toWav(), "x.wav");
    assertThat(again.channels().get(0)).isEqualTo(audio.channels().get(0));
    assertThat(again.channels().get(1)).isEqualTo(audio.channels().get(1));
  }

  @Test
  void theStreamedWavIsTheSilencedAudiosWavByteForByte() {
    short[] left = new short[16000 * 3];
    short[] right = new short[16000 * 3];
    for (int i = 0; i < left.length; i++) {
      left[i] = (short) (1000 + i % 7000);
      right[i] = (short) (-1000 - i % 5000);
    }
    DecodedAudio audio = new DecodedAudio(List.of(left, right), "PCM_16", 16000, false);
    List<AudioRedaction.Span> spans =
        List.of(
            new AudioRedaction.Span(1, 0.5, 1.0),
            new AudioRedaction.Span(1, 0.9, 1.4),
            new AudioRedaction.Span(0, 2.8, 3.5),
            new AudioRedaction.Span(1, 0.0, 0.01));
    AudioRedaction.Result silenced = AudioRedaction.silence(audio, spans, 0.25, 0.1);
    AudioRedaction.Wav streamed = AudioRedaction.wav(audio, spans, 0.25, 0.1);
    assertThat(streamed.bytes()).isEqualTo(silenced.audio().toWav());
    assertThat(streamed.silenced()).isEqualTo(silenced.silenced());
  }

  @Test
  void at8kHzASpanSilencesTheSameTimeAsAt16kHzAndTheWavSaysItsRate() throws Exception {
    byte[] file = Wav.pcm16(8000, Wav.tone(8000, 300, 2, 9000), Wav.tone(8000, 700, 2, 9000));
    DecodedAudio copy = AudioDecoder.decodeForCopy(file, "call.wav");
    assertThat(copy.rate()).isEqualTo(8000);
    List<AudioRedaction.Span> spans = List.of(new AudioRedaction.Span(1, 0.5, 1.0));
    AudioRedaction.Wav wav = AudioRedaction.wav(copy, spans, 0, 0);
    assertThat(wav.bytes()).hasSize(44 + 2 * 8000 * 2 * 2);
    java.nio.ByteBuffer header =
        java.nio.ByteBuffer.wrap(wav.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(header.getInt(24)).as("sample rate").isEqualTo(8000);
    assertThat(header.getInt(28)).as("byte rate").isEqualTo(8000 * 2 * 2);
    DecodedAudio back = AudioDecoder.decodeForCopy(wav.bytes(), "copy.wav");
    short[] right = back.channels().get(1);
    for (int i = 0; i < right.length; i++) {
      boolean inside = i >= 4000 && i < 8000;
      if (inside) {
        assertThat(right[i]).as("sample %d", i).isZero();
      } else {
        assertThat(right[i]).as("sample %d", i).isEqualTo(copy.channels().get(1)[i]);
      }
    }
    assertThat(back.channels().get(0)).isEqualTo(copy.channels().get(0));
    // Played (decoded for the recogniser or the review page), it is 16 kHz again, as long.
    assertThat(AudioDecoder.decode(wav.bytes(), "copy.wav").seconds()).isEqualTo(2.0);
  }
}
