-- 0011: finding what needs doing (issue 13): unassigned tickets, pending
-- closure requests, tickets waiting on a staff reply.
--
-- `awaiting_staff` says who spoke last on the ticket: 1 while no staff
-- member has written a public comment since it was opened or since its
-- requester's last public comment, 0 once one has. The service keeps it
-- (service/ticket_work.rs, ticket_flow.rs), where it knows whether an
-- author acts as staff on that ticket; SQL cannot tell a colleague of
-- the requester from staff. Computing it at read time instead would mean
-- a look-up in the comments for every open ticket within reach before the
-- first page (the plain query scans them all); the partial index below
-- reads the page directly, newest first.
ALTER TABLE tickets ADD COLUMN awaiting_staff INTEGER NOT NULL DEFAULT 1
    CHECK (awaiting_staff IN (0, 1));

-- Older tickets: whoever else wrote the last public comment counts as
-- staff (the demo loader uses the same statement, store/ticket_filters.rs).
UPDATE tickets SET awaiting_staff = coalesce((
    SELECT c.author_id = tickets.requester_id FROM ticket_comments c
    WHERE c.ticket_id = tickets.id AND c.visibility = 'public'
    ORDER BY c.id DESC LIMIT 1), 1);

-- What the filter reads: the requester spoke last and the ticket is
-- waiting or in progress (on hold, staff wait for the requester). A
-- generated column, so that the index's condition is one plain term the
-- planner weighs as an equality (with the status condition written out,
-- it preferred reading every open ticket by status).
ALTER TABLE tickets ADD COLUMN awaiting_reply INTEGER GENERATED ALWAYS AS (
    awaiting_staff = 1 AND status IN ('waiting', 'in_progress')) VIRTUAL;
CREATE INDEX tickets_awaiting_reply ON tickets (awaiting_reply, id) WHERE awaiting_reply = 1;
-- A closure request is cleared as the ticket moves on: few rows at a time,
-- where the plain filter would read the whole table.
CREATE INDEX tickets_closure_requested ON tickets (closure_requested, id)
    WHERE closure_requested = 1;
