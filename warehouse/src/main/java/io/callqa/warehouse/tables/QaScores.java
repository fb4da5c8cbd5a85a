package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code qa_scores}: the automatic score of every transcribed call on every configured
 * scorecard, with the reason for each point. Key ({@link #CALL_ID}, {@link #SCORECARD});
 * partitioned by {@link #DAY}. Manual scores live beside it in {@link QaManualScores} and are never
 * touched by a re-run.
 */
public final class QaScores {
  public static final String NAME = "qa_scores";

  public static final String CALL_ID = "call_id";
  public static final String SCORECARD = "scorecard";
  public static final String SCORECARD_VERSION = "scorecard_version";
  public static final String DAY = "day";
  public static final String SITE = "site";
  public static final String QUEUE = "queue";
  public static final String AGENT_ID = "agent_id";
  public static final String SCORE = "score";
  public static final String PASSED = "passed";
  public static final String AUTO_FAILED = "auto_failed";
  public static final String POINTS = "points";

  /** Fields of one element of {@link #POINTS}. */
  public static final String ID = "id";

  public static final String LABEL = "label";
  public static final String MET = "met";
  public static final String EARNED = "points";
  public static final String MAX_POINTS = "max_points";
  public static final String AUTO_FAIL = "auto_fail";
  public static final String REASON = "reason";

  /** Nullable only because Delta refuses NOT NULL inside arrays. */
  public static final StructType POINT_SCHEMA =
      new StructType(
          new StructField[] {
            optional(ID, DataTypes.StringType, "criterion id"),
            optional(LABEL, DataTypes.StringType, "what it checks"),
            optional(
                MET, DataTypes.BooleanType, "met; null when it did not apply (no times in a chat)"),
            optional(EARNED, DataTypes.DoubleType, "points earned"),
            optional(
                MAX_POINTS, DataTypes.DoubleType, "points available (0 when it did not apply)"),
            optional(AUTO_FAIL, DataTypes.BooleanType, "failing it fails the call"),
            optional(REASON, DataTypes.StringType, "why, e.g. silence_share = 0.31 (max 0.20)"),
          });

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(CALL_ID, DataTypes.StringType, "the call"),
            required(SCORECARD, DataTypes.StringType, "scorecard name"),
            required(SCORECARD_VERSION, DataTypes.StringType, "scorecard version"),
            required(DAY, DataTypes.DateType, "local day of the call"),
            optional(SITE, DataTypes.StringType, "site"),
            optional(QUEUE, DataTypes.StringType, "queue"),
            optional(AGENT_ID, DataTypes.StringType, "answering agent"),
            required(
                SCORE,
                DataTypes.DoubleType,
                "0-100: points met / points applicable; 0 on an auto-fail"),
            required(
                PASSED, DataTypes.BooleanType, "score at or above the pass mark and no auto-fail"),
            required(AUTO_FAILED, DataTypes.BooleanType, "an auto-fail criterion was not met"),
            required(
                POINTS,
                DataTypes.createArrayType(POINT_SCHEMA, true),
                "each criterion with its reason"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(DAY),
          List.of(CALL_ID, SCORECARD),
          "one row per transcribed call and scorecard",
          "analyse",
          Layer.GOLD);

  private QaScores() {}
}
