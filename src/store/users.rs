//! User accounts.

use super::{page_limit, StoreResult, Write};
use crate::domain::signin::AccountLock;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_key: String,
    pub cohort_id: Option<i64>,
    pub company_id: Option<i64>,
    pub active: bool,
    pub lock: AccountLock,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A user as listed, with the names of their cohort and company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub user: User,
    pub cohort: Option<String>,
    pub company: Option<String>,
    /// The role's labels in French and English (its key if the role is gone).
    pub role_label_fr: String,
    pub role_label_en: String,
}

pub struct NewUser<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub role_key: &'a str,
    pub cohort_id: Option<i64>,
    pub company_id: Option<i64>,
    pub password_hash: &'a str,
    pub now: i64,
}

const SELECT: &str = "SELECT u.id, u.login, u.full_name, u.email, u.phone, u.role_key, u.cohort_id,
    u.company_id, u.active, u.failed_attempts, u.locked_until, u.created_at, u.updated_at,
    c.name, co.name, coalesce(r.label_fr, u.role_key), coalesce(r.label_en, u.role_key)
    FROM users u LEFT JOIN cohorts c ON c.id = u.cohort_id LEFT JOIN companies co ON co.id = u.company_id
    LEFT JOIN roles r ON r.key = u.role_key";

fn from_row(row: &Row) -> rusqlite::Result<Listed> {
    let user = User {
        id: row.get(0)?,
        login: row.get(1)?,
        full_name: row.get(2)?,
        email: row.get(3)?,
        phone: row.get(4)?,
        role_key: row.get(5)?,
        cohort_id: row.get(6)?,
        company_id: row.get(7)?,
        active: row.get(8)?,
        lock: AccountLock {
            failed_attempts: row.get(9)?,
            locked_until: row.get(10)?,
        },
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
    };
    Ok(Listed {
        user,
        cohort: row.get(13)?,
        company: row.get(14)?,
        role_label_fr: row.get(15)?,
        role_label_en: row.get(16)?,
    })
}

pub fn insert(write: &Write, new: &NewUser) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO users (login, full_name, email, phone, role_key, cohort_id, company_id,
                            password_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            new.login,
            new.full_name,
            new.email,
            new.phone,
            new.role_key,
            new.cohort_id,
            new.company_id,
            new.password_hash,
            new.now
        ],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn by_login(conn: &Connection, login: &str) -> StoreResult<Option<Listed>> {
    let sql = [SELECT, " WHERE u.login = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([login], from_row)
        .optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> StoreResult<Option<Listed>> {
    let sql = [SELECT, " WHERE u.id = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// The stored bcrypt hash; kept out of [`User`] so that it never travels
/// further than the sign-in check.
pub fn password_hash(conn: &Connection, id: i64) -> StoreResult<String> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

pub fn count(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub role_key: Option<String>,
    /// Only this user (scope "own").
    pub only_id: Option<i64>,
    /// Only members of this company (scope "company").
    pub company_id: Option<i64>,
    /// Only members of this cohort (a promo's learners).
    pub cohort_id: Option<i64>,
    /// Only users whose login, name or role (key or label) contains this
    /// text, case and accents folded (see [`super::text_filter`]).
    pub search: Option<String>,
}

/// Users ordered by login, after `after` (keyset pagination).
pub fn page(
    conn: &Connection,
    filter: &Filter,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<Listed>> {
    let sql = [
        SELECT,
        " WHERE u.login > ?1 AND (?2 IS NULL OR u.role_key = ?2) AND (?3 IS NULL OR u.id = ?3)
          AND (?4 IS NULL OR u.company_id = ?4) AND (?6 IS NULL OR u.cohort_id = ?6)
          AND (?7 IS NULL OR guichet_fold(u.login) LIKE ?7 ESCAPE '\\'
               OR guichet_fold(u.full_name) LIKE ?7 ESCAPE '\\'
               OR guichet_fold(u.role_key) LIKE ?7 ESCAPE '\\'
               OR EXISTS (SELECT 1 FROM roles r WHERE r.key = u.role_key
                          AND (guichet_fold(r.label_fr) LIKE ?7 ESCAPE '\\'
                               OR guichet_fold(r.label_en) LIKE ?7 ESCAPE '\\')))
          ORDER BY u.login LIMIT ?5",
    ]
    .concat();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            after,
            filter.role_key,
            filter.only_id,
            filter.company_id,
            page_limit(limit),
            filter.cohort_id,
            super::text_filter::pattern(filter.search.as_deref())
        ],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn active_members(conn: &Connection, role_key: &str) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM users WHERE role_key = ?1 AND active = 1")?
        .query_row([role_key], |r| r.get(0))?)
}

pub fn set_role(write: &Write, id: i64, role_key: &str, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE users SET role_key = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, role_key, now],
    )?;
    Ok(())
}

pub fn set_active(write: &Write, id: i64, active: bool, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active, now],
    )?;
    Ok(())
}

pub fn set_password_hash(write: &Write, id: i64, hash: &str, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE users SET password_hash = ?2, failed_attempts = 0, locked_until = NULL, updated_at = ?3
         WHERE id = ?1",
        params![id, hash, now],
    )?;
    Ok(())
}

pub fn set_lock(write: &Write, id: i64, lock: AccountLock) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE users SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, lock.failed_attempts, lock.locked_until],
    )?;
    Ok(())
}

/// Counts a sign-in attempt before its password is checked (see
/// `AccountLock::reserve`). It is journalled when it settles, in the next
/// transaction of the same sign-in; a process killed in between leaves the
/// attempt counted as a failure (failing closed) with no journal row.
pub fn reserve_attempt(write: &Write, id: i64, lock: AccountLock) -> StoreResult<()> {
    set_lock(write, id, lock)?;
    write.mark_recorded_later();
    Ok(())
}

pub struct Profile<'a> {
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub cohort_id: Option<i64>,
    pub company_id: Option<i64>,
}

pub fn set_profile(write: &Write, id: i64, profile: &Profile, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE users SET full_name = ?2, email = ?3, phone = ?4, cohort_id = ?5, company_id = ?6,
         updated_at = ?7 WHERE id = ?1",
        params![
            id,
            profile.full_name,
            profile.email,
            profile.phone,
            profile.cohort_id,
            profile.company_id,
            now
        ],
    )?;
    Ok(())
}
