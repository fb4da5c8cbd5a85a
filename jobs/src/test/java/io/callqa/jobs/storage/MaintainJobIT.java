package io.callqa.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.ingest.IngestJob;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object-storage settings and table maintenance on a local folder standing in for S3: ingest
 * commits through Delta's S3 single-writer log store when {@code
 * storage.log-store=s3-single-writer} names the {@code file} scheme, and {@code maintain} compacts,
 * keeps every row and keeps time travel to the first version, and changes nothing when run again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintainJobIT {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  @TempDir static Path dir;
  SparkSession spark;
  CallqaConfig config;
  Warehouse wh;

  @BeforeAll
  void buildWarehouse() {
    config =
        CallqaConfig.load(
            null,
            Map.of(
                "storage.log-store",
                "s3-single-writer",
                "storage.log-store.schemes",
                "file",
                "speech.enabled",
                "false",
                "report.enabled",
                "false"));
    spark = SparkSessions.getOrCreate("local[2]", 2, ZONE, StorageSettings.sparkConf(config));
    Path landing = dir.resolve("landing");
    // Two deliveries, one ingest each: the second appends small files to the tables.
    LandingGenerator.generate(
        new LandingGenerator.Options(landing, LocalDate.of(2026, 3, 2), 2, 400, 5L, ZONE), p -> {});
    wh = new Warehouse(spark, dir.resolve("warehouse"));
    IngestJob.run(wh, IngestSettings.of(config), landing, p -> {});
    LandingGenerator.generate(
        new LandingGenerator.Options(
            dir.resolve("more"), LocalDate.of(2026, 3, 4), 2, 400, 6L, ZONE),
        p -> {});
    try (var files = Files.walk(dir.resolve("more"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = landing.resolve(dir.resolve("more").relativize(f));
        Files.createDirectories(to.getParent());
        if (!Files.exists(to)) {
          Files.copy(f, to);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    IngestJob.run(wh, IngestSettings.of(config), landing, p -> {});
  }

  @AfterAll
  void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Test
  @Order(1)
  void theConfiguredLogStoreCommitsAndMaintenanceKeepsRowsAndHistory() {
    assertThat(MaintainJob.logStoreClass(wh, Calls.SPEC))
        .isEqualTo(StorageSettings.SINGLE_WRITER_CLASS);

    String calls = wh.path(Calls.SPEC).toString();
    long firstVersionRows =
        spark.read().format("delta").option("versionAsOf", 0).load(calls).count();
    Map<String, Long> rowsBefore = rowCounts();
    Map<String, Long> hashBefore = Map.of(Calls.SPEC.name(), callsHash());
    Map<String, Long> dataVersionsBefore = dataVersions();

    List<MaintainJob.TableResult> r = MaintainJob.run(wh, 30, true, p -> {});
    // Every table was created minutes ago: no file can be older than the window, so no VACUUM.
    assertThat(r).noneMatch(MaintainJob.TableResult::vacuumed);

    MaintainJob.TableResult c =
        r.stream().filter(t -> t.table().equals(Calls.SPEC.name())).findFirst().orElseThrow();
    assertThat(c.zorder()).containsExactly(Calls.CALL_ID);
    // Two batches appended small files to some tables; compaction leaves fewer, and never more
    // anywhere.
    assertThat(r.stream().mapToLong(MaintainJob.TableResult::filesAfter).sum())
        .isLessThan(r.stream().mapToLong(MaintainJob.TableResult::filesBefore).sum());
    for (MaintainJob.TableResult t : r) {
      assertThat(t.filesAfter()).as(t.table()).isLessThanOrEqualTo(t.filesBefore());
    }
    assertThat(rowCounts()).isEqualTo(rowsBefore);
    // Compaction commits new versions but changes no data: the stages that record the versions
    // they read (analyse, index, report) see the same inputs and are not run again.
    assertThat(wh.version(Calls.SPEC)).isGreaterThan(dataVersionsBefore.get(Calls.SPEC.name()));
    assertThat(dataVersions()).isEqualTo(dataVersionsBefore);
    assertThat(Map.of(Calls.SPEC.name(), callsHash())).isEqualTo(hashBefore);
    // VACUUM kept what the audit window needs: the first version still reads.
    assertThat(spark.read().format("delta").option("versionAsOf", 0).load(calls).count())
        .isEqualTo(firstVersionRows);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + calls + "`").head();
    Map<String, String> props = detail.getJavaMap(detail.fieldIndex("properties"));
    assertThat(props)
        .containsEntry("delta.logRetentionDuration", "interval 30 days")
        .containsEntry("delta.deletedFileRetentionDuration", "interval 30 days");

    // Again: nothing left to compact, no property to set, so no table gets a new version.
    List<MaintainJob.TableResult> again = MaintainJob.run(wh, 30, true, p -> {});
    for (MaintainJob.TableResult t : again) {
      assertThat(t.versionAfter()).as(t.table()).isEqualTo(t.versionBefore());
      assertThat(t.filesAfter()).as(t.table()).isEqualTo(t.filesBefore());
    }
  }

  /**
   * A table older than the window is vacuumed: a leftover of a failed write older than the window
   * goes, a younger one and the files the table or its recent history use stay; a table created
   * within the window is left alone.
   */
  @Test
  @Order(2)
  void vacuumDeletesOnlyUnusedFilesOlderThanTheWindowInTablesOlderThanIt() throws Exception {
    MaintainJob.run(wh, 30, true, p -> {});
    Path table = wh.path(Calls.SPEC).localPath();
    FileTime fortyDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(40)));
    List<Path> before;
    try (var files = Files.walk(table)) {
      before = files.filter(Files::isRegularFile).toList();
    }
    for (Path f : before) {
      Files.setLastModifiedTime(f, fortyDaysAgo);
    }
    String day =
        before.stream()
            .map(f -> table.relativize(f).toString())
            .filter(f -> f.startsWith(Calls.DAY + "="))
            .findFirst()
            .orElseThrow()
            .split("/")[0];
    Path oldLeftover =
        Files.writeString(
            table.resolve(day).resolve("part-00000-failed-write.snappy.parquet"), "x");
    Files.setLastModifiedTime(oldLeftover, fortyDaysAgo);
    Path youngLeftover =
        Files.writeString(
            table.resolve(day).resolve("part-00001-failed-write.snappy.parquet"), "x");
    Map<String, Long> rowsBefore = rowCounts();
    long firstVersionRows =
        spark.read().format("delta").option("versionAsOf", 0).load(table.toString()).count();

    List<MaintainJob.TableResult> r = MaintainJob.run(wh, 30, true, p -> {});

    for (MaintainJob.TableResult t : r) {
      assertThat(t.vacuumed()).as(t.table()).isEqualTo(t.table().equals(Calls.SPEC.name()));
    }
    assertThat(oldLeftover).doesNotExist();
    assertThat(youngLeftover).exists();
    // Every file of the table and of its history (compacted away today) is still there.
    assertThat(before).allMatch(Files::exists);
    assertThat(rowCounts()).isEqualTo(rowsBefore);
    assertThat(spark.read().format("delta").option("versionAsOf", 0).load(table.toString()).count())
        .isEqualTo(firstVersionRows);
  }

  @Test
  @Order(3)
  void settingsThatCannotWorkAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CallqaConfig.load(null, Map.of("storage.audit-window-days", "3")))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("storage.audit-window-days");
    assertThatThrownBy(() -> CallqaConfig.load(null, Map.of("storage.log-store", "s3-best-effort")))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("storage.log-store");
    CallqaConfig multi = CallqaConfig.load(null, Map.of("storage.log-store", "s3-multi-cluster"));
    assertThatThrownBy(() -> StorageSettings.sparkConf(multi))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining(StorageSettings.MULTI_CLUSTER_ARTIFACT);
    assertThat(StorageSettings.sparkConf(CallqaConfig.defaults())).isEmpty();
    assertThat(
            StorageSettings.sparkConf(
                CallqaConfig.load(null, Map.of("storage.log-store", "s3-single-writer"))))
        .containsEntry("spark.delta.logStore.s3a.impl", StorageSettings.SINGLE_WRITER_CLASS)
        .containsEntry("spark.delta.logStore.s3.impl", StorageSettings.SINGLE_WRITER_CLASS);
  }

  private Map<String, Long> dataVersions() {
    Map<String, Long> out = new HashMap<>();
    for (TableSpec t : Tables.ALL) {
      out.put(t.name(), wh.dataVersion(t));
    }
    return out;
  }

  private Map<String, Long> rowCounts() {
    Map<String, Long> out = new HashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (wh.exists(t)) {
        out.put(t.name(), wh.read(t).count());
      }
    }
    return out;
  }

  private long callsHash() {
    return wh.read(Calls.SPEC).selectExpr("sum(hash(*)) AS h").head().getLong(0);
  }
}
