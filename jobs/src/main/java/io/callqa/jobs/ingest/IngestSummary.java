package io.callqa.jobs.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What an ingest run did.
 *
 * @param files per-file counts of the files read in this run (read = accepted + rejected)
 * @param unchangedFiles files skipped because the same path and checksum were ingested before
 * @param unreadableFiles files that could not be read at all (each also has a row in {@code
 *     rejects})
 * @param firstChangedDay earliest local day whose calls or surveys changed, if any
 * @param lastChangedDay latest such day
 * @param phaseSeconds wall seconds per phase of the run (listing and checksums, reading and
 *     parsing, latest per key, each MERGE, the commits), summed over feeds, in the order met; the
 *     feeds run at once, so a phase's sum over them can exceed the wall time it took
 */
public record IngestSummary(
    List<FileCounts> files,
    int unchangedFiles,
    int unreadableFiles,
    Optional<LocalDate> firstChangedDay,
    Optional<LocalDate> lastChangedDay,
    java.util.Map<String, Double> phaseSeconds) {

  /** Counts for one file. */
  public record FileCounts(
      String sourceFile, String target, long read, long accepted, long rejected) {}

  public long read() {
    return files.stream().mapToLong(FileCounts::read).sum();
  }

  public long accepted() {
    return files.stream().mapToLong(FileCounts::accepted).sum();
  }

  public long rejected() {
    return files.stream().mapToLong(FileCounts::rejected).sum();
  }
}
