package io.callqa.jobs.analyse;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callqa.dashboards.metrics.MetricCatalogue;
import io.callqa.jobs.incremental.Incremental;
import io.callqa.jobs.incremental.InputsRecord;
import io.callqa.jobs.incremental.StageInputs;
import io.callqa.jobs.kpi.KpiFormulas;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.jobs.progress.StageProgress;
import io.callqa.nlp.Checksums;
import io.callqa.nlp.analytics.CategoryRules;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.analytics.Scorecard;
import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.CallAnalytics;
import io.callqa.warehouse.tables.CallCategories;
import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.QaAgentDaily;
import io.callqa.warehouse.tables.QaManualScores;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.Transcripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code analyse} stage: turns transcripts and chats into {@link CallAnalytics} (metrics),
 * {@link CallCategories} (category hits with their times) and, for transcribed calls, {@link
 * QaScores} (one row per scorecard, with the reason for each point); rolls scores up per agent,
 * queue, site and day into {@link QaAgentDaily} beside AHT, FCR and CSAT; and appends the review
 * page's manual scores (journal files under {@code WAREHOUSE/manual-scores/}) to {@link
 * QaManualScores}, which no run ever rewrites.
 *
 * <p>Re-runnable: the state it last computed from (source table versions, rules and scorecard
 * checksums, the gap setting, the journal files) is kept in {@code
 * WAREHOUSE/_state/analyse.properties} by the pipeline's one skip-or-run rule ({@link
 * Incremental}); when nothing changed, nothing is written. Otherwise the three tables are rebuilt
 * whole (analysis is cheap next to transcription: see {@code callqa bench analyse}).
 */
public final class AnalyseJob {

  static final String LINES = "lines";
  private static final String STATE = "_state/analyse.properties";
  private static final String NO_QUEUE = "NONE";

  /** What a run did. */
  public record Summary(
      boolean upToDate,
      long calls,
      long chats,
      long hits,
      long scored,
      long manualAdded,
      long manualRejected,
      double wallS) {
    @Override
    public String toString() {
      if (upToDate) {
        return "analyse: up to date";
      }
      return String.format(
          Locale.ROOT,
          "analyse: %d calls and %d chats analysed, %d category hits, %d scores; %d manual scores added, %d rejected; %.1f s",
          calls,
          chats,
          hits,
          scored,
          manualAdded,
          manualRejected,
          wallS);
    }
  }

  private AnalyseJob() {}

  public static Summary run(Warehouse wh, AnalyseSettings c, Consumer<String> progress) {
    long t0 = System.nanoTime();
    CategoryRules rules = CategoryRules.load(c.categories());
    List<Scorecard> cards = Scorecard.load(c.scorecards(), rules);
    long[] manual = ingestJournal(wh, cards, progress);

    StageInputs.Builder all =
        StageInputs.builder()
            .tables(
                wh,
                List.of(
                    Transcripts.SPEC, Chats.SPEC, Calls.SPEC, Surveys.SPEC, QaManualScores.SPEC),
                t -> "version." + t.name())
            .put("rules", rules.version() + "@" + rules.checksum());
    for (Scorecard s : cards) {
      all.put("scorecard." + s.name(), s.version() + "@" + s.checksum());
    }
    all.put("gap-s", Double.toString(c.gapS()));
    all.put("fcr-window-days", Integer.toString(c.kpi().fcrWindowDays()));
    all.put("csat-top-box-min", Integer.toString(c.kpi().csatTopBoxMin()));
    return Incremental.runIfChanged(
            "analyse",
            all.build(),
            InputsRecord.stateFile(
                wh.root().resolve(STATE), "what the analyse stage last computed from"),
            () ->
                Stream.of(
                        CallAnalytics.SPEC,
                        CallCategories.SPEC,
                        QaScores.SPEC,
                        QaAgentDaily.SPEC,
                        QaManualScores.SPEC)
                    .allMatch(wh::exists),
            "analyse: no transcript, chat, call, rule or scorecard changed; tables left as they"
                + " are",
            progress,
            last -> analyse(wh, c, rules, cards, manual, progress, t0))
        .orElseGet(
            () -> new Summary(true, 0, 0, 0, 0, manual[0], manual[1], StageProgress.seconds(t0)));
  }

