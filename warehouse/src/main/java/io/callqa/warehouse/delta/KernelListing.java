package io.callqa.warehouse.delta;

import io.callqa.warehouse.storage.Location;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A table's current version, schema and data files, read from its Delta log by Delta Kernel (the
 * Delta project's own Java reader of the log) in this thread, without a Spark job.
 *
 * <p>Why: Spark's Delta reader reconstructs a table's state with a Spark job before its first scan
 * ({@code Snapshot.computedState}, for the table's size), 2.2 s of a cold {@code callqa sql}'s 6 s
 * on the demo warehouse. A read-only command that lists the files here and reads them as Parquet
 * skips it.
 *
 * <p>Only for tables of reader version 1 (all callqa writes): their data files are plain Parquet
 * with the partition values in hive-style folder names, read as they are. A table of a later reader
 * version (deletion vectors, column mapping) or with a file path Hadoop would read differently is
 * {@link Optional#empty()}, and the caller reads it through Delta.
 */
final class KernelListing {
  /** The files of one version, and the table's properties in that version's metadata. */
  record Files(
      long version,
      StructType schema,
      List<String> partitionColumns,
      List<DataFile> files,
      Map<String, String> properties) {}

  /**
   * One data file as its add action in the log states it: the path absolute, as Hadoop reads it;
   * size and modification time as the file system gave them when Delta wrote it; its partition
   * values as the log writes them (strings, null for a null value).
   */
  record DataFile(
      String path, long size, long modificationTime, Map<String, String> partitionValues) {}

  private KernelListing() {}

  /**
   * The table's current schema, from the newest metadata in its log (no scan of its files), or
   * empty when Kernel cannot read the log or the table is not of reader version 1: the caller asks
   * Delta, which names the problem.
   */
  static Optional<StructType> schema(Configuration conf, Location table) {
    try {
      Engine engine = DefaultEngine.create(conf);
      return latestOfVersion1(engine, table).map(KernelListing::schemaOf);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The table's newest snapshot, when the table is of reader version 1; fails as Kernel does. */
  private static Optional<SnapshotImpl> latestOfVersion1(Engine engine, Location table) {
    Snapshot snapshot = Table.forPath(engine, table.toString()).getLatestSnapshot(engine);
    return snapshot instanceof SnapshotImpl impl && impl.getProtocol().getMinReaderVersion() == 1
        ? Optional.of(impl)
        : Optional.empty();
  }

  /** The schema in the snapshot's metadata, as Spark's type (the log holds Spark's JSON of it). */
  private static StructType schemaOf(SnapshotImpl snapshot) {
    return (StructType) DataType.fromJson(snapshot.getMetadata().getSchemaString());
  }

  /**
   * The table's current files, or empty when this path does not read the table (see the class
   * comment). Fails as Delta would on a folder that is not a Delta table.
   */
  static Optional<Files> current(Configuration conf, Location table) {
    Engine engine = DefaultEngine.create(conf);
    Optional<SnapshotImpl> latest = latestOfVersion1(engine, table);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    SnapshotImpl snapshot = latest.get();
    StructType schema = schemaOf(snapshot);
    List<DataFile> files = new ArrayList<>();
    Scan scan = snapshot.getScanBuilder(engine).build();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            io.delta.kernel.utils.FileStatus add = InternalScanFileUtils.getAddFileStatus(row);
            String path = add.getPath();
            // A percent sign is an escape in the log's paths; Hadoop would read it again.
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row) != null
                || path.indexOf('%') >= 0) {
              return Optional.empty();
            }
            files.add(
                new DataFile(
                    path,
                    add.getSize(),
                    add.getModificationTime(),
                    Collections.unmodifiableMap(
                        new HashMap<>(InternalScanFileUtils.getPartitionValues(row)))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Delta log of " + table, e);
    }
    return Optional.of(
        new Files(
            snapshot.getVersion(engine),
            schema,
            snapshot.getPartitionColumnNames(engine),
            List.copyOf(files),
            Collections.unmodifiableMap(new HashMap<>(snapshot.getMetadata().getConfiguration()))));
  }
}
