package io.callqa.nlp.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.samples.SampleRecordings;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker process failing under the real model: Kaldi aborting it with a call in flight beside
 * another, and a native hang killed at its deadline (the speech service's fault injection). A class
 * of its own so that it runs in the other test JVM beside {@link SpeechServiceIT}.
 */
class SpeechWorkerFaultsIT {
  @TempDir static Path dir;

  @Test
  void aNativeAbortCostsOneCallAndTheBystanderInFlightSucceeds() throws Exception {
    Path f = SampleRecordings.copy(SampleRecordings.calls().get(0), dir.resolve("abort"));
    try (SpeechService s = new SpeechService(SpeechSettings.defaults(2).withFaultInjection())) {
      assertThat(s.transcribe(f, "en").status()).isEqualTo(TranscriptionStatus.TRANSCRIBED);
      long firstPid = s.workerPid();
      // A long transcription is in flight on the other recogniser thread when Kaldi aborts the
      // worker.
      CompletableFuture<Transcription> bystander =
          CompletableFuture.supplyAsync(() -> s.transcribe(f, "en"));
      waitUntilInFlight(s);
      Transcription crashed = s.injectFault("abort");

      assertThat(crashed.status()).isEqualTo(TranscriptionStatus.FAILED);
      assertThat(crashed.reason()).contains("exited with code 134 (SIGABRT");
      assertThat(bystander.get().status()).isEqualTo(TranscriptionStatus.TRANSCRIBED);
      assertThat(s.workersStarted()).isGreaterThanOrEqualTo(2);
      // Whether a worker is alive now depends on which alone-retry ran last; the next call gets
      // one.
      assertThat(s.transcribe(f, "en").status()).isEqualTo(TranscriptionStatus.TRANSCRIBED);
      assertThat(s.workerPid()).isNotEqualTo(firstPid).isPositive();
    }
  }

  @Test
  void aNativeHangIsKilledAtItsDeadlineAndTheNextCallWorks() {
    Path f = SampleRecordings.copy(SampleRecordings.calls().get(0), dir.resolve("hang"));
    try (SpeechService s =
        new SpeechService(SpeechSettings.defaults(1).withFaultInjection().withTimeouts(3, 30, 2))) {
      long t0 = System.nanoTime();
      Transcription hung = s.injectFault("hang");
      double took = (System.nanoTime() - t0) / 1e9;

      assertThat(hung.status()).isEqualTo(TranscriptionStatus.FAILED);
      assertThat(hung.reason()).contains("no answer within its deadline");
      // Two attempts (shared, then alone), each killed after the 3 s decode deadline, plus worker
      // starts.
      assertThat(took).isBetween(6.0, 40.0);
      assertThat(s.transcribe(f, "en").status()).isEqualTo(TranscriptionStatus.TRANSCRIBED);
    }
  }

  /** Waits until the bystander's request has reached the worker. */
  private static void waitUntilInFlight(SpeechService s) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (s.requestsInFlight() == 0) {
      assertThat(System.nanoTime()).as("bystander request reached the worker").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
