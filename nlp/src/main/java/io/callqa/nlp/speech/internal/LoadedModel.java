package io.callqa.nlp.speech.internal;

import io.callqa.nlp.speech.SpeechModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vosk.Model;

/** A loaded Vosk model, shared by the recogniser threads of one process and freed exactly once. */
final class LoadedModel implements AutoCloseable {
  static {
    // Kaldi's LOG lines (decoding parameters, files loaded) do not belong on a command's output.
    org.vosk.LibVosk.setLogLevel(org.vosk.LogLevel.WARNINGS);
  }

  final SpeechModel spec;
  final Model model;
  final double loadSeconds;
  private final AtomicBoolean closed = new AtomicBoolean();

  LoadedModel(SpeechModel spec) {
    this.spec = spec;
    long t0 = System.nanoTime();
    try {
      this.model = new Model(spec.dir().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load speech model " + spec.dir() + ": " + e.getMessage(), e);
    }
    this.loadSeconds = (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      model.close();
    }
  }
}
