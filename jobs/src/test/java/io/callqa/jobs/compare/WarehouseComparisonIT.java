package io.callqa.jobs.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Layer;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.TableSpec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table comparison behind {@code callqa compare}, the cluster run and the remote-storage tests:
 * it counts rows as multisets, as {@code exceptAll} does, leaves the run column out, rounds doubles
 * to 9 decimals, and names a table whose rows or columns differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarehouseComparisonIT {
  static final StructType SCHEMA =
      new StructType()
          .add(TableSpec.required("id", DataTypes.IntegerType, "id"))
          .add(TableSpec.optional("name", DataTypes.StringType, "name"))
          .add(TableSpec.optional("score", DataTypes.DoubleType, "score"))
          .add(TableSpec.optional("tags", DataTypes.createArrayType(DataTypes.StringType), "tags"))
          .add(TableSpec.optional(Lineage.INGEST_RUN, DataTypes.StringType, "run"));
  static final TableSpec T =
      new TableSpec("t", SCHEMA, List.of(), List.of("id"), "one row", "this test", Layer.SILVER);

  @TempDir Path dir;
  SparkSession spark;

  @BeforeAll
  void start() {
    spark = SparkSessions.getOrCreate("local[2]", 2, ZoneId.of("UTC"), Map.of());
  }

  @AfterAll
  void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  Row row(int id, String name, Double score, String run, String... tags) {
    return T.row()
        .set("id", id)
        .set("name", name)
        .set("score", score)
        .set("tags", List.of(tags))
        .set(Lineage.INGEST_RUN, run)
        .build();
  }

  Dataset<Row> frame(Row... rows) {
    return spark.createDataFrame(List.of(rows), SCHEMA);
  }

  @Test
  void multisetCountsAreExceptAllsCounts() {
    Dataset<Row> x =
        frame(
            row(1, "a", 1.0, "r1", "p"),
            row(1, "a", 1.0, "r1", "p"),
            row(1, "a", 1.0, "r1", "p"),
            row(2, null, null, "r1"),
            row(3, "c", 3.0, "r1", "p", "q"));
    Dataset<Row> y =
        frame(
            row(1, "a", 1.0, "r1", "p"),
            row(2, null, null, "r1"),
            row(2, null, null, "r1"),
            row(3, "c", 3.0, "r1", "q", "p"));
    Row counts = WarehouseComparison.multisetCounts(x, y);
    assertThat(counts.getLong(0)).isEqualTo(x.count());
    assertThat(counts.getLong(1)).isEqualTo(y.count());
    assertThat(counts.getLong(2)).isEqualTo(x.exceptAll(y).count()).isEqualTo(3);
    assertThat(counts.getLong(3)).isEqualTo(y.exceptAll(x).count()).isEqualTo(2);

    Row none = WarehouseComparison.multisetCounts(frame(), frame());
    assertThat(List.of(none.getLong(0), none.getLong(1), none.getLong(2), none.getLong(3)))
        .containsOnly(0L);
  }

  @Test
  void aTableDiffersOnlyInItsRowsLeavingTheRunAndTheTwelfthDecimalOut() {
    Warehouse a = new Warehouse(spark, dir.resolve("a"));
    Warehouse b = new Warehouse(spark, dir.resolve("b"));
    Warehouse c = new Warehouse(spark, dir.resolve("c"));
    for (Warehouse w : List.of(a, b, c)) {
      w.ensure(T);
    }
    a.overwrite(T, frame(row(1, "a", 0.1 + 0.2, "run-a"), row(2, "b", 2.0, "run-a", "x")));
    // Another run, and a sum added in another order: the same data.
    b.overwrite(T, frame(row(2, "b", 2.0, "run-b", "x"), row(1, "a", 0.3, "run-b")));
    // One value changed.
    c.overwrite(T, frame(row(1, "a", 0.3, "run-a"), row(2, "B", 2.0, "run-a", "x")));

    assertThat(WarehouseComparison.tables(a, b, List.of(T), p -> {})).isEmpty();
    assertThat(WarehouseComparison.tables(a, c, List.of(T), p -> {}))
        .containsExactly("t: 2 rows vs 2; 1 only in the first, 1 only in the second");

    Warehouse d = new Warehouse(spark, dir.resolve("d"));
    assertThat(WarehouseComparison.tables(a, d, List.of(T), p -> {}))
        .containsExactly("t: exists only in " + a.root());
  }
}
