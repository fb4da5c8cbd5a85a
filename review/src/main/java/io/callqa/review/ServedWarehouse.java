package io.callqa.review;

import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.audio.DecodedAudio;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.RedactedRecordings;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What the review server reads and writes in a warehouse: the search index, the recordings and the
 * manual-score journal, in a local folder or on HDFS or S3.
 *
 * <p>A local warehouse is read in place (Lucene notices a new commit of {@code WAREHOUSE/index} by
 * itself) and scores are appended to {@code WAREHOUSE/manual-scores/review-page.jsonl}. A remote
 * one is served from a local copy of its latest index snapshot ({@link IndexSnapshots}, under the
 * cache folder); {@code index/LATEST} is read again every refresh interval and a newer snapshot is
 * fetched and swapped in while requests go on, the previous one closed 30 s later. Recordings are
 * read through Hadoop's file system into memory for decoding (no local copy). Scores are appended
 * to a local journal first (durable at once) and the whole file is then written to {@code
 * WAREHOUSE/manual-scores/review-page-HOST-KEY.jsonl} (one file per server host and cache folder,
 * so two servers never overwrite each other; one PUT on S3, which cannot append); an upload that
 * fails is retried at each refresh and with the next score, so a score is never asked for twice.
 */
final class ServedWarehouse implements Closeable {
  private final Location root;
  private final Path journal;
  private final Location journalTarget;
  private final Path cacheRoot;
  private final Consumer<String> log;
  private final Object lock = new Object();
  private volatile TranscriptSearcher searcher;
  private volatile String snapshot;
  private volatile boolean journalPending;
  private ScheduledExecutorService poller;

  private ServedWarehouse(
      Location root,
      TranscriptSearcher searcher,
      String snapshot,
      Path journal,
      Location journalTarget,
      Path cacheRoot,
      Consumer<String> log) {
    this.root = root;
    this.searcher = searcher;
    this.snapshot = snapshot;
    this.journal = journal;
    this.journalTarget = journalTarget;
    this.cacheRoot = cacheRoot;
    this.log = log;
  }

  /** A local warehouse, or a test's index and journal: read in place, nothing swapped. */
  static ServedWarehouse local(TranscriptSearcher searcher, Path scoreJournal) {
    return new ServedWarehouse(null, searcher, null, scoreJournal, null, null, line -> {});
  }

