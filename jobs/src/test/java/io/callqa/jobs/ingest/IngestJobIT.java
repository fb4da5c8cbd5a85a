package io.callqa.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.landing.LandingKind;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.IngestedFiles;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.TicketEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ingest of the hand-written landing zone in {@code src/test/resources/landing-small}. The tests
 * that change the warehouse run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestJobIT extends SparkTestBase {
  Path landing;
  Warehouse wh;
  IngestSummary first;
  final CallqaConfig config = CallqaConfig.defaults();
  final List<String> progress = new ArrayList<>();

  @BeforeAll
  void ingestOnce() throws IOException {
    landing = scratch.resolve("landing");
    copyTree(Path.of("src/test/resources/landing-small"), landing);
    wh = new Warehouse(spark, scratch.resolve("warehouse"));
    first = IngestJob.run(wh, IngestSettings.of(config), landing, progress::add);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private IngestSummary.FileCounts counts(IngestSummary s, String file) {
    return s.files().stream().filter(f -> f.sourceFile().equals(file)).findFirst().orElseThrow();
  }

  @Test
  @Order(0)
  void everyRecordReadIsAcceptedOrRejectedPerFile() {
    assertThat(counts(first, "calls/calls-20260302-1.csv"))
        .isEqualTo(new IngestSummary.FileCounts("calls/calls-20260302-1.csv", "calls", 6, 3, 3));
    assertThat(counts(first, "calls/calls-20260302-2.csv").accepted()).isEqualTo(2);
    assertThat(counts(first, "surveys/surveys-20260302-1.csv"))
        .isEqualTo(
            new IngestSummary.FileCounts("surveys/surveys-20260302-1.csv", "surveys", 3, 2, 1));
    assertThat(counts(first, "surveys/surveys-20260303-1.csv").rejected()).isEqualTo(1);
    assertThat(counts(first, "tickets/tickets-20260302-1.csv").read())
        .as("a quoted newline is one record")
        .isEqualTo(3);
    assertThat(first.files())
        .allSatisfy(f -> assertThat(f.read()).isEqualTo(f.accepted() + f.rejected()));

    List<Row> files =
        wh.read(IngestedFiles.SPEC).orderBy(IngestedFiles.SOURCE_FILE).collectAsList();
    assertThat(files).hasSize(5);
    assertThat(files.get(0).<String>getAs(IngestedFiles.SHA256)).hasSize(64);
    assertThat(files.get(0).<Long>getAs(IngestedFiles.ROWS_REJECTED)).isEqualTo(3L);
  }

  @Test
  @Order(0)
  void rejectsKeepFileLineRawTextAndReason() {
    Map<String, String> byPlace = new LinkedHashMap<>();
    for (Row r : wh.read(Rejects.SPEC).orderBy(Rejects.SOURCE_FILE, Rejects.LINE).collectAsList()) {
      byPlace.put(
          r.<String>getAs(Rejects.SOURCE_FILE) + ":" + r.<Long>getAs(Rejects.LINE),
          r.<String>getAs(Rejects.REASON) + " | " + r.<String>getAs(Rejects.RAW));
    }
    assertThat(byPlace).hasSize(5);
    assertThat(byPlace.get("calls/calls-20260302-1.csv:5"))
        .contains("'2026-03-02 10:00:00'")
        .contains("bad-ts,");
    assertThat(byPlace.get("calls/calls-20260302-1.csv:6")).contains("segment").contains("'GOLD'");
    assertThat(byPlace.get("calls/calls-20260302-1.csv:7"))
        .contains("expected 21 columns")
        .endsWith("| short,row");
    assertThat(byPlace.get("surveys/surveys-20260302-1.csv:3")).contains("csat").contains("7");
    assertThat(byPlace.get("surveys/surveys-20260303-1.csv:2"))
        .contains("file header lacks column(s) completed_at");
  }

  @Test
  @Order(0)
  void latestDeliveryWinsAndDuplicatesCollapse() {
    List<Row> calls = wh.read(Calls.SPEC).orderBy(Calls.CALL_ID).collectAsList();
    assertThat(calls)
        .extracting(r -> r.<String>getAs(Calls.CALL_ID))
        .containsExactly("c1", "c2", "c3", "c4");
    Row c1 = calls.get(0);
    assertThat(c1.<Integer>getAs(Calls.ACW_S)).isEqualTo(45);
    assertThat(c1.<String>getAs(Calls.DISPOSITION)).isEqualTo("DISPUTE_CORRECTED");
    assertThat(c1.<String>getAs(io.callqa.warehouse.tables.Lineage.SOURCE_FILE))
        .isEqualTo("calls/calls-20260302-2.csv");
    Row c2Survey = wh.read(Surveys.SPEC).filter("call_id = 'c2'").head();
    assertThat(c2Survey.<Object>getAs(Surveys.COMPLETED_AT)).isNull();
    List<Row> events = wh.read(TicketEvents.SPEC).orderBy(TicketEvents.EVENT_AT).collectAsList();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).<String>getAs(TicketEvents.TEXT))
        .isEqualTo("客户投诉年费, 卡号 **** **** **** 7890\n要求退还");
    assertThat(first.firstChangedDay()).contains(LocalDate.of(2026, 3, 2));
    assertThat(first.lastChangedDay()).contains(LocalDate.of(2026, 3, 3));
  }

  @Test
  @Order(1)
  void reRunningTheSameLandingZoneWritesNothing() {
    Map<String, Long> before = versions();
    // Nothing new is found from ingested_files alone, listed by Delta Kernel: no Spark job of
    // Delta's (rebuilding a log's state, filtering its files), which made the first seconds of
    // every run.
    JobsOf<IngestSummary> run =
        jobsOf(() -> IngestJob.run(wh, IngestSettings.of(config), landing, s -> {}));
    IngestSummary again = run.result();
    assertThat(again.files()).isEmpty();
    assertThat(again.unchangedFiles()).isEqualTo(5);
    assertThat(again.firstChangedDay()).isEmpty();
    assertThat(versions()).isEqualTo(before);
    assertThat(run.jobs()).isNotEmpty().noneMatch(d -> d.contains("Delta"));
  }

  @Test
  @Order(2)
  void aNewFileIsTheOnlyOneRead() throws IOException {
    IngestSummary s =
        ingestOneMoreCallsFile(
            "calls-20260304-1.csv",
            lines ->
                List.of(
                    lines.get(0),
                    lines.get(2).replace("c4,", "c5,").replace("2026-03-03", "2026-03-04")));
    assertThat(s.firstChangedDay()).contains(LocalDate.of(2026, 3, 4));
    assertThat(wh.read(Calls.SPEC).count()).isEqualTo(5);
    // No stored call has its key: appended, not merged.
    assertThat(newestOperation(Calls.SPEC)).isEqualTo("WRITE");
  }

  /**
   * A later run's delivery of a stored call replaces it (a MERGE) and a new call beside it is
   * inserted; the changed days are the re-delivered call's.
   */
  @Test
  @Order(3)
  void aLaterRedeliveryOfAStoredCallReplacesIt() throws IOException {
    long count = wh.read(Calls.SPEC).count();
    IngestSummary s =
        ingestOneMoreCallsFile(
            "calls-20260305-1.csv",
            lines ->
                List.of(
                    lines.get(0),
                    lines.get(1).replace("DISPUTE_CORRECTED", "DISPUTE_RECHECKED"),
                    lines.get(2).replace("c4,", "c6,")));
    assertThat(wh.read(Calls.SPEC).count()).isEqualTo(count + 1);
    Row c1 = wh.read(Calls.SPEC).filter("call_id = 'c1'").head();
    assertThat(c1.<String>getAs(Calls.DISPOSITION)).isEqualTo("DISPUTE_RECHECKED");
    assertThat(c1.<String>getAs(io.callqa.warehouse.tables.Lineage.SOURCE_FILE))
        .isEqualTo("calls/calls-20260305-1.csv");
    assertThat(s.firstChangedDay()).contains(LocalDate.of(2026, 3, 2));
    assertThat(newestOperation(Calls.SPEC)).isEqualTo("MERGE");
  }

  /**
   * Writes {@code calls/<name>} with the lines {@code edit} makes of {@code calls-20260302-2.csv}'s
   * (header first), ingests, checks that file alone was read, and removes it again.
   */
  private IngestSummary ingestOneMoreCallsFile(
      String name, java.util.function.UnaryOperator<List<String>> edit) throws IOException {
    Path extra = landing.resolve("calls").resolve(name);
    Files.write(
        extra, edit.apply(Files.readAllLines(landing.resolve("calls/calls-20260302-2.csv"))));
    try {
      IngestSummary s = IngestJob.run(wh, IngestSettings.of(config), landing, t -> {});
      assertThat(s.files())
          .extracting(IngestSummary.FileCounts::sourceFile)
          .containsExactly("calls/" + name);
      return s;
    } finally {
      Files.delete(extra);
    }
  }

  /** The operation of the table's newest commit, from Delta's own history. */
  private String newestOperation(TableSpec table) {
    return io.delta.tables.DeltaTable.forPath(spark, wh.path(table).toString())
        .history(1)
        .head()
        .getAs("operation");
  }

  @Test
  @Order(0)
  void filesReadInSlicesGiveTheSameRowsAndRejects() throws IOException {
    // Every CSV file of the small landing zone cut into slices of about 80 bytes (7 for one).
    int before = IngestJob.sliceBytes;
    IngestJob.sliceBytes = 80;
    Warehouse sliced = new Warehouse(spark, scratch.resolve("warehouse-sliced"));
    try {
      IngestSummary s = IngestJob.run(sliced, IngestSettings.of(config), landing, t -> {});
      assertThat(s.files()).isEqualTo(first.files());
      Path calls = landing.resolve("calls/calls-20260302-1.csv");
      assertThat(
              IngestJob.parts(
                  new LandingFile(
                      LandingKind.CALLS,
                      "calls/calls-20260302-1.csv",
                      calls.toString(),
                      "",
                      Files.size(calls))))
          .hasSizeGreaterThan(5);
    } finally {
      IngestJob.sliceBytes = before;
    }
    for (TableSpec t : List.of(Calls.SPEC, Surveys.SPEC, TicketEvents.SPEC, Rejects.SPEC)) {
      Dataset<Row> a = wh.read(t).drop("ingest_run");
      Dataset<Row> b = sliced.read(t).drop("ingest_run");
      assertThat(b.exceptAll(a).count() + a.exceptAll(b).count()).as(t.name()).isZero();
      assertThat(b.count()).as(t.name()).isEqualTo(a.count()).isPositive();
    }
  }

  @Test
  void aMissingLandingFolderIsAClearError() {
    assertThatThrownBy(
            () -> IngestJob.run(wh, IngestSettings.of(config), scratch.resolve("nope"), s -> {}))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("landing folder")
        .hasMessageContaining("nope")
        .hasMessageContaining("does not exist");
  }

  private Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      v.put(t.name(), wh.version(t));
    }
    return v;
  }
}
