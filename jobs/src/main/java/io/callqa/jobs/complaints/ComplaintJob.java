package io.callqa.jobs.complaints;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.jobs.kpi.DayRange;
import io.callqa.warehouse.delta.SparkSessions;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.ComplaintCalls;
import io.callqa.warehouse.tables.ComplaintDaily;
import io.callqa.warehouse.tables.ComplaintOpen;
import io.callqa.warehouse.tables.Complaints;
import io.callqa.warehouse.tables.IngestedFiles;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.TicketEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code complaints} stage: replays every ticket's event log ({@link Lifecycle}) under the
 * configured {@link ComplaintPolicy}, links complaints to the caller's calls, and writes {@link
 * Complaints}, {@link ComplaintCalls}, {@link ComplaintOpen} and {@link ComplaintDaily}; impossible
 * events go to {@link Rejects}.
 *
 * <p>"As of": the state is computed by event-time replay up to the end of a local day, by default
 * the day of the latest ticket event (so a re-run over the same data gives the same tables), or any
 * past day with {@code --as-of}: the events that had happened by then, wherever late they were
 * delivered. That is the regulator's view (deadlines run from when things happened). What the
 * warehouse showed on a past date is Delta time travel on these tables ({@code VERSION AS OF}).
 *
 * <pre>{@code
 * ComplaintJob.Summary s = ComplaintJob.run(warehouse, ComplaintSettings.of(config), Optional.empty(), Optional.empty(), System.err::println);
 * }</pre>
 */
public final class ComplaintJob {
  static final String PROBLEMS = "problems";
  static final String REASON = "reason";
  static final String RAW = "raw";

