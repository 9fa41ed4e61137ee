//! Programmes (formations), cohorts (promos) and companies.

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub id: i64,
    pub name: String,
    pub cohorts: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cohort {
    pub id: i64,
    pub name: String,
    pub programme_id: i64,
    pub programme: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub learners: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub created_at: i64,
}

pub fn insert_programme(write: &Write, name: &str, now: i64) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO programmes (name, created_at) VALUES (?1, ?2)",
        params![name, now],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn programme_id(conn: &Connection, name: &str) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM programmes WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Programmes by name after `after` (keyset pagination; names are unique);
/// with `search`, only those whose name contains it (see
/// [`super::text_filter`]).
pub fn programmes(
    conn: &Connection,
    search: Option<&str>,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<Programme>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, (SELECT count(*) FROM cohorts c WHERE c.programme_id = p.id), p.created_at
         FROM programmes p WHERE p.name > ?1
           AND (?3 IS NULL OR guichet_fold(p.name) LIKE ?3 ESCAPE '\\')
         ORDER BY p.name LIMIT ?2",
    )?;
    let pattern = super::text_filter::pattern(search);
    let rows = stmt.query_map(params![after, page_limit(limit), pattern], |r| {
        Ok(Programme {
            id: r.get(0)?,
            name: r.get(1)?,
            cohorts: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub struct NewCohort<'a> {
    pub name: &'a str,
    pub programme_id: i64,
    pub start_date: Option<&'a str>,
    pub end_date: Option<&'a str>,
    pub now: i64,
}

pub fn insert_cohort(write: &Write, new: &NewCohort) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO cohorts (name, programme_id, start_date, end_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![new.name, new.programme_id, new.start_date, new.end_date, new.now],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn cohort_exists(conn: &Connection, programme_id: i64, name: &str) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM cohorts WHERE programme_id = ?1 AND name = ?2")?
        .query_row(params![programme_id, name], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn cohort_by_id(conn: &Connection, id: i64) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cohorts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Cohorts with that name, across programmes (a name alone may be ambiguous).
pub fn cohort_ids_named(conn: &Connection, name: &str) -> StoreResult<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM cohorts WHERE name = ?1 ORDER BY id LIMIT 10")?;
    let rows = stmt.query_map([name], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Cohorts by (name, id) after the cursor, optionally of one programme;
/// with `search`, only those whose name contains it (see
/// [`super::text_filter`]).
pub fn cohorts(
    conn: &Connection,
    (programme_id, search): (Option<i64>, Option<&str>),
    after: (&str, i64),
    limit: u32,
) -> StoreResult<Vec<Cohort>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.programme_id, p.name, c.start_date, c.end_date,
                (SELECT count(*) FROM users u WHERE u.cohort_id = c.id), c.created_at
         FROM cohorts c JOIN programmes p ON p.id = c.programme_id
         WHERE (c.name, c.id) > (?1, ?2) AND (?3 IS NULL OR c.programme_id = ?3)
           AND (?5 IS NULL OR guichet_fold(c.name) LIKE ?5 ESCAPE '\\')
         ORDER BY c.name, c.id LIMIT ?4",
    )?;
    let pattern = super::text_filter::pattern(search);
    let rows = stmt.query_map(
        params![after.0, after.1, programme_id, page_limit(limit), pattern],
        |r| {
            Ok(Cohort {
                id: r.get(0)?,
                name: r.get(1)?,
                programme_id: r.get(2)?,
                programme: r.get(3)?,
                start_date: r.get(4)?,
                end_date: r.get(5)?,
                learners: r.get(6)?,
                created_at: r.get(7)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_company(write: &Write, name: &str, now: i64) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO companies (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
        params![name, now],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn company_id(conn: &Connection, name: &str) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM companies WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Active companies by name after `after`, optionally only one (scope
/// "company"); archived ones are left out (see [`super::companies`]).
pub fn companies(
    conn: &Connection,
    only_id: Option<i64>,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<Company>> {
    let mut stmt = conn.prepare_cached(
        "SELECT co.id, co.name, (SELECT count(*) FROM users u WHERE u.company_id = co.id), co.created_at
         FROM companies co WHERE co.archived_at IS NULL AND co.name > ?1 AND (?2 IS NULL OR co.id = ?2)
         ORDER BY co.name LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![after, only_id, page_limit(limit)], |r| {
        Ok(Company {
            id: r.get(0)?,
            name: r.get(1)?,
            members: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The programme a cohort follows.
pub fn programme_of_cohort(conn: &Connection, cohort_id: i64) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT p.name FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE c.id = ?1")?
        .query_row([cohort_id], |r| r.get(0))
        .optional()?)
}

pub fn rename_programme(write: &Write, id: i64, name: &str) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE programmes SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    Ok(())
}

/// A cohort's name and dates, as stored.
pub struct CohortFields<'a> {
    pub name: &'a str,
    pub start_date: Option<&'a str>,
    pub end_date: Option<&'a str>,
}

pub fn update_cohort(write: &Write, id: i64, fields: &CohortFields) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE cohorts SET name = ?2, start_date = ?3, end_date = ?4 WHERE id = ?1",
        params![id, fields.name, fields.start_date, fields.end_date],
    )?;
    Ok(())
}

/// One cohort with its programme's name and its number of learners.
pub fn cohort(conn: &Connection, id: i64) -> StoreResult<Option<Cohort>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id, c.name, c.programme_id, p.name, c.start_date, c.end_date,
                    (SELECT count(*) FROM users u WHERE u.cohort_id = c.id), c.created_at
             FROM cohorts c JOIN programmes p ON p.id = c.programme_id WHERE c.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Cohort {
                id: r.get(0)?,
                name: r.get(1)?,
                programme_id: r.get(2)?,
                programme: r.get(3)?,
                start_date: r.get(4)?,
                end_date: r.get(5)?,
                learners: r.get(6)?,
                created_at: r.get(7)?,
            })
        })
        .optional()?)
}

pub fn move_cohort(write: &Write, id: i64, programme_id: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE cohorts SET programme_id = ?2 WHERE id = ?1",
        params![id, programme_id],
    )?;
    Ok(())
}

/// Accounts of the cohort, active or not: each keeps it referenced.
pub fn cohort_members(conn: &Connection, id: i64) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM users WHERE cohort_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

pub fn programme_cohorts(conn: &Connection, id: i64) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM cohorts WHERE programme_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

pub fn delete_cohort(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM cohorts WHERE id = ?1", [id])?;
    Ok(())
}

pub fn delete_programme(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM programmes WHERE id = ?1", [id])?;
    Ok(())
}
