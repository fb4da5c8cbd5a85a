package io.callqa.jobs.landing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a CSV file into slices that start where a record starts, so that executors parse one file in
 * parallel and every record keeps the line number and raw text a whole-file parse gives it.
 *
 * <p>The scan follows {@link CsvRecords}' reading exactly, byte by byte (quotes, commas and line
 * feeds are single bytes in UTF-8, and invalid bytes never equal them): a double quote opens a
 * quoted field only at the start of a field that was not quoted before; inside quotes, two double
 * quotes are one and a line feed continues the record; any other line feed ends it. An unterminated
 * quote runs to the end of the file, so nothing after it is cut. A slice after the first carries
 * the bytes of the file's header record, which it needs to read its columns.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(file)) {
 *   List<CsvSlices.Slice> slices = CsvSlices.cut(in, Files.size(file), 8 << 20);
 * }
 * }</pre>
 */
public final class CsvSlices {
  private CsvSlices() {}

  /**
   * One slice: bytes {@code [start, end)} of the file, after {@code linesBefore} lines; {@code
   * header} is null for the first slice (which holds the header) and the header record's bytes for
   * the others.
   */
  public record Slice(long start, long end, long linesBefore, byte[] header)
      implements Serializable {}

  /**
   * Reads the file once and cuts it at the first record start at or after every {@code sliceBytes};
   * a file no larger than that, or whose first slice holds no record, is one slice.
   */
  public static List<Slice> cut(InputStream in, long size, int sliceBytes) throws IOException {
    List<Slice> slices = new ArrayList<>();
    if (size <= sliceBytes) {
      slices.add(new Slice(0, size, 0, null));
      return slices;
    }
    List<long[]> cuts = new ArrayList<>(); // {offset, lines before}
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long offset = 0;
    long lines = 0;
    long next = sliceBytes;
    boolean inQuotes = false;
    boolean quoteInQuotes = false; // a double quote inside quotes: closing, or the first of two
    boolean fieldEmpty = true;
    boolean wasQuoted = false;
    boolean bom = true; // still within a leading byte-order mark
    int n;
    while ((n = in.read(buf)) > 0) {
      if (cuts.isEmpty()) {
        first.write(buf, 0, n);
      }
      for (int i = 0; i < n; i++, offset++) {
        byte b = buf[i];
        if (bom) {
          if (offset < 3 && (b & 0xff) == (offset == 0 ? 0xEF : offset == 1 ? 0xBB : 0xBF)) {
            if (offset < 2) {
              continue;
            }
            bom = false;
            continue; // a whole mark: CsvRecords skips it, so the field is still empty
          }
          // Not a whole mark: the bytes seen so far are content (CsvRecords skips only all three).
          fieldEmpty = offset == 0;
          bom = false;
        }
        if (quoteInQuotes) {
          quoteInQuotes = false;
          if (b == '"') {
            continue; // two double quotes: one, still inside quotes
          }
          inQuotes = false;
        }
        if (inQuotes) {
          if (b == '"') {
            quoteInQuotes = true;
          } else if (b == '\n') {
            lines++;
          }
          continue;
        }
        if (b == '"') {
          if (fieldEmpty && !wasQuoted) {
            inQuotes = true;
            wasQuoted = true;
          } else {
            fieldEmpty = false;
          }
        } else if (b == ',') {
          fieldEmpty = true;
          wasQuoted = false;
        } else if (b == '\n') {
          lines++;
          fieldEmpty = true;
          wasQuoted = false;
          long start = offset + 1;
          if (start >= next && start < size) {
            cuts.add(new long[] {start, lines});
            next = start + sliceBytes;
          }
        } else {
          fieldEmpty = false; // a carriage return too: before a line feed the record ends anyway
        }
      }
    }
    if (cuts.isEmpty()) {
      slices.add(new Slice(0, size, 0, null));
      return slices;
    }
    byte[] firstSlice = Arrays.copyOf(first.toByteArray(), (int) cuts.get(0)[0]);
    CsvRecords records = new CsvRecords(firstSlice);
    if (!records.hasNext()) {
      slices.add(new Slice(0, size, 0, null));
      return slices;
    }
    records.next();
    byte[] header = Arrays.copyOf(firstSlice, records.position());
    long start = 0;
    long before = 0;
    for (long[] c : cuts) {
      slices.add(new Slice(start, c[0], before, start == 0 ? null : header));
      start = c[0];
      before = c[1];
    }
    slices.add(new Slice(start, size, before, header));
    return slices;
  }
}
