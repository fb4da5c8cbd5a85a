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

  /** The table called {@code name}, if the warehouse has one. */
  public static Optional<TableSpec> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private Tables() {}
}
