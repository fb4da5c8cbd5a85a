package io.callqa.jobs.landing;

import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.TicketEvents;
import java.util.List;

/**
 * The feeds of the landing zone: the folder each sits in, its file extension and the table it
 * feeds.
 */
public enum LandingKind {
  CALLS("calls", Calls.SPEC, Calls.CSV_COLUMNS),
  SURVEYS("surveys", Surveys.SPEC, Surveys.CSV_COLUMNS),
  TICKETS("tickets", TicketEvents.SPEC, TicketEvents.CSV_COLUMNS),
  /** JSON lines, one conversation each; {@link #csvColumns} lists the required JSON keys. */
  CHATS("chats", Chats.SPEC, Chats.JSON_KEYS);

  private final String folder;
  private final TableSpec table;
  private final List<String> csvColumns;

  LandingKind(String folder, TableSpec table, List<String> csvColumns) {
    this.folder = folder;
    this.table = table;
    this.csvColumns = csvColumns;
  }

  /** Folder under the landing zone, holding {@code *.csv} (chats: {@code *.jsonl}). */
  public String folder() {
    return folder;
  }

  /** File name ending of this feed's files. */
  public String extension() {
    return this == CHATS ? ".jsonl" : ".csv";
  }

  public TableSpec table() {
    return table;
  }

  /** Header columns a file of this kind must have (in any order). */
  public List<String> csvColumns() {
    return csvColumns;
  }
}
