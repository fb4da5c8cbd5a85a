package io.callqa.jobs.index;

import static org.apache.spark.sql.functions.col;

import io.callqa.jobs.index.IndexJob.Summary;
import io.callqa.jobs.progress.StageProgress;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.IndexSchema;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.Complaints;
import io.callqa.warehouse.tables.RowBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The index built by the executors: each Spark task turns its partition of conversations into
 * Lucene documents and writes those new or changed since the last commit into a shard of its own
 * under {@code WAREHOUSE/_staging/index-RUN/}; the driver then deletes the changed and vanished
 * conversations from the index and adds the shards' segments as they are ({@link
 * TranscriptIndex#addShards}), and the caller commits once. A failed run leaves the previous index
 * whole; its shards are removed at the start of the next.
 *
 * <p>The fingerprints of the committed conversations reach the tasks by a join, not a broadcast, so
 * the driver never ships the whole index's ids to every executor. The shard folder must be on
 * storage both the executors and the driver see (the warehouse's).
 */
final class ShardedBuild {

  private static final String OLD_ID = "indexed_id";
  private static final String OLD_FINGERPRINT = "indexed_fingerprint";

  static final String STATUS_ID = "id";
  static final String STATUS = "status";
  static final String SHARD = "shard";

  private static Row status(String id, String status, String shard) {
    return RowBuilder.of("index status", STATUS_SCHEMA)
        .set(STATUS_ID, id)
        .set(STATUS, status)
        .set(SHARD, shard)
        .build();
  }

  static final StructType STATUS_SCHEMA =
      new StructType()
          .add(STATUS_ID, DataTypes.StringType, false)
          .add(STATUS, DataTypes.StringType, false)
          .add(SHARD, DataTypes.StringType, true);

  private static final StructType FINGERPRINT_SCHEMA =
      new StructType()
          .add(OLD_ID, DataTypes.StringType, false)
          .add(OLD_FINGERPRINT, DataTypes.StringType, false);

  /** Which of {@link IndexJob}'s row shapes a task converts. */
  enum Source {
    CALL(Calls.CALL_ID),
    CHAT(Chats.CONTACT_ID),
    COMPLAINT(Complaints.TICKET_ID);

    final String idColumn;

    Source(String idColumn) {
      this.idColumn = idColumn;
    }

    Conversation convert(Row r, String audioRoot) {
      return switch (this) {
        case CALL -> IndexJob.callConversation(r, audioRoot);
        case CHAT -> IndexJob.chatConversation(r);
        case COMPLAINT -> IndexJob.complaintConversation(r);
      };
    }
  }

  private ShardedBuild() {}

  static Summary run(
      Warehouse wh,
      IndexSettings config,
      String audioRoot,
      TranscriptIndex index,
      Map<String, String> before,
      int shards,
      Consumer<String> progress,
      long t0) {
    SparkSession spark = wh.spark();
    Location stagingRoot = wh.root().resolve("_staging");
    removeEarlierShards(stagingRoot);
    String runId =
        "index-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .format(Instant.now().atOffset(ZoneOffset.UTC));
    Location staging = stagingRoot.resolve(runId);
    progress.accept(
        String.format(
            Locale.ROOT,
            "index: %d conversations indexed; building up to %d shards per source in Spark tasks",
            before.size(),
            shards));

    List<Row> fpRows = new ArrayList<>(before.size());
    before.forEach(
        (id, fp) ->
            fpRows.add(
                RowBuilder.of("indexed fingerprint", FINGERPRINT_SCHEMA)
                    .set(OLD_ID, id)
                    .set(OLD_FINGERPRINT, fp)
                    .build()));
    Dataset<Row> fingerprints = spark.createDataFrame(fpRows, FINGERPRINT_SCHEMA);

    Dataset<Row> statuses = null;
    Map<Source, Dataset<Row>> sources = new java.util.LinkedHashMap<>();
    sources.put(Source.CALL, IndexJob.callRows(wh, config));
    sources.put(Source.CHAT, IndexJob.chatRows(wh));
    sources.put(Source.COMPLAINT, IndexJob.complaintRows(wh));
    for (Map.Entry<Source, Dataset<Row>> e : sources.entrySet()) {
      Dataset<Row> rows = e.getValue();
      Dataset<Row> withOld =
          rows.join(
                  fingerprints,
                  rows.col(e.getKey().idColumn).equalTo(fingerprints.col(OLD_ID)),
                  "left")
              .repartition(shards);
      Dataset<Row> s =
          withOld.mapPartitions(
              new ShardTask(e.getKey(), audioRoot, staging.toString()),
              Encoders.row(STATUS_SCHEMA));
      statuses = statuses == null ? s : s.union(statuses);
    }
    try (StageProgress p = StageProgress.start("index", 3, progress)) {
      p.step("converting calls, chats and complaints and writing shards in Spark tasks");
      // Written once: the tasks' side effect (the shards) must happen exactly once.
      String statusDir = staging.resolve("status").toString();
      Path localShards = null;
      try {
        // Delta, not plain Parquet: no folder renames, which S3 cannot do (as the transcription
        // stage's staging).
        statuses.write().format("delta").mode("overwrite").save(statusDir);
        p.step("comparing with the conversations already indexed");
        Dataset<Row> done = spark.read().format("delta").load(statusDir);

        List<Row> twice =
            done.groupBy(col(STATUS_ID))
                .count()
                .filter(col("count").gt(1))
                .limit(1)
                .collectAsList();
        if (!twice.isEmpty()) {
          staging.deleteTree();
          throw new IllegalStateException(
              "conversation id "
                  + twice.get(0).getString(0)
                  + " is both a call and a chat or ticket");
        }
        Map<String, Long> counts = new HashMap<>();
        for (Row r : done.groupBy(col(STATUS)).count().collectAsList()) {
          counts.put(r.getString(0), r.getLong(1));
        }
        List<String> updated = new ArrayList<>();
        for (Row r :
            done.filter(col(STATUS).equalTo(ShardTask.UPDATED)).select(STATUS_ID).collectAsList()) {
          updated.add(r.getString(0));
        }
        List<String> gone = new ArrayList<>();
        for (Row r :
            fingerprints
                .join(done, fingerprints.col(OLD_ID).equalTo(done.col(STATUS_ID)), "left_anti")
                .select(OLD_ID)
                .collectAsList()) {
          gone.add(r.getString(0));
        }
        List<Path> shardDirs = new ArrayList<>();
        for (Row r :
            done.filter(col(SHARD).isNotNull())
                .select(SHARD)
                .distinct()
                .orderBy(SHARD)
                .collectAsList()) {
          Location shard = Location.parse("index shard", r.getString(0));
          if (shard.isLocal()) {
            shardDirs.add(shard.localPath());
          } else {
            // Shards on HDFS or S3: Lucene merges local folders.
            if (localShards == null) {
              localShards = tempDir("callqa-shards-");
            }
            Path local = localShards.resolve(shard.name());
            shard.copyToLocal(local);
            shardDirs.add(local);
          }
        }
        updated.forEach(index::delete);
        gone.forEach(index::delete);
        p.step(String.format(Locale.ROOT, "merging %d shards into the index", shardDirs.size()));
        index.addShards(shardDirs);
        staging.deleteTree();
        long added = counts.getOrDefault(ShardTask.ADDED, 0L);
        long unchanged = counts.getOrDefault(ShardTask.UNCHANGED, 0L);
        return new Summary(
            index.dir(),
            false,
            added + updated.size() + unchanged,
            added,
            updated.size(),
            gone.size(),
            unchanged,
            StageProgress.seconds(t0));
      } finally {
        if (localShards != null) {
          LocalFolders.deleteTree(localShards);
        }
      }
    }
  }

  /** Shards of a run that failed before its commit: never part of the index, so removed. */
  private static void removeEarlierShards(Location stagingRoot) {
    for (Location p : stagingRoot.list()) {
      if (p.name().startsWith("index-")) {
        p.deleteTree();
      }
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a local scratch folder", e);
    }
  }

  /**
   * One task's shard: every conversation of the partition is converted and fingerprinted; those new
   * or changed go into {@code STAGING/SOURCE-pPARTITION-aATTEMPT} (an attempt of its own, so a
   * retried or speculative task never shares a folder). Emits one status row per conversation.
   */
  static final class ShardTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final String ADDED = "added";
    static final String UPDATED = "updated";
    static final String UNCHANGED = "unchanged";

    private final Source source;
    private final String audioRoot;
    private final String staging;

    ShardTask(Source source, String audioRoot, String staging) {
      this.source = source;
      this.audioRoot = audioRoot;
      this.staging = staging;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      TaskContext ctx = TaskContext.get();
      String name =
          String.format(
              Locale.ROOT,
              "%s-p%05d-a%d",
              source.name().toLowerCase(Locale.ROOT),
              ctx == null ? 0 : ctx.partitionId(),
              ctx == null ? 0 : ctx.attemptNumber());
      Location target = Location.parse("index staging", staging).resolve(name);
      // On HDFS or S3 the shard is built in a local scratch folder, made when the first
      // conversation needs it and removed however the task ends, and copied up when complete.
      Path scratch = null;
      List<Row> out = new ArrayList<>();
      TranscriptIndex shard = null;
      try {
        while (rows.hasNext()) {
          Row r = rows.next();
          Conversation c = source.convert(r, audioRoot);
          int old = r.fieldIndex(OLD_FINGERPRINT);
          String status =
              r.isNullAt(old)
                  ? ADDED
                  : r.getString(old).equals(IndexSchema.fingerprint(c)) ? UNCHANGED : UPDATED;
          if (status.equals(UNCHANGED)) {
            out.add(status(c.id(), status, null));
            continue;
          }
          if (shard == null) {
            Path dir;
            if (target.isLocal()) {
              dir = target.localPath();
            } else {
              scratch = tempDir("callqa-shard-");
              dir = scratch.resolve(name);
            }
            shard = TranscriptIndex.open(dir);
          }
          shard.put(c);
          out.add(status(c.id(), status, target.toString()));
        }
        if (shard != null) {
          shard.commit(Map.of());
          shard.close();
          shard = null;
          if (scratch != null) {
            target.copyFromLocal(scratch.resolve(name));
          }
        }
      } finally {
        if (shard != null) {
          shard.close();
        }
        if (scratch != null) {
          LocalFolders.deleteTree(scratch);
        }
      }
      return out.iterator();
    }
  }
}
