-- 0014: the CRM's companies and clients (issue 15).
--
-- Companies get notes and an archive mark: an archived company leaves the
-- lists and the pickers but keeps what refers to it (users, tickets,
-- clients, contracts, the audit log). Each list reads its own partial
-- index in name order, so hiding the archived ones costs no scan.
ALTER TABLE companies ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN archived_at INTEGER;
CREATE INDEX companies_active_by_name ON companies (name) WHERE archived_at IS NULL;
CREATE INDEX companies_archived_by_name ON companies (name) WHERE archived_at IS NOT NULL;

-- The client list's filter by company, in the list's order (by id); the
-- filter by sales contact has clients_by_sales already.
CREATE INDEX clients_by_company ON crm_clients (company_id, id) WHERE company_id IS NOT NULL;

-- Contracts as the shared CRM brief fixes them: the kind `hosting` (not
-- `hosting_pack`) and `signed_at`, the time of signing (NULL unless signed;
-- signed = 1 iff signed_at IS NOT NULL). The contracts' own migration owns
-- the rest of that table; this is here because the CRM demo data writes
-- both. No released code wrote contracts, so the copy below moves nothing
-- in practice; it is there so that no row could be lost. A rebuild through
-- a temporary table keeps the CREATE statement as schema.sql has it (a
-- RENAME would quote the name).
CREATE TEMP TABLE contracts_0014 AS SELECT * FROM contracts;
DROP INDEX contracts_by_company;
DROP INDEX contracts_by_client;
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
    CHECK ((signed = 1) = (signed_at IS NOT NULL))
);
INSERT INTO contracts (id, kind, client_id, company_id, sales_contact_id, total_cents,
    due_cents, signed, signed_at, hours_bought, valid_from, valid_until, created_at, updated_at)
SELECT id, CASE kind WHEN 'hosting_pack' THEN 'hosting' ELSE kind END, client_id, company_id,
    sales_contact_id, total_cents, due_cents, signed, CASE WHEN signed = 1 THEN updated_at END,
    hours_bought, valid_from, valid_until, created_at, updated_at
FROM temp.contracts_0014;
DROP TABLE temp.contracts_0014;
CREATE INDEX contracts_by_company ON contracts (company_id, id) WHERE company_id IS NOT NULL;
CREATE INDEX contracts_by_client ON contracts (client_id, id) WHERE client_id IS NOT NULL;
