package io.callqa.jobs.landing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits a UTF-8 CSV file (RFC 4180: comma, double quotes, quoted newlines, LF or CRLF) into
 * records that remember the line they start on and their raw text.
 *
 * <p>Lines are decoded one by one with a strict decoder, so invalid UTF-8 spoils only the record it
 * sits in: that record carries an {@link CsvRecord#encodingError} and the rest of the file reads
 * on. A leading byte-order mark is skipped; blank lines outside quotes are skipped.
 */
public final class CsvRecords implements Iterator<CsvRecord> {
  private final byte[] bytes;
  private int pos;
  private long lineNo;
  private CsvRecord next;

  public CsvRecords(byte[] bytes) {
    this(bytes, 0);
  }

  /**
   * The records of a part of a file that starts where a record starts ({@link CsvSlices} finds such
   * places), after {@code linesBefore} lines of the file: line numbers go on from there, and a
   * byte-order mark is skipped only at the start of the file.
   */
  public CsvRecords(byte[] bytes, long linesBefore) {
    this.bytes = bytes;
    this.lineNo = linesBefore;
    this.pos =
        linesBefore == 0
                && bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF
            ? 3
            : 0;
  }

  /** All records of a file. */
  public static List<CsvRecord> readAll(byte[] bytes) {
    List<CsvRecord> out = new ArrayList<>();
    new CsvRecords(bytes).forEachRemaining(out::add);
    return out;
  }

  /** The offset just after the records returned so far (and the one looked ahead at). */
  public int position() {
    return pos;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public CsvRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CsvRecord r = next;
    next = null;
    return r;
  }

  private CsvRecord advance() {
    while (pos < bytes.length) {
      long start = lineNo + 1;
      List<String> fields = new ArrayList<>();
      StringBuilder raw = new StringBuilder();
      StringBuilder field = new StringBuilder();
      String encodingError = null;
      boolean inQuotes = false;
      boolean wasQuoted = false;
      boolean first = true;
      do {
        Line l = readLine();
        if (l.error != null && encodingError == null) {
          encodingError = "invalid UTF-8 on line " + lineNo + " (" + l.error + ")";
        }
        String text = l.text;
        if (!first) {
          raw.append('\n');
          field.append('\n');
        }
        first = false;
        raw.append(text);
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (inQuotes) {
            if (c == '"') {
              if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                i++;
              } else {
                inQuotes = false;
              }
            } else {
              field.append(c);
            }
          } else if (c == '"' && field.length() == 0 && !wasQuoted) {
            inQuotes = true;
            wasQuoted = true;
          } else if (c == ',') {
            fields.add(field.toString());
            field.setLength(0);
            wasQuoted = false;
          } else {
            field.append(c);
          }
        }
      } while (inQuotes && pos < bytes.length);
      if (inQuotes && encodingError == null) {
        encodingError = "unterminated quoted field starting on line " + start;
      }
      fields.add(field.toString());
      if (fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted && encodingError == null) {
        continue;
      }
      return new CsvRecord(start, List.copyOf(fields), raw.toString(), encodingError);
    }
    return null;
  }

  private record Line(String text, String error) {}

  private Line readLine() {
    int end = pos;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    int contentEnd = end > pos && bytes[end - 1] == '\r' ? end - 1 : end;
    ByteBuffer buf = ByteBuffer.wrap(bytes, pos, contentEnd - pos);
    pos = Math.min(end + 1, bytes.length);
    if (end == bytes.length) {
      pos = bytes.length;
    }
    lineNo++;
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = strict.decode(buf.duplicate());
      return new Line(chars.toString(), null);
    } catch (CharacterCodingException e) {
      String lenient = StandardCharsets.UTF_8.decode(buf).toString();
      return new Line(
          lenient,
          "byte sequence that is not UTF-8 near column " + (lenient.indexOf('\uFFFD') + 1));
    }
  }
}
