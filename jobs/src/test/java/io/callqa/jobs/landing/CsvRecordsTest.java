package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  private static List<CsvRecord> read(String s) {
    return CsvRecords.readAll(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsFieldsAndKeepsStartingLineOfMultilineRecords() {
    List<CsvRecord> r = read("a,b,c\n1,\"x, \"\"y\"\"\",3\r\n2,\"line one\nline two\",4\n5,,\n");
    assertThat(r).hasSize(4);
    assertThat(r.get(1).fields()).containsExactly("1", "x, \"y\"", "3");
    assertThat(r.get(1).line()).isEqualTo(2);
    assertThat(r.get(2).fields()).containsExactly("2", "line one\nline two", "4");
    assertThat(r.get(2).line()).isEqualTo(3);
    assertThat(r.get(2).raw()).isEqualTo("2,\"line one\nline two\",4");
    assertThat(r.get(3).line()).isEqualTo(5);
    assertThat(r.get(3).fields()).containsExactly("5", "", "");
  }

  @Test
  void skipsByteOrderMarkAndBlankLines() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "h1,h2\n\n1,2\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    List<CsvRecord> r = CsvRecords.readAll(all);
    assertThat(r).extracting(CsvRecord::line).containsExactly(1L, 3L);
    assertThat(r.get(0).fields()).containsExactly("h1", "h2");
  }

  @Test
  void invalidUtf8SpoilsOnlyItsOwnRecord() {
    byte[] a = "h\nok1\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'x', (byte) 0xC3, (byte) 0x28, '\n'};
    byte[] c = "ok2,中文\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + bad.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(bad, 0, all, a.length, bad.length);
    System.arraycopy(c, 0, all, a.length + bad.length, c.length);
    List<CsvRecord> r = CsvRecords.readAll(all);
    assertThat(r).hasSize(4);
    assertThat(r.get(1).encodingError()).isNull();
    assertThat(r.get(2).encodingError()).startsWith("invalid UTF-8 on line 3");
    assertThat(r.get(2).raw()).contains("\uFFFD");
    assertThat(r.get(3).fields()).containsExactly("ok2", "中文");
    assertThat(r.get(3).encodingError()).isNull();
  }

  @Test
  void unterminatedQuoteIsReportedNotSwallowedSilently() {
    List<CsvRecord> r = read("h1,h2\n1,\"never closed\n2,3\n");
    assertThat(r).hasSize(2);
    assertThat(r.get(1).encodingError()).contains("unterminated quoted field starting on line 2");
  }
}
