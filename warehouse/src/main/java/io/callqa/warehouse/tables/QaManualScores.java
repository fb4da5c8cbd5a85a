package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code qa_manual_scores}: scores QA reviewers record by hand ({@code callqa qa
 * score} or the review page), appended, never rewritten by a pipeline run. Key ({@link #CALL_ID},
 * {@link #SCORECARD}, {@link #REVIEWER}, {@link #REVIEWED_AT}): a second review of the same call is
 * a second row.
 */
public final class QaManualScores {
  public static final String NAME = "qa_manual_scores";

  public static final String CALL_ID = "call_id";
  public static final String SCORECARD = "scorecard";
  public static final String REVIEWER = "reviewer";
  public static final String REVIEWED_AT = "reviewed_at";
  public static final String SCORE = "score";
  public static final String PASSED = "passed";
  public static final String COMMENT = "comment";
  public static final String SOURCE = "source";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(CALL_ID, DataTypes.StringType, "the call"),
            required(SCORECARD, DataTypes.StringType, "scorecard name"),
            required(REVIEWER, DataTypes.StringType, "who scored it"),
            required(REVIEWED_AT, DataTypes.TimestampType, "when"),
            required(SCORE, DataTypes.DoubleType, "0-100"),
            required(PASSED, DataTypes.BooleanType, "score at or above the scorecard's pass mark"),
            optional(COMMENT, DataTypes.StringType, "the reviewer's comment"),
            required(
                SOURCE, DataTypes.StringType, "cli, or the review-page journal file it came from"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(),
              List.of(CALL_ID, SCORECARD, REVIEWER, REVIEWED_AT),
              "one row per manual review (call_id, scorecard, reviewer, reviewed_at)",
              "qa score / analyse",
              Layer.SILVER)
          .withFreeText(COMMENT);

  private QaManualScores() {}
}
