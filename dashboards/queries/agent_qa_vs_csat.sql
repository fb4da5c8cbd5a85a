-- title: Agents: automatic QA scores beside CSAT, AHT and FCR
-- param from date: first local day
-- param to date: last local day
-- param min_scored int = 1: agents with at least this many scored calls
SELECT agent_id,
       site,
       queue,
       {{qa_agent_daily.calls_scored}},
       {{qa_agent_daily.avg_score}},
       {{qa_agent_daily.pass_rate}},
       SUM(csat_responses) AS csat_responses,
       {{qa_agent_daily.csat}},
       {{qa_agent_daily.aht_s}},
       {{qa_agent_daily.fcr}}
FROM qa_agent_daily
WHERE day BETWEEN :from AND :to
GROUP BY agent_id, site, queue
HAVING SUM(calls_scored) >= :min_scored
ORDER BY avg_score, agent_id
