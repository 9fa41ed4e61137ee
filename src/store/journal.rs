//! The connection journal: every sign-in attempt; and the lock counters of
//! logins that name no account.

use super::site_key::mac_hex;
use super::{page_limit, StoreResult, Write};
use crate::domain::signin::{AccountLock, LoginTried};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// Hex digits kept of the keyed hash of an unknown login: enough that two
/// different texts practically never share one, too few to matter if the
/// key ever leaked (the hash is keyed anyway).
pub const LOGIN_MAC_HEX: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: i64,
    pub at: i64,
    pub login: LoginTried,
    pub user_id: Option<i64>,
    pub outcome: String,
    pub front_end: String,
    pub os_user: String,
    pub host: String,
    pub terminal: String,
    pub remote_addr: Option<String>,
}

/// The keyed hash under which an unknown login is journalled and counted
/// (HMAC-SHA-256 with the site's journal key, cut to [`LOGIN_MAC_HEX`]).
/// Migration 0006 uses it too, for the rows written before it.
pub fn login_mac(journal_key: &[u8; 32], login: &str) -> String {
    let mut mac = mac_hex(journal_key, login.as_bytes());
    mac.truncate(LOGIN_MAC_HEX);
    mac
}

pub fn append(write: &Write, attempt: &Attempt) -> StoreResult<i64> {
    let (login_tried, login_mac, login_chars) = match &attempt.login {
        LoginTried::Account(login) => (Some(login.as_str()), None, None),
        LoginTried::Unknown { mac, chars } => (None, mac.as_deref(), Some(*chars)),
    };
    write.conn().prepare_cached(
        "INSERT INTO sign_in_journal (at, login_tried, login_mac, login_chars, user_id, outcome,
                                      front_end, os_user, host, terminal, remote_addr)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        attempt.at,
        login_tried,
        login_mac,
        login_chars,
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
    // The table's CHECK makes `login_tried` NULL exactly for unknown logins.
    let login = match row.get::<_, Option<String>>(2)? {
        Some(login) => LoginTried::Account(login),
        None => LoginTried::Unknown {
            mac: row.get(3)?,
            chars: row.get::<_, Option<u32>>(4)?.unwrap_or(0),
        },
    };
    Ok(Attempt {
        id: row.get(0)?,
        at: row.get(1)?,
        login,
        user_id: row.get(5)?,
        outcome: row.get(6)?,
        front_end: row.get(7)?,
        os_user: row.get(8)?,
        host: row.get(9)?,
        terminal: row.get(10)?,
        remote_addr: row.get(11)?,
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
        "SELECT id, at, login_tried, login_mac, login_chars, user_id, outcome, front_end, os_user,
                host, terminal, remote_addr
         FROM sign_in_journal WHERE id < ?1 AND (?2 IS NULL OR user_id = ?2) ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![before, user_id, page_limit(limit)], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The lock counter of an unknown login, by its keyed hash: unknown logins
/// lock after as many attempts as accounts do, so that parallel guesses
/// cannot tell the two apart by which ones are refused at once.
pub fn unknown_lock(conn: &Connection, mac: &str) -> StoreResult<AccountLock> {
    Ok(conn
        .prepare_cached(
            "SELECT failed_attempts, locked_until FROM unknown_logins WHERE login_mac = ?1",
        )?
        .query_row([mac], |r| {
            Ok(AccountLock {
                failed_attempts: r.get(0)?,
                locked_until: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn set_unknown_lock(write: &Write, mac: &str, lock: AccountLock) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO unknown_logins (login_mac, failed_attempts, locked_until) VALUES (?1, ?2, ?3)
             ON CONFLICT (login_mac) DO UPDATE
             SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until",
        )?
        .execute(params![mac, lock.failed_attempts, lock.locked_until])?;
    Ok(())
}

/// Counts an attempt on an unknown login before its (decoy) check, like
/// [`super::users::reserve_attempt`] does for an account.
pub fn reserve_unknown_attempt(write: &Write, mac: &str, lock: AccountLock) -> StoreResult<()> {
    set_unknown_lock(write, mac, lock)?;
    write.mark_recorded_later();
    Ok(())
}