  /** Computes and writes the four tables. */
  private static Summary analyse(
      Warehouse wh,
      AnalyseSettings c,
      CategoryRules rules,
      List<Scorecard> cards,
      long[] manual,
      Consumer<String> progress,
      long t0) {
    progress.accept(
        "analyse: rules "
            + rules.version()
            + " ("
            + rules.names().size()
            + " categories), scorecards "
            + cards.stream().map(s -> s.name() + " " + s.version()).toList());

    Dataset<Row> results =
        conversations(wh)
            .mapPartitions(
                new AnalyseTask(rules, cards, c.gapS()), Encoders.row(AnalyseTask.RESULT_SCHEMA))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try (StageProgress p = StageProgress.start("analyse", 3, progress)) {
      p.step(
          CallAnalytics.NAME
              + " (silence, talk-over, sentiment, categories and scores per conversation)");
      wh.overwrite(CallAnalytics.SPEC, results);
      p.step(CallCategories.NAME + " and " + QaScores.NAME + " at once");
      Dataset<Row> hits =
          results
              .select(
                  col(CallAnalytics.CALL_ID),
                  col(CallAnalytics.DAY),
                  col(CallAnalytics.RULES_VERSION),
                  explode(col(AnalyseTask.HITS)).as("h"))
              .select(
                  col(CallAnalytics.CALL_ID),
                  col(CallAnalytics.DAY),
                  col(CallAnalytics.RULES_VERSION),
                  col("h.*"))
              .dropDuplicates(
                  CallCategories.CALL_ID, CallCategories.CATEGORY, CallCategories.LINE_NO);
      Dataset<Row> scores =
          results
              .select(
                  col(CallAnalytics.CALL_ID),
                  col(CallAnalytics.DAY),
                  col(CallAnalytics.SITE),
                  col(CallAnalytics.QUEUE),
                  col(CallAnalytics.AGENT_ID),
                  explode(col(AnalyseTask.SCORES)).as("s"))
              .select(
                  col(CallAnalytics.CALL_ID),
                  col(CallAnalytics.DAY),
                  col(CallAnalytics.SITE),
                  col(CallAnalytics.QUEUE),
                  col(CallAnalytics.AGENT_ID),
                  col("s.*"));
      // Both from the cached results, at once: each write is mostly the driver's (planning, Delta's
      // state of the table, the commit), so one's tasks run while the other plans.
      List<Long> written =
          Warehouse.together(
              List.<Supplier<Long>>of(
                  () -> wh.overwrite(CallCategories.SPEC, hits),
                  () -> wh.overwrite(QaScores.SPEC, scores)));
      long nHits = written.get(0);
      long nScores = written.get(1);
      p.step(QaAgentDaily.NAME);
      wh.overwrite(QaAgentDaily.SPEC, agentDaily(wh, c.kpi()));
      Row counts =
          wh.readListed(CallAnalytics.SPEC)
              .agg(
                  sum(when(col(CallAnalytics.KIND).equalTo(Kind.CALL.name()), 1).otherwise(0)),
                  sum(when(col(CallAnalytics.KIND).equalTo(Kind.CHAT.name()), 1).otherwise(0)))
              .first();
      return new Summary(
          false,
          counts.isNullAt(0) ? 0 : counts.getLong(0),
          counts.isNullAt(1) ? 0 : counts.getLong(1),
          nHits,
          nScores,
          manual[0],
          manual[1],
          StageProgress.seconds(t0));
    } finally {
      results.unpersist();
    }
  }

