package io.callqa.jobs.compare;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import io.callqa.nlp.index.QuerySyntaxException;
import io.callqa.nlp.index.SearchRequest;
import io.callqa.nlp.index.SearchResult;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.nlp.speech.WordErrorRate;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Layer;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.Transcripts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Whether two warehouses built from the same landing zone hold the same data: every silver and gold
 * table row for row (as multisets), and the same search results, hit for hit, with scores, for a
 * set of queries. Used to check that a cluster run equals a local one.
 *
 * <p>Left out of the row comparison: the columns that name a run ({@code ingest_run}) and nothing
 * else. Top-level double columns are compared rounded to 9 decimals: a sum of doubles may differ in
 * its last bit when a cluster adds the partial sums in another order.
 */
public final class WarehouseComparison {

  /** Columns that identify the run that wrote a row, not the data. */
  static final Set<String> RUN_COLUMNS = Set.of(Lineage.INGEST_RUN);

  /**
   * Queries whose results must match: words, phrases, Chinese, fuzzy, speaker and exact-value
   * fields.
   */
  public static final List<String> QUERIES =
      List.of(
          "card",
          "card OR 挂失",
          "lost card",
          "\"card number\"",
          "statement",
          "fee OR fees",
          "dispute",
          "agent:verify",
          "customer:card",
          "payment~1",
          "kind:CHAT",
          "kind:COMPLAINT",
          "挂失",
          "language:zh");

  private WarehouseComparison() {}

  /**
   * What differs in the silver and gold tables of {@code a} and {@code b}; empty when nothing does.
   */
  public static List<String> tables(SparkSession spark, Path a, Path b, Consumer<String> progress) {
    return tables(new Warehouse(spark, a), new Warehouse(spark, b), progress);
  }

  /** As {@link #tables(SparkSession, Path, Path, Consumer)}, for warehouses anywhere. */
  public static List<String> tables(Warehouse wa, Warehouse wb, Consumer<String> progress) {
    return tables(
        wa,
        wb,
        Tables.ALL.stream()
            .filter(t -> t.layer() == Layer.SILVER || t.layer() == Layer.GOLD)
            .toList(),
        progress);
  }

  /** As {@link #tables(Warehouse, Warehouse, Consumer)}, for the tables {@code which}. */
  public static List<String> tables(
      Warehouse wa, Warehouse wb, List<TableSpec> which, Consumer<String> progress) {
    Object a = wa.root();
    Object b = wb.root();
    List<String> diffs = new ArrayList<>();
    for (TableSpec t : which) {
      boolean ea = wa.exists(t);
      boolean eb = wb.exists(t);
      if (ea != eb) {
        diffs.add(t.name() + ": exists only in " + (ea ? a : b));
        continue;
      }
      if (!ea) {
        continue;
      }
      // Listed reads: each table's files from its log, without the Spark jobs Delta's scan runs
      // over
      // the log first (the snapshot's state, every file's statistics): `callqa compare` of two demo
      // warehouses took 28.9 s through Delta's scan, 10.1-11.4 s so.
      Dataset<Row> x = comparable(wa.readListed(t));
      Dataset<Row> y = comparable(wb.readListed(t));
      if (!x.schema().equals(y.schema())) {
        diffs.add(
            t.name()
                + ": the columns differ: "
                + x.schema().simpleString()
                + " vs "
                + y.schema().simpleString());
        continue;
      }
      // One Spark job for the four figures: each distinct row with how often each side holds it.
      // Two counts and two exceptAll counts were 4 queries and 12 Spark jobs a table, and most of
      // the 43-58 s `callqa compare` took on two demo warehouses.
      Row counts = multisetCounts(x, y);
      long nx = counts.getLong(0);
      long ny = counts.getLong(1);
      long onlyX = counts.getLong(2);
      long onlyY = counts.getLong(3);
      String line =
          String.format(
              Locale.ROOT,
              "%s: %,d rows vs %,d; %,d only in the first, %,d only in the second",
              t.name(),
              nx,
              ny,
              onlyX,
              onlyY);
      progress.accept("compare: " + line);
      if (nx != ny || onlyX != 0 || onlyY != 0) {
        diffs.add(line);
      }
    }
    return diffs;
  }

  /** The result of each query in each sort order on both indexes; what differs. */
  public static List<String> search(Path warehouseA, Path warehouseB, Consumer<String> progress)
      throws QuerySyntaxException {
    return searchIndexes(
        TranscriptIndex.dirUnder(warehouseA), TranscriptIndex.dirUnder(warehouseB), progress);
  }

