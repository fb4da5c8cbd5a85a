package io.callqa.nlp.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManualScoreJournalTest {
  @TempDir Path dir;

  @Test
  void appendedEntriesReadBackAndBadLinesKeepTheirNumberAndReason() throws Exception {
    Path file = ManualScoreJournal.reviewPageFile(dir);
    ManualScoreJournal.Entry e =
        new ManualScoreJournal.Entry(
            "C1", "card-hotline", "anna", Instant.parse("2026-03-05T09:00:00Z"), 85, " ok ");
    ManualScoreJournal.append(file, e);
    Files.writeString(
        file,
        "not json\n{\"call_id\":\"C2\",\"scorecard\":\"card-hotline\",\"reviewer\":\"bob\","
            + "\"reviewed_at\":\"2026-03-05T09:01:00Z\",\"score\":150}\n\n",
        java.nio.file.StandardOpenOption.APPEND);
    ManualScoreJournal.Contents c = ManualScoreJournal.read(file);
    assertThat(c.entries())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.line()).isEqualTo(1);
              assertThat(g.entry()).isEqualTo(e);
              assertThat(g.entry().comment()).isEqualTo("ok");
            });
    assertThat(c.bad()).extracting(ManualScoreJournal.Bad::line).containsExactly(2, 3);
    assertThat(c.bad().get(1).reason()).isEqualTo("score must be between 0 and 100, got 150.0");
    assertThatThrownBy(
            () -> new ManualScoreJournal.Entry("C1", "card-hotline", " ", Instant.now(), 50, null))
        .hasMessage("missing reviewer");
  }
}
