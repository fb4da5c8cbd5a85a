package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.tables.Calls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample generator's landing files, read by the ingest stage's own parsers. */
class GeneratedLandingTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  static LandingGenerator.Summary generate(Path out, long seed) {
    return LandingGenerator.generate(
        new LandingGenerator.Options(out, LocalDate.of(2026, 3, 2), 2, 3000, seed, ZONE), s -> {});
  }

  /** Parsed rows carry no schema: look columns up in the table's. */
  static Object cell(Row r, String column) {
    return r.get(Calls.SCHEMA.fieldIndex(column));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherData(@TempDir Path dir) throws IOException {
    LandingGenerator.Summary a = generate(dir.resolve("a"), 7);
    generate(dir.resolve("b"), 7);
    generate(dir.resolve("c"), 8);
    for (Path f : a.files()) {
      Path rel = dir.resolve("a").relativize(f);
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(rel)))
          .as("%s", rel)
          .isEqualTo(Files.readAllBytes(f));
    }
    Path calls = Path.of("calls", "calls-20260302-1.csv");
    assertThat(Files.readAllBytes(dir.resolve("c").resolve(calls)))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("a").resolve(calls)));
  }

  @Test
  void trafficLooksLikeACardHotlineAndCarriesBadAndCorrectedRows(@TempDir Path dir)
      throws IOException {
    LandingGenerator.Summary s = generate(dir, 42);
    Path file = dir.resolve("calls/calls-20260302-1.csv");
    List<Row> rows = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    LandingFileParser.parse(
            LandingKind.CALLS, "calls/x.csv", "-", Files.readAllBytes(file), ZONE, "t")
        .forEachRemaining(
            p -> {
              if (p.record() != null) {
                rows.add(p.record());
              } else {
                reasons.add(p.reject().getString(5));
              }
            });
    assertThat(reasons).hasSize(6);
    assertThat(String.join("\n", reasons))
        .contains("offset")
        .contains("unknown value 'INBND'")
        .contains("answered before queued")
        .contains("negative value")
        .contains("expected 21 columns")
        .contains("invalid UTF-8");

    Map<String, Integer> n = new HashMap<>();
    Map<String, Integer> customers = new HashMap<>();
    for (Row r : rows) {
      String dir1 = (String) cell(r, Calls.DIRECTION);
      n.merge(dir1, 1, Integer::sum);
      n.merge("site:" + cell(r, Calls.SITE), 1, Integer::sum);
      n.merge("lang:" + cell(r, Calls.LANGUAGE), 1, Integer::sum);
      n.merge("seg:" + cell(r, Calls.SEGMENT), 1, Integer::sum);
      if ("INBOUND".equals(dir1)) {
        n.merge("ivr:" + cell(r, Calls.IVR_OUTCOME), 1, Integer::sum);
        if (cell(r, Calls.QUEUE_START) != null && cell(r, Calls.ANSWERED_AT) == null) {
          n.merge("abandoned", 1, Integer::sum);
        }
        if (cell(r, Calls.CUSTOMER_ID) != null) {
          customers.merge((String) cell(r, Calls.CUSTOMER_ID), 1, Integer::sum);
        }
      }
    }
    int inbound = n.get("INBOUND");
    assertThat(inbound).isBetween(3000, 3500); // a Monday: 1.12 x 3000
    assertThat(n.get("OUTBOUND")).isPositive();
    assertThat(n.keySet())
        .contains("site:SHANGHAI", "site:CHENGDU", "site:WUHAN", "lang:en", "seg:VIP");
    assertThat(n.get("ivr:SELF_SERVICE") / (double) inbound).isBetween(0.35, 0.45);
    assertThat(n.get("abandoned")).isPositive();
    assertThat(customers.values()).as("repeat callers").anyMatch(c -> c > 1);

    assertThat(Files.exists(dir.resolve("calls/calls-20260302-2.csv")))
        .as("corrected re-delivery")
        .isTrue();
    assertThat(s.correctedRows()).isPositive();
    assertThat(s.ticketEvents()).isPositive();
    String tickets = Files.readString(dir.resolve("tickets/tickets-20260303-1.csv"));
    assertThat(tickets).contains("OPENED").contains("ACKNOWLEDGED");
    assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
        .as("Wuhan writes UTC, the others +08:00")
        .contains("Z,")
        .contains("+08:00");
  }
}
