package io.callqa.warehouse.tables;

/** Where a table sits in the warehouse: what it holds relative to the landing files. */
public enum Layer {
  /** Bookkeeping of the pipeline itself: files read, rejected records, transcription runs. */
  AUDIT("audit"),
  /** Landing records as delivered, typed and masked. */
  BRONZE("bronze"),
  /** Cleaned, deduplicated entities: one row per contact, ticket, utterance, review. */
  SILVER("silver"),
  /** Aggregates and scores that dashboards, reports and analysts read. */
  GOLD("gold");

  private final String label;

  Layer(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