  /** What a run did. */
  public record Summary(
      long tickets,
      long pending,
      long open,
      long breached,
      long problems,
      Instant asOf,
      Optional<DayRange> days,
      String policy) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "complaints: %d tickets as of %s under %s, %d open, %d breached, %d pending"
              + " (no OPENED yet), %d impossible events rejected; complaint_daily days %s",
          tickets,
          asOf,
          policy,
          open,
          breached,
          pending,
          problems,
          days.map(DayRange::toString).orElse("unchanged"));
    }
  }

  private static final StructType PROBLEM_SCHEMA =
      new StructType()
          .add(Lineage.SOURCE_FILE, DataTypes.StringType, true)
          .add(Lineage.SOURCE_LINE, DataTypes.LongType, true)
          .add(RAW, DataTypes.StringType, true)
          .add(REASON, DataTypes.StringType, true);

  /**
   * Complaints' columns without the site (known after linking), all nullable, plus the problems.
   */
  static final StructType REPLAY_SCHEMA = replaySchema();

  private static StructType replaySchema() {
    List<StructField> f = new ArrayList<>();
    for (StructField s : Complaints.SCHEMA.fields()) {
      if (!s.name().equals(Complaints.SITE)) {
        f.add(new StructField(s.name(), s.dataType(), true, s.metadata()));
      }
    }
    f.add(
        new StructField(
            PROBLEMS,
            DataTypes.createArrayType(PROBLEM_SCHEMA, true),
            true,
            org.apache.spark.sql.types.Metadata.empty()));
    return new StructType(f.toArray(StructField[]::new));
  }

  /**
   * The tables a run writes, every one of them on every run (empty when no ticket has opened yet):
   * the pipeline replays again when one is missing.
   */
  public static final List<TableSpec> OUTPUTS =
      List.of(Complaints.SPEC, ComplaintCalls.SPEC, ComplaintOpen.SPEC, ComplaintDaily.SPEC);

  /** Whether every table of {@link #OUTPUTS} exists in {@code wh}. */
  public static boolean outputsExist(Warehouse wh) {
    return OUTPUTS.stream().allMatch(wh::exists);
  }

  private ComplaintJob() {}

  /** The end of the local day of the latest event: the default "as of". */
  static Instant defaultAsOf(Dataset<Row> events, ZoneId zone) {
    Row r = events.agg(functions.max(TicketEvents.EVENT_AT)).head();
    Instant latest = r.isNullAt(0) ? Instant.now() : r.getAs(0);
    return Lifecycle.endOf(Lifecycle.day(latest, zone), zone);
  }

  /**
   * Replays every ticket: one row per ticket in {@link #REPLAY_SCHEMA}; {@code opened_at} is null
   * while its OPENED has not arrived. Pure: no I/O.
   */
  public static Dataset<Row> replay(
      Dataset<Row> events, ComplaintPolicy policy, ZoneId zone, Instant asOf) {
    return events
        .groupByKey(
            (MapFunction<Row, String>) r -> r.getAs(TicketEvents.TICKET_ID), Encoders.STRING())
        .flatMapGroups(new ReplayTickets(policy, zone, asOf), Encoders.row(REPLAY_SCHEMA));
  }

  private static final class ReplayTickets implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ComplaintPolicy policy;
    private final ZoneId zone;
    private final Instant asOf;

    ReplayTickets(ComplaintPolicy policy, ZoneId zone, Instant asOf) {
      this.policy = policy;
      this.zone = zone;
      this.asOf = asOf;
    }

    @Override
    public Iterator<Row> call(String ticketId, Iterator<Row> rows) {
      List<Lifecycle.Event> events = new ArrayList<>();
      Row opened = null;
      String category = null;
      Instant categoryAt = null;
      while (rows.hasNext()) {
        Row r = rows.next();
        Instant at = r.getAs(TicketEvents.EVENT_AT);
        String event = r.getAs(TicketEvents.EVENT);
        events.add(
            new Lifecycle.Event(
                event,
                at,
                r.getAs(Lineage.SOURCE_FILE),
                r.<Long>getAs(Lineage.SOURCE_LINE),
                raw(r)));
        if (event.equals("OPENED")
            && (opened == null || at.isBefore(opened.getAs(TicketEvents.EVENT_AT)))) {
          opened = r;
        }
        String cat = r.getAs(TicketEvents.CATEGORY);
        if (cat != null && !at.isAfter(asOf) && (categoryAt == null || at.isAfter(categoryAt))) {
          category = cat;
          categoryAt = at;
        }
      }
      String channel = opened == null ? null : opened.getAs(TicketEvents.CHANNEL);
      String severity = opened == null ? null : opened.getAs(TicketEvents.SEVERITY);
      Lifecycle.Result res = Lifecycle.replay(events, channel, severity, policy, zone, asOf);
      Object[] problems =
          res.problems().stream()
              .map(
                  p ->
                      RowBuilder.of("complaint problem", PROBLEM_SCHEMA)
                          .set(Lineage.SOURCE_FILE, p.event().sourceFile())
                          .set(Lineage.SOURCE_LINE, p.event().sourceLine())
                          .set(RAW, p.event().raw())
                          .set(REASON, p.reason())
                          .build())
              .toArray();
      RowBuilder v = RowBuilder.of("complaint replay", REPLAY_SCHEMA);
      v.set(Complaints.TICKET_ID, ticketId).set(PROBLEMS, problems);
      Lifecycle.State s = res.state();
      if (s != null && !s.openedAt().isAfter(asOf)) {
        v.set(Complaints.CHANNEL, channel);
        v.set(Complaints.CATEGORY, category == null ? "UNKNOWN" : category);
        v.set(Complaints.SEVERITY, severity);
        v.set(Complaints.CUSTOMER_ID, opened.getAs(TicketEvents.CUSTOMER_ID));
        v.set(Complaints.CALL_ID, opened.getAs(TicketEvents.CALL_ID));
        v.set(Complaints.OPENED_AT, s.openedAt());
        v.set(Complaints.OPENED_DAY, s.openedDay());
        v.set(Complaints.ACKNOWLEDGED_AT, s.acknowledgedAt());
        v.set(Complaints.ACK_DUE_AT, s.ackDueAt());
        v.set(Complaints.ACKNOWLEDGED_ON_TIME, s.acknowledgedOnTime());
        v.set(Complaints.FIRST_ESCALATED_AT, s.firstEscalatedAt());
        v.set(Complaints.ESCALATIONS, s.escalations());
        v.set(Complaints.EXTENSIONS, s.extensions());
        v.set(Complaints.DECISION_DUE_AT, s.decisionDueAt());
        v.set(Complaints.FIRST_RESOLVED_AT, s.firstResolvedAt());
        v.set(Complaints.RESOLVED_ON_TIME, s.resolvedOnTime());
        v.set(Complaints.SUMMARY_RESOLUTION, s.summaryResolution());
        v.set(Complaints.RESOLVED_AT, s.resolvedAt());
        v.set(Complaints.REOPENED_AT, s.reopenedAt());
        v.set(Complaints.REOPENS, s.reopens());
        v.set(Complaints.CLOSED_AT, s.closedAt());
        v.set(Complaints.DEADLINE_AT, s.deadlineAt());
        v.set(Complaints.STATUS, s.status());
        v.set(Complaints.BREACHED, s.breached());
        v.set(Complaints.BREACH_DAY, s.breachDay());
        v.set(Complaints.DAYS_TO_RESOLVE, s.daysToResolve());
        v.set(Complaints.AGE_DAYS, s.ageDays());
        v.set(
            Complaints.OPEN_SPANS,
            s.openSpans().stream()
                .map(
                    o ->
                        Complaints.SPEC
                            .row(Complaints.OPEN_SPANS)
                            .set(Complaints.FROM_DAY, o.fromDay())
                            .set(Complaints.TO_DAY, o.toDay())
                            .build())
                .toArray());
        v.set(Complaints.POLICY, policy.name());
        v.set(Complaints.AS_OF, asOf);
      }
      return List.of(v.build()).iterator();
    }

    private static String raw(Row r) {
      StringBuilder s = new StringBuilder();
      for (String c : TicketEvents.CSV_COLUMNS) {
        if (s.length() > 0) {
          s.append(',');
        }
        Object o = r.getAs(c);
        s.append(o == null ? "" : o.toString());
      }
      return s.toString();
    }
  }

  /**
   * Links complaints to calls: the call a ticket names, and the customer's inbound calls in the
   * {@code windowDays} before it opened. Pure.
   */
  public static Dataset<Row> links(Dataset<Row> complaints, Dataset<Row> calls, int windowDays) {
    Dataset<Row> t =
        complaints.select(
            col(Complaints.TICKET_ID),
            col(Complaints.CUSTOMER_ID).as("t_customer"),
            col(Complaints.CALL_ID).as("t_call"),
            col(Complaints.OPENED_AT));
    Dataset<Row> c =
        calls.select(
            col(Calls.CALL_ID),
            col(Calls.CUSTOMER_ID),
            col(Calls.DIRECTION),
            col(Calls.CONTACT_START),
            col(Calls.DAY),
            col(Calls.SITE),
            col(Calls.QUEUE),
            col(Calls.AGENT_ID));
    Dataset<Row> named =
        t.join(c, t.col("t_call").equalTo(c.col(Calls.CALL_ID)))
            .withColumn(ComplaintCalls.LINK, lit("CALL_ID"));
    Dataset<Row> window =
        t.join(
                c,
                t.col("t_customer")
                    .equalTo(c.col(Calls.CUSTOMER_ID))
                    .and(c.col(Calls.DIRECTION).equalTo("INBOUND"))
                    .and(c.col(Calls.CONTACT_START).leq(t.col(Complaints.OPENED_AT)))
                    .and(
                        c.col(Calls.CONTACT_START)
                            .geq(
                                t.col(Complaints.OPENED_AT)
                                    .minus(expr("INTERVAL " + windowDays + " DAYS")))))
            .withColumn(ComplaintCalls.LINK, lit("CUSTOMER_WINDOW"));
    Column[] out =
        Arrays.stream(ComplaintCalls.SCHEMA.fieldNames())
            .map(functions::col)
            .toArray(Column[]::new);
    Dataset<Row> all = named.select(out).unionByName(window.select(out));
    return all.withColumn(
            "rank",
            functions
                .row_number()
                .over(
                    Window.partitionBy(Complaints.TICKET_ID, Calls.CALL_ID)
                        .orderBy(col(ComplaintCalls.LINK))))
        .filter(col("rank").equalTo(1))
        .select(out);
  }

  /**
   * Complaints with their site: the named call's, else the latest linked call's, else UNKNOWN.
   * Pure.
   */
  public static Dataset<Row> withSite(Dataset<Row> replayed, Dataset<Row> links) {
    Dataset<Row> site =
        links
            .withColumn(
                "rank",
                functions
                    .row_number()
                    .over(
                        Window.partitionBy(Complaints.TICKET_ID)
                            .orderBy(
                                col(ComplaintCalls.LINK).asc(), col(Calls.CONTACT_START).desc())))
            .filter(col("rank").equalTo(1))
            .select(col(Complaints.TICKET_ID).as("s_ticket"), col(Calls.SITE).as("s_site"));
    Dataset<Row> j =
        replayed
            .join(site, replayed.col(Complaints.TICKET_ID).equalTo(site.col("s_ticket")), "left")
            .withColumn(Complaints.SITE, coalesce(col("s_site"), lit("UNKNOWN")));
    return j.select(
        Arrays.stream(Complaints.SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new));
  }

  /** Open tickets with days to their deadline. Pure. */
  public static Dataset<Row> open(Dataset<Row> complaints) {
    Column asOfDay = functions.to_date(col(Complaints.AS_OF).minus(expr("INTERVAL 1 SECOND")));
    Column deadlineDay =
        functions.to_date(col(Complaints.DEADLINE_AT).minus(expr("INTERVAL 1 SECOND")));
    return complaints
        .filter(col(Complaints.STATUS).isin("OPEN", "REOPENED"))
        .withColumn(ComplaintOpen.DAYS_TO_DEADLINE, functions.datediff(deadlineDay, asOfDay))
        .select(
            Arrays.stream(ComplaintOpen.SCHEMA.fieldNames())
                .map(functions::col)
                .toArray(Column[]::new));
  }

  /**
   * complaint_daily for every day in {@code days}. Pure (the session's time zone must be the
   * centre's).
   */
  public static Dataset<Row> daily(Dataset<Row> complaints, DayRange days) {
    SparkSession spark = complaints.sparkSession();
    complaints.createOrReplaceTempView("cq_complaints");
    String dims = "site, channel, category, severity";
    String sql =
        "WITH facts AS ("
            // Opened-day cohort.
            + " SELECT opened_day AS day, "
            + dims
            + ", 1L AS opened,"
            + "  CASE WHEN acknowledged_on_time IS NOT NULL THEN 1L ELSE 0L END AS ack_due,"
            + "  CASE WHEN acknowledged_on_time THEN 1L ELSE 0L END AS acknowledged_on_time,"
            + "  CASE WHEN escalations > 0 THEN 1L ELSE 0L END AS escalated, 0L AS resolved, 0L AS resolved_on_time,"
            + "  0L AS reopened, 0L AS breached, 0L AS backlog, 0L AS backlog_0_7, 0L AS backlog_8_15,"
            + "  0L AS backlog_16_30, 0L AS backlog_31_60, 0L AS backlog_over_60, CAST(NULL AS DOUBLE) AS d"
            + " FROM cq_complaints"
            // First-resolution-day cohort.
            + " UNION ALL SELECT to_date(first_resolved_at) AS day, "
            + dims
            + ", 0L, 0L, 0L, 0L, 1L,"
            + "  CASE WHEN resolved_on_time THEN 1L ELSE 0L END, CASE WHEN reopens > 0 THEN 1L ELSE 0L END, 0L, 0L,"
            + "  0L, 0L, 0L, 0L, 0L, days_to_resolve FROM cq_complaints WHERE first_resolved_at IS NOT NULL"
            // Breaches, on the first day past the missed deadline.
            + " UNION ALL SELECT breach_day AS day, "
            + dims
            + ", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L,"
            + "  0L, CAST(NULL AS DOUBLE) FROM cq_complaints WHERE breached AND breach_day <= to_date(as_of - INTERVAL 1 SECOND)"
            // Backlog at the end of each day, by age.
            + " UNION ALL SELECT day, "
            + dims
            + ", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L,"
            + "  CASE WHEN age <= 7 THEN 1L ELSE 0L END, CASE WHEN age BETWEEN 8 AND 15 THEN 1L ELSE 0L END,"
            + "  CASE WHEN age BETWEEN 16 AND 30 THEN 1L ELSE 0L END, CASE WHEN age BETWEEN 31 AND 60 THEN 1L ELSE 0L END,"
            + "  CASE WHEN age > 60 THEN 1L ELSE 0L END, CAST(NULL AS DOUBLE)"
            + " FROM (SELECT "
            + dims
            + ", day, datediff(day, opened_day) AS age FROM cq_complaints"
            + "   LATERAL VIEW explode(open_spans) s AS span"
            + "   LATERAL VIEW explode(sequence(span.from_day, span.to_day)) d AS day))"
            + " SELECT day, "
            + dims
            + ", sum(opened) AS opened, sum(ack_due) AS ack_due,"
            + "  sum(acknowledged_on_time) AS acknowledged_on_time, sum(escalated) AS escalated,"
            + "  "
            + MetricCatalogue.ESCALATION_RATE.sql()
            + " AS escalation_rate, sum(resolved) AS resolved,"
            + "  sum(resolved_on_time) AS resolved_on_time, "
            + MetricCatalogue.ON_TIME_RATE.sql()
            + " AS on_time_rate,"
            + "  sum(reopened) AS reopened, "
            + MetricCatalogue.REOPEN_RATE.sql()
            + " AS reopen_rate,"
            + "  sum(breached) AS breached, coalesce(sum(d), 0D) AS days_to_resolve_sum,"
            + "  percentile(d, 0.5) AS median_days_to_resolve, percentile(d, 0.9) AS p90_days_to_resolve,"
            + "  sum(backlog) AS backlog, sum(backlog_0_7) AS backlog_0_7, sum(backlog_8_15) AS backlog_8_15,"
            + "  sum(backlog_16_30) AS backlog_16_30, sum(backlog_31_60) AS backlog_31_60,"
            + "  sum(backlog_over_60) AS backlog_over_60"
            + " FROM facts WHERE day BETWEEN DATE'"
            + days.from()
            + "' AND DATE'"
            + days.to()
            + "'"
            + " GROUP BY day, "
            + dims;
    return spark
        .sql(sql)
        .select(
            Arrays.stream(ComplaintDaily.SCHEMA.fieldNames())
                .map(functions::col)
                .toArray(Column[]::new));
  }

  /**
   * Runs the stage. {@code range} limits the complaint_daily rebuild (default: every day from the
   * first opening to the as-of day); {@code asOfDay} sets the as-of day (default: config, else the
   * latest event's).
   */
  public static Summary run(
      Warehouse wh,
      ComplaintSettings c,
      Optional<DayRange> range,
      Optional<LocalDate> asOfDay,
      Consumer<String> progress) {
    SparkSession spark = wh.spark();
    ZoneId zone = c.timeZone();
    SparkSessions.checkTimeZone(spark, zone);
    ComplaintPolicy policy =
        ComplaintPolicy.load(c.policy(), c.businessDays() ? Boolean.TRUE : null);
    if (!wh.exists(TicketEvents.SPEC)) {
      progress.accept("complaints: no ticket_events table yet; nothing to do");
      return new Summary(0, 0, 0, 0, 0, null, Optional.empty(), policy.name());
    }
    Dataset<Row> events = wh.readListed(TicketEvents.SPEC);
    Optional<LocalDate> configured = asOfDay.or(c::asOf);
    Instant asOf =
        configured.map(d -> Lifecycle.endOf(d, zone)).orElseGet(() -> defaultAsOf(events, zone));
    String runId =
        "complaints-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .format(Instant.now().atOffset(ZoneOffset.UTC));
    progress.accept(
        "complaints: replaying ticket events as of "
            + asOf
            + " under policy "
            + policy.name()
            + (policy.businessDays() ? " (business days)" : " (calendar days)"));

    Dataset<Row> replayed = replay(events, policy, zone, asOf).cache();
    Dataset<Row> started = replayed.filter(col(Complaints.OPENED_AT).isNotNull());
    Dataset<Row> calls = wh.readListedOrEmpty(Calls.SPEC);
    Dataset<Row> links = links(started, calls, c.linkWindowDays()).cache();
    Dataset<Row> complaints = withSite(started, links).cache();

    // Three tables at once, from the cached frames: each write is mostly the driver's (planning,
    // Delta's state of the table, the commit), so one's tasks run while another plans.
    List<Long> written =
        Warehouse.together(
            List.<Supplier<Long>>of(
                () -> wh.overwrite(Complaints.SPEC, complaints),
                () -> wh.overwrite(ComplaintCalls.SPEC, links),
                () -> wh.overwrite(ComplaintOpen.SPEC, open(complaints))));
    long tickets = written.get(0);
    long openCount = written.get(2);

    // The summary's figures from what was just written (cached), not from a second read.
    Row figures =
        complaints
            .agg(
                functions.min(Complaints.OPENED_DAY),
                functions.count(functions.when(col(Complaints.BREACHED), 1)))
            .head();
    Dataset<Row> stored = wh.readListed(Complaints.SPEC);
    LocalDate asOfLocal = Lifecycle.day(asOf.minusSeconds(1), zone);
    Optional<DayRange> days = range;
    if (days.isEmpty()) {
      days =
          figures.isNullAt(0)
              ? Optional.empty()
              : Optional.of(new DayRange(figures.getAs(0), asOfLocal));
    }
    // With no ticket opened yet there is no day to write; the table is still created (empty): every
    // table of OUTPUTS exists, so a run with no new landing file skips the stage instead of
    // committing the same empty tables again.
    // complaint_daily and the rejects at once, as above.
    Optional<DayRange> daysToWrite = days;
    long problems =
        Warehouse.together(
                List.<Supplier<Long>>of(
                    () -> {
                      daysToWrite.ifPresentOrElse(
                          d ->
                              wh.replaceWhere(
                                  ComplaintDaily.SPEC,
                                  daily(stored, d),
                                  d.predicate(ComplaintDaily.DAY)),
                          () -> wh.ensure(ComplaintDaily.SPEC));
                      return 0L;
                    },
                    () -> writeProblems(wh, replayed, runId)))
            .get(1);
    long pending = replayed.filter(col(Complaints.OPENED_AT).isNull()).count();
    long breached = figures.getLong(1);
    replayed.unpersist();
    links.unpersist();
    complaints.unpersist();
    Summary s =
        new Summary(tickets, pending, openCount, breached, problems, asOf, days, policy.name());
    // The result is the caller's to print (once, in the run's summary), not a progress line.
    return s;
  }

  /**
   * Impossible events into rejects (target complaints), each once; returns how many the replay
   * found.
   */
  private static long writeProblems(Warehouse wh, Dataset<Row> replayed, String runId) {
    Dataset<Row> p = replayed.select(functions.explode(col(PROBLEMS)).as("p")).select("p.*");
    long n = p.count();
    if (n == 0) {
      return 0;
    }
    Dataset<Row> files =
        wh.readListedOrEmpty(IngestedFiles.SPEC)
            .groupBy(col(IngestedFiles.SOURCE_FILE).as("f_file"))
            .agg(
                functions
                    .max_by(col(IngestedFiles.SHA256), col(IngestedFiles.INGESTED_AT))
                    .as(Rejects.FILE_SHA256));
    Dataset<Row> rows =
        p.join(files, p.col(Lineage.SOURCE_FILE).equalTo(files.col("f_file")), "left")
            .select(
                col(Lineage.SOURCE_FILE).as(Rejects.SOURCE_FILE),
                coalesce(col(Rejects.FILE_SHA256), lit("")).as(Rejects.FILE_SHA256),
                col(Lineage.SOURCE_LINE).as(Rejects.LINE),
                lit(Complaints.NAME).as(Rejects.TARGET),
                col(RAW).as(Rejects.RAW),
                col(REASON).as(Rejects.REASON),
                lit(runId).as(Rejects.INGEST_RUN));
    Dataset<Row> existing = wh.readListedOrEmpty(Rejects.SPEC);
    Dataset<Row> fresh =
        rows.join(
            existing,
            rows.col(Rejects.SOURCE_FILE)
                .equalTo(existing.col(Rejects.SOURCE_FILE))
                .and(rows.col(Rejects.FILE_SHA256).equalTo(existing.col(Rejects.FILE_SHA256)))
                .and(rows.col(Rejects.LINE).equalTo(existing.col(Rejects.LINE))),
            "left_anti");
    if (!fresh.isEmpty()) {
      wh.insertNew(
          Rejects.SPEC,
          fresh.dropDuplicates(Rejects.SOURCE_FILE, Rejects.FILE_SHA256, Rejects.LINE));
    }
    return n;
  }
}
