package io.callqa.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.callqa.jobs.incremental.Delivery;
import io.callqa.jobs.incremental.DeliveryRecord;
import io.callqa.jobs.incremental.Incremental;
import io.callqa.jobs.landing.CsvSlices;
import io.callqa.jobs.landing.LandingFileParser;
import io.callqa.jobs.landing.LandingKind;
import io.callqa.jobs.progress.Phases;
import io.callqa.nlp.Checksums;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.CatalystRows;
import io.callqa.warehouse.tables.IngestedFiles;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TableSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests the landing zone's CSV feeds (calls, surveys, ticket events) into Delta tables.
 *
 * <p>Guarantees: each file is recorded in {@code ingested_files} with its SHA-256 and is not read
 * again while unchanged (landing files are deliveries to {@link Incremental#runOnNew}, the
 * pipeline's one skip-or-run rule); every record read becomes a row or a {@code rejects} row (read
 * = accepted + rejected); within a run the latest delivery of a key wins (files in name order, then
 * line order), and a later run's delivery wins over what is stored (MERGE on the key). Running it
 * twice over the same landing zone writes nothing the second time. Files are parsed in parallel by
 * the executors, one task per file or per 8 MB slice of a large CSV file ({@link CsvSlices}), and
 * the feeds (each into its own table) at once.
 *
 * <pre>{@code
 * IngestSummary s = IngestJob.run(warehouse, IngestSettings.of(config), Path.of("demo/landing"), System.out::println);
 * }</pre>
 */
public final class IngestJob {
  private static final String RECORD = "record";
  private static final String REJECT = "reject";

  private IngestJob() {}

  public static IngestSummary run(
      Warehouse wh, IngestSettings settings, Path landing, Consumer<String> progress) {
    return run(wh, settings, Location.local(landing), progress);
  }

  /**
   * As {@link #run(Warehouse, IngestSettings, Path, Consumer)}, for a landing zone anywhere (a
   * local folder, HDFS, S3): executors read the files through the same {@link Location}.
   */
  public static IngestSummary run(
      Warehouse wh, IngestSettings settings, Location landing, Consumer<String> progress) {
    SparkSession spark = wh.spark();
    String runId =
        "ingest-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .format(Instant.now().atOffset(ZoneOffset.UTC));
    Phases phases = new Phases();
    List<Row> unreadable = new ArrayList<>();
    List<LandingFile> all = discover(landing, runId, unreadable);
    phases.lap("list and checksum files");
    if (!unreadable.isEmpty()) {
      progress.accept(
          "ingest: "
              + unreadable.size()
              + " landing file(s) cannot be read; each has a row in rejects");
      wh.insertNew(Rejects.SPEC, spark.createDataFrame(unreadable, Rejects.SCHEMA));
      phases.lap("rejects of unreadable files");
    }
    Read read =
        Incremental.runOnNew(
                "ingest",
                "landing files",
                all,
                new IngestedFilesRecord(wh, runId, phases),
                progress,
                fresh -> read(wh, settings.timeZone(), runId, fresh, progress, phases))
            .orElse(new Read(List.of(), null, null));
    return new IngestSummary(
        read.counts(),
        all.size() - read.counts().size(),
        unreadable.size(),
        Optional.ofNullable(read.first()),
        Optional.ofNullable(read.last()),
        phases.seconds());
  }

  /** What a run read: per-file counts (in landing order) and the range of changed call days. */
  private record Read(List<IngestSummary.FileCounts> counts, LocalDate first, LocalDate last) {}

  /** Reads the new files, feed by feed, into their tables and {@code rejects}. */
  private static Read read(
      Warehouse wh,
      ZoneId zone,
      String runId,
      List<LandingFile> fresh,
      Consumer<String> progress,
      Phases phases) {
    List<IngestSummary.FileCounts> counts = new ArrayList<>();
    LocalDate first = null;
    LocalDate last = null;
    wh.settingsFor(fresh.stream().mapToLong(LandingFile::bytes).sum());
    // Every feed's rejects go into one commit at the end (a commit costs 1-2 s however few rows it
    // holds); each feed's parsed rows stay cached until then.
    List<Dataset<Row>> parsedFeeds = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      // The feeds at once, each on a thread of its own (Warehouse.together): each writes its own
      // table, and a small feed's work is mostly the driver's (planning, its commit), which runs
      // while another feed's tasks parse. A phase's seconds are each feed's own, summed.
      List<Supplier<KindResult>> feeds = new ArrayList<>();
      // The feeds' threads say when each has committed, one line at a time.
      Consumer<String> said =
          line -> {
            synchronized (feeds) {
              progress.accept(line);
            }
          };
      List<Phases> feedPhases = new ArrayList<>();
      for (LandingKind kind : LandingKind.values()) {
        List<LandingFile> files = fresh.stream().filter(f -> f.kind() == kind).toList();
        if (files.isEmpty()) {
          continue;
        }
        long bytes = files.stream().mapToLong(LandingFile::bytes).sum();
        progress.accept(
            "ingest: "
                + kind.folder()
                + ": reading "
                + files.size()
                + " files, "
                + (bytes / 1_000_000)
                + " MB");
        Phases own = new Phases();
        feedPhases.add(own);
        feeds.add(
            () -> {
              KindResult k = ingestKind(wh, zone, runId, kind, files, own.restarted());
              parsedFeeds.add(k.parsed());
              said.accept("ingest: " + kind.folder() + ": committed to " + kind.table().name());
              return k;
            });
      }
      for (KindResult k : Warehouse.together(feeds)) {
        counts.addAll(k.counts());
        if (k.first() != null) {
          first = first == null || k.first().isBefore(first) ? k.first() : first;
          last = last == null || k.last().isAfter(last) ? k.last() : last;
        }
      }
      feedPhases.forEach(phases::add);
      Dataset<Row> rejects = null;
      for (Dataset<Row> parsed : parsedFeeds) {
        Dataset<Row> r = parsed.filter(col(REJECT).isNotNull()).select(REJECT + ".*");
        rejects = rejects == null ? r : rejects.unionByName(r);
      }
      if (rejects != null) {
        wh.insertNew(Rejects.SPEC, rejects);
        phases.lap("rejects commit");
      }
    } finally {
      parsedFeeds.forEach(Dataset::unpersist);
    }
    List<IngestSummary.FileCounts> inOrder = new ArrayList<>();
    for (LandingFile f : fresh) {
      inOrder.add(
          counts.stream()
              .filter(x -> x.sourceFile().equals(f.sourceFile()))
              .findFirst()
              .orElseThrow());
    }
    return new Read(List.copyOf(inOrder), first, last);
  }

  /**
   * The ingest stage's record of deliveries: {@code ingested_files}, one row per file read with its
   * checksum, size and row counts.
   */
  private record IngestedFilesRecord(Warehouse wh, String runId, Phases phases)
      implements DeliveryRecord<LandingFile, Read> {
    @Override
    public Set<Delivery.Id> used() {
      Set<Delivery.Id> used = new HashSet<>();
      if (wh.exists(IngestedFiles.SPEC)) {
        // Listed by Delta Kernel and read once here: Delta's reader would first rebuild the log's
        // state in a Spark job, the first Delta work of the process.
        for (Row r :
            wh.readListed(IngestedFiles.SPEC)
                .select(IngestedFiles.SOURCE_FILE, IngestedFiles.SHA256)
                .collectAsList()) {
          used.add(new Delivery.Id(r.getString(0), r.getString(1)));
        }
      }
      phases.lap("files ingested before");
      return used;
    }

    @Override
    public void record(List<LandingFile> files, Read read) {
      Instant now = Instant.now();
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        LandingFile f = files.get(i);
        IngestSummary.FileCounts c = read.counts().get(i);
        rows.add(
            IngestedFiles.SPEC
                .row()
                .set(IngestedFiles.SOURCE_FILE, f.sourceFile())
                .set(IngestedFiles.SHA256, f.sha256())
                .set(IngestedFiles.TARGET, f.kind().table().name())
                .set(IngestedFiles.BYTES, f.bytes())
                .set(IngestedFiles.ROWS_READ, c.read())
                .set(IngestedFiles.ROWS_ACCEPTED, c.accepted())
                .set(IngestedFiles.ROWS_REJECTED, c.rejected())
                .set(IngestedFiles.INGEST_RUN, runId)
                .set(IngestedFiles.INGESTED_AT, now)
                .build());
      }
      wh.insertNew(IngestedFiles.SPEC, wh.spark().createDataFrame(rows, IngestedFiles.SCHEMA));
      phases.lap("ingested_files commit");
    }
  }

  /**
   * One feed's counts and changed call days, and its parsed rows (cached; the caller writes their
   * rejects and unpersists them).
   */
  private record KindResult(
      List<IngestSummary.FileCounts> counts,
      LocalDate first,
      LocalDate last,
      Dataset<Row> parsed) {}

  private static KindResult ingestKind(
      Warehouse wh,
      ZoneId zone,
      String runId,
      LandingKind kind,
      List<LandingFile> files,
      Phases phases) {
    SparkSession spark = wh.spark();
    TableSpec table = kind.table();
    StructType parsedSchema = parsedSchema(table);
    List<LandingPart> parts = new ArrayList<>();
    for (LandingFile f : files) {
      parts.addAll(parts(f));
    }
    JavaRDD<InternalRow> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(parts, parts.size())
            .flatMap(p -> parse(p, zone, runId));
    Dataset<Row> parsed =
        CatalystRows.dataFrame(spark, rows, parsedSchema).persist(StorageLevel.MEMORY_AND_DISK());
    boolean handedOver = false;
    try {
      Column file =
          coalesce(
              col(RECORD + "." + Lineage.SOURCE_FILE), col(REJECT + "." + Rejects.SOURCE_FILE));
      List<Row> stats =
          parsed
              .groupBy(file.as("f"))
              .agg(
                  count(when(col(RECORD).isNotNull(), lit(1))).as("accepted"),
                  count(
                          when(
                              col(REJECT).isNotNull().and(col(REJECT + "." + Rejects.LINE).gt(0)),
                              lit(1)))
                      .as("rejected"))
              .collectAsList();
      phases.lap("read, parse, validate and mask");
      List<IngestSummary.FileCounts> counts = new ArrayList<>();
      for (LandingFile f : files) {
        long accepted = 0;
        long rejected = 0;
        for (Row s : stats) {
          if (s.getString(0).equals(f.sourceFile())) {
            accepted = s.getLong(1);
            rejected = s.getLong(2);
          }
        }
        counts.add(
            new IngestSummary.FileCounts(
                f.sourceFile(), table.name(), accepted + rejected, accepted, rejected));
      }

      Dataset<Row> records =
          latestPerKey(parsed.filter(col(RECORD).isNotNull()).select(RECORD + ".*"), table);
      LocalDate[] range = changedDays(wh, kind, records);
      phases.lap("latest per key and changed days");
      wh.merge(table, records);
      phases.lap("merge into " + table.name());
      handedOver = true;
      return new KindResult(counts, range[0], range[1], parsed);
    } finally {
      if (!handedOver) {
        parsed.unpersist();
      }
    }
  }

  private static Column coalesce(Column a, Column b) {
    return org.apache.spark.sql.functions.coalesce(a, b);
  }

  /**
   * Keeps one row per key: the latest delivery (greatest source file name, then line). Counting the
   * keys first is one pass over the key columns alone; only when a key repeats are the rows sorted
   * by key (a window over every column: 4.4 s for one day's 210,000 calls, most of it when no key
   * repeats).
   */
  static Dataset<Row> latestPerKey(Dataset<Row> records, TableSpec table) {
    Column[] keys =
        table.keyColumns().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    if (records.groupBy(keys).count().filter(col("count").gt(1)).isEmpty()) {
      return records;
    }
    return records
        .withColumn(
            "_rank",
            row_number()
                .over(
                    Window.partitionBy(keys)
                        .orderBy(col(Lineage.SOURCE_FILE).desc(), col(Lineage.SOURCE_LINE).desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /**
   * The range of local call days whose KPI inputs change: days of the incoming calls and of the
   * stored versions they replace; for surveys, the days of the surveyed calls. The stored calls are
   * a listed read: through Delta, the join would first have Delta compute the whole table's state
   * and size in a Spark job, 1-2 s of a small delivery, where the MERGE that follows needs only the
   * files its condition can touch.
   */
  private static LocalDate[] changedDays(Warehouse wh, LandingKind kind, Dataset<Row> records) {
    Dataset<Row> days;
    if (kind == LandingKind.CALLS) {
      days = records.select(Calls.DAY);
      if (wh.exists(Calls.SPEC)) {
        days =
            days.union(
                wh.readListed(Calls.SPEC)
                    .join(records.select(Calls.CALL_ID), Calls.CALL_ID)
                    .select(Calls.DAY));
      }
    } else if (kind == LandingKind.SURVEYS && wh.exists(Calls.SPEC)) {
      days =
          wh.readListed(Calls.SPEC)
              .join(records.select(Surveys.CALL_ID), Calls.CALL_ID)
              .select(Calls.DAY);
    } else {
      return new LocalDate[] {null, null};
    }
    Row r = days.agg(min(Calls.DAY), max(Calls.DAY)).head();
    return new LocalDate[] {r.isNullAt(0) ? null : r.getAs(0), r.isNullAt(1) ? null : r.getAs(1)};
  }

  /**
   * A slice of a large CSV file (above {@link #sliceBytes}) is parsed by its own task; 8 MB makes
   * six tasks of a large centre's daily calls file on a machine of two cores. Tests set it small
   * (executors in the test JVM read it).
   */
  static volatile int sliceBytes = 8 << 20;

  /**
   * One task's share of a landing file: the whole file, or one slice of a large CSV file.
   *
   * @param slice null for the whole file
   */
  record LandingPart(LandingFile file, CsvSlices.Slice slice) implements Serializable {}

  /** The file whole, or cut into slices where records start (read once on the driver). */
  static List<LandingPart> parts(LandingFile f) {
    if (f.kind() == LandingKind.CHATS || f.bytes() <= sliceBytes) {
      return List.of(new LandingPart(f, null));
    }
    List<CsvSlices.Slice> slices;
    try {
      Location file = Location.parse("landing file", f.absolutePath());
      try (InputStream in =
          file.isLocal()
              ? new BufferedInputStream(Files.newInputStream(file.localPath()), 1 << 20)
              : file.open()) {
        slices = CsvSlices.cut(in, f.bytes(), sliceBytes);
      }
    } catch (IOException | CallqaException e) {
      return List.of(new LandingPart(f, null)); // the task reads it whole and names the error
    }
    return slices.size() == 1
        ? List.of(new LandingPart(f, null))
        : slices.stream().map(s -> new LandingPart(f, s)).toList();
  }

  private static Iterator<InternalRow> parse(LandingPart part, ZoneId zone, String runId)
      throws IOException {
    if (part.slice() == null) {
      return parseFile(part.file(), zone, runId);
    }
    LandingFile f = part.file();
    CsvSlices.Slice s = part.slice();
    byte[] bytes;
    try {
      bytes =
          Location.parse("landing file", f.absolutePath())
              .readRange(s.start(), Math.toIntExact(s.end() - s.start()));
    } catch (IOException | CallqaException e) {
      throw new IOException(
          "cannot read landing file " + f.absolutePath() + ": " + e.getMessage(), e);
    }
    return rows(
        LandingFileParser.parse(f.kind(), f.sourceFile(), f.sha256(), s, bytes, zone, runId),
        parsedSchema(f.kind().table()));
  }

  private static Iterator<InternalRow> parseFile(LandingFile f, ZoneId zone, String runId)
      throws IOException {
    byte[] bytes;
    try {
      Location file = Location.parse("landing file", f.absolutePath());
      if (file.isLocal()) {
        bytes = Files.readAllBytes(file.localPath());
      } else {
        bytes = file.readAllBytesOrNull();
        if (bytes == null) {
          throw new IOException("it no longer exists");
        }
      }
    } catch (IOException | CallqaException e) {
      throw new IOException(
          "cannot read landing file " + f.absolutePath() + ": " + e.getMessage(), e);
    }
    return rows(
        LandingFileParser.parse(f.kind(), f.sourceFile(), f.sha256(), bytes, zone, runId),
        parsedSchema(f.kind().table()));
  }

  /**
   * The parsed records as Spark's internal rows: the table's row or the reject row, converted
   * straight from what the parser built ({@link CatalystRows}: without Spark's row encoder).
   */
  private static Iterator<InternalRow> rows(
      Iterator<LandingFileParser.Parsed> it, StructType schema) {
    CatalystRows record = CatalystRows.of((StructType) schema.apply(RECORD).dataType());
    CatalystRows reject = CatalystRows.of((StructType) schema.apply(REJECT).dataType());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public InternalRow next() {
        LandingFileParser.Parsed p = it.next();
        return new GenericInternalRow(
            new Object[] {record.toInternal(p.record()), reject.toInternal(p.reject())});
      }
    };
  }

  /**
   * Lists {@code calls/*.csv}, {@code surveys/*.csv}, {@code tickets/*.csv} and {@code
   * chats/*.jsonl} (in name order) with their checksums; files that cannot be read become
   * file-level reject rows in {@code unreadable}.
   */
  static List<LandingFile> discover(Location landing, String runId, List<Row> unreadable) {
    if (landing.isLocal()) {
      return discover(landing.localPath(), runId, unreadable);
    }
    if (!landing.isDirectory()) {
      throw new CallqaException(
          "landing folder " + landing + " does not exist or is not a folder; pass --landing URI");
    }
    List<LandingFile> out = new ArrayList<>();
    for (LandingKind kind : LandingKind.values()) {
      for (Location f : landing.resolve(kind.folder()).list()) {
        if (!f.name().endsWith(kind.extension())) {
          continue;
        }
        String rel = kind.folder() + "/" + f.name();
        try {
          byte[] bytes;
          try (var in = f.open()) {
            bytes = in.readAllBytes();
          }
          out.add(
              new LandingFile(
                  kind, rel, f.toString(), Checksums.sha256Hex(bytes), (long) bytes.length));
        } catch (IOException | CallqaException e) {
          unreadable.add(fileReject(rel, kind, "file cannot be read: " + e.getMessage(), runId));
        }
      }
    }
    return out;
  }

  static List<LandingFile> discover(Path landing, String runId, List<Row> unreadable) {
    if (!Files.isDirectory(landing)) {
      throw new CallqaException(
          "landing folder "
              + landing
              + " does not exist or is not a folder; pass --landing DIR"
              + " (e.g. one written by `callqa generate --out DIR`)");
    }
    if (!Files.isReadable(landing)) {
      throw new CallqaException("landing folder " + landing + " is not readable by this user");
    }
    List<LandingFile> out = new ArrayList<>();
    for (LandingKind kind : LandingKind.values()) {
      Path dir = landing.resolve(kind.folder());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> csvs;
      try (Stream<Path> s = Files.list(dir)) {
        csvs =
            s.filter(p -> p.getFileName().toString().endsWith(kind.extension())).sorted().toList();
      } catch (IOException e) {
        throw new CallqaException("cannot list landing folder " + dir + ": " + e.getMessage(), e);
      }
      for (Path p : csvs) {
        String rel = landing.relativize(p).toString().replace('\\', '/');
        String refusal = io.callqa.jobs.landing.LandingPaths.refusal(landing, p);
        if (refusal != null) {
          unreadable.add(fileReject(rel, kind, "landing file " + rel + " " + refusal, runId));
          continue;
        }
        try {
          out.add(
              new LandingFile(
                  kind, rel, p.toAbsolutePath().toString(), Checksums.sha256Hex(p), Files.size(p)));
        } catch (IOException e) {
          unreadable.add(fileReject(rel, kind, "file cannot be read: " + e.getMessage(), runId));
        }
      }
    }
    return out;
  }

  /** A file-level reject row (line 0, no checksum): a landing file that was not read. */
  private static Row fileReject(String rel, LandingKind kind, String reason, String runId) {
    return Rejects.row(rel, "", 0L, kind.table().name(), "", reason, runId);
  }

  /** A parsed landing record: the table's row, or the reject row (the other is null). */
  private static StructType parsedSchema(TableSpec table) {
    return new StructType().add(RECORD, table.schema(), true).add(REJECT, Rejects.SCHEMA, true);
  }
}
