-- guichet: the whole current schema, applied as is to a new database.
-- Changes after the first release are numbered migrations in
-- src/store/migrations/ that bring an existing file to this same schema
-- (tests/migrations.rs proves it).
--
-- Conventions: instants are INTEGER seconds since the Unix epoch (UTC);
-- calendar dates are TEXT 'YYYY-MM-DD'; booleans are INTEGER 0/1 with a CHECK;
-- every enumerated column has a CHECK or a foreign key to its list.

-- The capabilities the code knows, and the scopes each may be granted at
-- (comma-separated). Kept equal to domain/capability.rs by a test.
CREATE TABLE capabilities (
    key    TEXT PRIMARY KEY,
    scopes TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO capabilities (key, scopes) VALUES
    ('user.read', 'own,company,all'),
    ('user.create', 'all'),
    ('user.update', 'own,company,all'),
    ('user.access', 'all'),
    ('user.password', 'own,all'),
    ('role.read', 'all'),
    ('role.manage', 'all'),
    ('role.assign', 'all'),
    ('audit.read', 'all'),
    ('journal.read', 'own,all'),
    ('programme.read', 'all'),
    ('programme.manage', 'all'),
    ('cohort.read', 'all'),
    ('cohort.manage', 'all'),
    ('company.read', 'company,all'),
    ('company.manage', 'all'),
    ('ticket.create', 'own,all'),
    ('ticket.read', 'own,assigned,company,all'),
    ('ticket.update', 'own,assigned,company,all'),
    ('ticket.assign', 'assigned,all'),
    ('ticket.comment', 'own,assigned,company,all'),
    ('ticket.comment_internal', 'assigned,all'),
    ('ticket.rate', 'own'),
    ('time.log', 'assigned,all'),
    ('time.read', 'assigned,company,all'),
    ('category.manage', 'all'),
    ('sla.manage', 'all'),
    ('client.read', 'own,all'),
    ('client.create', 'own,all'),
    ('client.update', 'own,all'),
    ('client.delete', 'all'),
    ('contract.read', 'own,company,all'),
    ('contract.create', 'own,all'),
    ('contract.update', 'own,all'),
    ('contract.delete', 'all'),
    ('event.read', 'own,assigned,all'),
    ('event.create', 'own,all'),
    ('event.update', 'assigned,all'),
    ('event.assign', 'all'),
    ('event.delete', 'all'),
    ('kb.read', 'all'),
    ('kb.manage', 'all'),
    ('inventory.read', 'assigned,all'),
    ('inventory.manage', 'all'),
    ('report.read', 'company,all'),
    ('site.backup', 'all');

CREATE TABLE roles (
    key             TEXT PRIMARY KEY,
    label_fr        TEXT NOT NULL,
    label_en        TEXT NOT NULL,
    builtin         INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    -- Whether tickets may be handed to members of this role.
    handles_tickets INTEGER NOT NULL DEFAULT 0 CHECK (handles_tickets IN (0, 1)),
    created_at      INTEGER NOT NULL
    -- Whom it serves: a new ticket's requester is offered the roles
    -- serving their kind or everyone. Laid out as migration 0010's ALTER
    -- TABLE leaves it, so that a migrated file and a new one compare equal.
    , serves TEXT NOT NULL DEFAULT 'everyone'
        CHECK (serves IN ('learners', 'clients', 'staff', 'everyone'))) WITHOUT ROWID;

CREATE TABLE role_capabilities (
    role_key   TEXT NOT NULL REFERENCES roles(key) ON DELETE CASCADE,
    capability TEXT NOT NULL REFERENCES capabilities(key),
    scope      TEXT NOT NULL CHECK (scope IN ('own', 'assigned', 'company', 'all')),
    PRIMARY KEY (role_key, capability)
) WITHOUT ROWID;

-- Formations (000).
CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

-- Promos (000): a cohort follows one programme.
CREATE TABLE cohorts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    start_date   TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),
    end_date     TEXT CHECK (end_date IS NULL OR date(end_date) = end_date),
    created_at   INTEGER NOT NULL,
    UNIQUE (programme_id, name),
    CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE INDEX cohorts_by_name ON cohorts (name, id);

