package io.callqa.warehouse.delta;

import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.NioLocalFileSystem;
import io.callqa.warehouse.tables.TableSpec;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;

/**
 * Cold work done ahead on a second thread, for a short command in a fresh JVM (a cold {@code sql}
 * statement; README, "Reading ahead while the session starts"). Such a command spends most of its
 * time running code for the first time: loading and initialising classes and interpreting code the
 * JIT has not compiled yet. Its main thread does that work one step after another (the Spark
 * session about 1 s, then Delta Kernel's listing of a table's log, Spark's SQL parser, the first
 * Parquet read), on a machine of two cores. A step here does, and throws away, part of a later
 * step's work while the main thread is busy with an earlier one, so that its classes are ready and
 * its code warm when the main thread gets there.
 *
 * <p>A step changes nothing the main thread reads: it reads files and builds its own objects. It
 * may fail (the main thread then meets the same problem and reports it); its failure is ignored.
 */
public final class WarmUp {
  private WarmUp() {}

  /**
   * Turns warming up off ({@code -Dcallqa.warm-up=off}, e.g. in {@code CALLQA_JAVA_OPTS}): to
   * measure what it saves.
   */
  public static final String SWITCH = "callqa.warm-up";

  /**
   * Runs the steps in order on a daemon thread of their own; returns the thread, or null (and runs
   * nothing) when {@link #SWITCH} is off.
   */
  public static Thread start(String name, Runnable... steps) {
    if ("off".equals(System.getProperty(SWITCH))) {
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              for (Runnable step : steps) {
                try {
                  step.run();
                } catch (Throwable ignored) {
                  // the main thread does the same work and reports what fails
                }
              }
            },
            "callqa-warm-up-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * What a first {@link Warehouse#readListed} of these tables reads before Spark does: Delta
   * Kernel's listing of each log (the Hadoop configuration and file system, Kernel's log replay and
   * Spark's schema from JSON), and the footer of one data file, as the scan's first task reads one.
   * A warehouse outside the local file system is left alone. Returns how many tables had a footer
   * read that counts rows.
   */
  public static int tableReads(Location root, List<TableSpec> tables) {
    int read = 0;
    if (!root.isLocal() || tables.isEmpty()) {
      return read;
    }
    // Hadoop's defaults and the local file system's settings, not Location.hadoopConf(): that one
    // is built from the Spark environment (SparkEnv, SparkConf), which the main thread is creating.
    Configuration conf = new Configuration();
    NioLocalFileSystem.HADOOP_SETTINGS.forEach(conf::set);
    for (TableSpec t : tables) {
      Location dir = Warehouse.path(root, t);
      if (!Warehouse.log(dir).isDirectory()) {
        continue;
      }
      Optional<KernelListing.Files> listed;
      try {
        listed = KernelListing.current(conf, dir);
      } catch (TableNotFoundException e) {
        continue; // a log folder without a commit: no table yet, as the read decides
      }
      if (listed.isEmpty() || listed.get().files().isEmpty()) {
        continue;
      }
      if (footerRows(conf, listed.get().files().get(0).path()) > 0) {
        read++;
      }
    }
    return read;
  }

  /**
   * The rows a Parquet file's footer counts, read with Parquet's own reader (its metadata classes,
   * which the scan's first task reads a footer with; Spark's vectorised reader would consult
   * Spark's SQL settings, whose classes the main thread initialises as it creates the session); 0
   * when it cannot be read (the scan meets that and says so).
   */
  private static long footerRows(Configuration conf, String path) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
      return reader.getRecordCount();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Spark's SQL parser (Delta's, over Spark's) on the statement: its grammar's tables are built on
   * first use, 0.15 s of a cold {@code sql} measured.
   */
  public static void parse(SparkSession spark, String sql) {
    try {
      spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      // the main thread's parse says where the statement is wrong
    }
  }
}
