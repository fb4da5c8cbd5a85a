package io.callqa.warehouse.tables;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds one row of a schema by column name, never by position: a name the schema lacks, a value of
 * the wrong type for its column or a required column left null fails at once, naming the table and
 * the column. Columns not set are null.
 *
 * <pre>{@code
 * Row r = Rejects.SPEC.row().set(Rejects.SOURCE_FILE, file).set(Rejects.REASON, why)...build();
 * Row word = Transcripts.SPEC.row(Transcripts.UTTERANCES, "words").set("word", "card")...build();
 * }</pre>
 *
 * <p>Cheap enough for the ingest path: the schema's name index is Spark's own (built once per
 * schema), and one builder is used for one row.
 */
public final class RowBuilder {
  private final String what;
  private final StructType schema;
  private final Object[] values;

  RowBuilder(String what, StructType schema) {
    this.what = what;
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  /** A builder for a schema that is not a table's (an intermediate result), named for errors. */
  public static RowBuilder of(String what, StructType schema) {
    return new RowBuilder(what, schema);
  }

  /** Sets {@code column} to {@code value} (null allowed for a nullable column). */
  public RowBuilder set(String column, Object value) {
    int i;
    try {
      i = schema.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " has no column " + column, e);
    }
    if (value != null && !fits(schema.fields()[i].dataType(), value)) {
      throw mismatch(what + "." + column, schema.fields()[i].dataType(), value);
    }
    values[i] = value;
    return this;
  }

  /**
   * The row, carrying its schema (so it is read by name too: {@code row.getAs(column)}); fails when
   * a required (non-nullable) column is null.
   */
  public Row build() {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (values[i] == null && !fields[i].nullable()) {
        throw new IllegalStateException(what + "." + fields[i].name() + " is required but not set");
      }
    }
    return new GenericRowWithSchema(values.clone(), schema);
  }

  /**
   * A value of the wrong type for {@code column}: the one message RowBuilder and CatalystRows give.
   */
  static IllegalArgumentException mismatch(String column, DataType type, Object v) {
    return new IllegalArgumentException(
        column
            + " is "
            + type.simpleString()
            + ", not a "
            + v.getClass().getSimpleName()
            + " ("
            + v
            + ")");
  }

  private static boolean fits(DataType type, Object v) {
    if (type.equals(DataTypes.StringType)) {
      return v instanceof String;
    } else if (type.equals(DataTypes.LongType)) {
      return v instanceof Long;
    } else if (type.equals(DataTypes.IntegerType)) {
      return v instanceof Integer;
    } else if (type.equals(DataTypes.DoubleType)) {
      return v instanceof Double;
    } else if (type.equals(DataTypes.BooleanType)) {
      return v instanceof Boolean;
    } else if (type.equals(DataTypes.TimestampType)) {
      return v instanceof Instant || v instanceof java.sql.Timestamp;
    } else if (type.equals(DataTypes.DateType)) {
      return v instanceof LocalDate || v instanceof java.sql.Date;
    } else if (type instanceof StructType) {
      return v instanceof Row;
    } else if (type instanceof ArrayType) {
      return v instanceof Object[] || v instanceof List || v instanceof scala.collection.Seq;
    }
    return true;
  }

  /** The element struct of an array-of-struct (or struct) column path under {@code schema}. */
  static StructType nested(String what, StructType schema, String... path) {
    StructType s = schema;
    for (String p : path) {
      DataType t = s.apply(p).dataType();
      if (t instanceof ArrayType a) {
        t = a.elementType();
      }
      if (!(t instanceof StructType st)) {
        throw new IllegalArgumentException(what + "." + p + " is not a struct or array of structs");
      }
      s = st;
    }
    return s;
  }
}
