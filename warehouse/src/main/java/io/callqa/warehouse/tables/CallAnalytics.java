package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import io.callqa.nlp.analytics.CallMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code call_analytics}: one row per analysed conversation (transcribed call or chat) with the
 * metrics of {@link CallMetrics} (one column each, named and described there) and the categories it fell
 * into. Key {@link #CALL_ID}; partitioned by {@link #DAY}.
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

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(NAME, SCHEMA, List.of(DAY), List.of(CALL_ID),
          "one row per analysed call or chat (call_id): talk, silence, talk-over, pace, sentiment, categories",
          "analyse", Layer.GOLD);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(CALL_ID, DataTypes.StringType, "call_id, or a chat's contact_id"));
    f.add(required(KIND, DataTypes.StringType, "CALL or CHAT"));
    f.add(required(DAY, DataTypes.DateType, "local day"));
    f.add(optional(SITE, DataTypes.StringType, "answering site (calls)"));
    f.add(optional(QUEUE, DataTypes.StringType, "queue (calls)"));
    f.add(optional(AGENT_ID, DataTypes.StringType, "answering agent (calls)"));
    f.add(required(LANGUAGE, DataTypes.StringType, "zh or en"));
    for (Map.Entry<String, String> m : CallMetrics.METRICS.entrySet()) {
      f.add(optional(m.getKey(), DataTypes.DoubleType, m.getValue()));
    }
    f.add(required(CATEGORIES, DataTypes.createArrayType(DataTypes.StringType, true), "categories matched, sorted"));
    f.add(required(RULES_VERSION, DataTypes.StringType, "category rules version@checksum"));
    return new StructType(f.toArray(StructField[]::new));
  }

  private CallAnalytics() {}
}
