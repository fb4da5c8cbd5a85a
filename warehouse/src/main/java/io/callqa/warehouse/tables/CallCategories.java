package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code call_categories}: one row per category hit, on the line where the matching
 * words start, with that line's times so search and the review page can jump there. Key ({@link
 * #CALL_ID}, {@link #CATEGORY}, {@link #LINE_NO}); line -1 when a rule holds without words to point
 * at (only NOT).
 */
public final class CallCategories {
  public static final String NAME = "call_categories";

  public static final String CALL_ID = "call_id";
  public static final String DAY = "day";
  public static final String CATEGORY = "category";
  public static final String LINE_NO = "line_no";
  public static final String SPEAKER = "speaker";
  public static final String START_S = "start_s";
  public static final String END_S = "end_s";
  public static final String MATCHED = "matched";
  public static final String RULES_VERSION = "rules_version";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(CALL_ID, DataTypes.StringType, "call_id, or a chat's contact_id"),
            required(DAY, DataTypes.DateType, "local day"),
            required(CATEGORY, DataTypes.StringType, "category name from the rules"),
            required(
                LINE_NO,
                DataTypes.IntegerType,
                "utterance_no (calls) or message index (chats); -1: whole call"),
            optional(SPEAKER, DataTypes.StringType, "AGENT, CUSTOMER or UNKNOWN"),
            optional(
                START_S,
                DataTypes.DoubleType,
                "start of that utterance, seconds into the recording"),
            optional(END_S, DataTypes.DoubleType, "its end"),
            required(
                MATCHED,
                DataTypes.StringType,
                "the words that matched, masked like the transcript"),
            required(RULES_VERSION, DataTypes.StringType, "category rules version@checksum"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(DAY),
              List.of(CALL_ID, CATEGORY, LINE_NO),
              "one row per category hit (call_id, category, line_no)",
              "analyse",
              Layer.GOLD)
          .withFreeText(MATCHED);

  private CallCategories() {}
}