-- The agency's client companies (001), also the CRM clients' employers.
CREATE TABLE companies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email      TEXT,
    phone      TEXT,
    address    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
    -- Migration 0014: free notes; archived_at NULL while active, else when
    -- it was archived (out of lists and pickers, history kept).
    , notes TEXT NOT NULL DEFAULT '', archived_at INTEGER);
CREATE INDEX companies_active_by_name ON companies (name) WHERE archived_at IS NULL;
CREATE INDEX companies_archived_by_name ON companies (name) WHERE archived_at IS NOT NULL;

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    login            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name        TEXT NOT NULL,
    email            TEXT,
    phone            TEXT,
    role_key         TEXT NOT NULL REFERENCES roles(key),
    cohort_id        INTEGER REFERENCES cohorts(id),
    company_id       INTEGER REFERENCES companies(id),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash    TEXT NOT NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until     INTEGER,
    -- For round-robin assignment among members of a handling role.
    last_assigned_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX users_by_role ON users (role_key, active, login);
CREATE INDEX users_by_company ON users (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX users_by_cohort ON users (cohort_id) WHERE cohort_id IS NOT NULL;

-- The tamper-evident audit log: append-only (see the triggers), each entry
-- hashed with the one before it (domain/audit_chain.rs).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users(id),   -- NULL: the system itself
    actor_login TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL CHECK (object_type IN (
        'database', 'user', 'role', 'programme', 'cohort', 'company',
        'ticket', 'category', 'sla_policy', 'calendar', 'client',
        'contract', 'event', 'kb_article', 'equipment', 'time_entry',
        'attachment', 'comment', 'notification')),
    object_id   TEXT NOT NULL,
    summary     TEXT NOT NULL CHECK (json_valid(summary)),
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE INDEX audit_by_object ON audit_log (object_type, object_id, id);
-- A kind's entries newest first (migration 0013).
CREATE INDEX audit_by_object_type ON audit_log (object_type, id);
CREATE INDEX audit_by_actor ON audit_log (actor_login, id);
-- One actor's entries of one action (migration 0017).
CREATE INDEX audit_by_actor_action ON audit_log (actor_login, action, id);
-- An action's entries newest first (migration 0004).
CREATE INDEX audit_by_action ON audit_log (action, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The last entry of the chain, so that cutting entries off the end shows.
CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT NOT NULL
    -- HMAC with the site key over last_id and last_hash (migration 7,
    -- which added it with ALTER TABLE: hence the layout, kept equal).
    , seal TEXT);

-- Every sign-in attempt, whatever its outcome (the connection journal).
-- `login_tried` is the login of an account; a text that named none may be
-- a password typed into the login field, so of it only a keyed hash
-- (`login_mac`: HMAC-SHA-256 with the site's journal key, 16 hex digits;
-- NULL if the key was missing) and its length in characters are kept.
CREATE TABLE sign_in_journal (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    login_tried TEXT,
    login_mac   TEXT,
    login_chars INTEGER,
    user_id     INTEGER REFERENCES users(id),
    outcome     TEXT NOT NULL CHECK (outcome IN (
        'success', 'bad_password', 'unknown_login', 'locked', 'inactive')),
    front_end   TEXT NOT NULL CHECK (front_end IN ('cli', 'tui')),
    os_user     TEXT NOT NULL,
    host        TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    remote_addr TEXT,
    CHECK ((login_tried IS NULL) = (outcome = 'unknown_login')),
    CHECK ((login_chars IS NULL) = (outcome <> 'unknown_login')),
    CHECK (login_mac IS NULL OR outcome = 'unknown_login')
);
CREATE INDEX journal_by_user ON sign_in_journal (user_id, id);

CREATE TRIGGER sign_in_journal_no_update BEFORE UPDATE ON sign_in_journal
BEGIN
    SELECT RAISE(ABORT, 'the connection journal is append-only');
END;
CREATE TRIGGER sign_in_journal_no_delete BEFORE DELETE ON sign_in_journal
BEGIN
    SELECT RAISE(ABORT, 'the connection journal is append-only');
END;

-- Failed sign-ins of logins that name no account, by the keyed hash of
-- the text: they lock like accounts do, so that refusals do not tell
-- which logins exist.
CREATE TABLE unknown_logins (
    login_mac       TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER
) WITHOUT ROWID;

-- Ticket categories (the agency's "thème", the ITSM's categories).
CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
);

CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN (
        'waiting', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled')),
    priority            TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN (
        'low', 'normal', 'high', 'critical')),
    -- For sorting by priority through an index (domain/ticket.rs: rank).
    priority_rank       INTEGER GENERATED ALWAYS AS (CASE priority
        WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END) VIRTUAL,
    category_id         INTEGER REFERENCES categories(id),
    requester_id        INTEGER NOT NULL REFERENCES users(id),
    company_id          INTEGER REFERENCES companies(id),
    handling_role       TEXT NOT NULL REFERENCES roles(key),
    assignee_id         INTEGER REFERENCES users(id),
    opened_from_host    TEXT NOT NULL DEFAULT '',
    urgency             TEXT NOT NULL DEFAULT 'ok' CHECK (urgency IN (
        'ok', 'soon', 'urgent', 'overdue')),
    closure_requested   INTEGER NOT NULL DEFAULT 0 CHECK (closure_requested IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- First time staff took it in hand: from then on the requester only comments.
    taken_at            INTEGER,
    resolved_at         INTEGER,
    closed_at           INTEGER,
    rating              INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    rating_comment      TEXT,
    -- When the rating was first given: editable for 24 hours after.
    rated_at            INTEGER,
    -- SLA state (migration 0002), recomputed whenever the ticket changes.
    -- The urgency steps are the instants its level rises, so that the
    -- background pass reads only the tickets due (`urgency_next_at`) and
    -- needs no calendar arithmetic.
    sla_policy_id INTEGER REFERENCES sla_policies(id),
    first_responded_at INTEGER,
    first_response_due INTEGER,
    resolution_due INTEGER,
    urgency_soon_at INTEGER,
    urgency_urgent_at INTEGER,
    urgency_next_at INTEGER,
    urgency_order INTEGER GENERATED ALWAYS AS (CASE urgency
    WHEN 'overdue' THEN 0 WHEN 'urgent' THEN 1 WHEN 'soon' THEN 2 ELSE 3 END) VIRTUAL,
    queue_due INTEGER GENERATED ALWAYS AS (
    coalesce(resolution_due, 9007199254740991)) VIRTUAL,
    -- Who spoke last (migration 0012): 1 while no staff member has written
    -- a public comment since the ticket was opened or since its requester's
    -- last public comment. Kept by the service, which knows who is staff.
    awaiting_staff INTEGER NOT NULL DEFAULT 1
    CHECK (awaiting_staff IN (0, 1)),
    -- What the "waiting on a staff reply" filter reads (0012).
    awaiting_reply INTEGER GENERATED ALWAYS AS (
    awaiting_staff = 1 AND status IN ('waiting', 'in_progress')) VIRTUAL,
    CHECK ((rating IS NULL) = (rated_at IS NULL))
);
CREATE INDEX tickets_by_status ON tickets (status, id);
CREATE INDEX tickets_by_assignee ON tickets (assignee_id, status, id);
CREATE INDEX tickets_by_requester ON tickets (requester_id, id);
-- A requester's list by update or priority, in order (migration 0017).
CREATE INDEX tickets_by_requester_update ON tickets (requester_id, updated_at, id);
CREATE INDEX tickets_by_requester_priority ON tickets (requester_id, priority_rank, id);
CREATE INDEX tickets_by_company ON tickets (company_id, id) WHERE company_id IS NOT NULL;
CREATE INDEX tickets_by_role ON tickets (handling_role, status, id);
CREATE INDEX tickets_by_update ON tickets (updated_at, id);
CREATE INDEX tickets_by_priority ON tickets (priority_rank, id);
-- A status filter sorted by last update or priority reads these in order.
CREATE INDEX tickets_by_status_update ON tickets (status, updated_at, id);
CREATE INDEX tickets_by_status_priority ON tickets (status, priority_rank, id);
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE status = 'resolved';
-- Finding what needs doing (migration 0012): waiting on a staff reply,
-- and a pending closure request.
CREATE INDEX tickets_awaiting_reply ON tickets (awaiting_reply, id) WHERE awaiting_reply = 1;
CREATE INDEX tickets_closure_requested ON tickets (closure_requested, id)
    WHERE closure_requested = 1;

