package io.callqa.warehouse.tables;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructField;

/**
 * The warehouse's data dictionary, generated from the table classes ({@link Tables#ALL}): every
 * table with its layer, grain, key, partitioning and the stage that writes it, and every column
 * with its type, nullability, meaning and — for the columns that implement a KPI of SPEC.md — that
 * KPI. {@code callqa tables} prints it; {@code docs/data-dictionary.md} is its Markdown, kept equal
 * to it by a test.
 */
public final class DataDictionary {
  /**
   * Column names that implement a KPI or complaint-timeliness metric defined in SPEC.md; the
   * column's comment holds the definition as the job computes it.
   */
  static final Set<String> SPEC_KPIS =
      Set.of(
          "offered_ivr",
          "ivr_containment",
          "offered_agent",
          "answered",
          "answered_within_sl",
          "abandoned",
          "short_abandoned",
          "service_level",
          "asa_s",
          "abandon_rate",
          "handled_rate",
          "aht_s",
          "transfer_rate",
          "fcr",
          "survey_response_rate",
          "csat",
          "nps",
          "opened",
          "acknowledged_on_time",
          "resolved",
          "resolved_on_time",
          "on_time_rate",
          "breached",
          "median_days_to_resolve",
          "p90_days_to_resolve",
          "backlog",
          "backlog_0_7",
          "backlog_8_15",
          "backlog_16_30",
          "backlog_31_60",
          "backlog_over_60",
          "reopen_rate",
          "escalation_rate");

  private DataDictionary() {}

  /** Whether {@code column} of {@code table} implements a SPEC.md KPI (gold tables only). */
  public static boolean isKpi(TableSpec table, StructField column) {
    return table.layer() == Layer.GOLD && SPEC_KPIS.contains(column.name());
  }

  /** The dictionary as Markdown, for {@code docs/data-dictionary.md}. */
  public static String markdown(List<TableSpec> tables) {
    StringBuilder b = new StringBuilder();
    b.append("# Data dictionary\n\n")
        .append(
            "Generated from the table classes in `warehouse/src/main/java/io/callqa/warehouse/tables/` by\n")
        .append(
            "`./callqa tables --format markdown --out docs/data-dictionary.md`; do not edit by hand (a test\n")
        .append(
            "fails when this file and the classes differ). Timestamps are instants (UTC); `day` columns are\n")
        .append(
            "local days of the centre's time zone (`centre.time-zone`). KPI columns implement the definitions\n")
        .append(
            "of `SPEC.md`; ratios are null when their denominator is 0. Free-text columns (what a person\n")
        .append(
            "said or wrote, raw records) are shown on the SQL endpoint only to roles that read transcripts.\n\n");
    b.append("| table | layer | grain | written by |\n|---|---|---|---|\n");
    for (TableSpec t : tables) {
      b.append("| [`")
          .append(t.name())
          .append("`](#")
          .append(t.name())
          .append(") | ")
          .append(t.layer().label())
          .append(" | ")
          .append(cell(t.grain()))
          .append(" | ")
          .append(t.writtenBy())
          .append(" |\n");
    }
    for (TableSpec t : tables) {
      b.append("\n## ")
          .append(t.name())
          .append("\n\n")
          .append("- layer: ")
          .append(t.layer().label())
          .append('\n')
          .append("- grain: ")
          .append(t.grain())
          .append('\n')
          .append("- key: ")
          .append(
              t.keyColumns().isEmpty() ? "none" : "`" + String.join("`, `", t.keyColumns()) + "`")
          .append('\n')
          .append("- partitioned by: ")
          .append(
              t.partitionColumns().isEmpty()
                  ? "not partitioned"
                  : "`" + String.join("`, `", t.partitionColumns()) + "`")
          .append('\n')
          .append("- written by: ")
          .append(t.writtenBy())
          .append('\n')
          .append("- free text: ")
          .append(
              t.freeTextColumns().isEmpty()
                  ? "none"
                  : "`" + String.join("`, `", t.freeTextColumns()) + "`")
          .append("\n\n")
          .append("| column | type | null | meaning | KPI |\n|---|---|---|---|---|\n");
      for (StructField f : t.schema().fields()) {
        b.append("| `")
            .append(f.name())
            .append("` | ")
            .append(cell(f.dataType().simpleString()))
            .append(" | ")
            .append(f.nullable() ? "yes" : "no")
            .append(" | ")
            .append(cell(TableSpec.commentOf(f)))
            .append(" | ")
            .append(isKpi(t, f) ? "yes" : "")
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /** The dictionary as plain text for a terminal. */
  public static String text(List<TableSpec> tables) {
    StringBuilder b = new StringBuilder();
    for (TableSpec t : tables) {
      b.append(t.name())
          .append("  (")
          .append(t.layer().label())
          .append(", written by ")
          .append(t.writtenBy())
          .append(")\n  grain: ")
          .append(t.grain())
          .append("\n  key: ")
          .append(t.keyColumns().isEmpty() ? "none" : String.join(", ", t.keyColumns()))
          .append("\n  partitioned by: ")
          .append(
              t.partitionColumns().isEmpty()
                  ? "not partitioned"
                  : String.join(", ", t.partitionColumns()))
          .append('\n');
      int w = 0;
      for (StructField f : t.schema().fields()) {
        w = Math.max(w, f.name().length());
      }
      for (StructField f : t.schema().fields()) {
        b.append(
            String.format(
                "  %-" + w + "s  %-10s %s%s%s%n",
                f.name(),
                f.dataType().simpleString().replaceAll("<.*", "<...>"),
                f.nullable() ? "" : "not null; ",
                isKpi(t, f) ? "KPI: " : t.freeTextColumns().contains(f.name()) ? "free text: " : "",
                TableSpec.commentOf(f)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
