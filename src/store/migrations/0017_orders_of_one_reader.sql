-- Lists whose reader is one person, read in the order they show (issue 14).
--
-- A requester's tickets sorted by last update or by priority (a learner's
-- own list, a `--requester` filter) were read through `(requester_id, id)`
-- and sorted: 0.6 ms at 100,000 tickets, 13-26 ms at 2 million (9,400
-- rows of one learner read at random places of the file). With the sort
-- key after the requester, the page is read in order and stops at 50.
CREATE INDEX tickets_by_requester_update ON tickets (requester_id, updated_at, id);
CREATE INDEX tickets_by_requester_priority ON tickets (requester_id, priority_rank, id);

-- The log of one actor and one action (`actor:system action:database.migrate`)
-- was read through the actor's index, every entry of a busy actor (the
-- urgency worker writes most of the log) read to find a few: 23.5 ms at
-- 138,000 entries, in proportion to the actor's entries. An action prefix
-- beside an actor is read action by action through this index too.
CREATE INDEX audit_by_actor_action ON audit_log (actor_login, action, id);
