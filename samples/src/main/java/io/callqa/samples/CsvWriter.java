package io.callqa.samples;

import io.callqa.warehouse.Csv;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 4180 CSV in UTF-8 under the table's column list: records by column name ({@link
 * #record}); {@link #row} by position only for the deliberately broken sample rows (a wrong column
 * count, a bad value), and raw bytes for broken encodings.
 */
final class CsvWriter implements Closeable {
  private final OutputStream out;
  private final List<String> header;
  private long rows;

  CsvWriter(Path file, List<String> header) throws IOException {
    this.header = header;
    Files.createDirectories(file.getParent());
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    row(header.toArray());
    rows = 0;
  }

  /** One record, its cells by column name (a column not given is empty; an unknown one fails). */
  void record(Map<String, ?> byColumn) throws IOException {
    for (String c : byColumn.keySet()) {
      if (!header.contains(c)) {
        throw new IllegalArgumentException("no column " + c + " in " + header);
      }
    }
    Object[] cells = new Object[header.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = byColumn.get(header.get(i));
    }
    row(cells);
  }

  void row(Object... cells) throws IOException {
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object c = cells[i];
      if (c == null) {
        continue;
      }
      sb.append(Csv.field(c.toString()));
    }
    sb.append('\n');
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    rows++;
  }

  /** A line written as given bytes, newline added: how a broken export looks. */
  void rawLine(byte[] bytes) throws IOException {
    out.write(bytes);
    out.write('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
