package io.callqa.warehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.NioLocalFileSystem;
import io.callqa.warehouse.tables.CatalystRows;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WarehouseIT extends SparkTestBase {

  static Row ivr(String day, String site, long offered, long self) {
    return RowFactory.create(
        LocalDate.parse(day),
        site,
        "STANDARD",
        offered,
        self,
        0L,
        offered - self,
        (double) self / offered);
  }

  @Test
  void theVersionReadFromTheLogListingIsDeltasOwnAndCompactionChangesNoData() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("versions"));
    TableSpec t = IvrDaily.SPEC;
    assertThat(wh.version(t)).isEqualTo(-1);
    wh.ensure(t);
    // A checkpoint every second commit: the log holds checkpoints beside the commit files.
    spark.sql(
        "ALTER TABLE delta.`"
            + wh.path(t)
            + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    for (int i = 1; i <= 3; i++) {
      spark
          .createDataFrame(List.of(ivr("2026-03-02", "S" + i, 10 + i, i)), t.schema())
          .write()
          .format("delta")
          .mode(SaveMode.Append)
          .save(wh.path(t).toString());
    }
    assertThat(wh.version(t))
        .isEqualTo(DeltaTable.forPath(spark, wh.path(t).toString()).history(1).head().getLong(0))
        .isEqualTo(4);
    assertThat(wh.path(t).resolve("_delta_log").list())
        .extracting(l -> l.name())
        .contains("00000000000000000004.checkpoint.parquet");
    assertThat(wh.dataVersion(t)).isEqualTo(4);
    // Compaction commits a version that changes no row: the data version stays.
    spark.sql("OPTIMIZE delta.`" + wh.path(t) + "`");
    assertThat(wh.version(t)).isEqualTo(5);
    assertThat(wh.dataVersion(t)).isEqualTo(4);
  }

  @Test
  void theHadoopConfigurationCarriesSparksSettingsAndEachCallerGetsItsOwnCopy() {
    // Built once per Spark environment; each Location operation gets a copy.
    Configuration a = Location.hadoopConf();
    Configuration b = Location.hadoopConf();
    assertThat(a).isNotSameAs(b);
    NioLocalFileSystem.HADOOP_SETTINGS.forEach(
        (k, v) -> {
          assertThat(a.get(k)).as(k).isEqualTo(v);
          assertThat(b.get(k)).as(k).isEqualTo(v);
        });
    // Hadoop's own defaults are loaded too.
    assertThat(a.get("fs.s3a.impl")).isEqualTo("org.apache.hadoop.fs.s3a.S3AFileSystem");
    // What one caller changes (a reachability check lowers its retries) stays in its copy.
    a.setInt("ipc.client.connect.max.retries", 1);
    a.set("fs.file.impl", "changed");
    Configuration c = Location.hadoopConf();
    assertThat(c.get("ipc.client.connect.max.retries"))
        .isEqualTo(b.get("ipc.client.connect.max.retries"))
        .isNotEqualTo("1");
    assertThat(c.get("fs.file.impl")).isEqualTo(b.get("fs.file.impl")).isNotEqualTo("changed");
  }

  @Test
  void generatedCodeIsOffForSmallInputsOnForLargeOnesAndTheRowsAreTheSame() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("codegen"));
    TableSpec t = IvrDaily.SPEC;
    assertThat(wh.tableBytes(t)).isZero();
    mergeTwoDays(wh);
    assertThat(wh.tableBytes(t)).isPositive();
    String query =
        "SELECT site, sum(offered_ivr) * 2 AS o FROM delta.`" + wh.path(t) + "` GROUP BY site";
    try {
      // A session starts without generated code.
      assertThat(SparkSessions.codegenOn(spark)).isFalse();
      List<Row> interpreted = spark.sql(query).orderBy("site").collectAsList();
      assertThat(plan(query)).doesNotContain(CODEGEN_STAGE);

      assertThat(SparkSessions.codegenFor(spark, SparkSessions.LARGE_INPUT_BYTES)).isFalse();
      assertThat(SparkSessions.codegenFor(spark, SparkSessions.LARGE_INPUT_BYTES + 1)).isTrue();
      assertThat(plan(query)).contains(CODEGEN_STAGE);
      assertThat(spark.sql(query).orderBy("site").collectAsList()).isEqualTo(interpreted);

      spark.conf().set(SparkSessions.CODEGEN_MODE, "off");
      assertThat(SparkSessions.codegenFor(spark, Long.MAX_VALUE)).isFalse();
      assertThat(plan(query)).doesNotContain(CODEGEN_STAGE);
      spark.conf().set(SparkSessions.CODEGEN_MODE, "on");
      assertThat(SparkSessions.codegenFor(spark, 0)).isTrue();
    } finally {
      spark.conf().unset(SparkSessions.CODEGEN_MODE);
      SparkSessions.codegenFor(spark, 0);
    }
    assertThat(SparkSessions.codegenOn(spark)).isFalse();
  }

  @Test
  void adaptiveExecutionIsOffForSmallInputsOnForLargeOnesAndTheRowsAreTheSame() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("adaptive"));
    TableSpec t = IvrDaily.SPEC;
    mergeTwoDays(wh);
    // A shuffle (the GROUP BY) and a join: what adaptive execution re-plans between stages.
    String query =
        "SELECT a.site, sum(a.offered_ivr) AS o, count(b.day) AS n FROM delta.`"
            + wh.path(t)
            + "` a LEFT JOIN delta.`"
            + wh.path(t)
            + "` b ON a.day = b.day GROUP BY a.site";
    try {
      // A session starts without it; the warehouse's choice follows the calls table's size.
      assertThat(SparkSessions.adaptiveOn(spark)).isFalse();
      wh.settingsFor(0);
      assertThat(SparkSessions.adaptiveOn(spark)).isFalse();
      List<Row> plain = spark.sql(query).orderBy("site").collectAsList();
      assertThat(plan(query)).doesNotContain(ADAPTIVE_PLAN);

      assertThat(SparkSessions.adaptiveFor(spark, SparkSessions.LARGE_INPUT_BYTES)).isFalse();
      assertThat(SparkSessions.adaptiveFor(spark, SparkSessions.LARGE_INPUT_BYTES + 1)).isTrue();
      assertThat(SparkSessions.adaptiveOn(spark)).isTrue();
      assertThat(plan(query)).contains(ADAPTIVE_PLAN);
      assertThat(spark.sql(query).orderBy("site").collectAsList()).isEqualTo(plain);
      wh.settingsFor(SparkSessions.LARGE_INPUT_BYTES + 1);
      assertThat(SparkSessions.adaptiveOn(spark)).isTrue();

      spark.conf().set(SparkSessions.ADAPTIVE_MODE, "off");
      assertThat(SparkSessions.adaptiveFor(spark, Long.MAX_VALUE)).isFalse();
      assertThat(plan(query)).doesNotContain(ADAPTIVE_PLAN);
      spark.conf().set(SparkSessions.ADAPTIVE_MODE, "on");
      assertThat(SparkSessions.adaptiveFor(spark, 0)).isTrue();
    } finally {
      spark.conf().unset(SparkSessions.ADAPTIVE_MODE);
      wh.settingsFor(0);
    }
    assertThat(SparkSessions.adaptiveOn(spark)).isFalse();
    assertThat(SparkSessions.codegenOn(spark)).isFalse();
  }

  @Test
  void smallInputsRunInFewerPartitionsUpToTheConfiguredNumberAndTheRowsAreTheSame() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("partitions"));
    TableSpec t = IvrDaily.SPEC;
    mergeTwoDays(wh);
    wh.merge(t, spark.createDataFrame(List.of(ivr("2026-03-04", "WUHAN", 30, 9)), t.schema()));
    assertThat(wh.read(t).inputFiles().length).isGreaterThan(1);
    // A shuffle (the GROUP BY) over a scan of the table's files.
    String query =
        "SELECT site, sum(offered_ivr) AS o FROM delta.`" + wh.path(t) + "` GROUP BY site";
    long unit = SparkSessions.BYTES_PER_SHUFFLE_PARTITION;
    // SparkTestBase's session is configured with 2 shuffle partitions: the most chosen.
    assertThat(spark.conf().get(SparkSessions.MAX_SHUFFLE_PARTITIONS)).isEqualTo("2");
    try {
      assertThat(SparkSessions.shufflePartitionsFor(spark, Long.MAX_VALUE)).isEqualTo(2);
      List<Row> configured = spark.sql(query).orderBy("site").collectAsList();
      assertThat(spark.sql(query).rdd().getNumPartitions()).isEqualTo(2);
      assertThat(wh.read(t).rdd().getNumPartitions()).isEqualTo(2);

      assertThat(SparkSessions.shufflePartitionsFor(spark, 0)).isEqualTo(1);
      assertThat(SparkSessions.shufflePartitionsFor(spark, unit)).isEqualTo(1);
      assertThat(spark.sql(query).rdd().getNumPartitions()).isEqualTo(1);
      // The table's small files in one task.
      assertThat(wh.read(t).rdd().getNumPartitions()).isEqualTo(1);
      assertThat(spark.sql(query).orderBy("site").collectAsList()).isEqualTo(configured);
      assertThat(SparkSessions.shufflePartitionsFor(spark, unit + 1)).isEqualTo(2);
      assertThat(SparkSessions.shufflePartitionsFor(spark, 100 * unit)).isEqualTo(2);

      // Where adaptive execution is chosen (it coalesces partitions itself), even for a small
      // input: the configured number.
      spark.conf().set(SparkSessions.ADAPTIVE_MODE, "on");
      assertThat(SparkSessions.shufflePartitionsFor(spark, 0)).isEqualTo(2);
      spark.conf().unset(SparkSessions.ADAPTIVE_MODE);
      // The warehouse chooses from its calls table's size (none here) and what comes in.
      wh.settingsFor(0);
      assertThat(spark.conf().get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo("1");
      wh.settingsFor(3 * unit);
      assertThat(spark.conf().get(SparkSessions.SHUFFLE_PARTITIONS)).isEqualTo("2");
    } finally {
      // The session as SparkTestBase made it, for the class's other tests.
      spark.conf().unset(SparkSessions.ADAPTIVE_MODE);
      SparkSessions.adaptiveFor(spark, 0);
      spark.conf().set(SparkSessions.SHUFFLE_PARTITIONS, "2");
      spark.conf().unset(SparkSessions.FILES_MIN_PARTITIONS);
    }
  }

  /** How a plan's string marks adaptive execution: {@code AdaptiveSparkPlan isFinalPlan=true}. */
  private static final String ADAPTIVE_PLAN = "AdaptiveSparkPlan";

  /** Merges two days of one site into {@code ivr_daily}: 10 and 20 calls offered. */
  private void mergeTwoDays(Warehouse wh) {
    wh.merge(
        IvrDaily.SPEC,
        spark.createDataFrame(
            List.of(ivr("2026-03-02", "SHANGHAI", 10, 4), ivr("2026-03-03", "SHANGHAI", 20, 8)),
            IvrDaily.SPEC.schema()));
  }

  /** How a plan's string marks a whole-stage code generation stage: {@code *(1) HashAggregate}. */
  private static final String CODEGEN_STAGE = "*(";

  /** The plan the query ran with (after adaptive execution settled it). */
  private String plan(String query) {
    org.apache.spark.sql.Dataset<Row> d = spark.sql(query);
    d.collectAsList();
    return d.queryExecution().executedPlan().toString();
  }

  @Test
  void deltaRoundTripMergeAndReplaceWhere() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("wh1"));
    TableSpec t = IvrDaily.SPEC;
    assertThat(wh.exists(t)).isFalse();
    mergeTwoDays(wh);
    assertThat(wh.read(t).count()).isEqualTo(2);
    long v = wh.version(t);

    // Same key again: updated in place, not duplicated.
    wh.merge(t, spark.createDataFrame(List.of(ivr("2026-03-02", "SHANGHAI", 12, 6)), t.schema()));
    List<Row> rows = wh.read(t).orderBy(IvrDaily.DAY).collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).<Long>getAs(IvrDaily.OFFERED_IVR)).isEqualTo(12L);
    assertThat(wh.version(t)).isEqualTo(v + 1);

    // Replace exactly one day; the other stays as it was.
    wh.replaceWhere(
        t,
        spark.createDataFrame(List.of(ivr("2026-03-03", "CHENGDU", 5, 1)), t.schema()),
        "day = DATE'2026-03-03'");
    rows = wh.read(t).orderBy(IvrDaily.DAY).collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs(IvrDaily.SITE))
        .containsExactly("SHANGHAI", "CHENGDU");
    assertThat(rows.get(0).<Long>getAs(IvrDaily.OFFERED_IVR)).isEqualTo(12L);

    // Time travel still sees the first version.
    long first =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", v)
            .load(wh.path(t).toString())
            .filter("day = DATE'2026-03-02'")
            .head()
            .getAs(IvrDaily.OFFERED_IVR);
    assertThat(first).isEqualTo(10L);
    wh.registerListedViews(List.of(t));
    assertThat(spark.sql("SELECT sum(offered_ivr) FROM ivr_daily").head().getLong(0))
        .isEqualTo(17L);
  }

  /**
   * A merge or an insert of keys the table does not hold yet is an append (a WRITE commit, without
   * Delta's MERGE); one stored key makes it a MERGE, which replaces that row. Under a log store for
   * concurrent writers every merge stays a MERGE.
   */
  @Test
  void aMergeOfNewKeysIsAnAppendAndAStoredKeyMakesItAMerge() throws Exception {
    Warehouse wh = new Warehouse(spark, scratch.resolve("keyed-append"));
    TableSpec t = IvrDaily.SPEC;
    mergeTwoDays(wh);
    wh.merge(t, spark.createDataFrame(List.of(ivr("2026-03-04", "SHANGHAI", 7, 1)), t.schema()));
    assertThat(operation(wh, t)).isEqualTo("WRITE");
    assertThat(wh.read(t).count()).isEqualTo(3);

    wh.merge(
        t,
        spark.createDataFrame(
            List.of(ivr("2026-03-04", "SHANGHAI", 9, 2), ivr("2026-03-05", "SHANGHAI", 1, 1)),
            t.schema()));
    assertThat(operation(wh, t)).isEqualTo("MERGE");
    assertThat(wh.read(t).count()).isEqualTo(4);
    assertThat(wh.read(t).filter("day = DATE'2026-03-04'").head().<Long>getAs(IvrDaily.OFFERED_IVR))
        .isEqualTo(9L);

    // An insert of a stored key leaves the stored row; of a new key, it appends.
    wh.insertNew(
        t, spark.createDataFrame(List.of(ivr("2026-03-04", "SHANGHAI", 100, 2)), t.schema()));
    assertThat(wh.read(t).filter("day = DATE'2026-03-04'").head().<Long>getAs(IvrDaily.OFFERED_IVR))
        .isEqualTo(9L);
    wh.insertNew(
        t, spark.createDataFrame(List.of(ivr("2026-03-06", "SHANGHAI", 3, 1)), t.schema()));
    assertThat(operation(wh, t)).isEqualTo("WRITE");
    assertThat(wh.read(t).count()).isEqualTo(5);

    Warehouse s3 = new Warehouse(spark, Location.parse("warehouse", "s3a://bucket/wh"));
    assertThat(s3.oneWriterAtATime(t)).isTrue();
    spark.conf().set("spark.delta.logStore.s3a.impl", Warehouse.MULTI_CLUSTER_LOG_STORE);
    try {
      assertThat(s3.oneWriterAtATime(t)).isFalse();
      assertThat(wh.oneWriterAtATime(t)).isTrue();
    } finally {
      spark.conf().unset("spark.delta.logStore.s3a.impl");
    }
  }

  /** The operation of the table's newest commit, as its commit file names it. */
  private static String operation(Warehouse wh, TableSpec t) {
    return wh.commitInfo(t, wh.version(t)).path("operation").asText();
  }

  /**
   * The file count read from the newest commit's checksum is DESCRIBE DETAIL's after every kind of
   * commit the jobs make, and a commit without a readable checksum falls back to DESCRIBE DETAIL.
   */
  @Test
  void theFileCountFromTheChecksumIsDescribeDetails() throws Exception {
    Warehouse wh = new Warehouse(spark, scratch.resolve("checksums"));
    TableSpec t = IvrDaily.SPEC;
    java.util.function.LongSupplier detail =
        () -> DeltaTable.forPath(spark, wh.path(t).toString()).detail().head().getAs("numFiles");
    assertThat(wh.holdsNoDataFile(t)).isTrue(); // creates it
    assertThat(wh.checksumFileCount(t)).hasValue(0);
    mergeTwoDays(wh); // an append: two day partitions
    assertThat(wh.checksumFileCount(t)).hasValue(detail.getAsLong()).hasValue(2);
    assertThat(wh.holdsNoDataFile(t)).isFalse();
    wh.merge(t, spark.createDataFrame(List.of(ivr("2026-03-04", "SHANGHAI", 7, 1)), t.schema()));
    assertThat(wh.checksumFileCount(t)).hasValue(detail.getAsLong()).hasValue(3);
    spark.sql("OPTIMIZE delta.`" + wh.path(t) + "`");
    assertThat(wh.checksumFileCount(t)).hasValue(detail.getAsLong());
    wh.overwrite(t, spark.createDataFrame(List.of(), t.schema()));
    assertThat(wh.checksumFileCount(t)).hasValue(detail.getAsLong()).hasValue(0);
    assertThat(wh.holdsNoDataFile(t)).isTrue();

    mergeTwoDays(wh);
    java.nio.file.Path crc =
        wh.path(t).localPath().resolve(String.format("_delta_log/%020d.crc", wh.version(t)));
    java.nio.file.Files.writeString(crc, "{not json");
    assertThat(wh.checksumFileCount(t)).isEmpty();
    assertThat(wh.holdsNoDataFile(t)).isFalse();
    java.nio.file.Files.delete(crc);
    assertThat(wh.checksumFileCount(t)).isEmpty();
    assertThat(wh.holdsNoDataFile(t)).isFalse();
  }

  @Test
  void anOverwriteReturnsTheRowsTheTableHoldsFromItsCommitAlone() throws Exception {
    Warehouse wh = new Warehouse(spark, scratch.resolve("overwrite-rows"));
    TableSpec t = IvrDaily.SPEC;
    List<Row> three =
        List.of(
            ivr("2026-03-02", "SHANGHAI", 10, 4),
            ivr("2026-03-02", "CHENGDU", 5, 1),
            ivr("2026-03-03", "SHANGHAI", 20, 8));
    // Into a new table: an append, whose rows are the table's.
    assertThat(wh.overwrite(t, spark.createDataFrame(three, t.schema())))
        .isEqualTo(wh.read(t).count())
        .isEqualTo(3);
    assertThat(operation(wh, t)).isEqualTo("WRITE");
    assertThat(wh.rowsAfterWrite(t, wh.version(t), true)).hasValue(3);
    assertThat(wh.rowsAfterWrite(t, wh.version(t), false)).isEmpty();
    // Commits that do not replace the whole table say nothing of its rows.
    wh.merge(t, spark.createDataFrame(List.of(ivr("2026-03-02", "SHANGHAI", 7, 1)), t.schema()));
    assertThat(wh.rowsAfterWrite(t, wh.version(t), false)).isEmpty();
    wh.replaceWhere(
        t,
        spark.createDataFrame(List.of(ivr("2026-03-02", "SHANGHAI", 11, 4)), t.schema()),
        "day = DATE'2026-03-02'");
    assertThat(wh.rowsAfterWrite(t, wh.version(t), false)).isEmpty();
    assertThat(wh.read(t).count()).isEqualTo(2);
    // Over rows: Delta's overwrite, whose rows are the table's.
    assertThat(wh.overwrite(t, spark.createDataFrame(three, t.schema()))).isEqualTo(3);
    assertThat(wh.rowsAfterWrite(t, wh.version(t), false)).hasValue(3);
    assertThat(wh.read(t).count()).isEqualTo(3);
    assertThat(wh.overwrite(t, spark.createDataFrame(List.of(), t.schema()))).isZero();
    assertThat(wh.read(t).count()).isZero();
    // Nothing into an empty table: still empty.
    assertThat(wh.overwrite(t, spark.createDataFrame(List.of(), t.schema()))).isZero();
    assertThat(wh.read(t).count()).isZero();
    // A commit without metrics: the table is counted instead.
    long v = wh.version(t);
    assertThat(wh.overwrite(t, spark.createDataFrame(three, t.schema()))).isEqualTo(3);
    java.nio.file.Path commit =
        wh.path(t).localPath().resolve(String.format("_delta_log/%020d.json", v + 1));
    String text = java.nio.file.Files.readString(commit);
    java.nio.file.Files.writeString(commit, text.replace("\"numOutputRows\"", "\"rowsOut\""));
    assertThat(wh.rowsAfterWrite(t, v + 1, true)).isEmpty();
    assertThat(wh.rowsAfterWrite(t, v + 7, true)).isEmpty();
  }

  @Test
  void readNamesTheColumnThatDiffersFromTheDeclaredSchema() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("wh2"));
    StructType wrong =
        new StructType()
            .add(IvrDaily.DAY, DataTypes.DateType)
            .add(IvrDaily.SITE, DataTypes.StringType)
            .add(IvrDaily.SEGMENT, DataTypes.StringType)
            .add(IvrDaily.OFFERED_IVR, DataTypes.StringType);
    spark
        .createDataFrame(
            List.of(RowFactory.create(LocalDate.of(2026, 3, 2), "X", "VIP", "7")), wrong)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .save(wh.path(IvrDaily.SPEC).toString());
    assertThat(DeltaTable.isDeltaTable(spark, wh.path(IvrDaily.SPEC).toString())).isTrue();
    assertThatThrownBy(() -> wh.read(IvrDaily.SPEC))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column offered_ivr is string on disk but callqa expects bigint");
    assertThatThrownBy(() -> wh.readListed(IvrDaily.SPEC))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column offered_ivr is string on disk but callqa expects bigint");
  }

  /**
   * A listed read (Delta Kernel lists the current files, Spark reads them as Parquet) returns
   * Delta's columns and rows for every table: values of every type, nulls in every nullable column
   * (a null partition value too), after an overwrite that removed the files before it; and an empty
   * table.
   */
  @Test
  void aListedReadReturnsDeltasColumnsAndRowsForEveryTable() throws Exception {
    Warehouse wh = new Warehouse(spark, scratch.resolve("listed"));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    wh.ensure(IvrDaily.SPEC);
    assertThat(wh.readListed(IvrDaily.SPEC).count()).isZero();
    // Two tables at a time: each step is mostly the driver's work (planning, commits).
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    List<String> listed = new java.util.ArrayList<>();
    try {
      List<java.util.concurrent.Future<Boolean>> done = new java.util.ArrayList<>();
      for (TableSpec t : Tables.ALL) {
        done.add(
            pool.submit(
                () -> {
                  String path = wh.path(t).toString();
                  org.apache.spark.sql.Dataset<Row> rows =
                      spark.createDataFrame(
                          List.of(row(t.schema(), false), row(t.schema(), true)), t.schema());
                  rows.write()
                      .format("delta")
                      .mode(SaveMode.Append)
                      .partitionBy(t.partitionColumns().toArray(String[]::new))
                      .save(path);
                  rows.write().format("delta").mode(SaveMode.Overwrite).save(path);
                  sameAsDelta(wh, t);
                  return KernelListing.current(conf, wh.path(t)).isPresent();
                }));
      }
      for (int i = 0; i < done.size(); i++) {
        try {
          if (done.get(i).get()) {
            listed.add(Tables.ALL.get(i).name());
          }
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // Tables whose partition values need no escaping in a path are listed; the others (the sample
    // strings hold a space and Chinese) are read through Delta.
    assertThat(listed).contains("calls", "kpi_daily", "ingested_files", "transcripts");
  }

  /**
   * A table of a later Delta reader version (here: a row deleted through a deletion vector) is read
   * through Delta by a listed read, which would otherwise return the deleted row.
   */
  @Test
  void aListedReadOfATableWithDeletionVectorsGoesThroughDelta() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("vectors"));
    mergeTwoDays(wh);
    String path = wh.path(IvrDaily.SPEC).toString();
    spark.sql(
        "ALTER TABLE delta.`"
            + path
            + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    DeltaTable.forPath(spark, path).delete("day = DATE'2026-03-02'");
    assertThat(
            KernelListing.current(
                spark.sparkContext().hadoopConfiguration(), wh.path(IvrDaily.SPEC)))
        .isEmpty();
    assertThat(wh.readListed(IvrDaily.SPEC).collectAsList())
        .extracting(r -> r.<LocalDate>getAs(IvrDaily.DAY))
        .containsExactly(LocalDate.of(2026, 3, 3));
    wh.registerListedViews(List.of(IvrDaily.SPEC));
    assertThat(spark.sql("SELECT sum(offered_ivr) FROM ivr_daily").head().getLong(0))
        .isEqualTo(20L);
    // maintain's summary of such a table comes from Delta's snapshot: the same figures.
    summaryIsDescribeDetail(wh, IvrDaily.SPEC);
  }

  /**
   * A log with checkpoints (Delta writes one every 10 commits by default; here every 2) is read by
   * Kernel from the checkpoint's Parquet and the commits after it: the same rows as Delta's.
   */
  @Test
  void aListedReadOfALogWithCheckpointsReturnsDeltasRows() throws Exception {
    Warehouse wh = new Warehouse(spark, scratch.resolve("checkpoints"));
    TableSpec t = IvrDaily.SPEC;
    wh.ensure(t);
    String path = wh.path(t).toString();
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    for (int day = 2; day <= 6; day++) {
      wh.merge(
          t,
          spark.createDataFrame(
              List.of(ivr("2026-03-0" + day, "SHANGHAI", 10L * day, day)), t.schema()));
    }
    wh.replaceWhere(
        t,
        spark.createDataFrame(List.of(ivr("2026-03-04", "CHENGDU", 5, 1)), t.schema()),
        "day = DATE'2026-03-04'");
    try (var log = java.nio.file.Files.list(scratch.resolve("checkpoints/ivr_daily/_delta_log"))) {
      assertThat(log.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.endsWith(".checkpoint.parquet"));
    }
    assertThat(KernelListing.current(spark.sparkContext().hadoopConfiguration(), wh.path(t)))
        .isPresent();
    sameAsDelta(wh, t);
    assertThat(wh.readListed(t).count()).isEqualTo(5);
  }

  private static void sameAsDelta(Warehouse wh, TableSpec t) throws java.io.IOException {
    org.apache.spark.sql.Dataset<Row> delta = wh.read(t);
    org.apache.spark.sql.Dataset<Row> listed = wh.readListed(t);
    assertThat(listed.schema().fieldNames()).as(t.name()).isEqualTo(delta.schema().fieldNames());
    for (int i = 0; i < delta.schema().size(); i++) {
      assertThat(
              listed
                  .schema()
                  .fields()[i]
                  .dataType()
                  .sameType(delta.schema().fields()[i].dataType()))
          .as(t.name() + "." + delta.schema().fields()[i].name())
          .isTrue();
    }
    assertThat(listed.collectAsList())
        .as(t.name())
        .containsExactlyInAnyOrderElementsOf(delta.collectAsList());
    summaryIsDescribeDetail(wh, t);
    var files = KernelListing.current(wh.spark().sparkContext().hadoopConfiguration(), wh.path(t));
    if (files.isPresent() && !files.get().files().isEmpty()) {
      // Read through the listing the log gave (no status request per file): one index rooted at
      // the table's folder, not the files one by one.
      assertThat(fileIndexRoots(listed))
          .as(t.name())
          .containsExactly(
              new org.apache.hadoop.fs.Path(wh.path(t).toString())
                  .getFileSystem(wh.spark().sparkContext().hadoopConfiguration())
                  .makeQualified(new org.apache.hadoop.fs.Path(wh.path(t).toString()))
                  .toString());
    }
  }

  /**
   * What maintain reads instead of DESCRIBE DETAIL ({@link Warehouse#fileSummary}, through Kernel
   * or Delta): the same count, bytes and properties, and Delta's own files per partition.
   */
  private static void summaryIsDescribeDetail(Warehouse wh, TableSpec t) {
    Warehouse.FileSummary summary = wh.fileSummary(t);
    Row detail = wh.spark().sql("DESCRIBE DETAIL delta.`" + wh.path(t) + "`").head();
    assertThat(summary.files()).as(t.name()).isEqualTo(detail.<Long>getAs("numFiles"));
    assertThat(summary.bytes()).as(t.name()).isEqualTo(detail.<Long>getAs("sizeInBytes"));
    assertThat(summary.properties())
        .as(t.name())
        .isEqualTo(detail.getJavaMap(detail.fieldIndex("properties")));
    java.util.Map<String, Long> perPartition = new java.util.TreeMap<>();
    if (!t.partitionColumns().isEmpty()) {
      String column = t.partitionColumns().get(0);
      for (Row r :
          org.apache.spark.sql.delta.DeltaLog.forTable(wh.spark(), wh.path(t).toString())
              .update(false, scala.Option.empty(), scala.Option.empty())
              .allFiles()
              .toDF()
              .groupBy(org.apache.spark.sql.functions.col("partitionValues").getItem(column))
              .count()
              .collectAsList()) {
        if (!r.isNullAt(0)) {
          perPartition.put(r.getString(0), r.getLong(1));
        }
      }
    }
    assertThat(summary.filesPerPartition()).as(t.name()).isEqualTo(perPartition);
  }

  /** The root paths of the file indexes a frame scans. */
  private static List<String> fileIndexRoots(org.apache.spark.sql.Dataset<Row> frame) {
    List<String> roots = new java.util.ArrayList<>();
    for (var leaf :
        scala.collection.JavaConverters.seqAsJavaList(
            frame.queryExecution().analyzed().collectLeaves())) {
      if (leaf instanceof org.apache.spark.sql.execution.datasources.LogicalRelation r
          && r.relation()
              instanceof org.apache.spark.sql.execution.datasources.HadoopFsRelation fs) {
        scala.collection.JavaConverters.seqAsJavaList(fs.location().rootPaths())
            .forEach(p -> roots.add(p.toString()));
      }
    }
    return roots;
  }

  @Test
  void ensureAddsTheNullableColumnsALaterVersionDeclares() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("wh4"));
    TableSpec now = io.callqa.warehouse.tables.TranscriptionRuns.SPEC;
    // The table as an earlier callqa wrote it: without the redaction columns, one row in it.
    StructType earlier =
        new StructType(
            java.util.Arrays.stream(now.schema().fields())
                .filter(f -> !f.name().startsWith("redacted_") && !f.name().equals("original"))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    Object[] values = new Object[earlier.size()];
    for (int i = 0; i < values.length; i++) {
      var f = earlier.fields()[i];
      values[i] =
          switch (f.dataType().typeName()) {
            case "string" -> "x";
            case "date" -> java.sql.Date.valueOf("2026-03-02");
            case "timestamp" -> java.sql.Timestamp.valueOf("2026-03-02 10:00:00");
            case "double" -> 1.5;
            case "long" -> 7L;
            default -> 3;
          };
    }
    spark
        .createDataFrame(List.of(RowFactory.create(values)), earlier)
        .write()
        .format("delta")
        .save(wh.path(now).toString());
    assertThatThrownBy(() -> wh.read(now)).isInstanceOf(SchemaMismatchException.class);

    wh.ensure(now);

    assertThat(DeltaTable.forPath(spark, wh.path(now).toString()).toDF().schema())
        .isEqualTo(spark.read().format("delta").load(wh.path(now).toString()).schema());
    wh.checkSchema(now);
    Row r = wh.read(now).head();
    assertThat(r.<String>getAs("call_id")).isEqualTo("x");
    assertThat(r.<Object>getAs("redacted_spans")).isNull();
    long v = wh.version(now);
    wh.ensure(now);
    assertThat(wh.version(now)).as("a second ensure commits nothing").isEqualTo(v);
  }

  /**
   * {@link WarmUp#tableReads} reads a data file's footer of each named table that holds one (a
   * missing table, a log folder without a commit, an empty table and a remote warehouse it leaves
   * alone, and goes on past them) and writes nothing.
   */
  @Test
  void aWarmUpReadsAFooterOfEachTableThatHoldsDataAndChangesNothing() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("warm"));
    TableSpec t = IvrDaily.SPEC;
    wh.ensure(t);
    assertThat(WarmUp.tableReads(wh.root(), List.of(t))).isZero();
    mergeTwoDays(wh);
    wh.path(io.callqa.warehouse.tables.Calls.SPEC).resolve("_delta_log").mkdirs();
    java.util.Map<String, Long> before = wh.versions();
    assertThat(
            WarmUp.tableReads(
                wh.root(),
                List.of(
                    io.callqa.warehouse.tables.Calls.SPEC,
                    io.callqa.warehouse.tables.Surveys.SPEC,
                    t)))
        .isEqualTo(1);
    assertThat(wh.versions()).isEqualTo(before);
    assertThat(wh.read(t).count()).isEqualTo(2);
    assertThat(WarmUp.tableReads(Location.parse("warehouse", "s3a://no-bucket/wh"), List.of(t)))
        .isZero();
  }

  @Test
  void readingAMissingTableSaysWhatToRun() {
    Warehouse wh = new Warehouse(spark, scratch.resolve("wh3"));
    assertThatThrownBy(() -> wh.read(IvrDaily.SPEC))
        .hasMessageContaining("table ivr_daily does not exist")
        .hasMessageContaining("callqa run");
    assertThatThrownBy(() -> wh.readListed(IvrDaily.SPEC))
        .hasMessageContaining("table ivr_daily does not exist")
        .hasMessageContaining("callqa run");
    assertThat(wh.registerListedViews(List.of(IvrDaily.SPEC))).isEmpty();
  }

  /**
   * New files store timestamps as Parquet INT64 microseconds; a table that also holds files of
   * Spark's legacy INT96 (written before) reads both back to the same instants.
   */
  @Test
  void timestampsAreWrittenAsInt64MicrosAndOlderInt96FilesStillRead() throws Exception {
    assertThat(spark.conf().get(SparkSessions.PARQUET_TIMESTAMPS)).isEqualTo("TIMESTAMP_MICROS");
    String path = scratch.resolve("timestamps").toString();
    StructType schema =
        new StructType().add("id", DataTypes.IntegerType).add("at", DataTypes.TimestampType);
    java.time.Instant older = java.time.Instant.parse("2026-03-02T01:15:04.123456Z");
    java.time.Instant newer = java.time.Instant.parse("1999-12-31T23:59:59.999999Z");
    spark.conf().set(SparkSessions.PARQUET_TIMESTAMPS, "INT96");
    try {
      spark
          .createDataFrame(List.of(RowFactory.create(1, older)), schema)
          .write()
          .format("delta")
          .save(path);
    } finally {
      spark.conf().set(SparkSessions.PARQUET_TIMESTAMPS, "TIMESTAMP_MICROS");
    }
    spark
        .createDataFrame(List.of(RowFactory.create(2, newer)), schema)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(path);
    List<String> types = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(path))) {
      for (java.nio.file.Path f :
          files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        try (org.apache.parquet.hadoop.ParquetFileReader r =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(f.toUri()),
                    new org.apache.hadoop.conf.Configuration()))) {
          org.apache.parquet.schema.PrimitiveType at =
              r.getFooter().getFileMetaData().getSchema().getType("at").asPrimitiveType();
          types.add(at.getPrimitiveTypeName() + " " + at.getLogicalTypeAnnotation());
        }
      }
    }
    assertThat(types).containsExactlyInAnyOrder("INT96 null", "INT64 TIMESTAMP(MICROS,true)");
    List<Row> back = spark.read().format("delta").load(path).orderBy("id").collectAsList();
    assertThat(back.get(0).<java.time.Instant>getAs("at")).isEqualTo(older);
    assertThat(back.get(1).<java.time.Instant>getAs("at")).isEqualTo(newer);
  }

  /**
   * Rows of every table's schema, with a value of each column type (nested structs and arrays too)
   * and with every nullable column null, read back the same through {@link CatalystRows} as through
   * Spark's row encoder.
   */
  @Test
  void internalRowsOfEveryTablesSchemaReadBackAsTheEncodersRowsDo() {
    for (TableSpec t : Tables.ALL) {
      StructType schema = t.schema();
      List<Row> rows = List.of(row(schema, false), row(schema, true));
      CatalystRows conv = CatalystRows.of(schema);
      List<Row> encoded = spark.createDataFrame(rows, schema).collectAsList();
      List<Row> converted =
          CatalystRows.dataFrame(
                  spark,
                  JavaSparkContext.fromSparkContext(spark.sparkContext())
                      .parallelize(rows, 2)
                      .map(conv::toInternal),
                  schema)
              .collectAsList();
      assertThat(converted).as(t.name()).isEqualTo(encoded);
    }
    StructType calls = Tables.byName("calls").orElseThrow().schema();
    Object[] wrong = new Object[calls.size()];
    wrong[0] = 5;
    assertThatThrownBy(() -> CatalystRows.of(calls).toInternal(RowFactory.create(wrong)))
        .hasMessage("column call_id is string, not a Integer (5)");
  }

  /** A row of {@code schema}: a value in every column, or null in each nullable one. */
  private static Row row(StructType schema, boolean nulls) {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      StructField f = schema.fields()[i];
      v[i] = nulls && f.nullable() ? null : value(f.name(), f.dataType(), nulls);
    }
    return RowFactory.create(v);
  }

  private static Object value(String name, DataType type, boolean nulls) {
    if (type.equals(DataTypes.StringType)) {
      return name + " 卡号 ü";
    } else if (type.equals(DataTypes.IntegerType)) {
      return name.length();
    } else if (type.equals(DataTypes.LongType)) {
      return 10_000_000_000L + name.length();
    } else if (type.equals(DataTypes.DoubleType)) {
      return name.length() / 8.0;
    } else if (type.equals(DataTypes.BooleanType)) {
      return name.length() % 2 == 0;
    } else if (type.equals(DataTypes.TimestampType)) {
      return java.time.Instant.parse("2026-03-02T01:15:04.123456Z").plusSeconds(name.length());
    } else if (type.equals(DataTypes.DateType)) {
      return LocalDate.of(2026, 3, 2).plusDays(name.length());
    } else if (type instanceof StructType st) {
      return row(st, nulls);
    } else if (type instanceof ArrayType at) {
      Object e = value(name, at.elementType(), nulls);
      return nulls && at.containsNull() ? java.util.Arrays.asList(e, null) : List.of(e, e);
    }
    throw new IllegalArgumentException(name + ": no sample value for " + type.simpleString());
  }
}
