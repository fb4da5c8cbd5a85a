package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code call_analytics}: one row per analysed conversation (transcribed call or chat)
 * with the conversation metrics the nlp module's {@code CallMetrics} computes ({@link #METRICS},
 * one column each) and the categories it fell into. Key {@link #CALL_ID}; partitioned by {@link
 * #DAY}.
 */
public final class CallAnalytics {
  public static final String NAME = "call_analytics";

  public static final String CALL_ID = "call_id";
  public static final String KIND = "kind";
  public static final String DAY = "day";
  public static final String SITE = "site";
  public static final String QUEUE = "queue";
  public static final String AGENT_ID = "agent_id";
  public static final String LANGUAGE = "language";
  public static final String CATEGORIES = "categories";
  public static final String RULES_VERSION = "rules_version";

  /**
   * The conversation metrics, one double column each, by name with their meaning; {@code
   * CallMetrics.NAMES} in the nlp module lists the same names (checked by a test in the jobs
   * module, which sees both).
   */
  public static final Map<String, String> METRICS = metrics();

  public static final StructType SCHEMA = schema();

  private static Map<String, String> metrics() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("duration_s", "seconds from 0 to the end of the last utterance; null for written text");
    d.put("agent_talk_s", "seconds the agent speaks (union of utterances); stereo calls only");
    d.put("customer_talk_s", "seconds the customer speaks; stereo calls only");
    d.put("long_gaps", "silences between speech at least analytics.gap-s long");
    d.put("non_talk_s", "seconds in those silences");
    d.put("silence_share", "share of the call with nobody speaking");
    d.put("overlaps", "spans where both speak at once");
    d.put("overlap_s", "seconds of talk-over");
    d.put("agent_interruptions", "agent utterances started while the customer was speaking");
    d.put("customer_interruptions", "customer utterances started while the agent was speaking");
    d.put("talk_ratio", "agent talk seconds / customer talk seconds");
    d.put("agent_wpm", "agent words per minute of agent talk");
    d.put("customer_wpm", "customer words per minute of customer talk");
    d.put(
        "longest_customer_monologue_s",
        "longest customer speech with no agent utterance in between");
    d.put("agent_sentiment", "agent lexicon sentiment, -1..1");
    d.put("customer_sentiment", "customer lexicon sentiment, -1..1");
    d.put("agent_sentiment_first", "agent sentiment in the first quarter of the call");
    d.put("agent_sentiment_last", "agent sentiment in the last quarter");
    d.put("customer_sentiment_first", "customer sentiment in the first quarter");
    d.put("customer_sentiment_last", "customer sentiment in the last quarter");
    d.put("customer_sentiment_shift", "customer last-quarter minus first-quarter sentiment");
    return java.util.Collections.unmodifiableMap(d);
  }

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(DAY),
          List.of(CALL_ID),
          "one row per analysed call or chat (call_id): talk, silence, talk-over, pace, sentiment, categories",
          "analyse",
          Layer.GOLD);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(CALL_ID, DataTypes.StringType, "call_id, or a chat's contact_id"));
    f.add(required(KIND, DataTypes.StringType, "CALL or CHAT"));
    f.add(required(DAY, DataTypes.DateType, "local day"));
    f.add(optional(SITE, DataTypes.StringType, "answering site (calls)"));
    f.add(optional(QUEUE, DataTypes.StringType, "queue (calls)"));
    f.add(optional(AGENT_ID, DataTypes.StringType, "answering agent (calls)"));
    f.add(required(LANGUAGE, DataTypes.StringType, "zh or en"));
    for (Map.Entry<String, String> m : METRICS.entrySet()) {
      f.add(optional(m.getKey(), DataTypes.DoubleType, m.getValue()));
    }
    f.add(
        required(
            CATEGORIES,
            DataTypes.createArrayType(DataTypes.StringType, true),
            "categories matched, sorted"));
    f.add(required(RULES_VERSION, DataTypes.StringType, "category rules version@checksum"));
    return new StructType(f.toArray(StructField[]::new));
  }

  private CallAnalytics() {}
}