  /**
   * A warehouse on HDFS or S3: its latest index snapshot fetched under {@code cacheRoot}, checked
   * for a newer one every {@code refresh}.
   */
  static ServedWarehouse remote(
      Location warehouse, Path cacheRoot, Duration refresh, Consumer<String> log) {
    warehouse.checkReachable("warehouse");
    Path dir = IndexSnapshots.fetchLatest(warehouse, cacheRoot, log);
    if (dir == null) {
      throw new CallqaException(
          "the warehouse "
              + warehouse
              + " has no published index ("
              + IndexSnapshots.LATEST
              + " is missing); the index stage of './callqa run' publishes it");
    }
    Path folder = IndexSnapshots.localFolderOf(warehouse, cacheRoot);
    // One journal per host and cache folder: two servers on one host with their own caches do not
    // overwrite each other's file in the warehouse; a restart with the same cache continues it.
    Path local = folder.toAbsolutePath().resolve(ManualScoreJournal.DIR);
    String name =
        "review-page-"
            + hostName()
            + "-"
            + Integer.toHexString(local.toString().hashCode() & 0xffff | 0x10000).substring(1)
            + ".jsonl";
    Path journal = local.resolve(name);
    Location target = warehouse.resolve(ManualScoreJournal.DIR + "/" + name);
    ServedWarehouse w =
        new ServedWarehouse(
            warehouse,
            TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.HTML),
            dir.getFileName().toString(),
            journal,
            target,
            cacheRoot,
            log);
    w.reconcileJournal();
    w.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "callqa-index-refresh");
              t.setDaemon(true);
              return t;
            });
    long ms = refresh.toMillis();
    w.poller.scheduleWithFixedDelay(w::refresh, ms, ms, TimeUnit.MILLISECONDS);
    return w;
  }

  /** The searcher of the index being served now. */
  TranscriptSearcher searcher() {
    return searcher;
  }

  /** The id of the snapshot being served; null for a local warehouse. */
  String snapshot() {
    return snapshot;
  }

  /** Where the warehouse is, for the start-up line. */
  String describe() {
    return root == null ? "local index" : root + " (index snapshot " + snapshot + ")";
  }

  /** Whether the recording a conversation names is there to play (false when unreachable). */
  boolean hasRecording(String recording) {
    Location l = recordingLocation(recording);
    try {
      return l != null && l.size() >= 0;
    } catch (CallqaException e) {
      log.accept("serve: " + e.getMessage());
      return false;
    }
  }

  /** The recording decoded; null when it is not there. */
  DecodedAudio decode(String recording) throws BadAudioException {
    Location l = recordingLocation(recording);
    if (l == null) {
      return null;
    }
    if (l.isLocal()) {
      return Files.isRegularFile(l.localPath()) ? AudioDecoder.decode(l.localPath()) : null;
    }
    byte[] bytes = l.readAllBytesOrNull();
    return bytes == null ? null : AudioDecoder.decode(bytes, l.name());
  }

  /**
   * Where a conversation's audio is; null when there is none to play. Only a redacted copy is ever
   * played ({@link RedactedRecordings#isRedactedCopy}): an index that names anything else (an
   * original, from an index written before redaction) plays nothing.
   */
  private static Location recordingLocation(String recording) {
    if (recording == null || recording.isBlank() || !RedactedRecordings.isRedactedCopy(recording)) {
      return null;
    }
    try {
      return Location.parse("recording", recording);
    } catch (CallqaException e) {
      return null; // a scheme callqa does not serve: nothing to play
    }
  }

  /** Appends a manual score: to the local journal, then (remote) the journal in the warehouse. */
  void appendScore(ManualScoreJournal.Entry entry) {
    synchronized (lock) {
      ManualScoreJournal.append(journal, entry);
      if (journalTarget != null) {
        journalPending = true;
        uploadJournal();
      }
    }
  }

  private void uploadJournal() {
    try {
      journalTarget.write(Files.readAllBytes(journal));
      journalPending = false;
    } catch (IOException | RuntimeException e) {
      log.accept(
          "serve: the manual scores of "
              + journal
              + " are not in "
              + journalTarget
              + " yet ("
              + e.getMessage()
              + "); retried at the next refresh");
    }
  }

  /**
   * At start: the warehouse's copy of this host's journal is the record, unless the local one has
   * everything it has and more (scores whose upload failed before a restart), which is then sent.
   */
  private void reconcileJournal() {
    synchronized (lock) {
      byte[] remote = journalTarget.readAllBytesOrNull();
      try {
        Files.createDirectories(journal.getParent());
        byte[] local = Files.isRegularFile(journal) ? Files.readAllBytes(journal) : null;
        if (local != null && (remote == null || startsWith(local, remote))) {
          if (remote == null || local.length > remote.length) {
            journalPending = true;
            uploadJournal();
          }
          return;
        }
        if (local != null) {
          Path aside = journal.resolveSibling(journal.getFileName() + "." + Instant.now() + ".old");
          Files.move(journal, aside);
          log.accept(
              "serve: "
                  + journal
                  + " differs from "
                  + journalTarget
                  + "; kept as "
                  + aside
                  + " and the warehouse's copy taken");
        }
        if (remote != null) {
          Files.write(journal, remote);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the manual-score journal in " + journal, e);
      }
    }
  }

  private static boolean startsWith(byte[] all, byte[] prefix) {
    return all.length >= prefix.length
        && Arrays.equals(all, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** One refresh: a newer snapshot swapped in, a pending journal sent; failures are one line. */
  void refresh() {
    try {
      if (journalPending) {
        synchronized (lock) {
          uploadJournal();
        }
      }
      String latest = IndexSnapshots.latestId(root);
      if (latest == null || latest.equals(snapshot)) {
        return;
      }
      Path dir = IndexSnapshots.fetchLatest(root, cacheRoot, log);
      TranscriptSearcher next = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.HTML);
      TranscriptSearcher previous = searcher;
      String previousId = snapshot;
      searcher = next;
      snapshot = dir.getFileName().toString();
      log.accept(
          "serve: now serving index snapshot "
              + snapshot
              + " ("
              + next.size()
              + " conversations; was "
              + previousId
              + ")");
      // Requests that began on the previous searcher finish first.
      poller.schedule(() -> retire(previous, previousId), 30, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      log.accept("serve: still serving index snapshot " + snapshot + ": " + e.getMessage());
    }
  }

  /** Closes a replaced searcher and removes its fetched snapshot. */
  private void retire(TranscriptSearcher old, String oldId) {
    old.close();
    Path snapshots = IndexSnapshots.localFolderOf(root, cacheRoot).resolve("snapshots");
    try (Stream<Path> s = Files.list(snapshots)) {
      for (Path p : s.toList()) {
        String id = p.getFileName().toString();
        if (id.equals(oldId) && !id.equals(snapshot)) {
          LocalFolders.deleteTree(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.accept("serve: cannot remove old snapshots under " + snapshots + ": " + e.getMessage());
    }
  }

  private static String hostName() {
    String h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      h = "localhost";
    }
    String clean = h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return clean.isEmpty() ? "host" : clean;
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    searcher.close();
  }
}
