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
 * a sample).
 */
final class TranscriptFixtures {
  static final String DIR_PROPERTY = "callqa.transcript-fixtures";
  static final String REFRESH_PROPERTY = "callqa.transcript-fixtures.refresh";
  private static final String HOW =
      " (after a change of model or of a sample, refresh them: mvn -o -B verify -pl nlp"
          + " -Dit.test=SpeechServiceIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -D"
          + REFRESH_PROPERTY
          + "=true)";

  private final Path dir;
  private final boolean refresh;
  private final String modelId;

  private TranscriptFixtures(Path dir, boolean refresh, String modelId) {
    this.dir = dir;
    this.refresh = refresh;
    this.modelId = modelId;
  }

  /** The committed folder; emptied first when refreshing. */
  static TranscriptFixtures committed() throws IOException {
    Path dir = Path.of(System.getProperty(DIR_PROPERTY, "../samples/transcripts"));
    boolean refresh = Boolean.getBoolean(REFRESH_PROPERTY);
    if (refresh && Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
    return new TranscriptFixtures(
        dir, refresh, SpeechModel.locate("en", SpeechSettings.DEFAULT_EN_MODEL).id());
  }

  /** Checks (or, refreshing, writes) sample {@code id}'s entry against what was recognised now. */
  void check(String id, Path file, Transcription now) throws IOException {
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
                        "no transcript of sample " + id + " by " + modelId + " in " + dir + HOW));
    assertThat(words(kept)).as("committed transcript of " + id + HOW).isEqualTo(words(now));
  }

  /** The folder holds {@code samples} entries: one per sample checked, nothing else. */
  void checkNoOthers(int samples) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.toString().endsWith(".json")).count())
          .as("entries in " + dir + HOW)
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
