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
