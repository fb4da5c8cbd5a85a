package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code chats}: one row per text-channel conversation (web chat, SMS, e-mail, WeChat)
 * from {@code chats/*.jsonl}, its messages in order with card, phone, ID and long account numbers
 * masked.
 *
 * <p>Key {@link #CONTACT_ID}; the latest delivery of a conversation replaces it whole. Partitioned
 * by {@link #DAY}, the local day it started.
 */
public final class Chats {
  public static final String NAME = "chats";

  public static final String CONTACT_ID = "contact_id";
  public static final String CHANNEL = "channel";
  public static final String STARTED_AT = "started_at";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String LANGUAGE = "language";
  public static final String MESSAGES = "messages";
  public static final String MASKED = "masked";
  public static final String DAY = "day";

  /** Fields of one element of {@link #MESSAGES}, and the JSON keys of a message. */
  public static final String AT = "at";

  public static final String FROM = "from";
  public static final String TEXT = "text";

  /** The JSON keys a conversation line must have. */
  public static final List<String> JSON_KEYS =
      List.of(CONTACT_ID, CHANNEL, STARTED_AT, CUSTOMER_ID, LANGUAGE, MESSAGES);

  /** Nullable only because Delta refuses NOT NULL inside arrays; ingest never writes a null. */
  public static final StructType MESSAGE_SCHEMA =
      new StructType(
          new StructField[] {
            optional(AT, DataTypes.TimestampType, "when the message was sent"),
            optional(FROM, DataTypes.StringType, "AGENT or CUSTOMER"),
            optional(TEXT, DataTypes.StringType, "the message, personal data masked"),
          });

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(DAY),
              List.of(CONTACT_ID),
              "one row per conversation (contact_id); latest delivery wins",
              "ingest",
              Layer.SILVER)
          .withFreeText(MESSAGES);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(CONTACT_ID, DataTypes.StringType, "unique id of the conversation"));
    f.add(required(CHANNEL, DataTypes.StringType, "WEB, SMS, EMAIL, WECHAT or QQ"));
    f.add(required(STARTED_AT, DataTypes.TimestampType, "when the conversation started"));
    f.add(
        optional(
            CUSTOMER_ID, DataTypes.StringType, "pseudonymous customer id; null if not identified"));
    f.add(required(LANGUAGE, DataTypes.StringType, "zh or en"));
    f.add(
        required(
            MESSAGES,
            DataTypes.createArrayType(MESSAGE_SCHEMA, true),
            "messages in order, masked"));
    f.add(required(MASKED, DataTypes.IntegerType, "personal-data spans masked over all messages"));
    f.add(required(DAY, DataTypes.DateType, "local day of started_at in the centre's time zone"));
    f.addAll(List.of(Lineage.FIELDS));
    return new StructType(f.toArray(StructField[]::new));
  }

  private Chats() {}
}
