package io.callqa.warehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.CallqaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pointer file is followed only to a snapshot id that publish() makes. */
class IndexSnapshotsTest {
  @TempDir Path dir;

  @Test
  void latestIsReadAndAnythingElseIsRefused() {
    Location wh = Location.local(dir);
    assertThat(IndexSnapshots.latestId(wh)).isNull();
    wh.resolve(IndexSnapshots.LATEST)
        .write("20260302T101500.123Z\n".getBytes(StandardCharsets.UTF_8));
    assertThat(IndexSnapshots.latestId(wh)).isEqualTo("20260302T101500.123Z");
    for (String bad : new String[] {"..", "../../etc", "a.b", "20260302T101500.123Z/.."}) {
      wh.resolve(IndexSnapshots.LATEST).write(bad.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> IndexSnapshots.latestId(wh))
          .isInstanceOf(CallqaException.class)
          .hasMessageContaining("not a snapshot id");
      assertThatThrownBy(() -> IndexSnapshots.fetchLatest(wh, dir.resolve("cache"), l -> {}))
          .isInstanceOf(CallqaException.class);
    }
  }
}
