package io.callqa.jobs.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.DemoWarehouse;
import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index built by Spark tasks in shards and merged answers every query exactly as the one-writer
 * build does: the same hits in the same order with the same scores, snippets and facet counts. Both
 * are built from the tables of the demo warehouse (linked, not copied) into folders of their own.
 */
class ShardedIndexIT extends SparkTestBase {

  @Test
  void shardsMergedEqualOneWriter() throws Exception {
    Path demo = DemoWarehouse.get(spark);
    Path single = tablesOf(demo, scratch.resolve("single"));
    Path sharded = tablesOf(demo, scratch.resolve("sharded"));
    CallqaConfig c = CallqaConfig.defaults();

    IndexJob.Summary one =
        IndexJob.run(
            new Warehouse(spark, single),
            IndexSettings.of(c.with(ConfigKey.INDEX_SHARDS, "1")),
            p -> {});
    IndexJob.Summary three =
        IndexJob.run(
            new Warehouse(spark, sharded),
            IndexSettings.of(c.with(ConfigKey.INDEX_SHARDS, "3")),
            p -> {});

    assertThat(one.conversations()).isGreaterThan(50);
    assertThat(three.conversations()).isEqualTo(one.conversations());
    assertThat(three.added()).isEqualTo(one.added());
    assertThat(WarehouseComparison.search(single, sharded, p -> {})).isEmpty();
    // A recorded call's audio is its redacted copy under the warehouse, never the original.
    int named = 0;
    try (var s =
        io.callqa.nlp.index.TranscriptSearcher.open(
            io.callqa.nlp.index.TranscriptIndex.dirUnder(single),
            io.callqa.nlp.index.TranscriptSearcher.Snippets.PLAIN)) {
      for (org.apache.spark.sql.Row r :
          new Warehouse(spark, demo)
              .read(io.callqa.warehouse.tables.TranscriptionRuns.SPEC)
              .filter("status = 'TRANSCRIBED'")
              .collectAsList()) {
        var conv = s.conversation(r.getAs("call_id")).orElseThrow();
        assertThat(conv.recording())
            .isEqualTo(
                single.toAbsolutePath().resolve(r.<String>getAs("redacted_recording")).toString());
        assertThat(io.callqa.warehouse.storage.RedactedRecordings.isRedactedCopy(conv.recording()))
            .isTrue();
        assertThat(demo.resolve(r.<String>getAs("redacted_recording"))).exists();
        assertThat(conv.facts())
            .containsKey("audio_silenced_spans")
            .doesNotContainKey("audio_note");
        named++;
      }
    }
    assertThat(named).isEqualTo(12);
    // No shard folder is left behind.
    assertThat(Files.exists(sharded.resolve("_staging")))
        .satisfiesAnyOf(
            e -> assertThat(e).isFalse(),
            e -> assertThat(Files.list(sharded.resolve("_staging")).toList()).isEmpty());

    // Incremental: a second sharded run over unchanged tables writes nothing; the demo's own
    // (sharded by
    // default) index answers the same.
    IndexJob.Summary again =
        IndexJob.run(
            new Warehouse(spark, sharded),
            IndexSettings.of(c.with(ConfigKey.INDEX_SHARDS, "3")),
            p -> {});
    assertThat(again.upToDate()).isTrue();
    assertThat(WarehouseComparison.search(demo, sharded, p -> {})).isEmpty();
  }

  @Test
  void aChangedConversationIsReplacedAndAVanishedOneDeleted() throws Exception {
    Path demo = DemoWarehouse.get(spark);
    Path wh = tablesOf(demo, scratch.resolve("incremental"));
    CallqaConfig c = CallqaConfig.defaults().with(ConfigKey.INDEX_SHARDS, "2");
    IndexJob.Summary first = IndexJob.run(new Warehouse(spark, wh), IndexSettings.of(c), p -> {});
    // The same warehouse in another folder, its index copied along: every recorded call's audio
    // (its redacted copy under the warehouse) is named again, so those calls are updated, not
    // added.
    Path movedWh = tablesOf(demo, scratch.resolve("incremental-moved"));
    copyTree(
        io.callqa.nlp.index.TranscriptIndex.dirUnder(wh),
        io.callqa.nlp.index.TranscriptIndex.dirUnder(movedWh));
    IndexJob.Summary moved =
        IndexJob.run(new Warehouse(spark, movedWh), IndexSettings.of(c), p -> {});
    assertThat(moved.upToDate()).isFalse();
    assertThat(moved.updated()).isEqualTo(12);
    assertThat(moved.added()).isZero();
    assertThat(moved.conversations()).isEqualTo(first.conversations());
    wh = movedWh;
    try (var s =
        io.callqa.nlp.index.TranscriptSearcher.open(
            io.callqa.nlp.index.TranscriptIndex.dirUnder(wh),
            io.callqa.nlp.index.TranscriptSearcher.Snippets.PLAIN)) {
      assertThat(s.size()).isEqualTo((int) first.conversations());
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** A warehouse folder whose tables are links to {@code demo}'s, with no index of its own. */
  private static Path tablesOf(Path demo, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<TableSpec> all = Tables.ALL;
    for (TableSpec t : all) {
      Path table = demo.resolve(t.name());
      if (Files.isDirectory(table)) {
        Files.createSymbolicLink(dir.resolve(t.name()), table);
      }
    }
    return dir;
  }
}
