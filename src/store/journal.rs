//! The connection journal: every sign-in attempt.

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: i64,
    pub at: i64,
    pub login_tried: String,
    pub user_id: Option<i64>,
    pub outcome: String,
    pub front_end: String,
    pub os_user: String,
    pub host: String,
    pub terminal: String,
    pub remote_addr: Option<String>,
}

pub fn append(write: &Write, attempt: &Attempt) -> StoreResult<i64> {
    write.conn().prepare_cached(
        "INSERT INTO sign_in_journal (at, login_tried, user_id, outcome, front_end, os_user, host, terminal, remote_addr)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        attempt.at,
        attempt.login_tried,
        attempt.user_id,
        attempt.outcome,
        attempt.front_end,
        attempt.os_user,
        attempt.host,
        attempt.terminal,
        attempt.remote_addr
    ])?;
    write.mark_recorded();
    Ok(write.conn().last_insert_rowid())
}

fn from_row(row: &Row) -> rusqlite::Result<Attempt> {
    Ok(Attempt {
        id: row.get(0)?,
        at: row.get(1)?,
        login_tried: row.get(2)?,
        user_id: row.get(3)?,
        outcome: row.get(4)?,
        front_end: row.get(5)?,
        os_user: row.get(6)?,
        host: row.get(7)?,
        terminal: row.get(8)?,
        remote_addr: row.get(9)?,
    })
}

/// Attempts older than `before` (newest first), optionally only one user's:
/// keyset pagination backwards from the end.
pub fn page_before(
    conn: &Connection,
    user_id: Option<i64>,
    before: i64,
    limit: u32,
) -> StoreResult<Vec<Attempt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, login_tried, user_id, outcome, front_end, os_user, host, terminal, remote_addr
         FROM sign_in_journal WHERE id < ?1 AND (?2 IS NULL OR user_id = ?2) ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![before, user_id, page_limit(limit)], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
