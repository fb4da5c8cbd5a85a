package io.callqa.warehouse.tables;

import java.util.List;
import java.util.Optional;

/** Every table of the warehouse, in pipeline order. */
public final class Tables {
  public static final List<TableSpec> ALL =
      List.of(
          IngestedFiles.SPEC,
          Rejects.SPEC,
          Calls.SPEC,
          Surveys.SPEC,
          TicketEvents.SPEC,
          Chats.SPEC,
          TranscriptionRuns.SPEC,
          Transcripts.SPEC,
          KpiDaily.SPEC,
          IvrDaily.SPEC,
          KpiInterval.SPEC,
          Complaints.SPEC,
          ComplaintCalls.SPEC,
          ComplaintOpen.SPEC,
          ComplaintDaily.SPEC,
          CallAnalytics.SPEC,
          CallCategories.SPEC,
          QaScores.SPEC,
          QaManualScores.SPEC,
          QaAgentDaily.SPEC);

  /**
   * The tables a SQL statement names, as whole words in any case (a name inside a string or a
   * comment counts too: registering a table too many costs a little, one too few fails the
   * statement). A statement that names none gets none ({@code select 1} reads no table), unless it
   * may list them ({@code SHOW TABLES}, {@code SHOW TABLES LIKE 'kpi*'}): then all of them.
   */
  public static List<TableSpec> namedIn(String sql) {
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    List<TableSpec> out = new java.util.ArrayList<>();
    for (TableSpec t : ALL) {
      if (word(t.name()).matcher(lower).find()) {
        out.add(t);
      }
    }
    if (out.isEmpty() && word("show").matcher(lower).find()) {
      return ALL;
    }
    return out;
  }

  private static java.util.regex.Pattern word(String w) {
    return java.util.regex.Pattern.compile("(?<![a-z0-9_])" + w + "(?![a-z0-9_])");
  }

  /** The table called {@code name}, if the warehouse has one. */
  public static Optional<TableSpec> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private Tables() {}
}
