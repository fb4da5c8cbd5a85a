package io.callqa.warehouse.delta;

import io.callqa.warehouse.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.FileStatusCache;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.InMemoryFileIndex;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A frame over the data files Delta Kernel listed ({@link KernelListing.Files}), as Parquet, with
 * no request to the file system before the scan: the files' sizes and modification times are the
 * ones the log's add actions hold, as Delta's own file index takes them.
 *
 * <p>Why: Spark's Parquet reader given a list of files checks that each exists and asks for each
 * one's status again (two requests per file on S3, and a Spark job of its own past 32 files). Here
 * Spark's {@link InMemoryFileIndex} is rooted at the table's folder and finds that folder's listing
 * already known: the listed files, from which it parses the partition values of hive-style folder
 * names, as it does for any Parquet folder.
 */
final class ListedRelation {
  private ListedRelation() {}

  /**
   * The files as one frame (data columns, then partition columns; the caller puts them in the
   * table's order), or empty when a file lies outside the table's folder as Hadoop names it (the
   * caller then reads the paths the usual way).
   */
  static Optional<Dataset<Row>> read(
      SparkSession spark, Location tableDir, KernelListing.Files files) {
    Path root = qualified(spark, tableDir);
    String prefix = root.toString() + "/";
    FileStatus[] statuses = new FileStatus[files.files().size()];
    for (int i = 0; i < statuses.length; i++) {
      KernelListing.DataFile f = files.files().get(i);
      Path path = new Path(f.path());
      if (!path.toString().startsWith(prefix)) {
        return Optional.empty();
      }
      // Replication 0 and block size 1 as Delta's file index states them: the scan splits by
      // spark.sql.files.maxPartitionBytes and asks for no block locations.
      statuses[i] = new FileStatus(f.size(), false, 0, 1, f.modificationTime(), path);
    }
    StructType schema = files.schema();
    Set<String> partitionColumns = new HashSet<>(files.partitionColumns());
    StructType partitionSchema =
        new StructType(
            Arrays.stream(schema.fields())
                .filter(f -> partitionColumns.contains(f.name()))
                .toArray(StructField[]::new));
    StructType dataSchema =
        new StructType(
            Arrays.stream(schema.fields())
                .filter(f -> !partitionColumns.contains(f.name()))
                .toArray(StructField[]::new));
    scala.collection.immutable.Map<String, String> options =
        scala.collection.immutable.Map$.MODULE$.empty();
    InMemoryFileIndex index =
        new InMemoryFileIndex(
            spark,
            JavaConverters.asScalaBuffer(List.of(root)).toSeq(),
            options,
            Option.apply(schema),
            new KnownListing(root, statuses),
            Option.empty(),
            Option.empty());
    HadoopFsRelation relation =
        new HadoopFsRelation(
            index,
            partitionSchema,
            dataSchema,
            Option.empty(),
            new ParquetFileFormat(),
            options,
            spark);
    return Optional.of(spark.baseRelationToDataFrame(relation));
  }

  private static Path qualified(SparkSession spark, Location tableDir) {
    Path path = new Path(tableDir.toString());
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("opening the file system of " + tableDir, e);
    }
  }

  /**
   * The listing of the table's folder as the log states it; any other folder is unknown here, so
   * the index would list it (it asks for none but the root).
   */
  private static final class KnownListing extends FileStatusCache {
    private final Path root;
    private final FileStatus[] files;

    KnownListing(Path root, FileStatus[] files) {
      this.root = root;
      this.files = files;
    }

    @Override
    public Option<FileStatus[]> getLeafFiles(Path path) {
      return root.equals(path) ? Option.apply(files.clone()) : Option.empty();
    }

    @Override
    public void putLeafFiles(Path path, FileStatus[] leafFiles) {
      // The index offers what it listed; this listing is fixed by the log's version.
    }

    @Override
    public void invalidateAll() {
      // Nothing to forget: a refresh finds the same version's files.
    }
  }
}
