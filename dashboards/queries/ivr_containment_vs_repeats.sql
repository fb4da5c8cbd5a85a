-- title: IVR containment against repeat calls: do callers who finished in the IVR call again?
-- param from date: first local day
-- param to date: last local day
-- param window_days int = 7: a later inbound call of the same customer within this many days (24 h each) is a repeat
WITH ivr AS (
  SELECT site, {{ivr_daily.offered_ivr}}, {{ivr_daily.ivr_containment}}
  FROM ivr_daily
  WHERE day BETWEEN :from AND :to
  GROUP BY site
), self_served AS (
  SELECT call_id, site, customer_id, ivr_end
  FROM calls
  WHERE day BETWEEN :from AND :to AND direction = 'INBOUND' AND ivr_outcome = 'SELF_SERVICE'
    AND customer_id IS NOT NULL AND ivr_end IS NOT NULL
), repeats AS (
  SELECT s.site, s.call_id, MAX(CASE WHEN n.call_id IS NULL THEN 0 ELSE 1 END) AS repeated
  FROM self_served s
  LEFT JOIN calls n
    ON n.customer_id = s.customer_id AND n.direction = 'INBOUND' AND n.call_id <> s.call_id
   AND n.contact_start > s.ivr_end AND n.contact_start <= timestampadd(DAY, :window_days, s.ivr_end)
  GROUP BY s.site, s.call_id
)
SELECT i.site,
       i.offered_ivr,
       i.ivr_containment,
       COUNT(r.call_id) AS identified_self_served,
       AVG(r.repeated) AS repeat_rate,
       i.ivr_containment * (1 - COALESCE(AVG(r.repeated), 0)) AS containment_net_of_repeats
FROM ivr i
LEFT JOIN repeats r ON r.site = i.site
GROUP BY i.site, i.offered_ivr, i.ivr_containment
ORDER BY i.site
