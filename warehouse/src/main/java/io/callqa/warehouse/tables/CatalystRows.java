package io.callqa.warehouse.tables;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns rows built by {@link RowBuilder} into Spark's internal rows, column by column with a
 * converter chosen once per schema, and makes a {@code Dataset} of them without Spark's row
 * encoder.
 *
 * <p>Why: {@code createDataFrame(JavaRDD<Row>, schema)} runs Spark's row encoder over every row;
 * without generated code (callqa's default on small inputs) it is an interpreted expression tree
 * with a reflective call per string, and on one day of a large centre's calls it was 39% of the
 * parse phase's CPU (a JFR profile of {@code bench kpi --days 1}). Values are checked as {@link
 * RowBuilder} checks them; a value of a type the schema does not hold fails naming the column.
 *
 * <pre>{@code
 * CatalystRows conv = CatalystRows.of(schema);
 * JavaRDD<InternalRow> rows = records.map(conv::toInternal);
 * Dataset<Row> df = CatalystRows.dataFrame(spark, rows, schema);
 * }</pre>
 */
public final class CatalystRows implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One value's conversion from its external form ({@link RowBuilder}'s types) to Spark's. */
  private interface Converter extends Serializable {
    Object apply(Object v);
  }

  private final Converter[] converters;

  private CatalystRows(StructType schema) {
    this.converters = new Converter[schema.size()];
    for (int i = 0; i < converters.length; i++) {
      converters[i] = converter(schema.fields()[i].name(), schema.fields()[i].dataType());
    }
  }

  /** The converter for rows of {@code schema}. */
  public static CatalystRows of(StructType schema) {
    return new CatalystRows(schema);
  }

  /** {@code row} (its fields in {@code schema}'s order) as an internal row; null stays null. */
  public InternalRow toInternal(Row row) {
    if (row == null) {
      return null;
    }
    if (row.size() != converters.length) {
      throw new IllegalArgumentException(
          "a row of " + row.size() + " values for a schema of " + converters.length + " columns");
    }
    Object[] out = new Object[converters.length];
    for (int i = 0; i < out.length; i++) {
      Object v = row.get(i);
      out[i] = v == null ? null : converters[i].apply(v);
    }
    return new GenericInternalRow(out);
  }

  /**
   * A Dataset over internal rows of {@code schema}, as {@code createDataFrame} makes one over
   * external rows. Spark's own entry point for this is {@code private[sql]} in Scala (public in the
   * bytecode), the one Spark's readers use; callqa pins Spark 3.5.4, and {@code WarehouseIT} checks
   * rows of every table's schema against the encoder's.
   */
  public static Dataset<Row> dataFrame(
      SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows.rdd(), schema, false);
  }

  private static Converter converter(String column, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return v -> UTF8String.fromString(cast(column, type, v, String.class));
    } else if (type.equals(DataTypes.TimestampType)) {
      return v ->
          v instanceof java.sql.Timestamp t
              ? DateTimeUtils.fromJavaTimestamp(t)
              : DateTimeUtils.instantToMicros(cast(column, type, v, Instant.class));
    } else if (type.equals(DataTypes.DateType)) {
      return v ->
          v instanceof java.sql.Date d
              ? DateTimeUtils.fromJavaDate(d)
              : Math.toIntExact(cast(column, type, v, LocalDate.class).toEpochDay());
    } else if (type.equals(DataTypes.IntegerType)) {
      return v -> cast(column, type, v, Integer.class);
    } else if (type.equals(DataTypes.LongType)) {
      return v -> cast(column, type, v, Long.class);
    } else if (type.equals(DataTypes.DoubleType)) {
      return v -> cast(column, type, v, Double.class);
    } else if (type.equals(DataTypes.BooleanType)) {
      return v -> cast(column, type, v, Boolean.class);
    } else if (type instanceof StructType st) {
      CatalystRows nested = new CatalystRows(st);
      return v -> nested.toInternal(cast(column, type, v, Row.class));
    } else if (type instanceof ArrayType at) {
      Converter element = converter(column + "[]", at.elementType());
      return v -> {
        Object[] in;
        if (v instanceof Object[] a) {
          in = a;
        } else if (v instanceof List<?> l) {
          in = l.toArray();
        } else if (v instanceof scala.collection.Seq<?> s) {
          @SuppressWarnings("unchecked")
          scala.collection.Seq<Object> seq = (scala.collection.Seq<Object>) s;
          in = scala.collection.JavaConverters.seqAsJavaListConverter(seq).asJava().toArray();
        } else {
          throw mismatch(column, type, v);
        }
        Object[] out = new Object[in.length];
        for (int i = 0; i < in.length; i++) {
          out[i] = in[i] == null ? null : element.apply(in[i]);
        }
        return new GenericArrayData(out);
      };
    }
    throw new IllegalArgumentException(
        "column " + column + ": type " + type.simpleString() + " is not converted");
  }

  private static <T> T cast(String column, DataType type, Object v, Class<T> expected) {
    if (!expected.isInstance(v)) {
      throw mismatch(column, type, v);
    }
    return expected.cast(v);
  }

  private static IllegalArgumentException mismatch(String column, DataType type, Object v) {
    return RowBuilder.mismatch("column " + column, type, v);
  }
}
