-- title: Disaster recovery: how each site's load changes if another site goes down
-- param from date: first local day of the load profile
-- param to date: last local day of the load profile
-- A down site's calls are shared out among the others in proportion to their own load in each half-hour.
WITH load AS (
  SELECT interval_time, site, SUM(offered_agent) / COUNT(DISTINCT day) AS offered
  FROM kpi_interval
  WHERE day BETWEEN :from AND :to
  GROUP BY interval_time, site
), grid AS (
  SELECT i.interval_time, s.site, COALESCE(l.offered, 0) AS offered
  FROM (SELECT DISTINCT interval_time FROM load) i
  CROSS JOIN (SELECT DISTINCT site FROM load) s
  LEFT JOIN load l ON l.interval_time = i.interval_time AND l.site = s.site
), survivors AS (
  SELECT d.site AS site_down, g.interval_time, SUM(g.offered) AS offered
  FROM grid d JOIN grid g ON g.interval_time = d.interval_time AND g.site <> d.site
  GROUP BY d.site, g.interval_time
), pairs AS (
  SELECT d.site AS site_down, g.site, g.interval_time, g.offered AS before,
         g.offered + d.offered * g.offered / NULLIF(v.offered, 0) AS after
  FROM grid d
  JOIN grid g ON g.interval_time = d.interval_time AND g.site <> d.site
  JOIN survivors v ON v.site_down = d.site AND v.interval_time = g.interval_time
)
SELECT site_down,
       site,
       ROUND(SUM(before), 1) AS calls_per_day_before,
       ROUND(SUM(after), 1) AS calls_per_day_after,
       ROUND(100 * (SUM(after) / SUM(before) - 1), 1) AS pct_more_calls,
       ROUND(MAX(before), 1) AS peak_half_hour_before,
       ROUND(MAX(after), 1) AS peak_half_hour_after,
       max_by(interval_time, after) AS peak_half_hour
FROM pairs
GROUP BY site_down, site
ORDER BY site_down, site
