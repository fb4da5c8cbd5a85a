package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Table {@code ingested_files}: each landing file read, with its checksum and row counts. A file
 * whose path and checksum are already here is not read again; {@code rows_read = rows_accepted +
 * rows_rejected} always.
 */
public final class IngestedFiles {
  public static final String NAME = "ingested_files";

  public static final String SOURCE_FILE = Lineage.SOURCE_FILE;
  public static final String SHA256 = "sha256";
  public static final String TARGET = "target";
  public static final String BYTES = "bytes";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_ACCEPTED = "rows_accepted";
  public static final String ROWS_REJECTED = "rows_rejected";
  public static final String INGEST_RUN = Lineage.INGEST_RUN;
  public static final String INGESTED_AT = "ingested_at";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(SOURCE_FILE, DataTypes.StringType, "landing file, relative to --landing"),
            required(SHA256, DataTypes.StringType, "SHA-256 of the file's bytes"),
            required(TARGET, DataTypes.StringType, "table the file feeds"),
            required(BYTES, DataTypes.LongType, "file size in bytes"),
            required(ROWS_READ, DataTypes.LongType, "records read (header excluded)"),
            required(ROWS_ACCEPTED, DataTypes.LongType, "records accepted"),
            required(ROWS_REJECTED, DataTypes.LongType, "records sent to rejects"),
            required(INGEST_RUN, DataTypes.StringType, "id of the ingest run"),
            required(INGESTED_AT, DataTypes.TimestampType, "when the run read the file"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(SOURCE_FILE, SHA256),
          "one row per landing file version (path, checksum)",
          "ingest",
          Layer.AUDIT);

  private IngestedFiles() {}
}
