-- 0009: kinds of notification a person turned off in their profile
-- (`guichet notifications off KIND`). A row means "do not notify this user
-- of this kind"; no row, the default, means notify. The kind is the key
-- stored in notifications.kind (domain/notify.rs lists them): no CHECK, so
-- that a kind added later needs no migration of this table.
CREATE TABLE notification_opt_outs (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;
