-- 0006: the connection journal no longer keeps the text of a login that
-- named no account (it may be a password typed into the login field):
-- only a keyed hash of it, so that repeated attempts of the same text
-- still group together, and its length in characters. Rows written before
-- are rewritten so; SQL has no HMAC, so guichet registers the function
-- `guichet_login_mac` (src/store/journal.rs, `login_mac`) for this
-- migration only. Without the site key file it gives NULL, and such old
-- rows keep only their length. The table is rebuilt (dropping the old one
-- overwrites its text: secure_delete is on). Unknown logins also get a
-- lock counter of their own (`unknown_logins`).

DROP TRIGGER sign_in_journal_no_update;
DROP TRIGGER sign_in_journal_no_delete;
DROP INDEX journal_by_user;
ALTER TABLE sign_in_journal RENAME TO sign_in_journal_0005;

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

INSERT INTO sign_in_journal (id, at, login_tried, login_mac, login_chars, user_id, outcome,
                             front_end, os_user, host, terminal, remote_addr)
SELECT id, at,
       CASE WHEN outcome = 'unknown_login' THEN NULL ELSE login_tried END,
       CASE WHEN outcome = 'unknown_login' THEN guichet_login_mac(login_tried) END,
       CASE WHEN outcome = 'unknown_login' THEN length(login_tried) END,
       user_id, outcome, front_end, os_user, host, terminal, remote_addr
FROM sign_in_journal_0005;
DROP TABLE sign_in_journal_0005;

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
