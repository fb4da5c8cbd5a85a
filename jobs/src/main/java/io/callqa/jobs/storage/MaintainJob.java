package io.callqa.jobs.storage;

import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.storage.DelegatingLogStore;
import org.apache.spark.sql.delta.storage.LogStore;
import org.apache.spark.sql.delta.storage.LogStoreAdaptor;

/**
 * {@code callqa maintain}: keeps the Delta tables fast to read and their history as long as the
 * audit window asks. For every table (up to {@value #TABLES_AT_ONCE} at the same time, each table's
 * line printed in table order), in order:
 *
 * <ol>
 *   <li>sets {@code delta.logRetentionDuration} and {@code delta.deletedFileRetentionDuration} to
 *       the audit window ({@code storage.audit-window-days}), so neither log clean-up nor VACUUM
 *       can take a version younger than the window from time travel (a commit only when a value
 *       differs);
 *   <li>OPTIMIZE: compacts small files (one batch's append is a few files per day partition);
 *       tables partitioned by day are also Z-ordered by their key's first other column ({@code
 *       call_id} for calls, transcripts, analytics and scores), so a lookup by call reads few
 *       files;
 *   <li>VACUUM with the audit window as retention: deletes only files no version younger than the
 *       window needs.
 * </ol>
 *
 * <p>What cannot change anything is not run (measured on a warehouse of 17 small tables: 115 s
 * before): OPTIMIZE of an unpartitioned table of fewer than two files (bin-packing has nothing to
 * put together); VACUUM of a table whose first commit is younger than the window less a day (VACUUM
 * deletes only files older than the window, and a table's files are written after its first commit,
 * or at most minutes before it, in that commit); a second look at the table's files when no step
 * committed. A table's files, bytes, properties and files per day are read from its log by Delta
 * Kernel ({@link Warehouse#fileSummary}), not by {@code DESCRIBE DETAIL}, which has Delta compute
 * the table's state in Spark jobs first (measured on 20 small tables: 39.4-42.7 s -> 25.5-26.3 s;
 * 18.1 s -> 2.6 s with nothing to do).
 *
 * <p>Re-running changes nothing: an OPTIMIZE with nothing to compact commits nothing, and VACUUM
 * logging is off ({@link io.callqa.warehouse.delta.SparkSessions}).
 */
public final class MaintainJob {

