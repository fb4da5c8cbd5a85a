package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.samples.LandingGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slices of a file read to the same records, line numbers and raw text as the whole file. */
class CsvSlicesTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** Pieces that exercise every rule of CsvRecords: quotes, escapes, CR, blank lines, bad bytes. */
  static final byte[][] PIECES = {
    "a".getBytes(StandardCharsets.UTF_8),
    "中".getBytes(StandardCharsets.UTF_8),
    {'"'},
    {'"', '"'},
    {','},
    {'\n'},
    {'\r', '\n'},
    {'\r'},
    {' '},
    {(byte) 0xC3},
    {(byte) 0xEF, (byte) 0xBB},
  };

  static byte[] randomFile(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bom = rnd.nextInt(4);
    if (bom == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    } else if (bom == 1) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, '"'});
    }
    int n = rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      out.writeBytes(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return out.toByteArray();
  }

  /** The records of every slice, each read as an executor reads it, one after the other. */
  static List<CsvRecord> readSliced(byte[] file, List<CsvSlices.Slice> slices) {
    List<CsvRecord> out = new ArrayList<>();
    for (CsvSlices.Slice s : slices) {
      byte[] part = Arrays.copyOfRange(file, (int) s.start(), (int) s.end());
      new CsvRecords(part, s.linesBefore()).forEachRemaining(out::add);
    }
    return out;
  }

  static List<CsvSlices.Slice> cut(byte[] file, int sliceBytes) throws IOException {
    return CsvSlices.cut(new ByteArrayInputStream(file), file.length, sliceBytes);
  }

  @Test
  void randomFilesReadTheSameInSlicesOfEverySize() throws IOException {
    Random rnd = new Random(20261203);
    int sliced = 0;
    for (int f = 0; f < 3000; f++) {
      byte[] file = randomFile(rnd);
      List<CsvRecord> whole = CsvRecords.readAll(file);
      for (int size = 1; size <= 9; size++) {
        List<CsvSlices.Slice> slices = cut(file, size);
        assertThat(slices.get(0).start()).isZero();
        assertThat(slices.get(slices.size() - 1).end()).isEqualTo(file.length);
        assertThat(readSliced(file, slices))
            .as("file %s, slices of %d: %s", Arrays.toString(file), size, slices)
            .isEqualTo(whole);
        if (slices.size() > 1) {
          sliced++;
          // A later slice reads its columns from the header bytes it carries.
          assertThat(new CsvRecords(slices.get(1).header()).next()).isEqualTo(whole.get(0));
        }
      }
    }
    assertThat(sliced).as("files that were cut at least once").isGreaterThan(5000);
  }

  @Test
  void aSmallFileOrOneWithoutACutIsOneSlice() throws IOException {
    byte[] small = "h1,h2\n1,2\n".getBytes(StandardCharsets.UTF_8);
    assertThat(cut(small, 1 << 20)).containsExactly(new CsvSlices.Slice(0, small.length, 0, null));
    // An unterminated quote on line 2 runs to the end: nothing after it is cut.
    byte[] open = "h1,h2\n1,\"open\n2,3\n4,5\n6,7\n".getBytes(StandardCharsets.UTF_8);
    assertThat(cut(open, 8)).hasSize(1);
  }

  @Test
  void generatedCallsParseToTheSameRowsAndRejectsInSlices(@TempDir Path dir) throws IOException {
    LandingGenerator.generate(
        new LandingGenerator.Options(dir, LocalDate.of(2026, 3, 2), 1, 3000, 11L, ZONE), s -> {});
    for (LandingKind kind : List.of(LandingKind.CALLS, LandingKind.SURVEYS)) {
      Path file;
      try (var s = Files.list(dir.resolve(kind.folder()))) {
        file = s.sorted().findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(file);
      List<String> whole = new ArrayList<>();
      LandingFileParser.parse(kind, "f.csv", "sha", bytes, ZONE, "run")
          .forEachRemaining(p -> whole.add(String.valueOf(p)));
      List<CsvSlices.Slice> slices = cut(bytes, 4 << 10);
      assertThat(slices).hasSizeGreaterThan(3);
      List<String> sliced = new ArrayList<>();
      for (CsvSlices.Slice s : slices) {
        byte[] part = Arrays.copyOfRange(bytes, (int) s.start(), (int) s.end());
        LandingFileParser.parse(kind, "f.csv", "sha", s, part, ZONE, "run")
            .forEachRemaining(p -> sliced.add(String.valueOf(p)));
      }
      assertThat(sliced).as(kind.folder()).isEqualTo(whole);
      assertThat(whole).as("rejects among them").anyMatch(p -> p.contains("reject=["));
    }
  }
}
