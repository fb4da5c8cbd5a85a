package io.callqa.jobs.analyse;

import io.callqa.nlp.analytics.CallMetrics;
import io.callqa.nlp.analytics.CategoryRules;
import io.callqa.nlp.analytics.Scorecard;
import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.warehouse.tables.CallAnalytics;
import io.callqa.warehouse.tables.CallCategories;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.Transcripts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The per-conversation work of {@link AnalyseJob}, run inside Spark tasks: metrics, category hits
 * and scorecard scores of each input row ({@link AnalyseJob#conversations}). Rules and scorecards
 * travel as their YAML text and are parsed once per task.
 */
final class AnalyseTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final String HITS = "hits";
  static final String SCORES = "scores";

  static final StructType HIT_SCHEMA =
      new StructType(
          new StructField[] {
            CallCategories.SCHEMA.apply(CallCategories.CATEGORY),
            CallCategories.SCHEMA.apply(CallCategories.LINE_NO),
            CallCategories.SCHEMA.apply(CallCategories.SPEAKER),
            CallCategories.SCHEMA.apply(CallCategories.START_S),
            CallCategories.SCHEMA.apply(CallCategories.END_S),
            CallCategories.SCHEMA.apply(CallCategories.MATCHED),
          });

  static final StructType SCORE_SCHEMA =
      new StructType(
          new StructField[] {
            QaScores.SCHEMA.apply(QaScores.SCORECARD),
            QaScores.SCHEMA.apply(QaScores.SCORECARD_VERSION),
            QaScores.SCHEMA.apply(QaScores.SCORE),
            QaScores.SCHEMA.apply(QaScores.PASSED),
            QaScores.SCHEMA.apply(QaScores.AUTO_FAILED),
            QaScores.SCHEMA.apply(QaScores.POINTS),
          });

  /** call_analytics' columns, then the hits and (calls only) the scores. */
  static final StructType RESULT_SCHEMA =
      CallAnalytics.SCHEMA
          .add(HITS, DataTypes.createArrayType(HIT_SCHEMA, true), false)
          .add(SCORES, DataTypes.createArrayType(SCORE_SCHEMA, true), false);

  private final String rulesYaml;
  private final List<String> scorecardYamls;
  private final double gapS;

  AnalyseTask(CategoryRules rules, List<Scorecard> scorecards, double gapS) {
    this.rulesYaml = rules.yaml();
    this.scorecardYamls = scorecards.stream().map(Scorecard::yaml).toList();
    this.gapS = gapS;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    CategoryRules rules = CategoryRules.parse(rulesYaml, "rules");
    List<Scorecard> cards = new ArrayList<>();
    for (String y : scorecardYamls) {
      cards.add(Scorecard.parse(y, "scorecard", rules));
    }
    String rulesVersion = rules.version() + "@" + rules.checksum();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        return analyse(input.next(), rules, cards, rulesVersion);
      }
    };
  }

  private Row analyse(Row r, CategoryRules rules, List<Scorecard> cards, String rulesVersion) {
    List<Line> lines = new ArrayList<>();
    for (Row u : r.<Row>getList(r.fieldIndex(AnalyseJob.LINES))) {
      lines.add(
          new Line(
              u.getInt(u.fieldIndex(Transcripts.UTTERANCE_NO)),
              Speaker.parse(u.getAs(Transcripts.SPEAKER)),
              u.getAs(Transcripts.START_S),
              u.getAs(Transcripts.END_S),
              u.getAs(Transcripts.TEXT)));
    }
    String language = r.getAs(CallAnalytics.LANGUAGE);
    CallMetrics m = CallMetrics.compute(lines, language, gapS);
    List<CategoryRules.Match> matches = rules.match(lines);
    Set<String> names = new TreeSet<>();
    Row[] hits = new Row[matches.size()];
    for (int i = 0; i < hits.length; i++) {
      CategoryRules.Match h = matches.get(i);
      names.add(h.category());
      hits[i] =
          RowBuilder.of("category hit", HIT_SCHEMA)
              .set(CallCategories.CATEGORY, h.category())
              .set(CallCategories.LINE_NO, h.lineNo())
              .set(CallCategories.SPEAKER, h.speaker() == null ? null : h.speaker().name())
              .set(CallCategories.START_S, h.startS())
              .set(CallCategories.END_S, h.endS())
              .set(CallCategories.MATCHED, h.matched())
              .build();
    }
    Row[] scores = new Row[0];
    if (Kind.CALL.name().equals(r.getAs(CallAnalytics.KIND))) {
      Map<String, Double> metrics = m.asMap();
      scores = new Row[cards.size()];
      for (int i = 0; i < scores.length; i++) {
        Scorecard.Score s = cards.get(i).score(names, metrics);
        Row[] points = new Row[s.points().size()];
        for (int k = 0; k < points.length; k++) {
          Scorecard.Point p = s.points().get(k);
          points[k] =
              QaScores.SPEC
                  .row(QaScores.POINTS)
                  .set(QaScores.ID, p.id())
                  .set(QaScores.LABEL, p.label())
                  .set(QaScores.MET, p.met())
                  .set(QaScores.EARNED, p.points())
                  .set(QaScores.MAX_POINTS, p.maxPoints())
                  .set(QaScores.AUTO_FAIL, p.autoFail())
                  .set(QaScores.REASON, p.reason())
                  .build();
        }
        scores[i] =
            RowBuilder.of("scorecard result", SCORE_SCHEMA)
                .set(QaScores.SCORECARD, s.scorecard())
                .set(QaScores.SCORECARD_VERSION, s.version())
                .set(QaScores.SCORE, s.score())
                .set(QaScores.PASSED, s.passed())
                .set(QaScores.AUTO_FAILED, s.autoFailed())
                .set(QaScores.POINTS, points)
                .build();
      }
    }
    RowBuilder out =
        RowBuilder.of("analysis", RESULT_SCHEMA)
            .set(CallAnalytics.CALL_ID, r.getAs(CallAnalytics.CALL_ID))
            .set(CallAnalytics.KIND, r.getAs(CallAnalytics.KIND))
            .set(CallAnalytics.DAY, r.getAs(CallAnalytics.DAY))
            .set(CallAnalytics.SITE, r.getAs(CallAnalytics.SITE))
            .set(CallAnalytics.QUEUE, r.getAs(CallAnalytics.QUEUE))
            .set(CallAnalytics.AGENT_ID, r.getAs(CallAnalytics.AGENT_ID))
            .set(CallAnalytics.LANGUAGE, language);
    m.asMap().forEach(out::set);
    return out.set(CallAnalytics.CATEGORIES, names.toArray(String[]::new))
        .set(CallAnalytics.RULES_VERSION, rulesVersion)
        .set(HITS, hits)
        .set(SCORES, scores)
        .build();
  }
}
