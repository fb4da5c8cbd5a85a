package io.callqa.nlp.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptCacheTest {
  @TempDir Path dir;

  static Transcription transcribed(String word) {
    return new Transcription(
        TranscriptionStatus.TRANSCRIBED,
        null,
        3.5,
        0.7,
        "PCM_SIGNED",
        8000,
        2,
        List.of(
            Utterance.of(Speaker.AGENT, List.of(new Word(word, 0.1, 0.4, 0.93))),
            Utterance.of(
                Speaker.CUSTOMER,
                List.of(new Word("lost", 1.0, 1.2, 0.8), new Word("card", 1.3, 1.6, 0.71)))));
  }

  @Test
  void theSameAudioAndModelIsRecognisedOnceAndReadBackEqual() throws Exception {
    Path audio = Files.write(dir.resolve("a.wav"), new byte[] {1, 2, 3});
    TranscriptCache cache = TranscriptCache.create(dir.resolve("cache"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("cache")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    AtomicInteger recognised = new AtomicInteger();
    Transcription first =
        cache.get(
            "vosk-en@1",
            audio,
            () -> {
              recognised.incrementAndGet();
              return transcribed("hello");
            });
    Transcription again =
        cache.get(
            "vosk-en@1",
            audio,
            () -> {
              recognised.incrementAndGet();
              return transcribed("other");
            });
    assertThat(recognised).hasValue(1);
    assertThat(again).isEqualTo(first);
    // Looked up without recognising: the same entry, and nothing for another model or file.
    assertThat(cache.find("vosk-en@1", audio)).contains(first);
    assertThat(cache.find("vosk-en@2", audio)).isEmpty();
    assertThat(cache.find("vosk-en@1", dir.resolve("missing.wav"))).isEmpty();
    // Unmasked words: owner-only, the folders and the entry.
    Path entry = cache.entry("vosk-en@1", io.callqa.nlp.Checksums.sha256Hex(audio));
    assertThat(Files.getPosixFilePermissions(entry))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(entry.getParent()))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    // Another file name with the same bytes is the same audio.
    Path copy = Files.write(dir.resolve("b.wav"), new byte[] {1, 2, 3});
    assertThat(cache.get("vosk-en@1", copy, () -> transcribed("x"))).isEqualTo(first);
  }

  @Test
  void anotherModelOrChangedAudioIsRecognisedAgain() throws Exception {
    Path audio = Files.write(dir.resolve("a.wav"), new byte[] {1, 2, 3});
    TranscriptCache cache = new TranscriptCache(dir.resolve("cache"));
    cache.get("vosk-en@1", audio, () -> transcribed("one"));
    assertThat(cache.get("vosk-en@2", audio, () -> transcribed("two")).utterances().get(0).text())
        .isEqualTo("two");
    Files.write(audio, new byte[] {1, 2, 4});
    assertThat(cache.get("vosk-en@1", audio, () -> transcribed("three")).utterances().get(0).text())
        .isEqualTo("three");
  }

  @Test
  void failuresAreNotKeptAndADamagedEntryIsReplaced() throws Exception {
    Path audio = Files.write(dir.resolve("a.wav"), new byte[] {9});
    TranscriptCache cache = new TranscriptCache(dir.resolve("cache"));
    Transcription failed = Transcription.without(TranscriptionStatus.FAILED, "hung", 1.0);
    assertThat(cache.get("m@1", audio, () -> failed)).isEqualTo(failed);
    assertThat(cache.get("m@1", audio, () -> transcribed("ok")).status())
        .isEqualTo(TranscriptionStatus.TRANSCRIBED);
    Path entry = cache.entry("m@1", io.callqa.nlp.Checksums.sha256Hex(audio));
    assertThat(entry).exists();
    Files.writeString(entry, "{not json");
    assertThat(cache.get("m@1", audio, () -> transcribed("fresh")).utterances().get(0).text())
        .isEqualTo("fresh");
    assertThat(cache.get("m@1", audio, () -> transcribed("never")).utterances().get(0).text())
        .isEqualTo("fresh");
  }
}
