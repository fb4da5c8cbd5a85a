-- title: KPIs per site over a day range, re-aggregated from the gold counts
-- param from date: first local day
-- param to date: last local day
-- param queue string =: one agent queue, or empty for all
-- param segment string =: STANDARD or VIP, or empty for all
SELECT site,
       {{kpi_daily.offered}},
       {{kpi_daily.service_level}},
       {{kpi_daily.asa_s}},
       {{kpi_daily.abandon_rate}},
       {{kpi_daily.aht_s}},
       {{kpi_daily.fcr}},
       {{kpi_daily.csat}},
       {{kpi_daily.nps}}
FROM kpi_daily
WHERE day BETWEEN :from AND :to
  AND (:queue IS NULL OR queue = :queue)
  AND (:segment IS NULL OR segment = :segment)
GROUP BY site
ORDER BY site
