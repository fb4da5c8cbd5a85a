package io.callqa.warehouse.delta;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta Lake warehouse under one folder, local or remote ({@link Location}: HDFS, S3): each
 * table in {@code <root>/<table name>}.
 *
 * <p>Reads check the table's schema against its {@link TableSpec} and name the column that differs.
 * Writes are idempotent: {@link #merge} upserts on the business key, {@link #replaceWhere} replaces
 * exactly the rows a predicate selects. Usage:
 *
 * <pre>{@code
 * Warehouse wh = new Warehouse(spark, Path.of("demo/warehouse"));
 * Dataset<Row> calls = wh.read(Calls.SPEC);
 * }</pre>
 */
public final class Warehouse {
  private final SparkSession spark;
  private final Location root;

  public Warehouse(SparkSession spark, Path root) {
    this(spark, Location.local(root));
  }

  public Warehouse(SparkSession spark, Location root) {
    this.spark = spark;
    this.root = root;
  }

  /** The warehouse folder: local, or on HDFS or S3. */
  public Location root() {
    return root;
  }

  public SparkSession spark() {
    return spark;
  }

  /** Folder of a table. */
  public Location path(TableSpec table) {
    return path(root, table);
  }

  /** Folder of a table in the warehouse at {@code root}. */
  static Location path(Location root, TableSpec table) {
    return root.resolve(table.name());
  }

  /**
   * Whether the table has been created: its log holds a commit ({@link #version} from the log's
   * listing, as Delta's {@code isDeltaTable} decides, without starting Delta: 0.4 s of a cold
   * command).
   */
  public boolean exists(TableSpec table) {
    return log(table).isDirectory() && version(table) >= 0;
  }

  /**
   * Whether any table of {@link Tables#ALL} has a Delta log folder here: a listing, without
   * starting Delta.
   */
  public boolean holdsAnyTable() {
    return Tables.ALL.stream().anyMatch(t -> log(t).isDirectory());
  }

  /**
   * Creates the table, empty, with its schema and partitioning when it does not exist yet. A table
   * written by an earlier callqa that lacks only nullable columns this version added gets them (one
   * commit, no data rewritten; earlier rows read them as null); any other difference is a {@link
   * SchemaMismatchException}.
   */
  public void ensure(TableSpec table) {
    if (exists(table)) {
      addNewColumns(table);
      checkSchema(table);
      return;
    }
    var builder =
        DeltaTable.createIfNotExists(spark)
            .location(path(table).toString())
            .addColumns(table.schema());
    if (!table.partitionColumns().isEmpty()) {
      builder = builder.partitionedBy(table.partitionColumns().toArray(String[]::new));
    }
    builder.execute();
  }

  /** Reads the current version of a table, after checking its schema. */
  public Dataset<Row> read(TableSpec table) {
    if (!exists(table)) {
      throw missing(table);
    }
    checkSchema(table);
    return spark.read().format("delta").load(path(table).toString());
  }

  /**
   * Reads the current version of a table, after checking its schema, as {@link #read} does but
   * without Delta's Spark job over the log before the first scan: the files of the version are
   * listed by Delta Kernel ({@link KernelListing}) and read as Parquet. For a table read once (a
   * statement, the report, what a stage decides to skip or do): the frame reads those files for as
   * long as it lives, which a later commit does not change (it removes files from the log, not from
   * the folder), and VACUUM keeps a removed file for days (at least 7, the audit window in callqa).
   * A table this cannot read (a later Delta reader version) is read through Delta.
   */
  public Dataset<Row> readListed(TableSpec table) {
    return readListedIfPresent(table).orElseThrow(() -> missing(table));
  }

  private IllegalStateException missing(TableSpec table) {
    return new IllegalStateException(
        "table " + table.name() + " does not exist under " + root + "; run `callqa run` first");
  }

  private Optional<Dataset<Row>> readListedIfPresent(TableSpec table) {
    if (!log(table).isDirectory()) {
      return Optional.empty();
    }
    Optional<KernelListing.Files> listed;
    try {
      listed = KernelListing.current(spark.sparkContext().hadoopConfiguration(), path(table));
    } catch (TableNotFoundException e) {
      return Optional.empty(); // a log folder without a commit, as exists() says
    }
    if (listed.isEmpty()) {
      return Optional.of(read(table));
    }
    KernelListing.Files files = listed.get();
    checkSchema(table, files.schema());
    Column[] columns =
        Arrays.stream(files.schema().fieldNames()).map(functions::col).toArray(Column[]::new);
    if (files.files().isEmpty()) {
      return Optional.of(spark.createDataFrame(List.of(), files.schema()).select(columns));
    }
    Dataset<Row> frame =
        ListedRelation.read(spark, path(table), files)
            .orElseGet(
                () ->
                    spark
                        .read()
                        .schema(files.schema())
                        .option("basePath", path(table).toString())
                        .parquet(
                            files.files().stream()
                                .map(KernelListing.DataFile::path)
                                .toArray(String[]::new)));
    return Optional.of(frame.select(columns));
  }

  /** Reads the table, or an empty frame with its schema when it does not exist yet. */
  public Dataset<Row> readOrEmpty(TableSpec table) {
    return exists(table) ? read(table) : spark.createDataFrame(List.of(), table.schema());
  }

  /**
   * {@link #readListed}, or an empty frame with the table's schema when it does not exist yet: for
   * a stage's inputs it does not write.
   */
  public Dataset<Row> readListedOrEmpty(TableSpec table) {
    return readListedIfPresent(table)
        .orElseGet(() -> spark.createDataFrame(List.of(), table.schema()));
  }

  /**
   * Current version of a table, or -1 when it does not exist: the highest commit file in its log.
   * Read from the log's listing alone (no Spark job): Delta writes commit {@code N} as {@code
   * _delta_log/<N, 20 digits>.json} atomically, and never removes the newest one.
   */
  public long version(TableSpec table) {
    List<Long> versions = commitVersions(table);
    return versions.isEmpty() ? -1 : versions.get(0);
  }

  /**
   * The {@link #version} of every table of {@link Tables#ALL}, by name, in that order (-1 for one
   * not created yet): equal before and after a run that changed nothing.
   */
  public Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      v.put(t.name(), version(t));
    }
    return v;
  }

  /**
   * A table's current data files as its log states them: their number and bytes (what {@code
   * DESCRIBE DETAIL} reports, {@code WarehouseIT} checks), how many lie in each value of the first
   * partition column (non-null values, in order), and the table's properties.
   *
   * @param version the log's version these describe
   */
  public record FileSummary(
      long version,
      long files,
      long bytes,
      SortedMap<String, Long> filesPerPartition,
      Map<String, String> properties) {}

  /**
   * The table's {@link FileSummary}: read from its log by Delta Kernel in this thread when Kernel
   * reads the table ({@link KernelListing}), else from Delta's snapshot of it. Delta's {@code
   * DESCRIBE DETAIL} computes the table's state in Spark jobs first (maintain on 20 small tables:
   * 39.4-42.7 s through it, 25.5-26.3 s through Kernel).
   */
  public FileSummary fileSummary(TableSpec table) {
    if (!exists(table)) {
      throw missing(table);
    }
    Optional<KernelListing.Files> listed;
    try {
      listed = KernelListing.current(spark.sparkContext().hadoopConfiguration(), path(table));
    } catch (RuntimeException e) {
      listed = Optional.empty(); // Delta reads the log next, and names what is wrong with it
    }
    if (listed.isEmpty()) {
      return fileSummaryThroughDelta(table);
    }
    KernelListing.Files f = listed.get();
    SortedMap<String, Long> perPartition = new TreeMap<>();
    for (KernelListing.DataFile d : f.files()) {
      countPartition(perPartition, f.partitionColumns(), d.partitionValues());
    }
    return new FileSummary(
        f.version(),
        f.files().size(),
        f.files().stream().mapToLong(KernelListing.DataFile::size).sum(),
        Collections.unmodifiableSortedMap(perPartition),
        f.properties());
  }

  /** {@link #fileSummary} from Delta's snapshot: its add actions in a Spark job. */
  private FileSummary fileSummaryThroughDelta(TableSpec table) {
    org.apache.spark.sql.delta.Snapshot snapshot =
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table).toString())
            .update(false, scala.Option.empty(), scala.Option.empty());
    List<String> partitionColumns =
        scala.collection.JavaConverters.seqAsJavaList(snapshot.metadata().partitionColumns());
    SortedMap<String, Long> perPartition = new TreeMap<>();
    long files = 0;
    long bytes = 0;
    for (Row r : snapshot.allFiles().toDF().select("size", "partitionValues").collectAsList()) {
      files++;
      bytes += r.getLong(0);
      countPartition(perPartition, partitionColumns, r.getJavaMap(1));
    }
    return new FileSummary(
        snapshot.version(),
        files,
        bytes,
        Collections.unmodifiableSortedMap(perPartition),
        Map.copyOf(
            scala.collection.JavaConverters.mapAsJavaMap(snapshot.metadata().configuration())));
  }

  /** Counts one file under its value of the first partition column, when it has a non-null one. */
  private static void countPartition(
      SortedMap<String, Long> perPartition,
      List<String> partitionColumns,
      Map<String, String> partitionValues) {
    String value = partitionColumns.isEmpty() ? null : partitionValues.get(partitionColumns.get(0));
    if (value != null) {
      perPartition.merge(value, 1L, Long::sum);
    }
  }

  /** The bytes a table holds on storage (its data files and its log); 0 when it does not exist. */
  public long tableBytes(TableSpec table) {
    return path(table).treeBytes();
  }

  /**
   * Chooses Spark's generated code ({@link SparkSessions#codegenFor}), adaptive execution ({@link
   * SparkSessions#adaptiveFor}) and the number of shuffle partitions ({@link
   * SparkSessions#shufflePartitionsFor}) for what reads this warehouse next, from the size of its
   * {@code calls} table, by far the largest input, plus {@code moreBytes} (landing files about to
   * be ingested).
   */
  public void settingsFor(long moreBytes) {
    long bytes = tableBytes(Calls.SPEC) + moreBytes;
    SparkSessions.adaptiveFor(spark, bytes);
    SparkSessions.shufflePartitionsFor(spark, bytes);
    SparkSessions.codegenFor(spark, bytes);
  }

  /** A table's Delta log folder. */
  private Location log(TableSpec table) {
    return log(path(table));
  }

  /** The Delta log folder of the table in {@code tableDir}. */
  static Location log(Location tableDir) {
    return tableDir.resolve("_delta_log");
  }

  /** The file of commit {@code version} in a table's log ({@code <version, 20 digits>.json}). */
  public Location commitFile(TableSpec table, long version) {
    return log(table).resolve(String.format(Locale.ROOT, "%020d.json", version));
  }

  /** The checksum file Delta writes beside commit {@code version} ({@code <version>.crc}). */
  private Location checksumFile(TableSpec table, long version) {
    return log(table).resolve(String.format(Locale.ROOT, "%020d.crc", version));
  }

  /** The versions of the commit files in a table's log, newest first. */
  private List<Long> commitVersions(TableSpec table) {
    List<Long> versions = new ArrayList<>();
    for (Location f : log(table).list()) {
      if (COMMIT_FILE.matcher(f.name()).matches()) {
        versions.add(Long.parseLong(f.name().substring(0, 20)));
      }
    }
    versions.sort(Comparator.reverseOrder());
    return versions;
  }

  /**
   * The version of a table's newest commit that may have changed its rows, or -1 when it does not
   * exist: commits of table maintenance ({@code OPTIMIZE}, {@code VACUUM}, {@code SET
   * TBLPROPERTIES}: {@code callqa maintain}) are passed over, so a stage that records the versions
   * it read is not run again because its inputs were compacted. Reads the newest commit files'
   * {@code commitInfo} on the driver, no Spark job.
   */
  public long dataVersion(TableSpec table) {
    for (long v : commitVersions(table)) {
      if (!MAINTENANCE.contains(commitInfo(table, v).path("operation").asText())) {
        return v;
      }
    }
    return -1;
  }

  /**
   * The {@code commitInfo} of commit {@code version}, read on the driver from its commit file; a
   * missing node when the file or the entry is missing or unreadable.
   */
  com.fasterxml.jackson.databind.JsonNode commitInfo(TableSpec table, long version) {
    byte[] commit = version < 0 ? null : commitFile(table, version).readAllBytesOrNull();
    String line =
        commit == null
            ? null
            : new String(commit, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("{\"commitInfo\":"))
                .findFirst()
                .orElse(null);
    try {
      return line == null ? MissingNode.getInstance() : JSON.readTree(line).path("commitInfo");
    } catch (java.io.IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** Delta's operation names of the commits {@code callqa maintain} makes. */
  private static final Set<String> MAINTENANCE =
      Set.of("OPTIMIZE", "VACUUM START", "VACUUM END", "SET TBLPROPERTIES");

  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");

  /**
   * Upserts {@code source} into the table on its key: matched rows are replaced, new rows inserted.
   * The source must hold at most one row per key.
   */
  public void merge(TableSpec table, Dataset<Row> source) {
    DeltaMergeBuilder m = mergeOnKeyOrAppend(table, source);
    if (m != null) {
      m.whenMatched().updateAll().whenNotMatched().insertAll().execute();
    }
  }

  /** Inserts rows whose key is not in the table yet; rows already there are left as they are. */
  public void insertNew(TableSpec table, Dataset<Row> source) {
    DeltaMergeBuilder m = mergeOnKeyOrAppend(table, source);
    if (m != null) {
      m.whenNotMatched().insertAll().execute();
    }
  }

  /**
   * Creates the table if needed and says whether it holds no data file (just created, or emptied):
   * then a MERGE or DELETE into it has nothing to match. Read from the checksum file Delta writes
   * beside each commit ({@code <version>.crc}, its {@code numFiles}), a small file read on the
   * driver; {@code DESCRIBE DETAIL} (a Spark job or two, about 0.3 s each on a small table) only
   * when the newest commit has no readable checksum.
   */
  public boolean holdsNoDataFile(TableSpec table) {
    ensure(table);
    OptionalLong n = checksumFileCount(table);
    if (n.isPresent()) {
      return n.getAsLong() == 0;
    }
    return DeltaTable.forPath(spark, path(table).toString())
            .detail()
            .select("numFiles")
            .head()
            .getLong(0)
        == 0;
  }

  /** {@code numFiles} of the checksum of the table's newest commit, when there is one. */
  OptionalLong checksumFileCount(TableSpec table) {
    long v = version(table);
    if (v < 0) {
      return OptionalLong.empty();
    }
    byte[] crc = checksumFile(table, v).readAllBytesOrNull();
    if (crc == null) {
      return OptionalLong.empty();
    }
    try {
      com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(crc).get("numFiles");
      return n != null && n.canConvertToLong() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
    } catch (java.io.IOException e) {
      return OptionalLong.empty();
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Creates the table if needed; when it holds no data file (just created, or emptied) appends
   * {@code source} and returns null, since a MERGE into it would insert every row too, with a join
   * and a second pass (one day's 210,000 calls, one run each: 17.4 s as a MERGE, 13.3 s as an
   * append); otherwise returns a MERGE of {@code source} on the table's key, for the caller's
   * clauses. The file count is read from the Delta log on the driver.
   */
  private DeltaMergeBuilder mergeOnKeyOrAppend(TableSpec table, Dataset<Row> source) {
    if (holdsNoDataFile(table) || (oneWriterAtATime(table) && !holdsAKeyOf(table, source))) {
      conform(table, source)
          .write()
          .format("delta")
          .mode(SaveMode.Append)
          .save(path(table).toString());
      return null;
    }
    DeltaTable delta = DeltaTable.forPath(spark, path(table).toString());
    return delta.as("t").merge(conform(table, source).as("s"), keyCondition(table));
  }

  /** {@code t.k1 = s.k1 AND ...} over the table's key columns. */
  private static Column keyCondition(TableSpec table) {
    Column cond = null;
    for (String k : table.keyColumns()) {
      Column c = functions.col("t." + k).equalTo(functions.col("s." + k));
      cond = cond == null ? c : cond.and(c);
    }
    return cond;
  }

  /**
   * Whether a stored row has the key of a row of {@code source}: the table's key columns, listed
   * ({@link #readListed}), joined with the source's keys. When none has, a MERGE would insert every
   * row and update none, so an append writes the same rows; it skips what a MERGE into a table that
   * holds files costs before it writes (Delta computes the whole table's state and joins the source
   * with every file), 0.5-1 s a table on a small delivery. A null key matches nothing, here as in
   * the MERGE's condition.
   */
  boolean holdsAKeyOf(TableSpec table, Dataset<Row> source) {
    Column[] keys = table.keyColumns().stream().map(functions::col).toArray(Column[]::new);
    return !readListed(table)
        .select(keys)
        .as("t")
        .join(conform(table, source).select(keys).as("s"), keyCondition(table), "left_semi")
        .isEmpty();
  }

  /**
   * Whether the table's commits rely on callqa's rule of one writer at a time (the warehouse lock,
   * or the scheduler's across hosts) rather than on a log store that makes concurrent writers'
   * commits mutually exclusive (S3 with DynamoDB, {@value #MULTI_CLUSTER_LOG_STORE}). Only under
   * that rule may a write decide from a read made before its commit that no row has its key: with
   * concurrent writers, two could append the same key, where MERGEs conflict and one retries.
   */
  boolean oneWriterAtATime(TableSpec table) {
    return !MULTI_CLUSTER_LOG_STORE.equals(
        spark.conf().get("spark.delta.logStore." + path(table).scheme() + ".impl", ""));
  }

  /** Delta's log store that makes commits from several clusters mutually exclusive. */
  public static final String MULTI_CLUSTER_LOG_STORE = "io.delta.storage.S3DynamoDBLogStore";

  /** As {@link #together(List)}, for writes without a result. */
  public static void together(Runnable... writes) {
    together(
        Arrays.stream(writes)
            .<Supplier<Void>>map(
                w ->
                    () -> {
                      w.run();
                      return null;
                    })
            .toList());
  }

  /**
   * Runs {@code writes}, each to a table of its own, at the same time, one thread each, and returns
   * their results in order. A small write spends most of its time on the driver (planning, Delta's
   * state of the table, the commit) while the executors wait, and the next write waits for it:
   * together, one write's driver work overlaps another's tasks. Each thread starts with this
   * thread's active session and job properties. Returns when every write has ended; the first
   * failure (in order) is then thrown as it was thrown. Not for two writes to one table, nor for a
   * write that changes the session's settings.
   */
  public static <T> List<T> together(List<Supplier<T>> writes) {
    return together(writes, writes.size(), r -> {});
  }

  /**
   * As {@link #together(List)}, with at most {@code atOnce} writes running at a time, started in
   * list order (the next when one ends); {@code inOrder} hears each result in list order as soon as
   * it and every one before it have ended (progress that reads in order while the work overlaps).
   * After a failure (of a write, or of {@code inOrder} on its result) no further write starts and
   * no later result is heard; the first failure (in order) is thrown once the running writes have
   * ended.
   */
  public static <T> List<T> together(List<Supplier<T>> writes, int atOnce, Consumer<T> inOrder) {
    int n = writes.size();
    List<T> results = new ArrayList<>(Collections.nCopies(n, null));
    Throwable[] failures = new Throwable[n];
    boolean[] ended = new boolean[n];
    int[] heard = {0};
    int threads = Math.max(1, Math.min(atOnce, n));
    // Thread k runs write k first, so that the first writes all start, then the next in order.
    AtomicInteger next = new AtomicInteger(threads);
    AtomicBoolean failed = new AtomicBoolean();
    IntConsumer loop =
        first -> {
          for (int i = first; i < n; i = failed.get() ? n : next.getAndIncrement()) {
            T r = null;
            Throwable t = null;
            try {
              r = writes.get(i).get();
            } catch (Throwable e) {
              t = e;
              failed.set(true);
            }
            synchronized (results) {
              results.set(i, r);
              failures[i] = t;
              ended[i] = true;
              while (heard[0] < n && ended[heard[0]] && failures[heard[0]] == null) {
                try {
                  inOrder.accept(results.get(heard[0]));
                } catch (Throwable e) {
                  // A listener that throws fails that write's result, as the write would have.
                  failures[heard[0]] = e;
                  failed.set(true);
                  break;
                }
                heard[0]++;
              }
            }
          }
        };
    if (threads == 1) {
      loop.accept(0);
    } else {
      List<Thread> running = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        int first = k;
        Thread t = new Thread(() -> loop.accept(first), "callqa-write-" + (k + 1));
        t.setDaemon(true);
        t.start();
        running.add(t);
      }
      boolean interrupted = false;
      for (Thread t : running) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true; // the writes run on; their commits must not be left half-waited-for
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (results) {
      for (Throwable first : failures) {
        if (first instanceof RuntimeException r) {
          throw r;
        }
        if (first instanceof Error e) {
          throw e;
        }
        if (first != null) {
          throw new IllegalStateException(first);
        }
      }
      return results;
    }
  }

  /**
   * Replaces exactly the rows matching {@code predicate} (SQL) with {@code data}; every row of
   * {@code data} must match it. Other rows stay untouched.
   */
  public void replaceWhere(TableSpec table, Dataset<Row> data, String predicate) {
    ensure(table);
    conform(table, data)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .save(path(table).toString());
  }

  /**
   * Replaces the whole table's content with {@code data}; returns the rows the table now holds.
   * They are read from the metrics of the commit just made ({@link #rowsAfterWrite}), so that a
   * stage's summary needs no second read of the table (about 0.5-0.8 s on a small table: a new
   * snapshot's state and a count); a count of the table only when the commit has no metrics.
   *
   * <p>A table that holds no data file (just created: every table a first run writes) is appended
   * to, which leaves the same rows: Delta's overwrite first computes the whole table's state in
   * Spark jobs (for its clustering metadata), about 0.3-0.5 s a table on a small delivery.
   */
  public long overwrite(TableSpec table, Dataset<Row> data) {
    boolean intoEmpty = holdsNoDataFile(table) && oneWriterAtATime(table);
    long before = version(table);
    conform(table, data)
        .write()
        .format("delta")
        .mode(intoEmpty ? SaveMode.Append : SaveMode.Overwrite)
        .save(path(table).toString());
    long after = version(table);
    if (intoEmpty && after == before) {
      return 0; // no row to append: Delta commits nothing, and the table stays empty
    }
    OptionalLong rows = rowsAfterWrite(table, after, intoEmpty);
    return rows.isPresent() ? rows.getAsLong() : read(table).count();
  }

  /**
   * The rows a table holds after commit {@code version}, when that commit replaced the whole table
   * (Delta's {@code WRITE} in {@code Overwrite} mode without a predicate) or, {@code intoEmpty},
   * appended to a table that held no row ({@code WRITE} in {@code Append} mode): its {@code
   * commitInfo}'s {@code operationMetrics.numOutputRows}. Read on the driver from the commit file;
   * empty for any other commit, or one written without metrics.
   */
  OptionalLong rowsAfterWrite(TableSpec table, long version, boolean intoEmpty) {
    com.fasterxml.jackson.databind.JsonNode c = commitInfo(table, version);
    com.fasterxml.jackson.databind.JsonNode params = c.path("operationParameters");
    String rows = c.path("operationMetrics").path("numOutputRows").asText();
    String mode = params.path("mode").asText();
    boolean wholeTable =
        "WRITE".equals(c.path("operation").asText())
            && ("Overwrite".equals(mode) || (intoEmpty && "Append".equals(mode)))
            && !params.has("predicate");
    return wholeTable && rows.matches("\\d{1,18}")
        ? OptionalLong.of(Long.parseLong(rows))
        : OptionalLong.empty();
  }

  /**
   * Registers those of {@code tables} that exist as temporary views under their plain names, each
   * read by {@link #readListed} (for commands that read them once; the sql-server, whose views live
   * as long as it does, reads through {@link #read}); returns the names.
   */
  public List<String> registerListedViews(List<TableSpec> tables) {
    List<String> names = new ArrayList<>();
    for (TableSpec t : tables) {
      Optional<Dataset<Row>> read = readListedIfPresent(t);
      if (read.isPresent()) {
        read.get().createOrReplaceTempView(t.name());
        names.add(t.name());
      }
    }
    return names;
  }

  /**
   * Columns of {@code data} in the table's order, cast to its types; fails naming a missing column.
   */
  static Dataset<Row> conform(TableSpec table, Dataset<Row> data) {
    List<String> have = List.of(data.columns());
    List<Column> cols = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalArgumentException(
            "data for table " + table.name() + " lacks column " + f.name() + "; it has " + have);
      }
      cols.add(functions.col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return data.select(cols.toArray(Column[]::new));
  }

  private void addNewColumns(TableSpec table) {
    Set<String> onDisk =
        new java.util.HashSet<>(java.util.Arrays.asList(schemaOnDisk(table).fieldNames()));
    List<StructField> missing =
        java.util.Arrays.stream(table.schema().fields())
            .filter(f -> !onDisk.contains(f.name()))
            .toList();
    if (missing.isEmpty() || !missing.stream().allMatch(StructField::nullable)) {
      return; // nothing to add, or a difference checkSchema names
    }
    // An empty append with schema merging adds the columns with their exact types and comments.
    spark
        .createDataFrame(List.of(), table.schema())
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(path(table).toString());
  }

  /**
   * Checks that the table on disk has the declared columns and types, naming the first that
   * differs.
   */
  public void checkSchema(TableSpec table) {
    checkSchema(table, schemaOnDisk(table));
  }

  /**
   * The table's schema in its newest commit: read by Delta Kernel from the log, without Delta's
   * snapshot (the first Delta work of a process that only checks a table costs seconds); through
   * Delta when Kernel cannot read it.
   */
  private StructType schemaOnDisk(TableSpec table) {
    return KernelListing.schema(spark.sparkContext().hadoopConfiguration(), path(table))
        .orElseGet(() -> DeltaTable.forPath(spark, path(table).toString()).toDF().schema());
  }

  private void checkSchema(TableSpec table, StructType actual) {
    Map<String, StructField> onDisk = new LinkedHashMap<>();
    for (StructField f : actual.fields()) {
      onDisk.put(f.name(), f);
    }
    for (StructField want : table.schema().fields()) {
      StructField got = onDisk.remove(want.name());
      if (got == null) {
        throw new SchemaMismatchException(
            "table "
                + table.name()
                + " at "
                + path(table)
                + " has no column "
                + want.name()
                + " ("
                + want.dataType().simpleString()
                + "); it was written by another callqa version:"
                + " rebuild it or migrate it");
      }
      if (!got.dataType().equals(want.dataType())) {
        throw new SchemaMismatchException(
            "table "
                + table.name()
                + " column "
                + want.name()
                + " is "
                + got.dataType().simpleString()
                + " on disk but callqa expects "
                + want.dataType().simpleString()
                + (got.dataType().simpleString().equals(want.dataType().simpleString())
                    ? " (the nullability or comments of its nested fields differ)"
                    : ""));
      }
    }
    if (!onDisk.isEmpty()) {
      throw new SchemaMismatchException(
          "table "
              + table.name()
              + " at "
              + path(table)
              + " has unexpected columns "
              + onDisk.keySet().stream().collect(Collectors.joining(", ")));
    }
  }
}
