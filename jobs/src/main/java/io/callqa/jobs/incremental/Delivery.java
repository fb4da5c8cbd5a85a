package io.callqa.jobs.incremental;

/**
 * An input that arrives once and is used once: a landing file, named by its path in the landing
 * zone and identified by the checksum of its bytes. A delivery is new until a run has recorded that
 * name with that checksum; it is then never used again, even when a later file goes back to an
 * earlier content, and removing it from the landing zone changes nothing.
 */
public interface Delivery {
  /** The delivery's name: its path relative to the landing zone. */
  String deliveryName();

  /** The SHA-256 of its bytes, in hex. */
  String checksum();

  /** The name and checksum alone, as a record of deliveries keeps them. */
  default Id id() {
    return new Id(deliveryName(), checksum());
  }

  /** A delivery as recorded: its name and checksum. */
  record Id(String name, String checksum) {}
}