  /** As {@link #search}, for two index folders. */
  public static List<String> searchIndexes(Path indexA, Path indexB, Consumer<String> progress)
      throws QuerySyntaxException {
    List<String> diffs = new ArrayList<>();
    try (TranscriptSearcher a = TranscriptSearcher.open(indexA, TranscriptSearcher.Snippets.PLAIN);
        TranscriptSearcher b = TranscriptSearcher.open(indexB, TranscriptSearcher.Snippets.PLAIN)) {
      if (a.size() != b.size()) {
        diffs.add("index: " + a.size() + " conversations vs " + b.size());
      }
      long hits = 0;
      for (String q : QUERIES) {
        for (SearchRequest.Sort sort : SearchRequest.Sort.values()) {
          SearchRequest r = SearchRequest.builder().query(q).sort(sort).limit(100).build();
          SearchResult x = a.search(r);
          SearchResult y = b.search(r);
          hits += x.hits().size();
          if (x.total() != y.total()
              || !x.hits().equals(y.hits())
              || !x.facets().equals(y.facets())) {
            diffs.add(
                String.format(
                    Locale.ROOT,
                    "search '%s' (%s): %d hits vs %d, or their order, scores or facets differ",
                    q,
                    sort,
                    x.total(),
                    y.total()));
          }
        }
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "compare: %d queries x %d orders on %,d conversations: %,d hits compared",
              QUERIES.size(),
              SearchRequest.Sort.values().length,
              a.size(),
              hits));
    }
    return diffs;
  }

  /**
   * Word differences of {@code b}'s transcripts from {@code a}'s, call by call (a's words the
   * reference), summed over the calls both transcribed.
   */
  public static WordErrorRate.Counts transcripts(SparkSession spark, Path a, Path b) {
    return transcripts(new Warehouse(spark, a), new Warehouse(spark, b));
  }

  /** As {@link #transcripts(SparkSession, Path, Path)}, for warehouses anywhere. */
  public static WordErrorRate.Counts transcripts(Warehouse a, Warehouse b) {
    java.util.Map<String, String> x = callTexts(a);
    java.util.Map<String, String> y = callTexts(b);
    WordErrorRate.Counts total = new WordErrorRate.Counts(0, 0);
    for (java.util.Map.Entry<String, String> e : x.entrySet()) {
      String other = y.get(e.getKey());
      total = total.plus(WordErrorRate.of(e.getValue(), other == null ? "" : other));
    }
    return total;
  }

  private static java.util.Map<String, String> callTexts(Warehouse wh) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (Row r :
        wh.readListed(Transcripts.SPEC)
            .groupBy(col(Transcripts.CALL_ID))
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .sort_array(
                        org.apache.spark.sql.functions.collect_list(
                            org.apache.spark.sql.functions.struct(
                                col(Transcripts.UTTERANCE_NO), col(Transcripts.TEXT))))
                    .as("lines"))
            .collectAsList()) {
      StringBuilder sb = new StringBuilder();
      for (Row l : r.<Row>getList(1)) {
        sb.append(l.getString(1)).append(' ');
      }
      out.put(r.getString(0), sb.toString().strip());
    }
    return out;
  }

  /**
   * Rows of {@code x}, rows of {@code y}, and the rows of each that the other lacks, counted as
   * multisets (a row three times in one and once in the other counts twice), as {@code
   * x.exceptAll(y).count()} and {@code y.exceptAll(x).count()} would: one query, not four.
   */
  static Row multisetCounts(Dataset<Row> x, Dataset<Row> y) {
    Column[] keys = Arrays.stream(x.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> both =
        x.withColumn(SIDE_A, lit(1L))
            .withColumn(SIDE_B, lit(0L))
            .unionByName(y.withColumn(SIDE_A, lit(0L)).withColumn(SIDE_B, lit(1L)));
    Column a = col(SIDE_A);
    Column b = col(SIDE_B);
    return both.groupBy(keys)
        .agg(sum(a).as(SIDE_A), sum(b).as(SIDE_B))
        .agg(
            coalesce(sum(a), lit(0L)),
            coalesce(sum(b), lit(0L)),
            coalesce(sum(greatest(a.minus(b), lit(0L))), lit(0L)),
            coalesce(sum(greatest(b.minus(a), lit(0L))), lit(0L)))
        .first();
  }

  private static final String SIDE_A = "__callqa_side_a";
  private static final String SIDE_B = "__callqa_side_b";

  private static Dataset<Row> comparable(Dataset<Row> d) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : d.schema().fields()) {
      if (RUN_COLUMNS.contains(f.name())) {
        continue;
      }
      boolean floating =
          f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType);
      cols.add(floating ? round(col(f.name()), 9).as(f.name()) : col(f.name()));
    }
    return d.select(cols.toArray(Column[]::new));
  }
}