CREATE TABLE ticket_comments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    -- Internal comments are for staff only, never shown to learners or clients.
    visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_ticket ON ticket_comments (ticket_id, id);

-- Full-text search over tickets (SQLite FTS5, accents folded so that
-- "echeance" finds "échéance"). Internal comments have their own column,
-- so that searches by learners and clients never match them. Kept in sync
-- by the triggers below; contentless, so the text is not stored twice.
-- Prefix indexes for 3 to 16 letters: the dashboard searches as you type,
-- and a prefix of those lengths then reads like one word (migrations 0003,
-- 0013).
CREATE VIRTUAL TABLE ticket_search USING fts5(
    title, description, public_comments, internal_comments,
    content = '', contentless_delete = 1,
    prefix = '3 4 5 6 7 8 9 10 11 12 13 14 15 16',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
    VALUES (NEW.id, NEW.title, NEW.description, '', '');
END;

CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, description ON tickets
BEGIN
    DELETE FROM ticket_search WHERE rowid = OLD.id;
    INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
    VALUES (NEW.id, NEW.title, NEW.description,
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = NEW.id AND visibility = 'public'), ''),
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = NEW.id AND visibility = 'internal'), ''));
END;

CREATE TRIGGER ticket_search_comment AFTER INSERT ON ticket_comments
BEGIN
    DELETE FROM ticket_search WHERE rowid = NEW.ticket_id;
    INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
    SELECT t.id, t.title, t.description,
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = t.id AND visibility = 'public'), ''),
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = t.id AND visibility = 'internal'), '')
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;

-- Files live in a content-addressed store (named by SHA-256); the original
-- name is only a label.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    uploader_id INTEGER NOT NULL REFERENCES users(id),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    label       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX attachments_by_ticket ON attachments (ticket_id, id);

CREATE TABLE time_entries (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    worked_on   TEXT NOT NULL CHECK (date(worked_on) = worked_on),
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX time_by_ticket ON time_entries (ticket_id, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    ticket_id  INTEGER REFERENCES tickets(id),
    body       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at    INTEGER
    -- Or about a contract or an event (0015, added as ALTER TABLE writes it).
    , contract_id INTEGER REFERENCES contracts(id) ON DELETE SET NULL, event_id INTEGER REFERENCES events(id) ON DELETE SET NULL);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);

