package io.callqa.nlp.speech.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.DecodedAudio;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecognitionEngineRateTest {

  @Test
  void audioDecodedForACopyAt8kHzIsRefusedBeforeAnyModelIsTouched() {
    short[] second = new short[8000];
    second[10] = 1000;
    DecodedAudio copy = new DecodedAudio(List.of(second), "PCM_16", 8000, false, 8000);
    try (RecognitionEngine engine = new RecognitionEngine(Map.of(), (m, s) -> {})) {
      assertThatThrownBy(() -> engine.forThisThread().recognise(copy, "en", System.nanoTime()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at " + AudioDecoder.TARGET_RATE + " Hz, not 8000 Hz");
    }
  }
}
