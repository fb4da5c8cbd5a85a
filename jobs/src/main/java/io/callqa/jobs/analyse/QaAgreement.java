package io.callqa.jobs.analyse;

import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.QaManualScores;
import io.callqa.warehouse.tables.QaScores;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How well automatic scores agree with reviewers', per scorecard: every manual review paired with
 * the automatic score of the same call and scorecard. Columns: pairs, mean automatic and manual
 * score, mean absolute difference, share of pairs agreeing on pass/fail, and Cohen's kappa on
 * pass/fail (agreement beyond chance; null when one side always says the same).
 */
public final class QaAgreement {

  /** The query, over the tables by their plain names (also in the README for analysts). */
  public static final String SQL =
      String.format(
          Locale.ROOT,
          """
      WITH pairs AS (
        SELECT a.%1$s AS scorecard, a.%2$s AS auto_score, m.%3$s AS manual_score,
               CAST(a.%4$s AS INT) AS auto_pass, CAST(m.%5$s AS INT) AS manual_pass
        FROM %6$s a JOIN %7$s m ON a.%8$s = m.%9$s AND a.%1$s = m.%10$s),
      s AS (
        SELECT scorecard, count(*) AS pairs, avg(auto_score) AS mean_auto, avg(manual_score) AS mean_manual,
               avg(abs(auto_score - manual_score)) AS mean_abs_diff,
               avg(CASE WHEN auto_pass = manual_pass THEN 1.0 ELSE 0.0 END) AS pass_agreement,
               avg(auto_pass) AS pa, avg(manual_pass) AS pm
        FROM pairs GROUP BY scorecard)
      SELECT scorecard, pairs, round(mean_auto, 1) AS mean_auto, round(mean_manual, 1) AS mean_manual,
             round(mean_abs_diff, 1) AS mean_abs_diff, round(pass_agreement, 3) AS pass_agreement,
             round(CASE WHEN pa * pm + (1 - pa) * (1 - pm) < 1
                   THEN (pass_agreement - (pa * pm + (1 - pa) * (1 - pm))) / (1 - (pa * pm + (1 - pa) * (1 - pm)))
                   END, 3) AS kappa
      FROM s ORDER BY scorecard""",
          QaScores.SCORECARD,
          QaScores.SCORE,
          QaManualScores.SCORE,
          QaScores.PASSED,
          QaManualScores.PASSED,
          QaScores.NAME,
          QaManualScores.NAME,
          QaScores.CALL_ID,
          QaManualScores.CALL_ID,
          QaManualScores.SCORECARD);

  private QaAgreement() {}

  public static Dataset<Row> compute(Warehouse wh) {
    wh.registerListedViews(List.of(QaScores.SPEC, QaManualScores.SPEC));
    return wh.spark().sql(SQL);
  }
}
