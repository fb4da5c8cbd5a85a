package io.callqa.nlp.speech;

import io.callqa.nlp.Checksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Vosk model folder with the identity that {@code transcription_runs} records: a new name or
 * version re-transcribes the calls.
 *
 * <p>Locations are configuration ({@code speech.model.en}, {@code speech.model.zh}): a folder path,
 * or {@code bundled:NAME} for a model unpacked by the build under the models folder (system
 * property {@code callqa.models.dir}, set by {@code ./callqa} and the tests; default {@code
 * nlp/target/models}).
 *
 * @param name where the model came from: the first line of its {@code MODEL-SOURCE} file, else its
 *     folder name
 * @param version the model's {@code uuid} file, else a digest of its acoustic model's size and its
 *     config
 */
public record SpeechModel(String language, Path dir, String name, String version) {

  /** Property naming the folder that holds the bundled models. */
  public static final String MODELS_DIR_PROPERTY = "callqa.models.dir";

  private static final String BUNDLED = "bundled:";

  /** The model's feature configuration, which Vosk reads (Kaldi's MFCC options, one a line). */
  static final String FEATURE_CONF = "conf/mfcc.conf";

  private static final String DITHER = "--dither=";

  /**
   * The line that turns Kaldi's dither off; the build appends it to the bundled model's {@link
   * #FEATURE_CONF} (nlp/pom.xml).
   */
  static final String NO_DITHER = DITHER + "0";

  /** Files a Kaldi model folder must hold; checked before native code ever sees the folder. */
  private static final List<String> REQUIRED = List.of("am/final.mdl", "conf/model.conf");

  /**
   * Resolves a configured location for {@code language}.
   *
   * @throws IllegalArgumentException naming the location when it is not a usable model folder
   */
  public static SpeechModel locate(String language, String location) {
    Path dir;
    if (location.startsWith(BUNDLED)) {
      String models = System.getProperty(MODELS_DIR_PROPERTY, "nlp/target/models");
      dir = Path.of(models).resolve(location.substring(BUNDLED.length()));
    } else {
      dir = Path.of(location);
    }
    dir = dir.toAbsolutePath().normalize();
    for (String f : REQUIRED) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalArgumentException(
            "speech model for '"
                + language
                + "' at "
                + dir
                + " (from '"
                + location
                + "') lacks "
                + f
                + (location.startsWith(BUNDLED)
                    ? "; the build unpacks bundled models: run `mvn package` (or set -D"
                        + MODELS_DIR_PROPERTY
                        + ")"
                    : "; point speech.model." + language + " at an unpacked Vosk model folder"));
      }
    }
    try {
      String name = firstLine(dir.resolve("MODEL-SOURCE"), dir.getFileName().toString());
      String version = firstLine(dir.resolve("uuid"), null);
      if (version == null) {
        byte[] size =
            Long.toString(Files.size(dir.resolve("am/final.mdl"))).getBytes(StandardCharsets.UTF_8);
        byte[] conf = Files.readAllBytes(dir.resolve("conf/model.conf"));
        byte[] both = java.util.Arrays.copyOf(size, size.length + conf.length);
        System.arraycopy(conf, 0, both, size.length, conf.length);
        version = "sha256:" + Checksums.sha256Hex(both).substring(0, 16);
      }
      return new SpeechModel(language, dir, name, version);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read speech model folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the model adds random noise to the audio before recognising it: Kaldi's dither, on
   * unless the model's feature configuration ({@code conf/mfcc.conf}, which Vosk reads) sets {@code
   * --dither=0}. Its noise comes from one random sequence per process, so a dithering model gives
   * the same recording different words and times from one run to the next, and as other recordings
   * are recognised beside it (measured on the bundled model before the build set it to 0: the
   * transcript caches of 19 test builds on one machine held 17 different transcripts of one
   * sample). The bundled model does not dither.
   */
  public boolean dithers() {
    Path conf = dir.resolve(FEATURE_CONF);
    if (!Files.isRegularFile(conf)) {
      return false;
    }
    try {
      double dither = 1.0; // Kaldi's default
      for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (l.startsWith(DITHER)) {
          dither = Double.parseDouble(l.substring(DITHER.length()).strip());
        }
      }
      return dither != 0;
    } catch (IOException | NumberFormatException e) {
      return true;
    }
  }

  /**
   * What to tell the operator of a model that {@link #dithers}: which file to change, and how; null
   * for one that does not.
   */
  public String ditherAdvice() {
    if (!dithers()) {
      return null;
    }
    Path conf = dir.resolve(FEATURE_CONF);
    return "the '"
        + language
        + "' model at "
        + dir
        + " dithers (its "
        + FEATURE_CONF
        + " has no "
        + NO_DITHER
        + "): the same recording gets different words from run to run; add the line "
        + NO_DITHER
        + " to "
        + conf;
  }

  /** {@code name@version}, the key transcription runs are recorded under. */
  public String id() {
    return name + "@" + version;
  }

  private static String firstLine(Path f, String fallback) throws IOException {
    if (!Files.isRegularFile(f)) {
      return fallback;
    }
    String s = Files.readString(f, StandardCharsets.UTF_8).strip();
    int nl = s.indexOf('\n');
    s = (nl < 0 ? s : s.substring(0, nl)).strip();
    return s.isEmpty() ? fallback : s;
  }
}
