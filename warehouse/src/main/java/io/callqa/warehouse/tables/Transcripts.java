package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver table {@code transcripts}: one row per utterance of a transcribed call, with personal data
 * masked (card numbers keep their last four digits) in the text and in the word list alike.
 *
 * <p>Key ({@link #CALL_ID}, {@link #UTTERANCE_NO}); holds the latest successful transcription of
 * each call (see {@link TranscriptionRuns} for every attempt). Partitioned by {@link #DAY}, the
 * call's local day.
 */
public final class Transcripts {
  public static final String NAME = "transcripts";

  public static final String CALL_ID = "call_id";
  public static final String DAY = "day";
  public static final String UTTERANCE_NO = "utterance_no";
  public static final String SPEAKER = "speaker";
  public static final String START_S = "start_s";
  public static final String END_S = "end_s";
  public static final String TEXT = "text";
  public static final String CONFIDENCE = "confidence";
  public static final String WORDS = "words";
  public static final String MASKED = "masked";
  public static final String MODEL_ID = "model_id";

  /** Fields of one element of {@link #WORDS}. */
  public static final String WORD = "word";

  /** Nullable only because Delta refuses NOT NULL inside arrays; the job never writes a null. */
  public static final StructType WORD_SCHEMA =
      new StructType(
          new StructField[] {
            optional(
                WORD,
                DataTypes.StringType,
                "the word; * where masked, or a card's visible last digits"),
            optional(START_S, DataTypes.DoubleType, "seconds from the start of the recording"),
            optional(END_S, DataTypes.DoubleType, "seconds from the start of the recording"),
            optional(CONFIDENCE, DataTypes.DoubleType, "recogniser confidence, 0..1"),
          });

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(CALL_ID, DataTypes.StringType, "the call (calls.call_id)"),
            required(DAY, DataTypes.DateType, "local day of the call (calls.day)"),
            required(
                UTTERANCE_NO,
                DataTypes.IntegerType,
                "0-based position of the utterance in the call, by start time"),
            required(
                SPEAKER,
                DataTypes.StringType,
                "AGENT (left channel), CUSTOMER (right) or UNKNOWN (mono)"),
            required(
                START_S, DataTypes.DoubleType, "start, seconds from the start of the recording"),
            required(END_S, DataTypes.DoubleType, "end, seconds from the start of the recording"),
            required(
                TEXT,
                DataTypes.StringType,
                "what was said, personal data masked (e.g. **** **** **** 6467)"),
            required(CONFIDENCE, DataTypes.DoubleType, "mean word confidence, 0..1"),
            required(
                WORDS,
                DataTypes.createArrayType(WORD_SCHEMA, true),
                "words with times and confidence, masked"),
            required(
                MASKED,
                DataTypes.IntegerType,
                "number of masked spans (card, phone, ID, long number)"),
            optional(MODEL_ID, DataTypes.StringType, "speech model name@version that produced it"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
              NAME,
              SCHEMA,
              List.of(DAY),
              List.of(CALL_ID, UTTERANCE_NO),
              "one row per utterance (call_id, utterance_no) of the latest transcription of a call",
              "transcribe",
              Layer.SILVER)
          .withFreeText(TEXT, WORDS);

  private Transcripts() {}
}
