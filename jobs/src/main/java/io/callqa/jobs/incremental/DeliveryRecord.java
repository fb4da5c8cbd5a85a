package io.callqa.jobs.incremental;

import java.util.List;
import java.util.Set;

/**
 * Where a stage that reads deliveries keeps every delivery it has used, with what it made of each
 * (the ingest stage: the {@code ingested_files} table, one row per file and run with its row
 * counts). It is the audit trail as well as the record the runner decides from.
 *
 * @param <D> the stage's kind of delivery
 * @param <T> what a run of the stage returns
 */
public interface DeliveryRecord<D extends Delivery, T> {
  /** Every delivery recorded by earlier runs. */
  Set<Delivery.Id> used();

  /** Records the deliveries a successful run used, with the run's result. */
  void record(List<D> used, T result);
}
