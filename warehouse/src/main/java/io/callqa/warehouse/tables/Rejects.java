package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Table {@code rejects}: every landing row or file that could not be accepted, with the source
 * file, line, raw content and the reason. Nothing read from the landing zone is dropped without a
 * row here. Line 0 stands for the file as a whole (unreadable file, bad header).
 */
public final class Rejects {
  public static final String NAME = "rejects";

  public static final String SOURCE_FILE = Lineage.SOURCE_FILE;
  public static final String FILE_SHA256 = "file_sha256";
  public static final String LINE = "line";
  public static final String TARGET = "target";
  public static final String RAW = "raw";
  public static final String REASON = "reason";
  public static final String INGEST_RUN = Lineage.INGEST_RUN;

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(SOURCE_FILE, DataTypes.StringType, "landing file, relative to --landing"),
            required(FILE_SHA256, DataTypes.StringType, "SHA-256 of the file as it was read"),
            required(
                LINE,
                DataTypes.LongType,
                "1-based line where the record starts; 0 for the whole file"),
            required(TARGET, DataTypes.StringType, "table the row was meant for"),
            required(RAW, DataTypes.StringType, "the raw record (invalid bytes shown as U+FFFD)"),
            required(
                REASON, DataTypes.StringType, "why it was rejected, naming the column and value"),
            required(INGEST_RUN, DataTypes.StringType, "id of the ingest run that read the file"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(),
              List.of(SOURCE_FILE, FILE_SHA256, LINE),
              "one row per rejected record or file",
              "ingest",
              Layer.AUDIT)
          .withFreeText(RAW);

  private Rejects() {}

  /**
   * {@link #RAW} keeps at most this many characters of a record; the rest is cut, its length noted.
   */
  public static final int MAX_RAW_CHARS = 4_096;

  /**
   * One reject row: the file (and its checksum, empty when it could not be read), the line (0 for
   * the whole file), the table it was meant for, the raw text (capped) and the reason. The one
   * place reject rows are built.
   */
  public static org.apache.spark.sql.Row row(
      String sourceFile,
      String sha256,
      long line,
      String target,
      String raw,
      String reason,
      String runId) {
    return SPEC.row()
        .set(SOURCE_FILE, sourceFile)
        .set(FILE_SHA256, sha256)
        .set(LINE, line)
        .set(TARGET, target)
        .set(RAW, cappedRaw(raw))
        .set(REASON, reason)
        .set(INGEST_RUN, runId)
        .build();
  }

  /**
   * The raw record as kept in {@link #RAW}: whole up to {@link #MAX_RAW_CHARS} characters, else its
   * start followed by {@code ... [cut: N characters in all]}, so that a 50 MB line does not land in
   * the table.
   */
  public static String cappedRaw(String raw) {
    if (raw == null || raw.length() <= MAX_RAW_CHARS) {
      return raw;
    }
    return raw.substring(0, MAX_RAW_CHARS) + "... [cut: " + raw.length() + " characters in all]";
  }
}
