-- title: Complaint root causes: categories and channels by volume, breaches and time to resolve
-- param from date: first local day a ticket opened
-- param to date: last local day a ticket opened
-- param site string =: a site, or empty for all
SELECT category,
       channel,
       {{complaints.tickets}},
       ROUND(100 * COUNT(*) / SUM(COUNT(*)) OVER (), 1) AS pct_of_tickets,
       {{complaints.breaches}},
       {{complaints.breach_rate}},
       percentile_approx(days_to_resolve, 0.5) AS median_days_to_resolve,
       AVG(CASE WHEN call_id IS NULL THEN 0.0 ELSE 1.0 END) AS named_a_call,
       AVG(CASE WHEN reopens > 0 THEN 1.0 ELSE 0.0 END) AS reopened_share
FROM complaints
WHERE opened_day BETWEEN :from AND :to
  AND (:site IS NULL OR site = :site)
GROUP BY category, channel
ORDER BY tickets DESC, category, channel
