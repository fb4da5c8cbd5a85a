-- title: KPIs per local day, for trends
-- param from date: first local day
-- param to date: last local day
-- param site string =: a site, or empty for all
-- param queue string =: one agent queue, or empty for all
-- param segment string =: STANDARD or VIP, or empty for all
SELECT day,
       {{kpi_daily.offered}},
       {{kpi_daily.service_level}},
       {{kpi_daily.asa_s}},
       {{kpi_daily.abandon_rate}},
       {{kpi_daily.csat}},
       {{kpi_daily.nps}}
FROM kpi_daily
WHERE day BETWEEN :from AND :to
  AND (:site IS NULL OR site = :site)
  AND (:queue IS NULL OR queue = :queue)
  AND (:segment IS NULL OR segment = :segment)
GROUP BY day
ORDER BY day
