package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code qa_agent_daily}: QA scores per agent, queue, site, day and scorecard, beside
 * the agent's handled calls, AHT, FCR and CSAT computed from the same per-call facts as {@link
 * KpiDaily}. Sums are kept beside ratios so any roll-up recomputes from sums.
 */
public final class QaAgentDaily {
  public static final String NAME = "qa_agent_daily";

  public static final String DAY = "day";
  public static final String SITE = "site";
  public static final String QUEUE = "queue";
  public static final String AGENT_ID = "agent_id";
  public static final String SCORECARD = "scorecard";
  public static final String CALLS_SCORED = "calls_scored";
  public static final String SCORE_SUM = "score_sum";
  public static final String AVG_SCORE = "avg_score";
  public static final String PASSED = "passed";
  public static final String PASS_RATE = "pass_rate";
  public static final String AUTO_FAILS = "auto_fails";
  public static final String MANUAL_REVIEWS = "manual_reviews";
  public static final String AVG_MANUAL_SCORE = "avg_manual_score";
  public static final String CALLS_HANDLED = "calls_handled";
  public static final String HANDLE_S_SUM = "handle_s_sum";
  public static final String AHT_S = "aht_s";
  public static final String FCR_ELIGIBLE = "fcr_eligible";
  public static final String FCR_RESOLVED = "fcr_resolved";
  public static final String FCR = "fcr";
  public static final String CSAT_RESPONSES = "csat_responses";
  public static final String CSAT_TOP_BOX = "csat_top_box";
  public static final String CSAT = "csat";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(DAY, DataTypes.DateType, "local day of the calls"),
            required(SITE, DataTypes.StringType, "site"),
            required(QUEUE, DataTypes.StringType, "queue (NONE when the call had none)"),
            required(AGENT_ID, DataTypes.StringType, "agent"),
            required(SCORECARD, DataTypes.StringType, "scorecard name"),
            required(CALLS_SCORED, DataTypes.LongType, "calls with an automatic score"),
            required(SCORE_SUM, DataTypes.DoubleType, "sum of their scores"),
            optional(AVG_SCORE, DataTypes.DoubleType, "score_sum / calls_scored"),
            required(PASSED, DataTypes.LongType, "scored calls that passed"),
            optional(PASS_RATE, DataTypes.DoubleType, "passed / calls_scored"),
            required(AUTO_FAILS, DataTypes.LongType, "scored calls auto-failed"),
            required(
                MANUAL_REVIEWS, DataTypes.LongType, "manual reviews of the agent's calls that day"),
            optional(AVG_MANUAL_SCORE, DataTypes.DoubleType, "their mean score"),
            required(
                CALLS_HANDLED,
                DataTypes.LongType,
                "answered inbound calls of the agent (all, scored or not)"),
            required(
                HANDLE_S_SUM,
                DataTypes.DoubleType,
                "their handle seconds (talk + hold + after-call work)"),
            optional(AHT_S, DataTypes.DoubleType, "handle_s_sum / calls_handled"),
            required(FCR_ELIGIBLE, DataTypes.LongType, "answered calls of identified customers"),
            required(
                FCR_RESOLVED, DataTypes.LongType, "of those, no repeat contact in the FCR window"),
            optional(FCR, DataTypes.DoubleType, "fcr_resolved / fcr_eligible"),
            required(CSAT_RESPONSES, DataTypes.LongType, "completed CSAT answers"),
            required(CSAT_TOP_BOX, DataTypes.LongType, "answers at or above kpi.csat.top-box-min"),
            optional(CSAT, DataTypes.DoubleType, "csat_top_box / csat_responses"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(DAY, SITE, QUEUE, AGENT_ID, SCORECARD),
          "day x site x queue x agent x scorecard: automatic and manual QA scores beside AHT, FCR, CSAT",
          "analyse",
          Layer.GOLD);

  private QaAgentDaily() {}
}
