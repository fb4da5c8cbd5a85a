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
    Path landing = demo.getParent().resolve("landing");
    Path single = tablesOf(demo, scratch.resolve("single"));
    Path sharded = tablesOf(demo, scratch.resolve("sharded"));
    CallqaConfig c = CallqaConfig.defaults();

    IndexJob.Summary one =
        IndexJob.run(
            new Warehouse(spark, single), c.with(ConfigKey.INDEX_SHARDS, "1"), landing, p -> {});
    IndexJob.Summary three =
        IndexJob.run(
            new Warehouse(spark, sharded), c.with(ConfigKey.INDEX_SHARDS, "3"), landing, p -> {});

    assertThat(one.conversations()).isGreaterThan(50);
    assertThat(three.conversations()).isEqualTo(one.conversations());
    assertThat(three.added()).isEqualTo(one.added());
    assertThat(WarehouseComparison.search(single, sharded, p -> {})).isEmpty();
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
            new Warehouse(spark, sharded), c.with(ConfigKey.INDEX_SHARDS, "3"), landing, p -> {});
    assertThat(again.upToDate()).isTrue();
    assertThat(WarehouseComparison.search(demo, sharded, p -> {})).isEmpty();
  }

  @Test
  void aChangedConversationIsReplacedAndAVanishedOneDeleted() throws Exception {
    Path demo = DemoWarehouse.get(spark);
    Path landing = demo.getParent().resolve("landing");
    Path wh = tablesOf(demo, scratch.resolve("incremental"));
    CallqaConfig c = CallqaConfig.defaults().with(ConfigKey.INDEX_SHARDS, "2");
    IndexJob.Summary first = IndexJob.run(new Warehouse(spark, wh), c, landing, p -> {});
    // Another landing folder changes every call's recording path, so every call is updated, not
    // added.
    IndexJob.Summary moved =
        IndexJob.run(new Warehouse(spark, wh), c, landing.resolve("elsewhere"), p -> {});
    assertThat(moved.upToDate()).isFalse();
    assertThat(moved.updated()).isEqualTo(12);
    assertThat(moved.added()).isZero();
    assertThat(moved.conversations()).isEqualTo(first.conversations());
    try (var s =
        io.callqa.nlp.index.TranscriptSearcher.open(
            io.callqa.nlp.index.TranscriptIndex.dirUnder(wh),
            io.callqa.nlp.index.TranscriptSearcher.Snippets.PLAIN)) {
      assertThat(s.size()).isEqualTo((int) first.conversations());
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
