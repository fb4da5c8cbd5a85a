package io.callqa.nlp.speech.internal;

import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.audio.DecodedAudio;
import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.TranscriptionStatus;
import io.callqa.nlp.speech.Utterance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Decodes and recognises recordings with models loaded once per process. Each recognising thread
 * holds a {@link PerThread} with its own recognisers; the models are shared.
 */
public final class RecognitionEngine implements AutoCloseable {
  private final Map<String, SpeechModel> specs;
  private final Map<String, LoadedModel> loaded = new HashMap<>();
  private final ModelListener listener;

  /** Hears each model load, with its duration. */
  public interface ModelListener {
    void loaded(SpeechModel model, double seconds);
  }

  public RecognitionEngine(Map<String, SpeechModel> specs, ModelListener listener) {
    this.specs = Map.copyOf(specs);
    this.listener = listener;
  }

  /** The model for {@code language}, loaded on first use. */
  synchronized LoadedModel model(String language) {
    LoadedModel m = loaded.get(language);
    if (m == null) {
      SpeechModel spec = specs.get(language);
      if (spec == null) {
        throw new IllegalArgumentException(
            "no speech model configured for language '" + language + "'");
      }
      m = new LoadedModel(spec);
      loaded.put(language, m);
      listener.loaded(spec, m.loadSeconds);
    }
    return m;
  }

  /**
   * A recognising thread's state. Each channel of each recording gets a recogniser of its own,
   * closed after it: a Vosk recogniser carries its speaker adaptation (i-vector) from one stream to
   * the next, so a reused one made a transcript depend on which recordings, and which speaker, the
   * same thread had decoded before (measured: 55 of 71 utterances of the demo's calls differed
   * between a local[2] run and a two-executor cluster run of the same recordings).
   */
  public final class PerThread implements AutoCloseable {

    /**
     * Decodes and recognises {@code file}; {@code decoded} hears the audio seconds once decoding is
     * done. Bad audio is a FAILED outcome with the decoder's reason, digital silence NO_SPEECH
     * without a native call.
     */
    public Transcription transcribe(Path file, String language, DoubleConsumer decoded) {
      long t0 = System.nanoTime();
      DecodedAudio audio;
      try {
        audio = AudioDecoder.decode(file);
      } catch (BadAudioException e) {
        return Transcription.without(TranscriptionStatus.FAILED, e.getMessage(), secondsSince(t0));
      }
      decoded.accept(audio.seconds());
      return recognise(audio, language, t0);
    }

    /** Recognises decoded audio. */
    public Transcription recognise(DecodedAudio audio, String language, long startNanos) {
      if (audio.rate() != AudioDecoder.TARGET_RATE) {
        throw new IllegalArgumentException(
            "the recognisers take audio at "
                + AudioDecoder.TARGET_RATE
                + " Hz, not "
                + audio.rate()
                + " Hz (AudioDecoder.decode resamples it)");
      }
      int channels = audio.channels().size();
      String note =
          audio.truncated() ? "recording is truncated: the frames present were transcribed" : null;
      if (audio.peak() == 0) {
        return new Transcription(
            TranscriptionStatus.NO_SPEECH,
            join(note, "digital silence: every sample is zero"),
            audio.seconds(),
            secondsSince(startNanos),
            audio.sourceEncoding(),
            audio.sourceRate(),
            channels,
            List.of());
      }
      org.vosk.Model model = model(language).model;
      List<Utterance> all = new ArrayList<>();
      for (int c = 0; c < channels; c++) {
        try (ConfinedRecognizer rec = new ConfinedRecognizer(model)) {
          all.addAll(rec.transcribe(audio.channels().get(c), Speaker.ofChannel(c, channels)));
        }
      }
      all.sort(Comparator.comparingDouble(Utterance::startS).thenComparing(Utterance::speaker));
      TranscriptionStatus status =
          all.isEmpty() ? TranscriptionStatus.NO_SPEECH : TranscriptionStatus.TRANSCRIBED;
      if (all.isEmpty()) {
        note =
            join(
                note,
                String.format(
                    java.util.Locale.ROOT,
                    "no speech recognised in %.1f s of audio (peak level %.0f dBFS)",
                    audio.seconds(),
                    20 * Math.log10(audio.peak() / 32768.0)));
      }
      return new Transcription(
          status,
          note,
          audio.seconds(),
          secondsSince(startNanos),
          audio.sourceEncoding(),
          audio.sourceRate(),
          channels,
          all);
    }

    /**
     * Fault injection for crash-isolation tests: a recogniser told its audio runs at 2e9 Hz, then
     * fed NaN samples; Kaldi aborts the process (measured: exit 134).
     */
    void abortNatively() throws java.io.IOException {
      org.vosk.Model m = model(specs.keySet().iterator().next()).model;
      @SuppressWarnings("resource") // the process dies inside it
      org.vosk.Recognizer r = new org.vosk.Recognizer(m, 2e9f);
      r.acceptWaveForm(new short[ConfinedRecognizer.CHUNK], ConfinedRecognizer.CHUNK);
      float[] nan = new float[ConfinedRecognizer.CHUNK];
      java.util.Arrays.fill(nan, Float.NaN);
      @SuppressWarnings("resource")
      org.vosk.Recognizer r2 = new org.vosk.Recognizer(m, 16000f);
      r2.acceptWaveForm(nan, nan.length);
    }

    /** Fault injection for timeout tests: a recogniser at 0 Hz never returns from Kaldi. */
    void hangNatively() throws java.io.IOException {
      @SuppressWarnings("resource") // the process is killed while inside it
      org.vosk.Recognizer r =
          new org.vosk.Recognizer(model(specs.keySet().iterator().next()).model, 0f);
      r.acceptWaveForm(new short[ConfinedRecognizer.CHUNK], ConfinedRecognizer.CHUNK);
    }

    @Override
    public void close() {
      // Recognisers are closed after each channel; the models belong to the engine.
    }
  }

  /**
   * The loaded Vosk model of {@code language}, for a benchmark's own recognisers (a warm loop that
   * reuses one recogniser per channel, which the pipeline never does).
   */
  public org.vosk.Model voskModel(String language) {
    return model(language).model;
  }

  /** State for the calling thread; close it on that thread. */
  public PerThread forThisThread() {
    return new PerThread();
  }

  @Override
  public synchronized void close() {
    for (LoadedModel m : loaded.values()) {
      m.close();
    }
    loaded.clear();
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "; " + b;
  }

  static double secondsSince(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }
}
