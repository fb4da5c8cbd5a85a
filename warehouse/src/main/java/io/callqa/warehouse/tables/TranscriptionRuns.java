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