  /** What was done to one table. */
  public record TableResult(
      String table,
      long filesBefore,
      long filesAfter,
      long bytesBefore,
      long bytesAfter,
      long versionBefore,
      long versionAfter,
      List<String> zorder,
      boolean vacuumed,
      String vacuumNote) {
    /** The progress line. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "maintain: %-20s files %,6d -> %,6d, %,12d -> %,12d bytes, version %d -> %d%s%s",
          table,
          filesBefore,
          filesAfter,
          bytesBefore,
          bytesAfter,
          versionBefore,
          versionAfter,
          zorder.isEmpty() ? "" : ", z-ordered by " + String.join(", ", zorder),
          vacuumNote);
    }
  }

  private MaintainJob() {}

  /** Maintains every existing table; {@code vacuum} false skips step 3. */
  public static List<TableResult> run(
      Warehouse wh, int auditWindowDays, boolean vacuum, Consumer<String> progress) {
    SparkSession spark = wh.spark();
    // VACUUM lists the table's files in a Spark job of this many tasks; Spark's default, 10,000,
    // made a VACUUM of a small table take minutes on 2 cores.
    spark
        .conf()
        .set(
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            Math.max(2, spark.sparkContext().defaultParallelism() * 4));
    String retention = "interval " + auditWindowDays + " days";
    Instant now = Instant.now();
    List<Supplier<TableResult>> work = new ArrayList<>();
    for (TableSpec t : Tables.ALL) {
      if (wh.exists(t)) {
        work.add(() -> maintain(wh, t, retention, auditWindowDays, vacuum, now));
      }
    }
    // Each table's steps are small Spark jobs between which the driver plans, reads the log and
    // commits while the executors wait: tables side by side, each line printed in table order.
    return Warehouse.together(work, TABLES_AT_ONCE, r -> progress.accept(r.line()));
  }

  /** Tables maintained at the same time. */
  static final int TABLES_AT_ONCE = 3;

  private static TableResult maintain(
      Warehouse wh,
      TableSpec t,
      String retention,
      int auditWindowDays,
      boolean vacuum,
      Instant now) {
    SparkSession spark = wh.spark();
    String ref = "delta.`" + wh.path(t) + "`";
    Warehouse.FileSummary before = wh.fileSummary(t);
    long v0 = wh.version(t);
    Map<String, String> props = before.properties();
    if (!retention.equals(props.get("delta.logRetentionDuration"))
        || !retention.equals(props.get("delta.deletedFileRetentionDuration"))) {
      spark.sql(
          "ALTER TABLE "
              + ref
              + " SET TBLPROPERTIES ('delta.logRetentionDuration' = '"
              + retention
              + "', 'delta.deletedFileRetentionDuration' = '"
              + retention
              + "')");
    }
    List<String> zorder = zorderColumns(t);
    long filesBefore = before.files();
    if (zorder.isEmpty()) {
      if (filesBefore > 1) {
        spark.sql("OPTIMIZE " + ref);
      }
    } else {
      // Z-ordering rewrites every file of the partitions it is given, so only days with more than
      // one file (new appends since the last run) are given: a day already in one file stays as it
      // is.
      List<String> days = daysWithSeveralFiles(before);
      if (!days.isEmpty()) {
        spark.sql(
            "OPTIMIZE "
                + ref
                + " WHERE "
                + t.partitionColumns().get(0)
                + " IN ('"
                + String.join("', '", days)
                + "') ZORDER BY ("
                + String.join(", ", zorder)
                + ")");
      }
    }
    // The first commit's time is when the table was created.
    Optional<Instant> created = wh.commitFile(t, 0).modified();
    boolean vacuumed =
        vacuum
            && (created.isEmpty()
                || !created.get().isAfter(vacuumNeededBefore(now, auditWindowDays)));
    if (vacuumed) {
      vacuum(wh, t, auditWindowDays);
    }
    long v1 = wh.version(t);
    Warehouse.FileSummary after = v1 == v0 ? before : wh.fileSummary(t);
    return new TableResult(
        t.name(),
        filesBefore,
        after.files(),
        before.bytes(),
        after.bytes(),
        v0,
        v1,
        zorder,
        vacuumed,
        vacuum && !vacuumed
            ? ", no VACUUM (first commit "
                + created.orElseThrow().truncatedTo(ChronoUnit.SECONDS)
                + ", within the window)"
            : "");
  }

  /** Delta's VACUUM of one table, keeping what the last {@code auditWindowDays} days need. */
  static void vacuum(Warehouse wh, TableSpec t, int auditWindowDays) {
    wh.spark()
        .sql("VACUUM delta.`" + wh.path(t) + "` RETAIN " + (auditWindowDays * 24L) + " HOURS");
  }

  /**
   * VACUUM can delete something only in a table created before this: its files are younger than the
   * first commit less a day, and VACUUM deletes only files older than the window.
   */
  static Instant vacuumNeededBefore(Instant now, int auditWindowDays) {
    return now.minus(Duration.ofDays(auditWindowDays)).plus(Duration.ofDays(1));
  }

  /**
   * Z-order columns: for a day-partitioned table, the first key column that is not a partition
   * column (a Z-order within a single column is a sort; Delta refuses partition columns); none
   * otherwise.
   */
  static List<String> zorderColumns(TableSpec t) {
    if (t.partitionColumns().isEmpty()) {
      return List.of();
    }
    return t.keyColumns().stream().filter(c -> !t.partitionColumns().contains(c)).limit(1).toList();
  }

  /** Values of the (first) partition column whose partition holds more than one file. */
  static List<String> daysWithSeveralFiles(Warehouse.FileSummary files) {
    return files.filesPerPartition().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The log store class that commits to {@code table}'s folder (what {@code storage.log-store}
   * chose for its URI scheme, or Delta's default).
   */
  public static String logStoreClass(Warehouse wh, TableSpec table) {
    String path = wh.path(table).uri();
    LogStore store = DeltaLog.forTable(wh.spark(), path).store();
    if (store instanceof DelegatingLogStore d) {
      store = d.getDelegate(new org.apache.hadoop.fs.Path(path));
    }
    return store instanceof LogStoreAdaptor a
        ? a.logStoreImpl().getClass().getName()
        : store.getClass().getName();
  }
}
