package io.callqa.jobs.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.TranscriptionRuns;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** What the index names as a call's audio, and what the review page says when there is none. */
class AudioOfTest {
  static final StructType AUDIO =
      new StructType()
          .add(TranscriptionRuns.STATUS, DataTypes.StringType)
          .add(TranscriptionRuns.REASON, DataTypes.StringType)
          .add(TranscriptionRuns.REDACTED_RECORDING, DataTypes.StringType)
          .add(TranscriptionRuns.REDACTED_SPANS, DataTypes.IntegerType);
  static final StructType ROW =
      new StructType().add(Calls.RECORDING, DataTypes.StringType).add("audio", AUDIO);

  static Row call(String recording, String status, String reason, String copy) {
    Row audio =
        status == null
            ? null
            : RowBuilder.of("audio", AUDIO)
                .set(TranscriptionRuns.STATUS, status)
                .set(TranscriptionRuns.REASON, reason)
                .set(TranscriptionRuns.REDACTED_RECORDING, copy)
                .set(TranscriptionRuns.REDACTED_SPANS, copy == null ? 0 : 2)
                .build();
    return RowBuilder.of("call", ROW).set(Calls.RECORDING, recording).set("audio", audio).build();
  }

  @Test
  void theRedactedCopyIsNamedNeverTheOriginal() {
    String[] a =
        IndexJob.audioOf(
            call("d1/s05.wav", "TRANSCRIBED", null, "redacted-recordings/day=2026-03-02/C1.wav"),
            "/srv/wh");
    assertThat(a[0]).isEqualTo("/srv/wh/redacted-recordings/day=2026-03-02/C1.wav");
    assertThat(a[1]).isNull();
    assertThat(
            IndexJob.audioOf(
                call(
                    "d1/s05.wav", "TRANSCRIBED", null, "redacted-recordings/day=2026-03-02/C1.wav"),
                "s3a://bank-callqa/wh")[0])
        .isEqualTo("s3a://bank-callqa/wh/redacted-recordings/day=2026-03-02/C1.wav");
  }

  @Test
  void withoutACopyThePageSaysWhy() {
    assertThat(IndexJob.audioOf(call(null, null, null, null), "/wh")).containsExactly(null, null);
    assertThat(IndexJob.audioOf(call("a.wav", null, null, null), "/wh")[1])
        .isEqualTo("the recording has not been through the transcribe stage");
    assertThat(IndexJob.audioOf(call("a.wav", "FAILED", "not a WAV file", null), "/wh")[1])
        .isEqualTo(
            "the recording could not be transcribed, so it could not be redacted (not a WAV file);"
                + " only redacted recordings are played");
    assertThat(IndexJob.audioOf(call("a.wav", "SKIPPED", "no model for zh", null), "/wh")[1])
        .startsWith("no speech model for its language");
    assertThat(
            IndexJob.audioOf(
                call("a.wav", "TRANSCRIBED", "no redacted copy: disk full", null), "/wh"))
        .containsExactly(
            null,
            "no redacted copy of the recording was written (no redacted copy: disk full); only"
                + " redacted recordings are played");
  }
}
