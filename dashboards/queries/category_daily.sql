-- title: Conversations per category and day; calls carry site, queue and segment, chats do not
SELECT cc.day, cc.category, cc.call_id, c.site, c.queue, c.segment
FROM call_categories cc
LEFT JOIN calls c ON c.call_id = cc.call_id
