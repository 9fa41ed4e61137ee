-- 0005: from here on the audit chain's hashes are keyed (HMAC-SHA-256) with
-- the site key, kept outside this file (`guichet.db.key`, beside it). The
-- key file records the first keyed entry; older entries keep their hashes.
-- The schema itself does not change.
SELECT 1;