-- Kinds of notification a person turned off (0009); no row: notify.
CREATE TABLE notification_opt_outs (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;

-- The event company's CRM (002, 004).
CREATE TABLE crm_clients (
    id               INTEGER PRIMARY KEY,
    full_name        TEXT NOT NULL,
    email            TEXT,
    phone            TEXT,
    company_id       INTEGER REFERENCES companies(id),
    sales_contact_id INTEGER REFERENCES users(id),
    first_contact    TEXT CHECK (first_contact IS NULL OR date(first_contact) = first_contact),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX clients_by_sales ON crm_clients (sales_contact_id, id);
CREATE INDEX clients_by_company ON crm_clients (company_id, id) WHERE company_id IS NOT NULL;

-- Contracts: the CRM's signed amounts and the agency's prepaid packs (001).
-- Amounts are in cents; `signed` = 1 exactly when `signed_at` is set (0015).
CREATE TABLE contracts (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('event', 'hour_pack', 'hosting')),
    client_id        INTEGER REFERENCES crm_clients(id),
    company_id       INTEGER REFERENCES companies(id),
    sales_contact_id INTEGER REFERENCES users(id),
    total_cents      INTEGER NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
    due_cents        INTEGER NOT NULL DEFAULT 0 CHECK (due_cents >= 0 AND due_cents <= total_cents),
    signed           INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
    signed_at        INTEGER,
    hours_bought     INTEGER CHECK (hours_bought IS NULL OR hours_bought > 0),
    valid_from       TEXT CHECK (valid_from IS NULL OR date(valid_from) = valid_from),
    valid_until      TEXT CHECK (valid_until IS NULL OR date(valid_until) = valid_until),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK (client_id IS NOT NULL OR company_id IS NOT NULL),
    CHECK (signed = (signed_at IS NOT NULL))
);
CREATE INDEX contracts_by_company ON contracts (company_id, id) WHERE company_id IS NOT NULL;
CREATE INDEX contracts_by_client ON contracts (client_id, id) WHERE client_id IS NOT NULL;
CREATE INDEX contracts_by_sales ON contracts (sales_contact_id, id);
CREATE INDEX contracts_by_kind ON contracts (kind, id);
CREATE INDEX contracts_unsigned ON contracts (id) WHERE signed = 0;
CREATE INDEX contracts_unpaid ON contracts (id) WHERE due_cents > 0;
-- A salesperson's own unsigned or unpaid ones, even when they have none.
CREATE INDEX contracts_unsigned_by_sales ON contracts (sales_contact_id, id) WHERE signed = 0;
CREATE INDEX contracts_unpaid_by_sales ON contracts (sales_contact_id, id) WHERE due_cents > 0;

CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    contract_id        INTEGER NOT NULL REFERENCES contracts(id),
    name               TEXT NOT NULL,
    support_contact_id INTEGER REFERENCES users(id),
    -- The contract's, kept equal by the store (0015): "my events" of a
    -- salesperson read one index in start order.
    sales_contact_id   INTEGER REFERENCES users(id),
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    location           TEXT NOT NULL DEFAULT '',
    attendees          INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
    notes              TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK (starts_at <= ends_at)
);
-- Also serves "without support" (support_contact_id IS NULL), in start order.
CREATE INDEX events_by_support ON events (support_contact_id, starts_at, id);
CREATE INDEX events_by_start ON events (starts_at, id);
CREATE INDEX events_by_contract ON events (contract_id, starts_at, id);
CREATE INDEX events_by_sales ON events (sales_contact_id, starts_at, id);

-- The ITSM's knowledge base and equipment inventory (003).
CREATE TABLE kb_articles (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    category_id INTEGER REFERENCES categories(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    published   INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE equipment (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN (
        'workstation', 'laptop', 'screen', 'printer', 'network', 'phone', 'other')),
    serial_number  TEXT UNIQUE,
    host_name      TEXT,
    location       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'in_service' CHECK (status IN (
        'in_stock', 'in_service', 'in_repair', 'retired')),
    holder_id      INTEGER REFERENCES users(id),
    warranty_until TEXT CHECK (warranty_until IS NULL OR date(warranty_until) = warranty_until),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX equipment_by_host ON equipment (host_name) WHERE host_name IS NOT NULL;

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

-- Files from before migration 0002: their history from the audit log.
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
