package io.callqa.jobs.ingest;

import io.callqa.jobs.incremental.Delivery;
import io.callqa.jobs.landing.LandingKind;
import java.io.Serializable;

/**
 * One file of the landing zone to ingest.
 *
 * @param kind the feed
 * @param sourceFile path relative to the landing folder, as stored in lineage columns
 * @param absolutePath where executors read it
 * @param sha256 checksum of the bytes when discovered
 * @param bytes size
 */
public record LandingFile(
    LandingKind kind, String sourceFile, String absolutePath, String sha256, long bytes)
    implements Serializable, Delivery {

  @Override
  public String deliveryName() {
    return sourceFile;
  }

  @Override
  public String checksum() {
    return sha256;
  }
}
