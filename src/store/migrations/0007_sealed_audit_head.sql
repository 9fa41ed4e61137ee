-- 0007: the audit chain's head is sealed with the site key (an HMAC over
-- its id and hash), so that it cannot be moved back to an earlier entry
-- without the key. The head of an existing log is sealed by the migration
-- step in Rust (SQL has no HMAC) if it still agrees with the table.
ALTER TABLE audit_head ADD COLUMN seal TEXT;
