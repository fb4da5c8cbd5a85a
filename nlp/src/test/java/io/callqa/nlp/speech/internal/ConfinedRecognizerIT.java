package io.callqa.nlp.speech.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.SpeechModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The guards in front of the native recogniser, in this JVM with the real model: each misuse below
 * makes Kaldi abort the process when it reaches native code (measured), so a missing guard fails
 * this test run.
 */
class ConfinedRecognizerIT {

  @Test
  void closingTwiceUsingAfterCloseAndUsingFromAnotherThreadAreExceptionsNotAborts()
      throws Exception {
    try (LoadedModel model = new LoadedModel(SpeechModel.locate("en", "bundled:en-us"))) {
      ConfinedRecognizer rec = new ConfinedRecognizer(model.model);
      short[] quiet = new short[16000];

      CompletableFuture<Object> other =
          CompletableFuture.supplyAsync(() -> rec.transcribe(quiet, Speaker.UNKNOWN));
      assertThatThrownBy(other::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("used from");
      CompletableFuture<Void> closeElsewhere = CompletableFuture.runAsync(rec::close);
      assertThatThrownBy(closeElsewhere::get).hasMessageContaining("closed from");

      assertThat(rec.transcribe(quiet, Speaker.UNKNOWN)).isEmpty();
      assertThat(rec.samplesFed()).isEqualTo(16000);
      rec.close();
      rec.close();
      assertThatThrownBy(() -> rec.transcribe(quiet, Speaker.UNKNOWN))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("recogniser used after close");
      model.close();
    }
  }
}
