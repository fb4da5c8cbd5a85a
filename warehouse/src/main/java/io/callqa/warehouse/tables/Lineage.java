package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.required;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Lineage columns carried by every row ingested from the landing zone: where it came from and when.
 */
public final class Lineage {
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";
  public static final String INGEST_RUN = "ingest_run";

  static final StructField[] FIELDS = {
    required(
        SOURCE_FILE,
        DataTypes.StringType,
        "landing file the row was read from, relative to --landing"),
    required(
        SOURCE_LINE, DataTypes.LongType, "1-based line in the source file where the record starts"),
    required(
        INGEST_RUN,
        DataTypes.StringType,
        "id of the ingest run that wrote this version of the row"),
  };

  private Lineage() {}

  /** Sets the lineage columns of an ingested row. */
  public static RowBuilder add(RowBuilder row, String sourceFile, long line, String ingestRun) {
    return row.set(SOURCE_FILE, sourceFile).set(SOURCE_LINE, line).set(INGEST_RUN, ingestRun);
  }
}
