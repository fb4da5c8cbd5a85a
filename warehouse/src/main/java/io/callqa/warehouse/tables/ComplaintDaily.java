package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code complaint_daily}: complaint timeliness per local day x site x channel x
 * category x severity. Counts sit beside the rates so roll-ups are sums; medians and p90 are per
 * row and do not roll up. Partitioned by {@link #DAY}; a rebuild for a day range replaces exactly
 * those days.
 *
 * <p>Cohorts: opened, acknowledgement and escalation count tickets by the day they opened;
 * resolved, on-time, days to resolve and reopened count tickets by the day of their first
 * resolution; breached counts tickets on the first day past the deadline they missed; backlog
 * counts tickets open at the end of the day, by age.
 */
public final class ComplaintDaily {
  public static final String NAME = "complaint_daily";

  public static final String DAY = "day";
  public static final String OPENED = "opened";
  public static final String ACK_DUE = "ack_due";
  public static final String ACKNOWLEDGED_ON_TIME = "acknowledged_on_time";
  public static final String ESCALATED = "escalated";
  public static final String ESCALATION_RATE = "escalation_rate";
  public static final String RESOLVED = "resolved";
  public static final String RESOLVED_ON_TIME = "resolved_on_time";
  public static final String ON_TIME_RATE = "on_time_rate";
  public static final String REOPENED = "reopened";
  public static final String REOPEN_RATE = "reopen_rate";
  public static final String BREACHED = "breached";
  public static final String DAYS_TO_RESOLVE_SUM = "days_to_resolve_sum";
  public static final String MEDIAN_DAYS_TO_RESOLVE = "median_days_to_resolve";
  public static final String P90_DAYS_TO_RESOLVE = "p90_days_to_resolve";
  public static final String BACKLOG = "backlog";
  public static final List<String> BACKLOG_BUCKETS =
      List.of("backlog_0_7", "backlog_8_15", "backlog_16_30", "backlog_31_60", "backlog_over_60");

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(DAY),
          List.of(
              DAY, Complaints.SITE, Complaints.CHANNEL, Complaints.CATEGORY, Complaints.SEVERITY),
          "local day x site x channel x category x severity",
          "complaints",
          Layer.GOLD);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(DAY, DataTypes.DateType, "local day"));
    f.add(required(Complaints.SITE, DataTypes.StringType, "site; UNKNOWN when no call is linked"));
    f.add(required(Complaints.CHANNEL, DataTypes.StringType, "channel"));
    f.add(required(Complaints.CATEGORY, DataTypes.StringType, "category"));
    f.add(required(Complaints.SEVERITY, DataTypes.StringType, "severity"));
    f.add(required(OPENED, DataTypes.LongType, "tickets opened that day"));
    f.add(required(ACK_DUE, DataTypes.LongType, "of those, whose acknowledgement is due by as_of"));
    f.add(required(ACKNOWLEDGED_ON_TIME, DataTypes.LongType, "of those, acknowledged in time"));
    f.add(required(ESCALATED, DataTypes.LongType, "of the opened, escalated at least once"));
    f.add(optional(ESCALATION_RATE, DataTypes.DoubleType, "escalated / opened"));
    f.add(required(RESOLVED, DataTypes.LongType, "tickets whose first resolution fell that day"));
    f.add(required(RESOLVED_ON_TIME, DataTypes.LongType, "of those, on time"));
    f.add(optional(ON_TIME_RATE, DataTypes.DoubleType, "resolved_on_time / resolved"));
    f.add(required(REOPENED, DataTypes.LongType, "of the resolved, reopened later"));
    f.add(optional(REOPEN_RATE, DataTypes.DoubleType, "reopened / resolved"));
    f.add(
        required(BREACHED, DataTypes.LongType, "tickets whose missed deadline was the day before"));
    f.add(
        required(
            DAYS_TO_RESOLVE_SUM,
            DataTypes.DoubleType,
            "sum of days to first resolution of the resolved"));
    f.add(
        optional(
            MEDIAN_DAYS_TO_RESOLVE,
            DataTypes.DoubleType,
            "median days to first resolution of the resolved"));
    f.add(optional(P90_DAYS_TO_RESOLVE, DataTypes.DoubleType, "90th percentile of the same"));
    f.add(required(BACKLOG, DataTypes.LongType, "tickets open at the end of the day"));
    String[] meaning = {
      "0-7 days old", "8-15 days old", "16-30 days old", "31-60 days old", "over 60 days old"
    };
    for (int i = 0; i < BACKLOG_BUCKETS.size(); i++) {
      f.add(required(BACKLOG_BUCKETS.get(i), DataTypes.LongType, "of the backlog, " + meaning[i]));
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  private ComplaintDaily() {}
}
