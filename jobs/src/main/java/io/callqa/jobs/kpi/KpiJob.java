package io.callqa.jobs.kpi;

import static io.callqa.jobs.kpi.KpiFormulas.flag;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.jobs.progress.StageProgress;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.IvrDaily;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.KpiInterval;
import io.callqa.warehouse.tables.Surveys;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the KPI gold tables {@code kpi_daily}, {@code ivr_daily} and {@code kpi_interval} from the
 * silver {@code calls} and {@code surveys}, with the formulas of {@link KpiFormulas}.
 *
 * <p>The transforms are pure; {@link #run} rebuilds either everything or exactly a day range
 * (replace-where on {@code day}), reading the extra days the formulas need: the day before (a
 * contact's queue day can be the day after its contact day) and W days after (FCR repeats). The
 * Spark session's time zone must be the centre's: local days and intervals come from it.
 */
public final class KpiJob {
  private KpiJob() {}

  /** kpi_daily rows for the contacts in {@code calls} (inbound only), with their surveys. */
  public static Dataset<Row> daily(Dataset<Row> calls, Dataset<Row> surveys, KpiSettings c) {
    SparkSessions.checkTimeZone(calls.sparkSession(), c.timeZone());
    List<Column> aggs = new ArrayList<>(KpiFormulas.queueCounts());
    aggs.addAll(KpiFormulas.dailyCounts());
    Dataset<Row> counts =
        KpiFormulas.contactFacts(calls, surveys, c)
            .filter(col(Calls.QUEUE_START).isNotNull())
            .groupBy(
                to_date(col(Calls.QUEUE_START)).as(KpiDaily.DAY),
                col(Calls.SITE).as(KpiDaily.SITE),
                col(Calls.QUEUE).as(KpiDaily.QUEUE),
                col(Calls.SEGMENT).as(KpiDaily.SEGMENT))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    return KpiFormulas.dailyRatios(counts);
  }

  /** kpi_interval rows: queue traffic per local interval of {@code kpi.interval-minutes}. */
  public static Dataset<Row> interval(Dataset<Row> calls, KpiSettings c) {
    SparkSessions.checkTimeZone(calls.sparkSession(), c.timeZone());
    Column qs = col(Calls.QUEUE_START);
    Column start =
        date_trunc("HOUR", qs)
            .plus(
                make_dt_interval(
                    lit(0),
                    lit(0),
                    floor(minute(qs).divide(c.intervalMinutes())).multiply(c.intervalMinutes()),
                    lit(0)));
    List<Column> aggs = KpiFormulas.queueCounts();
    Dataset<Row> counts =
        KpiFormulas.contactFacts(calls, emptySurveys(calls), c)
            .filter(qs.isNotNull())
            .withColumn(KpiInterval.INTERVAL_START, start)
            .groupBy(
                to_date(col(KpiInterval.INTERVAL_START)).as(KpiInterval.DAY),
                col(KpiInterval.INTERVAL_START),
                date_format(col(KpiInterval.INTERVAL_START), "HH:mm").as(KpiInterval.INTERVAL_TIME),
                col(Calls.SITE).as(KpiInterval.SITE),
                col(Calls.QUEUE).as(KpiInterval.QUEUE))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    return KpiFormulas.queueRatios(counts);
  }

  /** ivr_daily rows: IVR traffic and containment per local day of ivr_start. */
  public static Dataset<Row> ivrDaily(Dataset<Row> calls, KpiSettings c) {
    SparkSessions.checkTimeZone(calls.sparkSession(), c.timeZone());
    Column outcome = col(Calls.IVR_OUTCOME);
    return calls
        .filter(col(Calls.DIRECTION).equalTo("INBOUND").and(col(Calls.IVR_START).isNotNull()))
        .groupBy(
            to_date(col(Calls.IVR_START)).as(IvrDaily.DAY),
            col(Calls.SITE).as(IvrDaily.SITE),
            col(Calls.SEGMENT).as(IvrDaily.SEGMENT))
        .agg(
            sum(lit(1L)).as(IvrDaily.OFFERED_IVR),
            sum(flag(outcome.equalTo("SELF_SERVICE"))).as(IvrDaily.IVR_SELF_SERVICE),
            sum(flag(outcome.equalTo("ABANDON"))).as(IvrDaily.IVR_ABANDONED),
            sum(flag(outcome.equalTo("TRANSFER"))).as(IvrDaily.TRANSFERRED_TO_AGENT))
        .transform(KpiJob::ivrRatios);
  }

  /**
   * Rolls {@code kpi_daily} rows up to coarser groups (e.g. by site over all days): sums every
   * count and recomputes the ratios from the sums, never averaging ratios.
   */
  public static Dataset<Row> rollUp(Dataset<Row> kpiDaily, String... groupBy) {
    List<Column> sums = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : KpiDaily.SCHEMA.fields()) {
      boolean ratioColumn =
          f.nullable() && f.dataType().equals(org.apache.spark.sql.types.DataTypes.DoubleType);
      boolean key = KpiDaily.SPEC.keyColumns().contains(f.name());
      if (!ratioColumn && !key) {
        sums.add(sum(col(f.name())).as(f.name()));
      }
    }
    Column[] keys =
        java.util.Arrays.stream(groupBy)
            .map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
    return KpiFormulas.dailyRatios(
        kpiDaily
            .groupBy(keys)
            .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)));
  }

  /** Rolls {@code ivr_daily} rows up to coarser groups, recomputing containment from the sums. */
  public static Dataset<Row> rollUpIvr(Dataset<Row> ivrDaily, String... groupBy) {
    Column[] keys =
        java.util.Arrays.stream(groupBy)
            .map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
    return ivrDaily
        .groupBy(keys)
        .agg(
            sum(IvrDaily.OFFERED_IVR).as(IvrDaily.OFFERED_IVR),
            sum(IvrDaily.IVR_SELF_SERVICE).as(IvrDaily.IVR_SELF_SERVICE),
            sum(IvrDaily.IVR_ABANDONED).as(IvrDaily.IVR_ABANDONED),
            sum(IvrDaily.TRANSFERRED_TO_AGENT).as(IvrDaily.TRANSFERRED_TO_AGENT))
        .transform(KpiJob::ivrRatios);
  }

  private static Dataset<Row> ivrRatios(Dataset<Row> counts) {
    return counts.withColumn(
        IvrDaily.IVR_CONTAINMENT, KpiFormulas.ratio(MetricCatalogue.IVR_CONTAINMENT));
  }

  private static Dataset<Row> emptySurveys(Dataset<Row> like) {
    return like.sparkSession().createDataFrame(List.of(), Surveys.SCHEMA);
  }

  /**
   * Rebuilds the gold tables: all days when {@code range} is empty, else exactly the days in it.
   * Returns the range rebuilt, or empty when there were no calls.
   */
  public static Optional<DayRange> run(
      Warehouse wh, KpiSettings c, Optional<DayRange> range, Consumer<String> progress) {
    wh.settingsFor(0);
    // Inputs this stage does not write: listed from the log, without Delta's Spark job over it.
    Dataset<Row> calls = wh.readListed(Calls.SPEC);
    Dataset<Row> surveys = wh.readListedOrEmpty(Surveys.SPEC);
    DayRange days;
    if (range.isPresent()) {
      days = range.get();
      calls =
          calls.filter(
              col(Calls.DAY)
                  .between(
                      lit(days.from().minusDays(1)),
                      lit(days.to().plusDays(c.fcrWindowDays() + 1L))));
    } else {
      Row r = calls.agg(min(Calls.DAY), max(Calls.DAY)).head();
      if (r.isNullAt(0)) {
        progress.accept("kpi: no calls in the warehouse; nothing to compute");
        return Optional.empty();
      }
      days = new DayRange(r.<LocalDate>getAs(0).minusDays(1), r.<LocalDate>getAs(1).plusDays(1));
    }
    progress.accept("kpi: rebuilding days " + days + (range.isPresent() ? "" : " (all)"));
    Column inRange = col(KpiDaily.DAY).between(lit(days.from()), lit(days.to()));
    try (StageProgress p = StageProgress.start("kpi", 1, progress)) {
      // The three tables at once: each write is mostly the driver's (planning, Delta's state of
      // the table, the commit), so one's tasks run while another plans.
      p.step(KpiDaily.NAME + ", " + IvrDaily.NAME + " and " + KpiInterval.NAME + " at once");
      Dataset<Row> callsIn = calls;
      Warehouse.together(
          () ->
              write(
                  wh,
                  KpiDaily.SPEC,
                  daily(callsIn, surveys, c).filter(inRange),
                  days,
                  range.isPresent()),
          () ->
              write(
                  wh, IvrDaily.SPEC, ivrDaily(callsIn, c).filter(inRange), days, range.isPresent()),
          () ->
              write(
                  wh,
                  KpiInterval.SPEC,
                  interval(callsIn, c).filter(inRange),
                  days,
                  range.isPresent()));
    }
    return Optional.of(days);
  }

  private static void write(
      Warehouse wh,
      io.callqa.warehouse.tables.TableSpec table,
      Dataset<Row> data,
      DayRange days,
      boolean partial) {
    if (partial) {
      wh.replaceWhere(table, data, days.predicate(KpiDaily.DAY));
    } else {
      wh.overwrite(table, data);
    }
  }
}
