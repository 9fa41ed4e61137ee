-- SLA: business-hours calendars, policies, the status history the clock
-- replays, and each ticket's SLA state (issue 4).

-- Business hours. `timezone` NULL: the site's time zone (site.timezone).
CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    timezone   TEXT,
    -- The built-in 24x7 calendar cannot be changed.
    fixed      INTEGER NOT NULL DEFAULT 0 CHECK (fixed IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Open ranges per weekday (0 = Monday), in minutes since local midnight.
CREATE TABLE calendar_hours (
    calendar_id  INTEGER NOT NULL REFERENCES calendars(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (start_minute < end_minute),
    PRIMARY KEY (calendar_id, weekday, start_minute)
) WITHOUT ROWID;

-- Closed days: a date 'YYYY-MM-DD', or 'MM-DD' every year.
CREATE TABLE calendar_closed_days (
    calendar_id INTEGER NOT NULL REFERENCES calendars(id),
    yearly      INTEGER NOT NULL CHECK (yearly IN (0, 1)),
    day         TEXT NOT NULL CHECK (
        (yearly = 0 AND date(day) = day)
        OR (yearly = 1 AND length(day) = 5 AND date('2000-' || day) = '2000-' || day)),
    PRIMARY KEY (calendar_id, yearly, day)
) WITHOUT ROWID;

-- Policies, tried in `position` order with the default last. Targets are
-- business seconds per priority; NULL: no target.
CREATE TABLE sla_policies (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position                INTEGER NOT NULL,
    is_default              INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    match_role              TEXT REFERENCES roles(key),
    match_priority          TEXT CHECK (match_priority IN ('low', 'normal', 'high', 'critical')),
    match_category_id       INTEGER REFERENCES categories(id),
    match_company_id        INTEGER REFERENCES companies(id),
    calendar_id             INTEGER NOT NULL REFERENCES calendars(id),
    first_response_low      INTEGER CHECK (first_response_low > 0),
    first_response_normal   INTEGER CHECK (first_response_normal > 0),
    first_response_high     INTEGER CHECK (first_response_high > 0),
    first_response_critical INTEGER CHECK (first_response_critical > 0),
    resolution_low          INTEGER CHECK (resolution_low > 0),
    resolution_normal       INTEGER CHECK (resolution_normal > 0),
    resolution_high         INTEGER CHECK (resolution_high > 0),
    resolution_critical     INTEGER CHECK (resolution_critical > 0),
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    CHECK (is_default = 0 OR (match_role IS NULL AND match_priority IS NULL
        AND match_category_id IS NULL AND match_company_id IS NULL))
);
CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies (is_default) WHERE is_default = 1;

INSERT INTO calendars (id, name, timezone, fixed, created_at, updated_at) VALUES
    (1, 'default', NULL, 0, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
    (2, '24x7', NULL, 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO calendar_hours (calendar_id, weekday, start_minute, end_minute) VALUES
    (1, 0, 540, 1080), (1, 1, 540, 1080), (1, 2, 540, 1080), (1, 3, 540, 1080), (1, 4, 540, 1080),
    (2, 0, 0, 1440), (2, 1, 0, 1440), (2, 2, 0, 1440), (2, 3, 0, 1440), (2, 4, 0, 1440),
    (2, 5, 0, 1440), (2, 6, 0, 1440);
INSERT INTO sla_policies (id, name, position, is_default, calendar_id,
    first_response_low, first_response_normal, first_response_high, first_response_critical,
    resolution_low, resolution_normal, resolution_high, resolution_critical,
    created_at, updated_at)
VALUES (1, 'default', 1000000, 1, 1,
    14400, 14400, 3600, 3600,
    162000, 97200, 32400, 14400,
    CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER));

-- Every status a ticket entered, and when: the history the SLA clock
-- replays. Kept by triggers, so no path that changes a status can miss it.
CREATE TABLE ticket_status_log (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at        INTEGER NOT NULL,
    status    TEXT NOT NULL CHECK (status IN (
        'waiting', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'))
);
CREATE INDEX status_log_by_ticket ON ticket_status_log (ticket_id, id);

-- Files from before this migration: their history from the audit log.
INSERT INTO ticket_status_log (ticket_id, at, status)
SELECT CAST(a.object_id AS INTEGER), a.at,
    CASE WHEN a.action = 'ticket.create' THEN 'waiting'
         ELSE json_extract(a.summary, '$.status.new') END
FROM audit_log a
WHERE a.object_type = 'ticket'
  AND (a.action = 'ticket.create' OR json_extract(a.summary, '$.status.new') IS NOT NULL)
  AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = CAST(a.object_id AS INTEGER))
ORDER BY a.id;

CREATE TRIGGER ticket_status_log_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_status_log (ticket_id, at, status)
    VALUES (NEW.id, NEW.created_at, NEW.status);
END;

CREATE TRIGGER ticket_status_log_update AFTER UPDATE OF status ON tickets
WHEN NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO ticket_status_log (ticket_id, at, status)
    VALUES (NEW.id, NEW.updated_at, NEW.status);
END;

-- Each ticket's SLA state, recomputed whenever the ticket changes. The
-- urgency steps are the instants its level rises, so that the background
-- pass reads only the tickets due (`urgency_next_at`) and needs no
-- calendar arithmetic.
ALTER TABLE tickets ADD COLUMN sla_policy_id INTEGER REFERENCES sla_policies(id);
ALTER TABLE tickets ADD COLUMN first_responded_at INTEGER;
ALTER TABLE tickets ADD COLUMN first_response_due INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_due INTEGER;
ALTER TABLE tickets ADD COLUMN urgency_soon_at INTEGER;
ALTER TABLE tickets ADD COLUMN urgency_urgent_at INTEGER;
ALTER TABLE tickets ADD COLUMN urgency_next_at INTEGER;
ALTER TABLE tickets ADD COLUMN urgency_order INTEGER GENERATED ALWAYS AS (CASE urgency
    WHEN 'overdue' THEN 0 WHEN 'urgent' THEN 1 WHEN 'soon' THEN 2 ELSE 3 END) VIRTUAL;
ALTER TABLE tickets ADD COLUMN queue_due INTEGER GENERATED ALWAYS AS (
    coalesce(resolution_due, 9007199254740991)) VIRTUAL;

-- The urgency queue: most urgent first, then by deadline.
CREATE INDEX tickets_queue ON tickets (urgency_order, queue_due, id)
    WHERE status IN ('waiting', 'in_progress', 'on_hold');
-- What the background pass reads: tickets whose level changes next.
CREATE INDEX tickets_urgency_due ON tickets (urgency_next_at)
    WHERE urgency_next_at IS NOT NULL;
-- Open tickets whose SLA state is still to compute (the pass does it).
CREATE INDEX tickets_sla_pending ON tickets (id)
    WHERE sla_policy_id IS NULL AND status IN ('waiting', 'in_progress', 'on_hold');

CREATE INDEX notifications_by_ticket ON notifications (ticket_id) WHERE ticket_id IS NOT NULL;
