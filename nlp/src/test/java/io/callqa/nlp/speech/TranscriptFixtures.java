package io.callqa.nlp.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code samples/transcripts}: the sample calls as the bundled model recognises them, committed in
 * the layout of a {@link TranscriptCache}. The build copies them into the transcript cache of the
 * {@code jobs} and {@code cli} modules' tests, so that the fixtures built from the samples (the
 * demo warehouse first) do not recognise them again. {@link SpeechServiceIT} recognises every
 * sample anyway and checks each against its entry here, word by word with its times; with {@code
 * -Dcallqa.transcript-fixtures.refresh=true} it writes them instead (after a change of model or of
 * a sample). Other committed folders in the same layout ({@link #at}) are written the same way (the
 * jobs module's {@code AudioRedactionIT}: the read-out calls and their redacted copies).
 */
public final class TranscriptFixtures {
  static final String DIR_PROPERTY = "callqa.transcript-fixtures";

  /** Set to true, the tests that own a committed folder write it instead of checking it. */
  public static final String REFRESH_PROPERTY = "callqa.transcript-fixtures.refresh";

  private final Path dir;
  private final boolean refresh;
  private final String modelId;
  private final String how;

  private TranscriptFixtures(Path dir, boolean refresh, String modelId, String how) {
    this.dir = dir;
    this.refresh = refresh;
    this.modelId = modelId;
    this.how = how;
  }

  /** Whether this build writes the committed transcripts ({@link #REFRESH_PROPERTY}). */
  public static boolean refreshing() {
    return Boolean.getBoolean(REFRESH_PROPERTY);
  }

  /**
   * The command that writes a committed folder again: {@code module}'s integration test {@code
   * testClass} with {@link #REFRESH_PROPERTY}.
   */
  public static String howToRefresh(String module, String testClass) {
    return "mvn -o -B verify -pl "
        + module
        + " -Dit.test="
        + testClass
        + " -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -D"
        + REFRESH_PROPERTY
        + "=true";
  }

  /** The samples' committed folder; emptied first when refreshing. */
  static TranscriptFixtures committed() throws IOException {
    return at(
        Path.of(System.getProperty(DIR_PROPERTY, "../samples/transcripts")),
        " (after a change of model or of a sample, refresh them: "
            + howToRefresh("nlp", "SpeechServiceIT")
            + ")");
  }

  /**
   * A committed folder of the bundled English model's transcripts; emptied first when refreshing.
   * {@code how} ends the messages of a failed check (the command that writes it again).
   */
  public static TranscriptFixtures at(Path dir, String how) throws IOException {
    boolean refresh = refreshing();
    if (refresh && Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
    return new TranscriptFixtures(dir, refresh, bundledModelId(), how);
  }

  /** The id of the model whose transcripts the committed folders hold: the bundled English one. */
  public static String bundledModelId() {
    return SpeechModel.locate("en", SpeechSettings.DEFAULT_EN_MODEL).id();
  }

  /** Checks (or, refreshing, writes) {@code id}'s entry against what was recognised now. */
  public void check(String id, Path file, Transcription now) throws IOException {
    if (refresh) {
      TranscriptCache.create(dir).get(modelId, file, () -> now);
      return;
    }
    Transcription kept =
        new TranscriptCache(dir)
            .find(modelId, file)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no transcript of " + id + " by " + modelId + " in " + dir + how));
    assertThat(words(kept)).as("committed transcript of " + id + how).isEqualTo(words(now));
  }

  /** The folder holds {@code samples} entries: one per sample checked, nothing else. */
  void checkNoOthers(int samples) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.toString().endsWith(".json")).count())
          .as("entries in " + dir + how)
          .isEqualTo(samples);
    }
  }

  /** Each utterance's speaker and its words with their times. */
  static List<String> words(Transcription t) {
    return t.utterances().stream()
        .map(
            u ->
                u.speaker()
                    + ":"
                    + u.words().stream()
                        .map(w -> w.text() + "@" + w.startS() + "-" + w.endS())
                        .collect(Collectors.joining(" ")))
        .toList();
  }
}
