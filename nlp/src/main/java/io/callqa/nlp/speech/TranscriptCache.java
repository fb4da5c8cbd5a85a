package io.callqa.nlp.speech;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.Checksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Transcripts kept in a folder by speech model and audio checksum: the same audio recognised again
 * by the same model (a warehouse rebuilt from its landing zone, a test fixture built again) is read
 * back instead of being recognised a second time. Vosk gives the same words for the same audio and
 * a model that does not dither ({@link SpeechModel#dithers}), so a hit is the result recognition
 * would give (for one that dithers, one of the results it gives); the key is the model's id ({@code
 * name@version}) and the SHA-256 of the recording's bytes, so a new model or a changed file misses.
 * Only complete transcriptions are kept (not skipped or failed ones). Safe for several processes:
 * each entry is written to a temporary file and moved into place.
 *
 * <p>The entries hold the recognised words <em>before</em> masking (masking is the transcribe
 * stage's, applied to whatever this returns), so a read-out card number is in them as it is in the
 * recording: folders are created owner-only ({@code rwx------}) and entries {@code rw-------}, and
 * the folder needs the protection the landing zone's recordings have.
 */
public final class TranscriptCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private final Path dir;

  public TranscriptCache(Path dir) {
    this.dir = dir;
  }

  /** Creates the cache folder (owner-only) when it is missing. */
  public static TranscriptCache create(Path dir) throws IOException {
    ownerOnlyFolder(dir);
    return new TranscriptCache(dir);
  }

  private static void ownerOnlyFolder(Path d) throws IOException {
    if (Files.isDirectory(d)) {
      return;
    }
    if (d.getParent() != null) {
      Files.createDirectories(d.getParent());
    }
    try {
      Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process made it
    }
  }

  /** The entry's file for {@code modelId} and the recording's {@code audioSha256}. */
  Path entry(String modelId, String audioSha256) {
    String key =
        Checksums.sha256Hex((modelId + "\n" + audioSha256).getBytes(StandardCharsets.UTF_8));
    return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
  }

  /**
   * The transcription of {@code file} by {@code modelId} this folder holds, without recognising;
   * empty when it holds none (or the file or the entry cannot be read).
   */
  public java.util.Optional<Transcription> find(String modelId, Path file) {
    try {
      Path entry = entry(modelId, Checksums.sha256Hex(file));
      return Files.isRegularFile(entry)
          ? java.util.Optional.of(JSON.readValue(entry.toFile(), Transcription.class))
          : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The cached transcription of {@code file} by {@code modelId}, or the one {@code recognise}
   * gives, kept when it is complete.
   */
  public Transcription get(
      String modelId, Path file, java.util.function.Supplier<Transcription> recognise) {
    String audio;
    try {
      audio = Checksums.sha256Hex(file);
    } catch (IOException e) {
      // Unreadable: recognition reports it the way it always does.
      return recognise.get();
    }
    Path entry = entry(modelId, audio);
    if (Files.isRegularFile(entry)) {
      try {
        return JSON.readValue(entry.toFile(), Transcription.class);
      } catch (IOException damaged) {
        // A damaged entry is recognised again and replaced.
      }
    }
    Transcription t = recognise.get();
    if (t.status() == TranscriptionStatus.TRANSCRIBED) {
      put(entry, t);
    }
    return t;
  }

  private static void put(Path entry, Transcription t) {
    try {
      ownerOnlyFolder(entry.getParent());
      // createTempFile makes it rw------- on POSIX file systems.
      Path tmp = Files.createTempFile(entry.getParent(), ".entry-", ".tmp");
      JSON.writeValue(tmp.toFile(), t);
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the transcript cache entry " + entry, e);
    }
  }
}
