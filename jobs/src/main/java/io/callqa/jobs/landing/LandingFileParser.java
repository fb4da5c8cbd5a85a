package io.callqa.jobs.landing;

import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.RowBuilder;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Turns the bytes of one landing file into table rows and rejects, lazily, record by record. Needs
 * no Spark context, so it runs inside executors and in plain tests.
 *
 * <p>Guarantees: every record after the header yields exactly one {@link Parsed} (a row or a
 * reject), so rows read = accepted + rejected. A header that lacks a required column rejects every
 * record of the file with that reason (nothing is dropped). An empty file yields a single
 * file-level reject at line 0.
 */
public final class LandingFileParser {

  /**
   * One outcome: exactly one of {@code record} (in the table's schema) and {@code reject} is
   * non-null.
   */
  public record Parsed(Row record, Row reject) {}

  private LandingFileParser() {}

  public static Iterator<Parsed> parse(
      LandingKind kind, String sourceFile, String sha256, byte[] bytes, ZoneId zone, String runId) {
    if (kind == LandingKind.CHATS) {
      return ChatLines.parse(sourceFile, sha256, bytes, zone, runId);
    }
    return parse(
        kind,
        sourceFile,
        sha256,
        new CsvSlices.Slice(0, bytes.length, 0, null),
        bytes,
        zone,
        runId);
  }

  /**
   * As {@link #parse(LandingKind, String, String, byte[], ZoneId, String)}, for one slice of a CSV
   * file ({@link CsvSlices}): {@code bytes} are the slice's; a slice after the first reads its
   * columns from the header bytes it carries, and its records keep the file's line numbers.
   */
  public static Iterator<Parsed> parse(
      LandingKind kind,
      String sourceFile,
      String sha256,
      CsvSlices.Slice slice,
      byte[] bytes,
      ZoneId zone,
      String runId) {
    if (kind == LandingKind.CHATS) {
      throw new IllegalArgumentException("chats are JSON lines, read whole by ChatLines");
    }
    CsvRecords records = new CsvRecords(bytes, slice.linesBefore());
    CsvRecord header;
    if (slice.header() != null) {
      header = new CsvRecords(slice.header()).next();
    } else if (records.hasNext()) {
      header = records.next();
    } else {
      Row reject =
          Rejects.row(
              sourceFile, sha256, 0L, kind.table().name(), "", "empty file: no header row", runId);
      return List.of(new Parsed(null, reject)).iterator();
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      index.put(header.fields().get(i).trim().toLowerCase(Locale.ROOT), i);
    }
    List<String> missing = new ArrayList<>();
    for (String c : kind.csvColumns()) {
      if (!index.containsKey(c)) {
        missing.add(c);
      }
    }
    String fileProblem =
        header.encodingError() != null
            ? "file header: " + header.encodingError()
            : missing.isEmpty()
                ? null
                : "file header lacks column(s) "
                    + String.join(", ", missing)
                    + "; expected "
                    + String.join(",", kind.csvColumns());
    int width = header.fields().size();

    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Parsed next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        CsvRecord r = records.next();
        try {
          if (fileProblem != null) {
            throw new RejectException(fileProblem);
          }
          if (r.encodingError() != null) {
            throw new RejectException(r.encodingError());
          }
          if (r.fields().size() != width) {
            throw new RejectException(
                "expected " + width + " columns as in the header, found " + r.fields().size());
          }
          Fields f = new Fields(index, r.fields());
          RowBuilder row =
              switch (kind) {
                case CALLS -> RecordParsers.call(f, zone);
                case SURVEYS -> RecordParsers.survey(f);
                case TICKETS -> RecordParsers.ticketEvent(f, zone);
                case CHATS ->
                    throw new IllegalStateException("chats are JSON lines, parsed by ChatLines");
              };
          return new Parsed(Lineage.add(row, sourceFile, r.line(), runId).build(), null);
        } catch (RejectException e) {
          return new Parsed(
              null,
              Rejects.row(
                  sourceFile,
                  sha256,
                  r.line(),
                  kind.table().name(),
                  r.raw(),
                  e.getMessage(),
                  runId));
        }
      }
    };
  }

  /**
   * The column order of reject rows built here, checked against {@link Rejects#SCHEMA} by tests.
   */
  static final List<String> REJECT_ORDER =
      List.of(
          Rejects.SOURCE_FILE,
          Rejects.FILE_SHA256,
          Rejects.LINE,
          Rejects.TARGET,
          Rejects.RAW,
          Rejects.REASON,
          Rejects.INGEST_RUN);
}
