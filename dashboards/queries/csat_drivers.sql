-- title: CSAT drivers: satisfaction by handle time, transfer, silence and conversation category
-- param from date: first local day
-- param to date: last local day
-- param top_box int = 4: lowest CSAT answer counted as satisfied (kpi.csat.top-box-min)
WITH facts AS (
  SELECT c.call_id,
         c.talk_s + c.hold_s + c.acw_s AS handle_s,
         c.transferred_out,
         a.silence_share,
         CASE WHEN s.csat >= :top_box THEN 1.0 ELSE 0.0 END AS satisfied
  FROM calls c
  JOIN surveys s ON s.call_id = c.call_id
  LEFT JOIN call_analytics a ON a.call_id = c.call_id
  WHERE c.day BETWEEN :from AND :to AND c.answered_at IS NOT NULL AND s.csat IS NOT NULL
)
SELECT driver, bucket, responses, csat
FROM (
  SELECT 'handle time' AS driver,
         CASE WHEN handle_s < 180 THEN '1 under 3 min' WHEN handle_s < 420 THEN '2 3-7 min'
              WHEN handle_s < 900 THEN '3 7-15 min' ELSE '4 15 min or more' END AS bucket,
         COUNT(*) AS responses, AVG(satisfied) AS csat
  FROM facts GROUP BY 2
  UNION ALL
  SELECT 'transferred', CASE WHEN transferred_out THEN 'yes' ELSE 'no' END, COUNT(*), AVG(satisfied)
  FROM facts GROUP BY 2
  UNION ALL
  SELECT 'silence share',
         CASE WHEN silence_share IS NULL THEN '0 not transcribed' WHEN silence_share < 0.1 THEN '1 under 10%'
              WHEN silence_share < 0.2 THEN '2 10-20%' ELSE '3 20% or more' END,
         COUNT(*), AVG(satisfied)
  FROM facts GROUP BY 2
  UNION ALL
  SELECT 'category', cc.category, COUNT(DISTINCT f.call_id), AVG(f.satisfied)
  FROM facts f JOIN (SELECT DISTINCT call_id, category FROM call_categories) cc ON cc.call_id = f.call_id
  GROUP BY 2
) d
ORDER BY driver, bucket
