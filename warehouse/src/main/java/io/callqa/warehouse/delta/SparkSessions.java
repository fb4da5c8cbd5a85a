package io.callqa.warehouse.delta;

import io.callqa.warehouse.storage.NioLocalFileSystem;
import java.time.ZoneId;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session every callqa job and test uses: Delta enabled, UI off, few shuffle
 * partitions, bound to loopback, and the SQL session time zone set to the centre's, so that {@code
 * to_date(ts)} and {@code hour(ts)} give local days and hours.
 *
 * <p>Measured on 2 cores: UI off, 4 shuffle partitions and {@code snapshotPartitions=2} cut MERGE
 * and time-travel time and about 1 GB of RSS against Spark's defaults.
 *
 * <p>Spark's generated code (whole-stage code generation and generated expression evaluators,
 * compiled with Janino for every query) starts off: on a contact centre's daily volumes the
 * compilation costs more than it saves, while large aggregations run slower without it (the figures
 * are in the README, "Benchmark"). {@link #codegenFor} turns it on when a stage's input is large.
 *
 * <p>Adaptive query execution starts off too, for the same reason: it runs each shuffle of a query
 * as a Spark job of its own and plans the rest again between them, which on small inputs costs more
 * than the partitions it coalesces save. {@link #adaptiveFor} turns it on when a stage's input is
 * large.
 */
public final class SparkSessions {

  /** Session time-zone key; {@link #checkTimeZone} relies on it. */
  public static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  /**
   * The session setting that chooses generated code: {@code auto} (the default: on for inputs above
   * {@link #LARGE_INPUT_BYTES}), {@code on} or {@code off}. A Spark setting, so that spark-submit's
   * {@code --conf} and the test JVMs' system properties can set it too.
   */
  public static final String CODEGEN_MODE = "spark.callqa.codegen";

  /**
   * The values of {@link #CODEGEN_MODE} and {@link #ADAPTIVE_MODE}: {@code auto}, {@code on},
   * {@code off}.
   */
  public static final java.util.List<String> SIZE_MODES = java.util.List.of("auto", "on", "off");

  /** The default of {@link #SIZE_MODES}: chosen by input size. */
  public static final String AUTO = SIZE_MODES.get(0);

  private static final String ON = SIZE_MODES.get(1);

  /**
   * The session setting that chooses adaptive query execution: {@code auto} (the default: on for
   * inputs above {@link #LARGE_INPUT_BYTES}), {@code on} or {@code off}.
   */
  public static final String ADAPTIVE_MODE = "spark.callqa.adaptive";

  /**
   * Above this input size, {@code auto} turns generated code and adaptive execution on. It was 256
   * MB while Parquet files stored timestamps as INT96; as INT64 the same calls table is 23% smaller
   * (30 days of a large centre: 286 MB, now 220 MB), and at 256 MB that table fell below the line
   * and its KPI stage ran interpreted: 128.5 s against 48.6 s. 192 MB keeps the choice made for the
   * same data.
   */
  public static final long LARGE_INPUT_BYTES = 192L << 20;

  /** Delta's re-check of each commit's checksum when the session time zone is not UTC. */
  public static final String NON_UTC_CHECKSUM_VERIFICATION =
      "spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled";

  /** Whether Delta keeps a small table's file list in each commit's checksum file. */
  public static final String ALL_FILES_IN_CHECKSUM = "spark.databricks.delta.allFilesInCrc.enabled";

  /** How Parquet files store timestamps. */
  public static final String PARQUET_TIMESTAMPS = "spark.sql.parquet.outputTimestampType";

  /** Spark's number of partitions after a shuffle (a join, an aggregation, a window). */
  public static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  /**
   * The fewest partitions Spark cuts a scan of files into (default: the default parallelism): small
   * files are packed into fewer partitions than that only below it.
   */
  public static final String FILES_MIN_PARTITIONS = "spark.sql.files.minPartitionNum";

  /**
   * The configured number of shuffle partitions ({@code spark.shuffle-partitions}): the most {@link
   * #shufflePartitionsFor} chooses.
   */
  public static final String MAX_SHUFFLE_PARTITIONS = "spark.callqa.shufflePartitions";

  /**
   * Without adaptive execution, one shuffle partition per this much input, up to {@link
   * #MAX_SHUFFLE_PARTITIONS}, and as few partitions of a scan of files. Each partition is a task,
   * and on small inputs a task's fixed cost outweighs its rows: Spark deserialises the stage's plan
   * for each task (about 10 ms each for a Delta write's), and Delta generates and compiles its
   * statistics collector for each write task. A one-day delivery of the demo's size ran 797 tasks
   * with 4 partitions, 315 by this rule (README, "Benchmark", "Partitions by input size").
   */
  public static final long BYTES_PER_SHUFFLE_PARTITION = 4L << 20;

  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";

  /**
   * Chooses generated code for what the session runs next, from the session's {@link #CODEGEN_MODE}
   * and the size of the input about to be read; returns whether it is on.
   */
  public static boolean codegenFor(SparkSession spark, long inputBytes) {
    boolean on = chosen(spark, CODEGEN_MODE, inputBytes);
    spark.conf().set(WHOLE_STAGE, on);
    spark.conf().set(FACTORY_MODE, on ? "FALLBACK" : "NO_CODEGEN");
    return on;
  }

  /**
   * Chooses adaptive query execution for what the session runs next, from the session's {@link
   * #ADAPTIVE_MODE} and the size of the input about to be read; returns whether it is on.
   */
  public static boolean adaptiveFor(SparkSession spark, long inputBytes) {
    boolean on = chosen(spark, ADAPTIVE_MODE, inputBytes);
    spark.conf().set(ADAPTIVE, on);
    return on;
  }

  /**
   * Chooses the number of shuffle partitions for what the session runs next: the configured most
   * ({@link #MAX_SHUFFLE_PARTITIONS}) when {@link #adaptiveFor} chooses adaptive execution for the
   * same input (it coalesces small partitions itself), else one per {@link
   * #BYTES_PER_SHUFFLE_PARTITION} of input, at least one and at most the configured number. A scan
   * of files is cut into at least as many partitions ({@link #FILES_MIN_PARTITIONS}; Spark packs
   * small files together up to a partition's share of the scan, so that with the default
   * parallelism four small files made four tasks). Returns the number chosen.
   */
  public static int shufflePartitionsFor(SparkSession spark, long inputBytes) {
    int most =
        Integer.parseInt(
            spark.conf().get(MAX_SHUFFLE_PARTITIONS, spark.conf().get(SHUFFLE_PARTITIONS)));
    long bytes = Math.max(0, inputBytes);
    long bySize =
        Math.max(
            1,
            bytes / BYTES_PER_SHUFFLE_PARTITION
                + (bytes % BYTES_PER_SHUFFLE_PARTITION == 0 ? 0 : 1));
    int n = chosen(spark, ADAPTIVE_MODE, inputBytes) ? most : (int) Math.min(most, bySize);
    spark.conf().set(SHUFFLE_PARTITIONS, n);
    spark.conf().set(FILES_MIN_PARTITIONS, n);
    return n;
  }

  /** Whether adaptive query execution is on in the session. */
  public static boolean adaptiveOn(SparkSession spark) {
    return Boolean.parseBoolean(spark.conf().get(ADAPTIVE, "true"));
  }

  /** {@code on}, or {@code auto} and an input above {@link #LARGE_INPUT_BYTES}. */
  private static boolean chosen(SparkSession spark, String modeKey, long inputBytes) {
    String mode = spark.conf().get(modeKey, AUTO);
    return ON.equals(mode) || AUTO.equals(mode) && inputBytes > LARGE_INPUT_BYTES;
  }

  /** Whether generated code is on in the session now. */
  public static boolean codegenOn(SparkSession spark) {
    return Boolean.parseBoolean(spark.conf().get(WHOLE_STAGE, "true"));
  }

  private SparkSessions() {}

  /**
   * Gets or creates the session.
   *
   * @param master Spark master, e.g. {@code local[*]}; null keeps whatever spark-submit set
   * @param shufflePartitions {@code spark.sql.shuffle.partitions}
   * @param timeZone the centre's time zone
   */
  public static SparkSession getOrCreate(String master, int shufflePartitions, ZoneId timeZone) {
    return getOrCreate(master, shufflePartitions, timeZone, java.util.Map.of());
  }

  /**
   * As {@link #getOrCreate(String, int, ZoneId)}, with further Spark settings (e.g. Delta's log
   * store per URI scheme), which apply when this call creates the session.
   */
  public static SparkSession getOrCreate(
      String master, int shufflePartitions, ZoneId timeZone, java.util.Map<String, String> extra) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName("callqa")
            .config("spark.ui.enabled", "false")
            .config(SHUFFLE_PARTITIONS, shufflePartitions)
            .config(MAX_SHUFFLE_PARTITIONS, shufflePartitions)
            .config("spark.default.parallelism", Math.max(2, shufflePartitions))
            .config("spark.databricks.delta.snapshotPartitions", 2)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config(SESSION_TIME_ZONE, timeZone.getId())
            .config(WHOLE_STAGE, "false")
            .config(FACTORY_MODE, "NO_CODEGEN")
            .config(ADAPTIVE, "false")
            // Rows hand out java.time values (Instant, LocalDate), as the landing parser produces
            // them.
            .config("spark.sql.datetime.java8API.enabled", "true")
            // Delta 3.3's metadata-only MIN/MAX casts dates to java.sql.Date and fails under the
            // java8 API.
            .config("spark.databricks.delta.optimizeMetadataQuery.enabled", "false")
            .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
            // Delta keeps a small table's file list in each commit's checksum, and in a session
            // whose time zone is not UTC (ours is the centre's) checks it after every commit by
            // rebuilding the table's state in a Spark job. The check guards timestamp partition
            // values, which differ by time zone; our tables are partitioned by date or not at all
            // (TablesTest keeps it so). Measured in the README, "Benchmark", "Fixed cost per
            // stage".
            .config(NON_UTC_CHECKSUM_VERIFICATION, "false")
            // Nor does it keep that file list at all: Delta 3.3 writes it into the checksum and
            // reads it back only to check it, and to start it, a table's first commit (each of
            // the ~20 tables' creation in a first run) collects the empty table's files in a
            // Spark query. Measured in the README, "Benchmark", "Fixed cost per stage".
            .config(ALL_FILES_IN_CHECKSUM, "false")
            .config("spark.sql.sources.partitionOverwriteMode", "static")
            // Timestamps as Parquet INT64 microseconds (UTC-adjusted), not Spark's legacy INT96:
            // writing one day of a large centre's calls took 2.7 s instead of 3.5 s (median of
            // five, warm, alternated; INT96 values go through a fixed-length dictionary). Files
            // written before keep INT96; a table holding both reads back the same (WarehouseIT).
            .config(PARQUET_TIMESTAMPS, "TIMESTAMP_MICROS")
            // VACUUM would otherwise commit START/END entries, a new table version that makes the
            // next run redo every stage that reads the table.
            .config("spark.databricks.delta.vacuum.logging.enabled", "false");
    // file: paths without a chmod or readlink child process per file (NioLocalFileSystem says why).
    for (java.util.Map.Entry<String, String> e : NioLocalFileSystem.HADOOP_SETTINGS.entrySet()) {
      b = b.config("spark.hadoop." + e.getKey(), e.getValue());
    }
    for (java.util.Map.Entry<String, String> e : extra.entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    if (master != null) {
      b = b.master(master);
      if (master.startsWith("local")) {
        b =
            b.config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
      }
    }
    // The log levels are the log4j2 configuration's (the command line logs errors only unless
    // --verbose):
    // no setLogLevel here, which would override it for every logger.
    SparkSession spark = b.getOrCreate();
    // getOrCreate may return an existing session: make the per-job settings hold anyway.
    spark.conf().set(SHUFFLE_PARTITIONS, shufflePartitions);
    spark.conf().set(MAX_SHUFFLE_PARTITIONS, shufflePartitions);
    spark.conf().set(SESSION_TIME_ZONE, timeZone.getId());
    return spark;
  }

  /**
   * Fails when the session's time zone is not {@code expected}: local days would silently be wrong.
   */
  public static void checkTimeZone(SparkSession spark, ZoneId expected) {
    String actual = spark.conf().get(SESSION_TIME_ZONE);
    if (!ZoneId.of(actual).equals(expected)) {
      throw new IllegalStateException(
          "Spark session time zone is "
              + actual
              + " but the centre's is "
              + expected
              + "; build the session with SparkSessions.getOrCreate");
    }
  }
}
