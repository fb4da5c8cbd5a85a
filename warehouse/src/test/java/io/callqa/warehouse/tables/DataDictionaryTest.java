package io.callqa.warehouse.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class DataDictionaryTest {
  /** Surefire runs in the module folder; the generated Markdown sits in the repository's docs/. */
  private static final Path COMMITTED = Path.of("..", "docs", "data-dictionary.md");

  @Test
  void theCommittedMarkdownIsWhatTheTableClassesSay() throws Exception {
    String generated = DataDictionary.markdown(Tables.ALL);
    assertThat(COMMITTED).exists();
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as(
            "docs/data-dictionary.md is stale: run ./callqa tables --format markdown --out docs/data-dictionary.md")
        .isEqualTo(generated);
  }

  @Test
  void everyColumnHasAMeaningAndEveryGoldKpiColumnIsMarked() {
    for (TableSpec t : Tables.ALL) {
      for (StructField f : t.schema().fields()) {
        assertThat(TableSpec.commentOf(f)).as(t.name() + "." + f.name()).isNotBlank();
      }
    }
    String md = DataDictionary.markdown(Tables.ALL);
    assertThat(md)
        .contains(
            "| `service_level` | double | yes | answered_within_sl / (offered_agent - short_abandoned) | yes |");
    assertThat(md)
        .contains("- partitioned by: `day`")
        .contains("- key: `day`, `site`, `queue`, `segment`");
    assertThat(DataDictionary.text(Tables.ALL)).contains("kpi_daily  (gold, written by kpi)");
  }
}
