package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code kpi_interval}: agent-queue traffic per local 30-minute interval x site x queue,
 * with the same counts and ratios as {@link KpiDaily}.
 */
public final class KpiInterval {
  public static final String NAME = "kpi_interval";

  public static final String DAY = KpiDaily.DAY;
  public static final String INTERVAL_START = "interval_start";
  public static final String INTERVAL_TIME = "interval_time";
  public static final String SITE = KpiDaily.SITE;
  public static final String QUEUE = KpiDaily.QUEUE;

  public static final StructType SCHEMA = schema();

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(INTERVAL_START, SITE, QUEUE),
          "one row per 30-minute interval x site x queue with inbound agent-queue traffic",
          "kpi",
          Layer.GOLD);

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(required(DAY, DataTypes.DateType, "local day of the interval"));
    f.add(
        required(
            INTERVAL_START,
            DataTypes.TimestampType,
            "start of the local 30-minute interval containing queue_start"));
    f.add(
        required(
            INTERVAL_TIME, DataTypes.StringType, "local wall-clock start of the interval, HH:mm"));
    f.add(required(SITE, DataTypes.StringType, "answering site"));
    f.add(required(QUEUE, DataTypes.StringType, "agent queue"));
    f.addAll(KpiDaily.queueCounts());
    return new StructType(f.toArray(StructField[]::new));
  }

  private KpiInterval() {}
}
