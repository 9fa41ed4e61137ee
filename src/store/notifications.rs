//! Notifications: what the system tells one person (an escalation, a
//! ticket assigned to them, an answer…), read or not; and the kinds each
//! person turned off.

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub ticket_id: Option<i64>,
    /// Or the contract or event it is about (0015).
    pub contract_id: Option<i64>,
    pub event_id: Option<i64>,
    pub body: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub fn insert(
    write: &Write,
    user: i64,
    kind: &str,
    ticket: Option<i64>,
    body: &str,
    now: i64,
) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO notifications (user_id, kind, ticket_id, body, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![user, kind, ticket, body, now])?;
    Ok(write.conn().last_insert_rowid())
}

/// What a CRM notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Contract(i64),
    Event(i64),
}

/// A notification about a contract or an event.
pub fn insert_about(
    write: &Write,
    user: i64,
    kind: &str,
    subject: Subject,
    body: &str,
    now: i64,
) -> StoreResult<i64> {
    let (contract, event) = match subject {
        Subject::Contract(id) => (Some(id), None),
        Subject::Event(id) => (None, Some(id)),
    };
    write
        .conn()
        .prepare_cached(
            "INSERT INTO notifications (user_id, kind, contract_id, event_id, body, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![user, kind, contract, event, body, now])?;
    Ok(write.conn().last_insert_rowid())
}

/// One person's notifications, newest first, before id `before`; with
/// `search`, only those whose text contains it (see
/// [`super::text_filter`]).
pub fn page(
    conn: &Connection,
    (user, unread_only, search): (i64, bool, Option<&str>),
    before: i64,
    limit: u32,
) -> StoreResult<Vec<Notification>> {
    let sql = if unread_only {
        "SELECT id, kind, ticket_id, contract_id, event_id, body, created_at, read_at FROM notifications
         WHERE user_id = ?1 AND read_at IS NULL AND id < ?2
           AND (?4 IS NULL OR guichet_fold(body) LIKE ?4 ESCAPE '\\')
         ORDER BY id DESC LIMIT ?3"
    } else {
        "SELECT id, kind, ticket_id, contract_id, event_id, body, created_at, read_at FROM notifications
         WHERE user_id = ?1 AND id < ?2
           AND (?4 IS NULL OR guichet_fold(body) LIKE ?4 ESCAPE '\\')
         ORDER BY id DESC LIMIT ?3"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let pattern = super::text_filter::pattern(search);
    let rows = stmt.query_map(params![user, before, page_limit(limit), pattern], |r| {
        Ok(Notification {
            id: r.get(0)?,
            kind: r.get(1)?,
            ticket_id: r.get(2)?,
            contract_id: r.get(3)?,
            event_id: r.get(4)?,
            body: r.get(5)?,
            created_at: r.get(6)?,
            read_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many of `user`'s notifications are unread, counting at most `cap`
/// (the status line shows "99+").
pub fn unread_count(conn: &Connection, user: i64, cap: u32) -> StoreResult<i64> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM notifications
         WHERE user_id = ?1 AND read_at IS NULL LIMIT ?2)",
    )?;
    Ok(stmt.query_row(params![user, cap], |r| r.get(0))?)
}

/// Marks one of `user`'s notifications read; false if it is not theirs or
/// was already read.
pub fn mark_read(write: &Write, user: i64, id: i64, now: i64) -> StoreResult<bool> {
    let changed = write.conn().execute(
        "UPDATE notifications SET read_at = ?3 WHERE id = ?2 AND user_id = ?1 AND read_at IS NULL",
        params![user, id, now],
    )?;
    Ok(changed == 1)
}

/// Marks all of `user`'s unread notifications read; how many.
pub fn mark_all_read(write: &Write, user: i64, now: i64) -> StoreResult<usize> {
    Ok(write.conn().execute(
        "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
        params![user, now],
    )?)
}

/// Whether the notification exists and is `user`'s.
pub fn belongs_to(conn: &Connection, user: i64, id: i64) -> StoreResult<bool> {
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM notifications WHERE id = ?1 AND user_id = ?2",
        params![id, user],
        |r| r.get(0),
    )?;
    Ok(found == 1)
}

/// Whether `user` turned off notifications of kind `kind` (a stored key).
pub fn opted_out(conn: &Connection, user: i64, kind: &str) -> StoreResult<bool> {
    let found: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM notification_opt_outs WHERE user_id = ?1 AND kind = ?2",
        )?
        .query_row(params![user, kind], |r| r.get(0))?;
    Ok(found == 1)
}

/// The kinds `user` turned off (stored keys), in key order.
pub fn opt_outs(conn: &Connection, user: i64) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind FROM notification_opt_outs WHERE user_id = ?1 ORDER BY kind",
    )?;
    let rows = stmt.query_map([user], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Turns a kind off (`off`) or on again for `user`; false if it already was.
pub fn set_opt_out(write: &Write, user: i64, kind: &str, off: bool, now: i64) -> StoreResult<bool> {
    let changed = if off {
        write.conn().execute(
            "INSERT OR IGNORE INTO notification_opt_outs (user_id, kind, created_at)
             VALUES (?1, ?2, ?3)",
            params![user, kind, now],
        )?
    } else {
        write.conn().execute(
            "DELETE FROM notification_opt_outs WHERE user_id = ?1 AND kind = ?2",
            params![user, kind],
        )?
    };
    Ok(changed == 1)
}
