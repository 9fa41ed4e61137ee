-- Search: prefix indexes for words of 3, 4 and 5 letters (issue 5).
--
-- The dashboard searches as you type, so the last word is a prefix. Without
-- a prefix index FTS5 merges the whole doclist of every word that starts
-- with it: 6-16 ms for a common word at a million tickets, most of a frame.
-- With one, a prefix of those lengths reads like a single word (0.1 ms).
-- A contentless table cannot change its options or 'rebuild' itself, so it
-- is dropped, created again and filled from the tickets and comments, as
-- the triggers would have filled it (the triggers name the table and are
-- kept). The fill holds up to 64 MB of index in memory (FTS5's 'hashsize')
-- and then puts the default back.
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
    title, description, public_comments, internal_comments,
    content = '', contentless_delete = 1,
    prefix = '3 4 5',
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
