package io.callqa.jobs.complaints;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What the complaint stage reads of the configuration. Each value's type, default and range are its
 * {@link ConfigKey}'s.
 *
 * @param timeZone the centre's time zone (deadlines end at local midnight)
 * @param policy the deadline policy: a built-in name or a YAML file ({@code complaints.policy})
 * @param businessDays overrides the policy's day counting when true ({@code
 *     complaints.business-days})
 * @param linkWindowDays days before an opening in which a call of the customer is linked
 * @param asOf the as-of day, or empty for the latest event's
 */
public record ComplaintSettings(
    ZoneId timeZone,
    String policy,
    boolean businessDays,
    int linkWindowDays,
    Optional<LocalDate> asOf) {

  /** The complaint stage's view of {@code c}. */
  public static ComplaintSettings of(CallqaConfig c) {
    String asOf = c.get(ConfigKey.COMPLAINTS_AS_OF);
    return new ComplaintSettings(
        c.get(ConfigKey.TIME_ZONE),
        c.get(ConfigKey.COMPLAINTS_POLICY),
        c.get(ConfigKey.COMPLAINTS_BUSINESS_DAYS),
        c.get(ConfigKey.COMPLAINTS_LINK_WINDOW_DAYS),
        asOf.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(asOf)));
  }
}
