package io.callqa.samples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bundled sample recordings ({@code io/callqa/samples/} on the class path) and their reference
 * transcripts, made by {@code nlp/samples/make-recordings.sh} from {@code
 * nlp/samples/dialogues.txt}.
 *
 * <pre>{@code
 * for (SampleRecordings.Call c : SampleRecordings.calls()) {
 *   SampleRecordings.copy(c, landing.resolve("recordings"));
 * }
 * }</pre>
 */
public final class SampleRecordings {
  private static final String ROOT = "/io/callqa/samples/";

  /** One turn of the script: who said what, and when it sits in the recording. */
  public record Turn(String speaker, double startS, double endS, String text) {}

  /**
   * A number read out in a call: who said it, exactly when (it was synthesised on its own, so the
   * span is its speech, trimmed of silence), and the words.
   */
  public record Readout(String speaker, double fromS, double toS, String text) {}

  /**
   * One sample call.
   *
   * @param file the resource's path under {@code io/callqa/samples/}
   * @param format e.g. {@code ulaw8k-stereo}, {@code mp3-44k-stereo}, {@code pcm16k-mono}
   * @param language {@code en} unless the script says otherwise
   * @param readouts the numbers read out, for the read-out calls ({@link #readoutCalls()}); empty
   *     for the others
   */
  public record Call(
      String id,
      String file,
      String format,
      String topic,
      String agentVoice,
      String customerVoice,
      double durationS,
      List<Turn> turns,
      String language,
      List<Readout> readouts) {

    public Call {
      language = language == null ? "en" : language;
      readouts = readouts == null ? List.of() : List.copyOf(readouts);
    }

    /** Whether agent and customer are on separate channels. */
    public boolean stereo() {
      return format.endsWith("-stereo");
    }

    /**
     * The reference words of one speaker ({@code AGENT}, {@code CUSTOMER}), or of both when null.
     */
    public String reference(String speaker) {
      return turns.stream()
          .filter(t -> speaker == null || t.speaker().equals(speaker))
          .map(Turn::text)
          .collect(Collectors.joining(" "));
    }
  }

  private static final List<Call> CALLS = load("");

  private static final String READOUTS = "readouts/";

  private SampleRecordings() {}

  /** All sample calls, in id order. */
  public static List<Call> calls() {
    return CALLS;
  }

  /**
   * The calls with numbers read out (card and account numbers, a security code, a PIN, a mobile
   * number; r04 in Chinese), each read-out's time span known exactly: for testing and measuring
   * audio redaction. Not part of the demo's landing zone. Made by {@code make-recordings.sh
   * readouts} from {@code readouts.txt}.
   */
  public static List<Call> readoutCalls() {
    return load(READOUTS);
  }

  /**
   * Writes the recording of {@code call} into {@code dir} under its file name; returns the path.
   */
  public static Path copy(Call call, Path dir) {
    try (InputStream in = SampleRecordings.class.getResourceAsStream(ROOT + call.file())) {
      if (in == null) {
        throw new IllegalStateException(
            "sample recording " + call.file() + " is missing from the class path");
      }
      Files.createDirectories(dir);
      Path to = dir.resolve(Path.of(call.file()).getFileName().toString());
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy sample recording " + call.file() + " to " + dir, e);
    }
  }

  /** The bytes of a sample recording. */
  public static byte[] bytes(Call call) {
    try (InputStream in = SampleRecordings.class.getResourceAsStream(ROOT + call.file())) {
      if (in == null) {
        throw new IllegalStateException(
            "sample recording " + call.file() + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Call> load(String folder) {
    ObjectMapper json =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in =
        SampleRecordings.class.getResourceAsStream(ROOT + folder + "references.json")) {
      if (in == null) {
        throw new IllegalStateException(
            folder + "references.json of the sample recordings is missing from the class path");
      }
      return Arrays.stream(json.readValue(in, Call[].class))
          .map(
              c ->
                  new Call(
                      c.id(),
                      folder + c.file(),
                      c.format(),
                      c.topic(),
                      c.agentVoice(),
                      c.customerVoice(),
                      c.durationS(),
                      c.turns(),
                      c.language(),
                      c.readouts()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample recordings' references.json", e);
    }
  }
}
