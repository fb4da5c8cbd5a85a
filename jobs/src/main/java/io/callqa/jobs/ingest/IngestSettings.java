package io.callqa.jobs.ingest;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.time.ZoneId;

/**
 * What the ingest stage reads of the configuration: the centre's time zone, in which a call's local
 * day is taken. Each value's type, default and range are its {@link ConfigKey}'s.
 */
public record IngestSettings(ZoneId timeZone) {

  /** The ingest stage's view of {@code c}. */
  public static IngestSettings of(CallqaConfig c) {
    return new IngestSettings(c.get(ConfigKey.TIME_ZONE));
  }
}
