-- title: One row per scorecard point of each automatically scored call
SELECT s.day, s.site, s.queue, s.agent_id, s.scorecard, p.id AS point_id, p.label AS point,
       p.met, p.auto_fail
FROM qa_scores s
LATERAL VIEW explode(s.points) pts AS p
