-- Two reads that grew with the data (issue 14).
--
-- The audit log by kind of object: the Logs filter on a kind alone (every
-- ticket's entries, every user's) was read through `audit_by_object`, whose
-- entries of one kind are ordered by object id first, so SQLite sorted every
-- entry of that kind to find the newest page: 0.36 s at 140,000 entries.
-- With `id` second, a kind's entries come newest first and the read stops
-- at the page.
CREATE INDEX audit_by_object_type ON audit_log (object_type, id);

-- Search: prefix indexes for words of 3 to 16 letters. A last word longer
-- than the indexed prefixes (5 letters until now) made FTS5 gather the whole
-- doclist of every word starting with it: `imprimante*` 0.1 ms at 100,000
-- tickets, 2.7 ms at 2 million, `probleme*` 0.24 ms at 100,000. Measured on
-- the 100,000-ticket demo: with indexes up to 16 letters every such prefix
-- reads like one word (0.01-0.02 ms), for an index 32 % larger (58 to 76 MB)
-- and 33 % more CPU to fill it; lengths 11 to 16 cost almost nothing more
-- than up to 10, long words being rare. Searching the longest indexed prefix
-- and filtering its candidates would need the text, which this contentless
-- index does not keep. Rebuilt as in 0003 (a contentless table cannot change
-- its options): dropped, created again, filled from the tickets and
-- comments as the triggers would have filled it.
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
    title, description, public_comments, internal_comments,
    content = '', contentless_delete = 1,
    prefix = '3 4 5 6 7 8 9 10 11 12 13 14 15 16',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO ticket_search (ticket_search, rank) VALUES ('hashsize', 67108864);
INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
SELECT t.id, t.title, t.description,
    coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
              WHERE ticket_id = t.id AND visibility = 'public'), ''),
    coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
              WHERE ticket_id = t.id AND visibility = 'internal'), '')
FROM tickets t;
INSERT INTO ticket_search (ticket_search, rank) VALUES ('hashsize', 1048576);
