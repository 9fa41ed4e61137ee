-- 0015: contracts, events and their notifications (issue 15).
--
-- Contracts: the kinds are `event`, `hour_pack` and `hosting` (the sketch
-- said `hosting_pack`), a signed contract keeps the instant of its signing
-- (`signed` = 1 exactly when `signed_at` is set), and every filter of the
-- list (unsigned, unpaid, a salesperson's, a kind, a client's) has its
-- index. SQLite cannot change a CHECK in place: the table is built again,
-- its rows kept (none were written before this version; a stray
-- `hosting_pack` becomes `hosting`). Events reference contracts, so they
-- are set aside and put back the same way, with the indexes their filters
-- read (by start, by support contact or none, by contract).
CREATE TEMP TABLE contracts_0015 AS SELECT * FROM contracts;
CREATE TEMP TABLE events_0015 AS SELECT * FROM events;
DROP TABLE events;
DROP TABLE contracts;

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

INSERT INTO contracts (id, kind, client_id, company_id, sales_contact_id, total_cents,
    due_cents, signed, signed_at, hours_bought, valid_from, valid_until, created_at, updated_at)
SELECT id, CASE kind WHEN 'hosting_pack' THEN 'hosting' ELSE kind END, client_id, company_id,
    sales_contact_id, total_cents, due_cents, signed,
    CASE signed WHEN 1 THEN updated_at END, hours_bought, valid_from, valid_until,
    created_at, updated_at
FROM contracts_0015;

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

INSERT INTO events (id, contract_id, name, support_contact_id, sales_contact_id, starts_at,
    ends_at, location, attendees, notes, created_at, updated_at)
SELECT e.id, e.contract_id, e.name, e.support_contact_id, k.sales_contact_id, e.starts_at,
    e.ends_at, e.location, e.attendees, e.notes, e.created_at, e.updated_at
FROM events_0015 e JOIN contracts k ON k.id = e.contract_id;
DROP TABLE contracts_0015;
DROP TABLE events_0015;

-- A notification may be about a contract or an event instead of a ticket;
-- removing the object keeps the notification (its text says what it was).
ALTER TABLE notifications ADD COLUMN contract_id INTEGER REFERENCES contracts(id) ON DELETE SET NULL;
ALTER TABLE notifications ADD COLUMN event_id INTEGER REFERENCES events(id) ON DELETE SET NULL;
