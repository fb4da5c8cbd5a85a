package io.callqa.jobs.index;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.callqa.jobs.incremental.Incremental;
import io.callqa.jobs.incremental.InputsRecord;
import io.callqa.jobs.incremental.StageInputs;
import io.callqa.jobs.kpi.KpiFormulas;
import io.callqa.jobs.progress.StageProgress;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.ConversationFacts;
import io.callqa.nlp.index.IndexSchema;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.CallCategories;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.ComplaintCalls;
import io.callqa.warehouse.tables.Complaints;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.TicketEvents;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The {@code index} stage: builds the Lucene transcript index under {@code <warehouse>/index} from
 * {@link Transcripts} (one document per transcribed call, with its call facts, survey and linked
 * complaints), {@link Chats} (one per conversation) and {@link Complaints} no transcribed call is
 * linked to (their ticket notes).
 *
 * <p>The index's commit records the version of every source table. A run whose versions all match
 * does nothing; otherwise every conversation is rebuilt in Spark, but only those whose {@link
 * IndexSchema#fingerprint} changed are written, and conversations no longer in the warehouse are
 * deleted. The index is committed once, at the end, so a failed run leaves the previous index
 * whole.
 *
 * <pre>{@code
 * IndexJob.Summary s = IndexJob.run(warehouse, IndexSettings.of(config), System.err::println);
 * }</pre>
 */
public final class IndexJob {

  /** Tables the index reflects; their versions are recorded with each commit. */
  static final List<TableSpec> SOURCES =
      List.of(
          Calls.SPEC,
          Surveys.SPEC,
          Transcripts.SPEC,
          TranscriptionRuns.SPEC,
          Chats.SPEC,
          Complaints.SPEC,
          ComplaintCalls.SPEC,
          TicketEvents.SPEC,
          CallCategories.SPEC,
          QaScores.SPEC);

  /** Commit key of {@link IndexSchema#VERSION}. */
  static final String SCHEMA_KEY = "index_schema";

  /**
   * Commit key of the folder the conversations' audio (the redacted copies) was named under: a
   * warehouse moved to another folder has every call's audio named again.
   */
  static final String AUDIO_ROOT_KEY = "audio_root";

  // Derived columns.
  private static final String LINES = "lines";
  private static final String MEAN_CONFIDENCE = "mean_confidence";
  private static final String NOTES = "notes";
  private static final String TICKETS = "tickets";
  private static final String TICKETS_ID = "tickets_call_id";
  private static final String HITS = "category_hits";
  private static final String HITS_ID = "hits_call_id";
  private static final String QA = ConversationFacts.QA_SCORES;
  private static final String QA_ID = "qa_call_id";
  private static final String AUDIO = "audio";
  private static final String AUDIO_ID = "audio_call_id";
  private static final String SURVEY_PREFIX = "survey_";
  private static final String FACT_PREFIX = "fact_";

  /**
   * What a run did.
   *
   * @param upToDate nothing changed since the last run: the index was not touched
   */
  public record Summary(
      Path dir,
      boolean upToDate,
      long conversations,
      long added,
      long updated,
      long deleted,
      long unchanged,
      double wallS) {
    @Override
    public String toString() {
      if (upToDate) {
        return String.format(
            Locale.ROOT, "index: up to date, %d conversations in %s", conversations, dir);
      }
      return String.format(
          Locale.ROOT,
          "index: %d conversations in %s (%d added, %d updated, %d deleted, %d unchanged) in %.1f s",
          conversations,
          dir,
          added,
          updated,
          deleted,
          unchanged,
          wallS);
    }
  }

  private IndexJob() {}

  /**
   * Brings the index up to date with the warehouse. Calls name their audio by the redacted copy
   * under the warehouse, so the landing zone plays no part. A warehouse on HDFS or S3 has its index
   * built in a local working copy ({@link IndexSnapshots}) and published as a new snapshot when it
   * changed.
   */
  public static Summary run(Warehouse wh, IndexSettings config, Consumer<String> progress) {
    if (wh.root().isLocal()) {
      return run(wh, config, TranscriptIndex.dirUnder(wh.root().localPath()), progress);
    }
    IndexSnapshots.Working working =
        IndexSnapshots.checkout(wh.root(), config.localCache(), progress);
    Summary s = run(wh, config, working.dir(), progress);
    if (!s.upToDate() || IndexSnapshots.latestId(wh.root()) == null) {
      working.publish();
    }
    return s;
  }

  private static Summary run(
      Warehouse wh, IndexSettings config, Path dir, Consumer<String> progress) {
    long t0 = System.nanoTime();
    StageInputs inputs =
        StageInputs.builder()
            .tables(wh, SOURCES, TableSpec::name)
            .put(AUDIO_ROOT_KEY, audioRoot(wh))
            .put(SCHEMA_KEY, IndexSchema.VERSION)
            .put(IndexSchema.COMMIT_TIME_ZONE, config.kpi().timeZone().getId())
            .build();
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      // The inputs are the index's commit data: recorded in the same Lucene commit as the index.
      InputsRecord record =
          new InputsRecord() {
            @Override
            public StageInputs last() {
              return StageInputs.of(index.committedData());
            }

            @Override
            public void record(StageInputs built) {
              index.commit(built.asMap());
            }
          };
      return Incremental.runIfChanged(
              "index",
              inputs,
              record,
              () -> true,
              "index: no source table changed since the last run; index left as it is",
              progress,
              last -> build(wh, config, index, last.asMap(), progress, t0))
          .orElseGet(
              () ->
                  new Summary(
                      dir, true, index.size(), 0, 0, 0, index.size(), StageProgress.seconds(t0)));
    }
  }

  /** Writes what changed since the commit that recorded {@code committed}. */
  private static Summary build(
      Warehouse wh,
      IndexSettings config,
      TranscriptIndex index,
      Map<String, String> committed,
      Consumer<String> progress,
      long t0) {
    Map<String, String> before =
        IndexSchema.VERSION.equals(committed.get(SCHEMA_KEY)) || committed.isEmpty()
            ? index.fingerprints()
            : Map.of();
    if (!committed.isEmpty() && before.isEmpty()) {
      progress.accept(
          "index: built by another index layout (" + committed.get(SCHEMA_KEY) + "); rebuilding");
      index.deleteAll();
    }
    int shards =
        config.shards() > 0 ? config.shards() : wh.spark().sparkContext().defaultParallelism();
    String audioRoot = audioRoot(wh);
    return shards == 1
        ? singleWriter(wh, config, audioRoot, index, before, progress, t0)
        : ShardedBuild.run(wh, config, audioRoot, index, before, shards, progress, t0);
  }

  /** Reads every conversation to the driver and writes what changed with the one index writer. */
  private static Summary singleWriter(
      Warehouse wh,
      IndexSettings config,
      String audioRoot,
      TranscriptIndex index,
      Map<String, String> before,
      Consumer<String> progress,
      long t0) {
    progress.accept(
        "index: " + before.size() + " conversations indexed; reading the warehouse (one writer)");
    Counter n = new Counter(index, before, progress);
    n.putAll(callRows(wh, config).toLocalIterator(), r -> callConversation(r, audioRoot));
    n.putAll(chatRows(wh).toLocalIterator(), IndexJob::chatConversation);
    n.putAll(complaintRows(wh).toLocalIterator(), IndexJob::complaintConversation);
    long deleted = 0;
    for (String id : before.keySet()) {
      if (!n.seen.contains(id)) {
        index.delete(id);
        deleted++;
      }
    }
    return new Summary(
        index.dir(),
        false,
        n.seen.size(),
        n.added,
        n.updated,
        deleted,
        n.unchanged,
        StageProgress.seconds(t0));
  }

  /** Writes what changed and counts. */
  private static final class Counter {
    final TranscriptIndex index;
    final Map<String, String> before;
    final Consumer<String> progress;
    final Set<String> seen = new HashSet<>();
    long added;
    long updated;
    long unchanged;
    long lastReport = System.nanoTime();

    Counter(TranscriptIndex index, Map<String, String> before, Consumer<String> progress) {
      this.index = index;
      this.before = before;
      this.progress = progress;
    }

    void putAll(Iterator<Row> rows, Function<Row, Conversation> convert) {
      while (rows.hasNext()) {
        Conversation c = convert.apply(rows.next());
        if (!seen.add(c.id())) {
          throw new IllegalStateException(
              "conversation id " + c.id() + " is both a call and a chat or ticket");
        }
        String old = before.get(c.id());
        if (old == null) {
          index.put(c);
          added++;
        } else if (!old.equals(IndexSchema.fingerprint(c))) {
          index.put(c);
          updated++;
        } else {
          unchanged++;
        }
        if (System.nanoTime() - lastReport > 10_000_000_000L) {
          lastReport = System.nanoTime();
          progress.accept(
              "index: "
                  + seen.size()
                  + " conversations read ("
                  + added
                  + " added, "
                  + updated
                  + " updated)");
        }
      }
    }
  }

  /**
   * One row per transcribed call: the call, its utterances in order, its per-call KPI facts (from
   * {@link KpiFormulas#contactFacts}, the definitions the gold tables use), its survey and linked
   * complaints.
   */
  static Dataset<Row> callRows(Warehouse wh, IndexSettings config) {
    Dataset<Row> calls = wh.readListedOrEmpty(Calls.SPEC);
    Dataset<Row> surveys = wh.readListedOrEmpty(Surveys.SPEC);
    Dataset<Row> lines =
        wh.readListedOrEmpty(Transcripts.SPEC)
            .groupBy(col(Transcripts.CALL_ID))
            .agg(
                sort_array(
                        collect_list(
                            struct(
                                col(Transcripts.UTTERANCE_NO),
                                col(Transcripts.SPEAKER),
                                col(Transcripts.START_S),
                                col(Transcripts.END_S),
                                col(Transcripts.TEXT))))
                    .as(LINES),
                avg(col(Transcripts.CONFIDENCE)).as(MEAN_CONFIDENCE));
    Dataset<Row> facts =
        KpiFormulas.contactFacts(calls, surveys, config.kpi())
            .select(
                col(Calls.CALL_ID).as(FACT_PREFIX + Calls.CALL_ID),
                col(KpiFormulas.F_ANSWERED).as(FACT_PREFIX + KpiFormulas.F_ANSWERED),
                col(KpiFormulas.F_WITHIN_SL).as(FACT_PREFIX + KpiFormulas.F_WITHIN_SL),
                col(KpiFormulas.F_ABANDONED).as(FACT_PREFIX + KpiFormulas.F_ABANDONED),
                col(KpiFormulas.F_WAIT_S).as(FACT_PREFIX + KpiFormulas.F_WAIT_S),
                col(KpiFormulas.F_HANDLE_S).as(FACT_PREFIX + KpiFormulas.F_HANDLE_S),
                col(KpiFormulas.F_TRANSFERRED).as(FACT_PREFIX + KpiFormulas.F_TRANSFERRED),
                col(KpiFormulas.F_FCR_ELIGIBLE).as(FACT_PREFIX + KpiFormulas.F_FCR_ELIGIBLE),
                col(KpiFormulas.F_FCR_RESOLVED).as(FACT_PREFIX + KpiFormulas.F_FCR_RESOLVED));
    Dataset<Row> survey =
        surveys.select(
            col(Surveys.CALL_ID).as(SURVEY_PREFIX + Surveys.CALL_ID),
            col(Surveys.CSAT).as(SURVEY_PREFIX + Surveys.CSAT),
            col(Surveys.NPS).as(SURVEY_PREFIX + Surveys.NPS),
            col(Surveys.RESOLVED).as(SURVEY_PREFIX + Surveys.RESOLVED),
            col(Surveys.COMPLETED_AT).as(SURVEY_PREFIX + Surveys.COMPLETED_AT));
    Dataset<Row> tickets =
        wh.readListedOrEmpty(ComplaintCalls.SPEC)
            .select(
                col(Complaints.TICKET_ID),
                col(Calls.CALL_ID).as(FACT_PREFIX + Calls.CALL_ID),
                col(ComplaintCalls.LINK))
            .join(ticketRows(wh), Complaints.TICKET_ID)
            .groupBy(col(FACT_PREFIX + Calls.CALL_ID))
            .agg(
                sort_array(
                        collect_list(
                            struct(
                                col(Complaints.OPENED_AT),
                                col(Complaints.TICKET_ID),
                                col(ComplaintCalls.LINK),
                                col(Complaints.STATUS),
                                col(Complaints.CATEGORY),
                                col(Complaints.SEVERITY),
                                col(Complaints.DEADLINE_AT),
                                col(Complaints.BREACHED),
                                col(NOTES))))
                    .as(TICKETS))
            .withColumnRenamed(FACT_PREFIX + Calls.CALL_ID, TICKETS_ID);
    return lines
        .join(calls, Calls.CALL_ID)
        .join(categoryHits(wh), col(Calls.CALL_ID).equalTo(col(HITS_ID)), "left")
        .join(qaScores(wh), col(Calls.CALL_ID).equalTo(col(QA_ID)), "left")
        .join(facts, col(Calls.CALL_ID).equalTo(col(FACT_PREFIX + Calls.CALL_ID)), "left")
        .join(survey, col(Calls.CALL_ID).equalTo(col(SURVEY_PREFIX + Surveys.CALL_ID)), "left")
        .join(tickets, col(Calls.CALL_ID).equalTo(col(TICKETS_ID)), "left")
        .join(audio(wh), col(Calls.CALL_ID).equalTo(col(AUDIO_ID)), "left");
  }

  /** Complaints with their ticket notes (texts of their events, in order). */
  static Dataset<Row> ticketRows(Warehouse wh) {
    Dataset<Row> notes =
        wh.readListedOrEmpty(TicketEvents.SPEC)
            .filter(col(TicketEvents.TEXT).isNotNull())
            .groupBy(col(TicketEvents.TICKET_ID))
            .agg(
                sort_array(collect_list(struct(col(TicketEvents.EVENT_AT), col(TicketEvents.TEXT))))
                    .as(NOTES));
    return wh.readListedOrEmpty(Complaints.SPEC)
        .select(
            col(Complaints.TICKET_ID),
            col(Complaints.CHANNEL),
            col(Complaints.CATEGORY),
            col(Complaints.SEVERITY),
            col(Complaints.SITE),
            col(Complaints.OPENED_AT),
            col(Complaints.OPENED_DAY),
            col(Complaints.DEADLINE_AT),
            col(Complaints.STATUS),
            col(Complaints.BREACHED))
        .join(notes, List.of(Complaints.TICKET_ID).toArray(String[]::new), "left");
  }

  /** One row per chat conversation. */
  static Dataset<Row> chatRows(Warehouse wh) {
    return wh.readListedOrEmpty(Chats.SPEC)
        .join(categoryHits(wh), col(Chats.CONTACT_ID).equalTo(col(HITS_ID)), "left");
  }

  /** Category hits of the analyse stage per conversation, in line order. */
  static Dataset<Row> categoryHits(Warehouse wh) {
    return wh.readListedOrEmpty(CallCategories.SPEC)
        .groupBy(col(CallCategories.CALL_ID).as(HITS_ID))
        .agg(
            sort_array(
                    collect_list(
                        struct(
                            col(CallCategories.LINE_NO),
                            col(CallCategories.CATEGORY),
                            col(CallCategories.START_S))))
                .as(HITS));
  }

  /**
   * What conversations name their audio under: the warehouse (its redacted copies, never an
   * original), as an absolute path or the URI.
   */
  static String audioRoot(Warehouse wh) {
    return wh.root().isLocal()
        ? wh.root().localPath().toAbsolutePath().normalize().toString()
        : wh.root().toString();
  }

  /** The latest transcription attempt per call: its status, reason and redacted copy. */
  static Dataset<Row> audio(Warehouse wh) {
    return wh.readListedOrEmpty(TranscriptionRuns.SPEC)
        .groupBy(col(TranscriptionRuns.CALL_ID).as(AUDIO_ID))
        .agg(
            functions
                .max_by(
                    struct(
                        col(TranscriptionRuns.STATUS),
                        col(TranscriptionRuns.REASON),
                        col(TranscriptionRuns.REDACTED_RECORDING),
                        functions
                            .coalesce(functions.size(col(TranscriptionRuns.REDACTED_SPANS)), lit(0))
                            .as(TranscriptionRuns.REDACTED_SPANS)),
                    col(TranscriptionRuns.TRANSCRIBED_AT))
                .as(AUDIO));
  }

  /**
   * The redacted copy to play, under {@code audioRoot}, or null; and when null, why (for the review
   * page). An original recording is never named.
   */
  static String[] audioOf(Row r, String audioRoot) {
    int i = r.fieldIndex(AUDIO);
    if (r.getAs(Calls.RECORDING) == null) {
      return new String[] {null, null};
    }
    if (r.isNullAt(i)) {
      return new String[] {null, "the recording has not been through the transcribe stage"};
    }
    Row a = r.getStruct(i);
    String copy = a.getAs(TranscriptionRuns.REDACTED_RECORDING);
    if (copy != null && audioRoot != null) {
      return new String[] {Location.parse("warehouse", audioRoot).resolve(copy).toString(), null};
    }
    String status = a.getAs(TranscriptionRuns.STATUS);
    String reason = a.getAs(TranscriptionRuns.REASON);
    String why =
        switch (status) {
          case "TRANSCRIBED" -> "no redacted copy of the recording was written";
          case "NO_SPEECH" -> "no speech was recognised, so the recording could not be redacted";
          case "SKIPPED" ->
              "no speech model for its language, so the recording could not be redacted";
          default -> "the recording could not be transcribed, so it could not be redacted";
        };
    return new String[] {
      null,
      why + (reason == null ? "" : " (" + reason + ")") + "; only redacted recordings are played"
    };
  }

  /** Automatic QA scores per call, with the reason for each point. */
  static Dataset<Row> qaScores(Warehouse wh) {
    return wh.readListedOrEmpty(QaScores.SPEC)
        .groupBy(col(QaScores.CALL_ID).as(QA_ID))
        .agg(
            sort_array(
                    collect_list(
                        struct(
                            col(QaScores.SCORECARD),
                            col(QaScores.SCORE),
                            col(QaScores.PASSED),
                            col(QaScores.AUTO_FAILED),
                            col(QaScores.POINTS))))
                .as(QA));
  }

  private static List<Map<String, Object>> qa(Row r) {
    List<Map<String, Object>> out = new ArrayList<>();
    int i = r.fieldIndex(QA);
    if (!r.isNullAt(i)) {
      for (Row q : r.<Row>getList(i)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(QaScores.SCORECARD, q.getAs(QaScores.SCORECARD));
        m.put(ConversationFacts.QA_SCORE, q.getAs(QaScores.SCORE));
        m.put(QaScores.PASSED, q.getAs(QaScores.PASSED));
        m.put(QaScores.AUTO_FAILED, q.getAs(QaScores.AUTO_FAILED));
        List<Map<String, Object>> points = new ArrayList<>();
        for (Row p : q.<Row>getList(q.fieldIndex(QaScores.POINTS))) {
          Map<String, Object> pm = new LinkedHashMap<>();
          pm.put(QaScores.ID, p.getAs(QaScores.ID));
          pm.put(QaScores.LABEL, p.getAs(QaScores.LABEL));
          pm.put(QaScores.MET, p.getAs(QaScores.MET));
          pm.put(QaScores.EARNED, p.getAs(QaScores.EARNED));
          pm.put(QaScores.MAX_POINTS, p.getAs(QaScores.MAX_POINTS));
          pm.put(QaScores.AUTO_FAIL, p.getAs(QaScores.AUTO_FAIL));
          pm.put(ConversationFacts.POINT_REASON, p.getAs(QaScores.REASON));
          points.add(pm);
        }
        m.put(ConversationFacts.QA_POINTS, points);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Conversation.CategoryHit> hits(Row r) {
    List<Conversation.CategoryHit> out = new ArrayList<>();
    int i = r.fieldIndex(HITS);
    if (!r.isNullAt(i)) {
      for (Row h : r.<Row>getList(i)) {
        out.add(
            new Conversation.CategoryHit(
                h.getAs(CallCategories.CATEGORY),
                h.getInt(h.fieldIndex(CallCategories.LINE_NO)),
                h.getAs(CallCategories.START_S)));
      }
    }
    return out;
  }

  /** Complaints with no link to a transcribed call: searchable by their notes on their own. */
  static Dataset<Row> complaintRows(Warehouse wh) {
    Dataset<Row> transcribed =
        wh.readListedOrEmpty(Transcripts.SPEC).select(col(Transcripts.CALL_ID)).distinct();
    Dataset<Row> linked =
        wh.readListedOrEmpty(ComplaintCalls.SPEC)
            .join(transcribed, Calls.CALL_ID)
            .select(col(Complaints.TICKET_ID))
            .distinct();
    return ticketRows(wh)
        .join(linked, List.of(Complaints.TICKET_ID).toArray(String[]::new), "left_anti");
  }

  /**
   * A call row of {@link #callRows} as a conversation, its audio the redacted copy under {@code
   * audioRoot} (the warehouse; null: no audio).
   */
  static Conversation callConversation(Row r, String audioRoot) {
    List<Line> lines = new ArrayList<>();
    for (Row u : r.<Row>getList(r.fieldIndex(LINES))) {
      lines.add(
          new Line(
              u.getInt(u.fieldIndex(Transcripts.UTTERANCE_NO)),
              Speaker.parse(u.getAs(Transcripts.SPEAKER)),
              u.getAs(Transcripts.START_S),
              u.getAs(Transcripts.END_S),
              u.getAs(Transcripts.TEXT)));
    }
    List<Map<String, Object>> complaints = new ArrayList<>();
    if (!r.isNullAt(r.fieldIndex(TICKETS))) {
      for (Row t : r.<Row>getList(r.fieldIndex(TICKETS))) {
        complaints.add(ticketFacts(t));
        for (String note : notes(t)) {
          lines.add(new Line(lines.size(), Speaker.TICKET, null, null, note));
        }
      }
    }
    boolean answered = intOr0(r, FACT_PREFIX + KpiFormulas.F_ANSWERED) == 1;
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put(ConversationFacts.DIRECTION, r.getAs(Calls.DIRECTION));
    facts.put(ConversationFacts.HOTLINE, r.getAs(Calls.HOTLINE));
    facts.put(ConversationFacts.IVR_OUTCOME, r.getAs(Calls.IVR_OUTCOME));
    facts.put(ConversationFacts.QUEUE_START, instant(r.getAs(Calls.QUEUE_START)));
    facts.put(ConversationFacts.ANSWERED_AT, instant(r.getAs(Calls.ANSWERED_AT)));
    facts.put(ConversationFacts.ENDED_AT, instant(r.getAs(Calls.ENDED_AT)));
    facts.put(
        ConversationFacts.WAIT_S, answered ? r.getAs(FACT_PREFIX + KpiFormulas.F_WAIT_S) : null);
    facts.put(
        ConversationFacts.ANSWERED_WITHIN_SL,
        answered ? intOr0(r, FACT_PREFIX + KpiFormulas.F_WITHIN_SL) == 1 : null);
    facts.put(ConversationFacts.ABANDONED, intOr0(r, FACT_PREFIX + KpiFormulas.F_ABANDONED) == 1);
    facts.put(ConversationFacts.TALK_S, r.getAs(Calls.TALK_S));
    facts.put(ConversationFacts.HOLD_S, r.getAs(Calls.HOLD_S));
    facts.put(ConversationFacts.ACW_S, r.getAs(Calls.ACW_S));
    facts.put(
        ConversationFacts.HANDLE_S,
        answered ? r.getAs(FACT_PREFIX + KpiFormulas.F_HANDLE_S) : null);
    facts.put(ConversationFacts.TRANSFERRED_OUT, r.getAs(Calls.TRANSFERRED_OUT));
    facts.put(ConversationFacts.DISPOSITION, r.getAs(Calls.DISPOSITION));
    facts.put(
        ConversationFacts.FCR,
        intOr0(r, FACT_PREFIX + KpiFormulas.F_FCR_ELIGIBLE) == 0
            ? "not eligible"
            : intOr0(r, FACT_PREFIX + KpiFormulas.F_FCR_RESOLVED) == 1
                ? "resolved"
                : "repeat contact");
    facts.put(ConversationFacts.SURVEY_CSAT, r.getAs(SURVEY_PREFIX + Surveys.CSAT));
    facts.put(ConversationFacts.SURVEY_NPS, r.getAs(SURVEY_PREFIX + Surveys.NPS));
    facts.put(ConversationFacts.SURVEY_RESOLVED, r.getAs(SURVEY_PREFIX + Surveys.RESOLVED));
    facts.put(ConversationFacts.COMPLAINTS, complaints);
    facts.put(QA, qa(r));
    String[] audio = audioOf(r, audioRoot);
    String recording = audio[0];
    if (audio[1] != null) {
      facts.put(ConversationFacts.AUDIO_NOTE, audio[1]);
    }
    if (recording != null) {
      int spans = r.getStruct(r.fieldIndex(AUDIO)).getAs(TranscriptionRuns.REDACTED_SPANS);
      facts.put(ConversationFacts.AUDIO_SILENCED_SPANS, spans);
    }
    return new Conversation(
        r.getAs(Calls.CALL_ID),
        Kind.CALL,
        day(r.getAs(Calls.DAY)),
        instantOf(r.getAs(Calls.CONTACT_START)),
        r.getAs(Calls.LANGUAGE),
        r.getAs(Calls.SITE),
        r.getAs(Calls.QUEUE),
        r.getAs(Calls.SEGMENT),
        r.getAs(Calls.AGENT_ID),
        "VOICE",
        r.getAs(SURVEY_PREFIX + Surveys.CSAT),
        answered ? r.getAs(FACT_PREFIX + KpiFormulas.F_HANDLE_S) : null,
        !complaints.isEmpty(),
        r.getAs(MEAN_CONFIDENCE),
        recording,
        lines,
        hits(r),
        facts);
  }

  static Conversation chatConversation(Row r) {
    List<Line> lines = new ArrayList<>();
    for (Row m : r.<Row>getList(r.fieldIndex(Chats.MESSAGES))) {
      lines.add(
          new Line(
              lines.size(), Speaker.parse(m.getAs(Chats.FROM)), null, null, m.getAs(Chats.TEXT)));
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put(ConversationFacts.CUSTOMER_ID_KNOWN, !r.isNullAt(r.fieldIndex(Chats.CUSTOMER_ID)));
    facts.put(ConversationFacts.MESSAGES, lines.size());
    return new Conversation(
        r.getAs(Chats.CONTACT_ID),
        Kind.CHAT,
        day(r.getAs(Chats.DAY)),
        instantOf(r.getAs(Chats.STARTED_AT)),
        r.getAs(Chats.LANGUAGE),
        null,
        null,
        null,
        null,
        r.getAs(Chats.CHANNEL),
        null,
        null,
        false,
        null,
        null,
        lines,
        hits(r),
        facts);
  }

  static Conversation complaintConversation(Row r) {
    List<Line> lines = new ArrayList<>();
    for (String note : notes(r)) {
      lines.add(new Line(lines.size(), Speaker.TICKET, null, null, note));
    }
    Map<String, Object> ticket = ticketFacts(r);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put(ConversationFacts.COMPLAINTS, List.of(ticket));
    String language = lines.stream().anyMatch(l -> hasHan(l.text())) ? "zh" : "en";
    return new Conversation(
        r.getAs(Complaints.TICKET_ID),
        Kind.COMPLAINT,
        day(r.getAs(Complaints.OPENED_DAY)),
        instantOf(r.getAs(Complaints.OPENED_AT)),
        language,
        r.getAs(Complaints.SITE),
        null,
        null,
        null,
        r.getAs(Complaints.CHANNEL),
        null,
        null,
        true,
        null,
        null,
        lines,
        List.of(),
        facts);
  }

  private static Map<String, Object> ticketFacts(Row t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Complaints.TICKET_ID, t.getAs(Complaints.TICKET_ID));
    if (hasField(t, ComplaintCalls.LINK)) {
      m.put(ComplaintCalls.LINK, t.getAs(ComplaintCalls.LINK));
    }
    m.put(Complaints.STATUS, t.getAs(Complaints.STATUS));
    m.put(Complaints.CATEGORY, t.getAs(Complaints.CATEGORY));
    m.put(Complaints.SEVERITY, t.getAs(Complaints.SEVERITY));
    m.put(ConversationFacts.TICKET_OPENED_AT, instant(t.getAs(Complaints.OPENED_AT)));
    m.put(ConversationFacts.TICKET_DEADLINE_AT, instant(t.getAs(Complaints.DEADLINE_AT)));
    m.put(Complaints.BREACHED, t.getAs(Complaints.BREACHED));
    return m;
  }

  private static List<String> notes(Row t) {
    List<String> out = new ArrayList<>();
    int i = t.fieldIndex(NOTES);
    if (!t.isNullAt(i)) {
      for (Row n : t.<Row>getList(i)) {
        out.add(n.getAs(TicketEvents.TEXT));
      }
    }
    return out;
  }

  private static boolean hasField(Row r, String name) {
    return List.of(r.schema().fieldNames()).contains(name);
  }

  private static boolean hasHan(String s) {
    return s.codePoints()
        .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }

  private static int intOr0(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).intValue();
  }

  private static String instant(Object ts) {
    return ts == null ? null : instantOf(ts).toString();
  }

  /** A timestamp column's value, whichever of the two Java types Spark is set to return. */
  private static Instant instantOf(Object ts) {
    return ts instanceof Timestamp t ? t.toInstant() : (Instant) ts;
  }

  private static LocalDate day(Object d) {
    return d instanceof Date date ? date.toLocalDate() : (LocalDate) d;
  }
}