  /**
   * One row per transcribed call and per chat: call_id, kind, day, site, queue, agent_id, language
   * and the lines (utterance_no, speaker, start_s, end_s, text) in order.
   */
  static Dataset<Row> conversations(Warehouse wh) {
    Dataset<Row> calls =
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
                    .as(LINES))
            .join(
                wh.readListedOrEmpty(Calls.SPEC)
                    .select(
                        col(Calls.CALL_ID),
                        col(Calls.DAY),
                        col(Calls.SITE),
                        col(Calls.QUEUE),
                        col(Calls.AGENT_ID),
                        col(Calls.LANGUAGE)),
                Calls.CALL_ID)
            .select(
                col(Calls.CALL_ID).as(CallAnalytics.CALL_ID),
                lit(Kind.CALL.name()).as(CallAnalytics.KIND),
                col(Calls.DAY).as(CallAnalytics.DAY),
                col(Calls.SITE).as(CallAnalytics.SITE),
                col(Calls.QUEUE).as(CallAnalytics.QUEUE),
                col(Calls.AGENT_ID).as(CallAnalytics.AGENT_ID),
                col(Calls.LANGUAGE).as(CallAnalytics.LANGUAGE),
                col(LINES));
    String lineStruct =
        String.format(
            Locale.ROOT,
            "transform(%s, (m, i) -> named_struct('%s', i, '%s', m.%s, '%s', CAST(NULL AS DOUBLE), '%s', CAST(NULL AS DOUBLE), '%s', m.%s))",
            Chats.MESSAGES,
            Transcripts.UTTERANCE_NO,
            Transcripts.SPEAKER,
            Chats.FROM,
            Transcripts.START_S,
            Transcripts.END_S,
            Transcripts.TEXT,
            Chats.TEXT);
    Dataset<Row> chats =
        wh.readListedOrEmpty(Chats.SPEC)
            .select(
                col(Chats.CONTACT_ID).as(CallAnalytics.CALL_ID),
                lit(Kind.CHAT.name()).as(CallAnalytics.KIND),
                col(Chats.DAY).as(CallAnalytics.DAY),
                lit(null).cast("string").as(CallAnalytics.SITE),
                lit(null).cast("string").as(CallAnalytics.QUEUE),
                lit(null).cast("string").as(CallAnalytics.AGENT_ID),
                col(Chats.LANGUAGE).as(CallAnalytics.LANGUAGE),
                expr(lineStruct).as(LINES));
    return calls.unionByName(chats);
  }

  /** Rebuilds {@link QaAgentDaily} alone, e.g. after a manual score. */
  public static void refreshAgentDaily(Warehouse wh, KpiSettings kpi) {
    wh.overwrite(QaAgentDaily.SPEC, agentDaily(wh, kpi));
  }

  /**
   * Scores per agent, queue, site, day and scorecard beside the agent's handled calls, AHT, FCR and
   * CSAT from {@link KpiFormulas#contactFacts} (every answered inbound call, scored or not).
   */
  static Dataset<Row> agentDaily(Warehouse wh, KpiSettings kpi) {
    Column queue = coalesce(col(QaScores.QUEUE), lit(NO_QUEUE));
    Dataset<Row> scored =
        wh.readListed(QaScores.SPEC)
            .filter(col(QaScores.AGENT_ID).isNotNull())
            .withColumn(QaScores.QUEUE, queue)
            .groupBy(
                col(QaScores.DAY),
                col(QaScores.SITE),
                col(QaScores.QUEUE),
                col(QaScores.AGENT_ID),
                col(QaScores.SCORECARD))
            .agg(
                count(lit(1)).as(QaAgentDaily.CALLS_SCORED),
                sum(col(QaScores.SCORE)).as(QaAgentDaily.SCORE_SUM),
                sum(when(col(QaScores.PASSED), 1L).otherwise(0L)).as(QaAgentDaily.PASSED),
                sum(when(col(QaScores.AUTO_FAILED), 1L).otherwise(0L)).as(QaAgentDaily.AUTO_FAILS));
    Dataset<Row> manual =
        wh.readListed(QaManualScores.SPEC)
            .join(
                wh.readListed(QaScores.SPEC)
                    .select(
                        col(QaScores.CALL_ID),
                        col(QaScores.SCORECARD),
                        col(QaScores.DAY),
                        col(QaScores.SITE),
                        queue.as(QaScores.QUEUE),
                        col(QaScores.AGENT_ID)),
                List.of(QaScores.CALL_ID, QaScores.SCORECARD).toArray(String[]::new))
            .groupBy(
                col(QaScores.DAY),
                col(QaScores.SITE),
                col(QaScores.QUEUE),
                col(QaScores.AGENT_ID),
                col(QaScores.SCORECARD))
            .agg(
                count(lit(1)).as(QaAgentDaily.MANUAL_REVIEWS),
                avg(col(QaManualScores.SCORE)).as(QaAgentDaily.AVG_MANUAL_SCORE));
    Dataset<Row> kpis =
        KpiFormulas.contactFacts(wh.readListed(Calls.SPEC), wh.readListedOrEmpty(Surveys.SPEC), kpi)
            .filter(col(KpiFormulas.F_ANSWERED).equalTo(1).and(col(Calls.AGENT_ID).isNotNull()))
            .withColumn(Calls.QUEUE, coalesce(col(Calls.QUEUE), lit(NO_QUEUE)))
            .groupBy(col(Calls.DAY), col(Calls.SITE), col(Calls.QUEUE), col(Calls.AGENT_ID))
            .agg(
                count(lit(1)).as(QaAgentDaily.CALLS_HANDLED),
                sum(col(KpiFormulas.F_HANDLE_S)).as(QaAgentDaily.HANDLE_S_SUM),
                sum(col(KpiFormulas.F_FCR_ELIGIBLE)).cast("long").as(QaAgentDaily.FCR_ELIGIBLE),
                sum(col(KpiFormulas.F_FCR_RESOLVED)).cast("long").as(QaAgentDaily.FCR_RESOLVED),
                sum(col(KpiFormulas.F_CSAT_RESPONSE)).cast("long").as(QaAgentDaily.CSAT_RESPONSES),
                sum(col(KpiFormulas.F_CSAT_TOP)).cast("long").as(QaAgentDaily.CSAT_TOP_BOX));
    String[] dims = {
      QaAgentDaily.DAY, QaAgentDaily.SITE, QaAgentDaily.QUEUE, QaAgentDaily.AGENT_ID
    };
    String[] dimsCard = {
      QaAgentDaily.DAY,
      QaAgentDaily.SITE,
      QaAgentDaily.QUEUE,
      QaAgentDaily.AGENT_ID,
      QaAgentDaily.SCORECARD
    };
    return scored
        .join(manual, dimsCard, "left")
        .join(kpis, dims, "left")
        .na()
        .fill(
            0L,
            new String[] {
              QaAgentDaily.MANUAL_REVIEWS,
              QaAgentDaily.CALLS_HANDLED,
              QaAgentDaily.FCR_ELIGIBLE,
              QaAgentDaily.FCR_RESOLVED,
              QaAgentDaily.CSAT_RESPONSES,
              QaAgentDaily.CSAT_TOP_BOX
            })
        .na()
        .fill(0.0, new String[] {QaAgentDaily.HANDLE_S_SUM})
        .withColumn(QaAgentDaily.AVG_SCORE, KpiFormulas.ratio(MetricCatalogue.AVG_SCORE))
        .withColumn(QaAgentDaily.PASS_RATE, KpiFormulas.ratio(MetricCatalogue.PASS_RATE))
        .withColumn(QaAgentDaily.AHT_S, KpiFormulas.ratio(MetricCatalogue.AGENT_AHT_S))
        .withColumn(QaAgentDaily.FCR, KpiFormulas.ratio(MetricCatalogue.FCR))
        .withColumn(QaAgentDaily.CSAT, KpiFormulas.ratio(MetricCatalogue.CSAT));
  }

  /**
   * Appends manual scores from the review page's journal files ({@code
   * WAREHOUSE/manual-scores/*.jsonl}, one JSON object a line: call_id, scorecard, reviewer,
   * reviewed_at, score, comment); a line that cannot be read, names an unknown scorecard or scores
   * outside 0-100 goes to {@link Rejects}. Idempotent: rows are keyed by (call_id, scorecard,
   * reviewer, reviewed_at). Returns {added, rejected}.
   */
  private static Path copyToTemp(Location remote) {
    try {
      Path tmp = Files.createTempFile("callqa-journal-", ".jsonl");
      remote.copyToLocal(tmp);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + remote + " to a local file", e);
    }
  }

  static long[] ingestJournal(Warehouse wh, List<Scorecard> cards, Consumer<String> progress) {
    wh.ensure(QaManualScores.SPEC);
    Location dir = wh.root().resolve(ManualScoreJournal.DIR);
    List<Location> files = dir.list().stream().filter(f -> f.name().endsWith(".jsonl")).toList();
    if (files.isEmpty()) {
      return new long[] {0, 0};
    }
    List<Row> good = new ArrayList<>();
    List<Row> bad = new ArrayList<>();
    for (Location remote : files) {
      String rel = ManualScoreJournal.DIR + "/" + remote.name();
      // A journal on HDFS or S3 is read from a local copy.
      Path f = remote.isLocal() ? remote.localPath() : copyToTemp(remote);
      String fileSha;
      ManualScoreJournal.Contents contents;
      try {
        fileSha = Checksums.sha256Hex(f);
        contents = ManualScoreJournal.read(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manual score journal " + remote, e);
      } finally {
        if (!remote.isLocal()) {
          LocalFolders.deleteTree(f);
        }
      }
      contents.bad().forEach(b -> bad.add(reject(rel, fileSha, b.line(), b.raw(), b.reason())));
      for (ManualScoreJournal.Good g : contents.entries()) {
        String name = g.entry().scorecard();
        Scorecard sc = cards.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (sc == null) {
          bad.add(reject(rel, fileSha, g.line(), g.raw(), "unknown scorecard '" + name + "'"));
        } else {
          good.add(manualRow(g.entry(), sc, "review-page:" + rel));
        }
      }
    }
    long before = wh.readListed(QaManualScores.SPEC).count();
    if (!good.isEmpty()) {
      wh.insertNew(QaManualScores.SPEC, wh.spark().createDataFrame(good, QaManualScores.SCHEMA));
    }
    long added = wh.readListed(QaManualScores.SPEC).count() - before;
    if (!bad.isEmpty()) {
      wh.insertNew(Rejects.SPEC, wh.spark().createDataFrame(bad, Rejects.SCHEMA));
      progress.accept(
          "analyse: "
              + bad.size()
              + " manual score lines rejected; see table rejects (target "
              + QaManualScores.NAME
              + ")");
    }
    if (added > 0) {
      progress.accept("analyse: " + added + " manual scores added from " + dir);
    }
    return new long[] {added, bad.size()};
  }

  /** A row of {@link QaManualScores}. */
  public static Row manualRow(ManualScoreJournal.Entry e, Scorecard card, String source) {
    return QaManualScores.SPEC
        .row()
        .set(QaManualScores.CALL_ID, e.callId())
        .set(QaManualScores.SCORECARD, e.scorecard())
        .set(QaManualScores.REVIEWER, e.reviewer())
        .set(QaManualScores.REVIEWED_AT, e.reviewedAt())
        .set(QaManualScores.SCORE, e.score())
        .set(QaManualScores.PASSED, card.passes(e.score()))
        .set(QaManualScores.COMMENT, e.comment())
        .set(QaManualScores.SOURCE, source)
        .build();
  }

  private static Row reject(String file, String fileSha, long line, String raw, String reason) {
    return io.callqa.warehouse.tables.Rejects.row(
        file, fileSha, line, QaManualScores.NAME, raw, reason, "analyse");
  }
}
