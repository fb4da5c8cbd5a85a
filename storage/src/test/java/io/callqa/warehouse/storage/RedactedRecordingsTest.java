package io.callqa.warehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RedactedRecordingsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  @Test
  void plainIdsKeepTheirName() {
    assertThat(RedactedRecordings.relativePath("C-20260302-0001", DAY))
        .isEqualTo("redacted-recordings/day=2026-03-02/C-20260302-0001.wav");
  }

  @Test
  void hostileIdsCannotLeaveTheFolder() {
    for (String id : new String[] {"../../etc/passwd", "..", "a/b", "a\\b", "x.wav", "通话1", " "}) {
      String p = RedactedRecordings.relativePath(id, DAY);
      assertThat(p).as(id).startsWith("redacted-recordings/day=2026-03-02/").doesNotContain("..");
      assertThat(p.substring("redacted-recordings/day=2026-03-02/".length()))
          .as(id)
          .doesNotContain("/")
          .doesNotContain("\\");
      assertThat(RedactedRecordings.isRedactedCopy("/wh/" + p)).as(id).isTrue();
    }
    assertThat(RedactedRecordings.relativePath("../x", DAY)).endsWith("/~2E~2E~2Fx.wav");
    // Distinct ids stay distinct.
    assertThat(RedactedRecordings.relativePath("a.b", DAY))
        .isNotEqualTo(RedactedRecordings.relativePath("a~2Eb", DAY));
    assertThat(RedactedRecordings.relativePath("x".repeat(300), DAY))
        .matches("redacted-recordings/day=2026-03-02/sha256-[0-9a-f]{64}\\.wav");
    assertThatThrownBy(() -> RedactedRecordings.relativePath("", DAY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyRedactedCopiesAreRecognised() {
    assertThat(
            RedactedRecordings.isRedactedCopy(
                "s3a://bucket/wh/redacted-recordings/day=2026-03-02/C1.wav"))
        .isTrue();
    assertThat(RedactedRecordings.isRedactedCopy("/landing/recordings/2026-03-02/C1.wav"))
        .isFalse();
    assertThat(
            RedactedRecordings.isRedactedCopy(
                "/wh/redacted-recordings/day=2026-03-02/../../landing/recordings/C1.wav"))
        .isFalse();
    assertThat(RedactedRecordings.isRedactedCopy("/wh/redacted-recordings/day=x/C1.wav")).isFalse();
    assertThat(RedactedRecordings.isRedactedCopy("/wh/redacted-recordings/day=2026-03-02/C1.mp3"))
        .isFalse();
    assertThat(RedactedRecordings.isRedactedCopy(null)).isFalse();
  }
}
