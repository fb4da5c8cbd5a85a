-- title: Open complaints by days left to their deadline (negative: past it)
-- param within_days int = 15: tickets due within this many days
-- param site string =: a site, or empty for all
SELECT ticket_id, site, channel, category, severity, status,
       date_format(deadline_at, 'yyyy-MM-dd HH:mm') AS deadline,
       days_to_deadline, breached, extensions
FROM complaint_open
WHERE days_to_deadline <= :within_days
  AND (:site IS NULL OR site = :site)
ORDER BY days_to_deadline, deadline_at, ticket_id
