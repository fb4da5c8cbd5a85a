package io.callqa.warehouse.tables;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the warehouse knows about one Delta table: its name, schema, partitioning, business key,
 * grain and the stage that writes it, its {@link Layer}, and which of its columns hold free text.
 *
 * <p>Each table class ({@link Calls}, {@link KpiDaily}, ...) holds exactly one {@code SPEC}; {@link
 * Tables#ALL} lists them. Column comments live in the schema's field metadata under {@code
 * comment}, so the data dictionary is generated from the same object the jobs write with.
 */
public record TableSpec(
    String name,
    StructType schema,
    List<String> partitionColumns,
    List<String> keyColumns,
    String grain,
    String writtenBy,
    Layer layer,
    List<String> freeTextColumns) {

  public TableSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(layer, "layer");
    partitionColumns = List.copyOf(partitionColumns);
    keyColumns = List.copyOf(keyColumns);
    freeTextColumns = List.copyOf(freeTextColumns);
    for (String c : partitionColumns) {
      checkColumn(name, schema, c);
    }
    for (String c : keyColumns) {
      checkColumn(name, schema, c);
    }
    for (String c : freeTextColumns) {
      checkColumn(name, schema, c);
    }
  }

  /** A table without free-text columns. */
  public TableSpec(
      String name,
      StructType schema,
      List<String> partitionColumns,
      List<String> keyColumns,
      String grain,
      String writtenBy,
      Layer layer) {
    this(name, schema, partitionColumns, keyColumns, grain, writtenBy, layer, List.of());
  }

  /**
   * The same table with these columns marked as free text: what a person said or wrote
   * (transcripts, chats, ticket notes, comments) or raw records. Masked or not, such text can
   * identify a customer, so the SQL endpoint shows it only to roles that read transcripts.
   */
  public TableSpec withFreeText(String... columns) {
    return new TableSpec(
        name, schema, partitionColumns, keyColumns, grain, writtenBy, layer, List.of(columns));
  }

  /** A builder for one row of this table, by column name ({@link RowBuilder}). */
  public RowBuilder row() {
    return new RowBuilder(name, schema);
  }

  /**
   * A builder for one element of a nested struct column, e.g. {@code row("utterances", "words")}
   * for a word of a transcript's utterance.
   */
  public RowBuilder row(String... path) {
    String what = name + "." + String.join(".", path);
    return new RowBuilder(what, RowBuilder.nested(what, schema, path));
  }

  private static void checkColumn(String table, StructType schema, String column) {
    if (!List.of(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          "table " + table + " names column " + column + " that its schema lacks");
    }
  }

  /** A required (non-null) column with its meaning. */
  public static StructField required(String name, DataType type, String comment) {
    return new StructField(name, type, false, comment(comment));
  }

  /** A nullable column with its meaning. */
  public static StructField optional(String name, DataType type, String comment) {
    return new StructField(name, type, true, comment(comment));
  }

  private static Metadata comment(String text) {
    return new MetadataBuilder().putString("comment", text).build();
  }

  /** The comment of a column, or an empty string. */
  public static String commentOf(StructField field) {
    return field.metadata().contains("comment") ? field.metadata().getString("comment") : "";
  }
}
