-- title: Correlation across agents of their automatic QA score and their CSAT
-- param from date: first local day
-- param to date: last local day
-- param min_responses int = 1: agents with at least this many CSAT answers
SELECT COUNT(*) AS agents,
       corr(avg_score, csat) AS qa_csat_correlation,
       AVG(avg_score) AS mean_avg_score,
       AVG(csat) AS mean_csat
FROM (
  SELECT agent_id, {{qa_agent_daily.avg_score}}, {{qa_agent_daily.csat}}, SUM(csat_responses) AS responses
  FROM qa_agent_daily
  WHERE day BETWEEN :from AND :to
  GROUP BY agent_id
) a
WHERE avg_score IS NOT NULL AND csat IS NOT NULL AND responses >= :min_responses
