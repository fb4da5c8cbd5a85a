-- title: Service-level drivers: the half-hours and queues that miss the most calls
-- param from date: first local day
-- param to date: last local day
-- param site string =: a site, or empty for all
-- param top int = 15: rows to show
SELECT interval_time,
       queue,
       {{kpi_interval.offered}},
       SUM(offered_agent) - SUM(short_abandoned) - SUM(answered_within_sl) AS missed_sl,
       ROUND(100 * (SUM(offered_agent) - SUM(short_abandoned) - SUM(answered_within_sl))
             / SUM(SUM(offered_agent) - SUM(short_abandoned) - SUM(answered_within_sl)) OVER (), 1) AS pct_of_all_missed,
       {{kpi_interval.service_level}},
       {{kpi_interval.asa_s}}
FROM kpi_interval
WHERE day BETWEEN :from AND :to
  AND (:site IS NULL OR site = :site)
GROUP BY interval_time, queue
ORDER BY missed_sl DESC, interval_time, queue
LIMIT :top
