package io.callqa.nlp.speech.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A Vosk recogniser confined to the thread that created it, closed exactly once, fed only validated
 * 16 kHz buffers: Kaldi aborts the JVM on a close twice, a use after close, a use from two threads
 * or a wrong length, so each is an exception here instead.
 *
 * <p>One per stream (a channel of a recording): Vosk carries speaker adaptation from one stream to
 * the next, so a reused recogniser's output would depend on what it heard before. Should one be fed
 * several streams, Vosk's word times keep counting across them, even after a reset, so the samples
 * already fed are subtracted.
 */
public final class ConfinedRecognizer implements AutoCloseable {
  /** Samples per call to the recogniser: a quarter second. */
  static final int CHUNK = AudioDecoder.TARGET_RATE / 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Thread owner = Thread.currentThread();
  private final Recognizer recognizer;
  private long samplesFed;
  private boolean closed;

  public ConfinedRecognizer(Model model) {
    try {
      this.recognizer = new Recognizer(model, AudioDecoder.TARGET_RATE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Vosk recogniser: " + e.getMessage(), e);
    }
    recognizer.setWords(true);
    recognizer.setPartialWords(false);
    recognizer.setMaxAlternatives(0);
  }

  /** Recognises one channel of 16 kHz samples; utterances carry {@code speaker}. */
  public List<Utterance> transcribe(short[] samples, Speaker speaker) {
    checkUsable();
    List<Utterance> out = new ArrayList<>();
    // Vosk's clock for this stream starts at the samples already fed to this recogniser.
    double offset = samplesFed / (double) AudioDecoder.TARGET_RATE;
    for (int at = 0; at < samples.length; at += CHUNK) {
      int n = Math.min(CHUNK, samples.length - at);
      short[] chunk = Arrays.copyOfRange(samples, at, at + n);
      if (recognizer.acceptWaveForm(chunk, chunk.length)) {
        addResult(recognizer.getResult(), speaker, offset, out);
      }
    }
    addResult(recognizer.getFinalResult(), speaker, offset, out);
    samplesFed += samples.length;
    return out;
  }

  /** Samples fed since creation: where Vosk's clock stands. */
  public long samplesFed() {
    return samplesFed;
  }

  private static void addResult(String json, Speaker speaker, double offset, List<Utterance> out) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Vosk returned unreadable JSON: " + json, e);
    }
    JsonNode result = node.get("result");
    if (result == null || !result.isArray() || result.isEmpty()) {
      return;
    }
    List<Word> words = new ArrayList<>(result.size());
    for (JsonNode w : result) {
      words.add(
          new Word(
              w.path("word").asText(),
              round(w.path("start").asDouble() - offset),
              round(w.path("end").asDouble() - offset),
              w.path("conf").asDouble()));
    }
    out.add(Utterance.of(speaker, words));
  }

  private static double round(double s) {
    return Math.max(0, Math.round(s * 1000) / 1000.0);
  }

  private void checkUsable() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "recogniser owned by thread "
              + owner.getName()
              + " used from "
              + Thread.currentThread().getName());
    }
    if (closed) {
      throw new IllegalStateException("recogniser used after close");
    }
  }

  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "recogniser owned by thread "
              + owner.getName()
              + " closed from "
              + Thread.currentThread().getName());
    }
    if (!closed) {
      closed = true;
      recognizer.close();
    }
  }
}
