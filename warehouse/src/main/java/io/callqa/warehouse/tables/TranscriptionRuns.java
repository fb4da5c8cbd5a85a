package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Audit table {@code transcription_runs}: one row per call and speech model, saying how its
 * transcription went (TRANSCRIBED, NO_SPEECH, SKIPPED, FAILED), why, and what it cost.
 *
 * <p>Key ({@link #CALL_ID}, {@link #MODEL_ID}): a call is transcribed again only when its model
 * changes (a new name or version) or its recording changes size (a corrected delivery, a file that
 * was missing). Calls in a language without a model get {@code model_id = none:<language>} and
 * status SKIPPED.
 *
 * <p>A TRANSCRIBED call also has a redacted copy of its recording ({@link #REDACTED_RECORDING}),
 * the only audio the review server plays.
 */
public final class TranscriptionRuns {
  public static final String NAME = "transcription_runs";

  public static final String CALL_ID = "call_id";
  public static final String MODEL_ID = "model_id";
  public static final String DAY = "day";
  public static final String LANGUAGE = "language";
  public static final String RECORDING = "recording";
  public static final String RECORDING_BYTES = "recording_bytes";
  public static final String MODEL_NAME = "model_name";
  public static final String MODEL_VERSION = "model_version";
  public static final String STATUS = "status";
  public static final String REASON = "reason";
  public static final String AUDIO_S = "audio_s";
  public static final String PROCESSING_S = "processing_s";
  public static final String ENCODING = "encoding";
  public static final String SAMPLE_RATE = "sample_rate";
  public static final String CHANNELS = "channels";
  public static final String UTTERANCES = "utterances";
  public static final String WORDS = "words";
  public static final String MASKED = "masked";
  public static final String TRANSCRIBED_AT = "transcribed_at";
  public static final String RUN_ID = "run_id";
  public static final String REDACTED_RECORDING = "redacted_recording";
  public static final String REDACTED_SHA256 = "redacted_sha256";
  public static final String REDACTED_SPANS = "redacted_spans";
  public static final String ORIGINAL = "original";

  // Fields of a redacted span.
  public static final String CHANNEL = "channel";
  public static final String FROM_S = "from_s";
  public static final String TO_S = "to_s";

  /**
   * A span of one channel set to silence in the redacted copy. Its fields are nullable and carry no
   * comments, as Delta gives nested fields of a column added to an existing table.
   */
  public static final StructType SPAN_SCHEMA =
      new StructType()
          .add(CHANNEL, DataTypes.IntegerType) // 0 left (agent, or the only channel), 1 right
          .add(FROM_S, DataTypes.DoubleType) // seconds from the start of the recording
          .add(TO_S, DataTypes.DoubleType);

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(CALL_ID, DataTypes.StringType, "the call (calls.call_id)"),
            required(
                MODEL_ID,
                DataTypes.StringType,
                "model name@version, or none:<language> when none is configured"),
            required(DAY, DataTypes.DateType, "local day of the call"),
            required(LANGUAGE, DataTypes.StringType, "the call's language (zh, en)"),
            required(RECORDING, DataTypes.StringType, "recording path under recordings/"),
            required(
                RECORDING_BYTES,
                DataTypes.LongType,
                "size of the recording when read; -1 if it was missing"),
            optional(MODEL_NAME, DataTypes.StringType, "where the model came from"),
            optional(MODEL_VERSION, DataTypes.StringType, "the model's version (its uuid)"),
            required(STATUS, DataTypes.StringType, "TRANSCRIBED, NO_SPEECH, SKIPPED or FAILED"),
            optional(
                REASON,
                DataTypes.StringType,
                "why it was skipped or failed, or a note (truncated file)"),
            required(AUDIO_S, DataTypes.DoubleType, "seconds of audio decoded (0 if none)"),
            required(
                PROCESSING_S, DataTypes.DoubleType, "wall seconds spent decoding and recognising"),
            optional(ENCODING, DataTypes.StringType, "PCM_16, MULAW, ALAW or MP3"),
            optional(SAMPLE_RATE, DataTypes.IntegerType, "the file's sample rate in Hz"),
            optional(
                CHANNELS,
                DataTypes.IntegerType,
                "1 (mono, speaker unknown) or 2 (agent left, customer right)"),
            required(UTTERANCES, DataTypes.IntegerType, "utterances written to transcripts"),
            required(WORDS, DataTypes.IntegerType, "words recognised"),
            required(MASKED, DataTypes.IntegerType, "personal-data spans masked"),
            required(TRANSCRIBED_AT, DataTypes.TimestampType, "when this attempt finished"),
            required(RUN_ID, DataTypes.StringType, "id of the transcribe run"),
            optional(
                REDACTED_RECORDING,
                DataTypes.StringType,
                "the redacted copy, relative to the warehouse (redacted-recordings/day=.../ID.wav);"
                    + " null when none was written (not transcribed, or speech.redact-audio off)"),
            optional(REDACTED_SHA256, DataTypes.StringType, "SHA-256 of the redacted copy's bytes"),
            optional(
                REDACTED_SPANS,
                DataTypes.createArrayType(SPAN_SCHEMA, true),
                "the spans silenced in the redacted copy (masked words widened by"
                    + " speech.redaction-lead-s and -trail-s, merged), by channel then time"),
            optional(
                ORIGINAL,
                DataTypes.StringType,
                "what became of the delivered recording: kept, moved to <where>, deleted"
                    + " (recordings.originals)"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(CALL_ID, MODEL_ID),
          "one row per call and speech model (call_id, model_id)",
          "transcribe",
          Layer.AUDIT);

  private TranscriptionRuns() {}
}
