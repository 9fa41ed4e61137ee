//! What is done on a ticket: comments, time entries, attachments; and the
//! categories tickets are filed under.

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub author_login: String,
    pub body: String,
    pub internal: bool,
    pub created_at: i64,
}

pub fn insert_comment(
    write: &Write,
    ticket_id: i64,
    author_id: i64,
    body: &str,
    internal: bool,
    now: i64,
) -> StoreResult<i64> {
    write.conn().prepare_cached(
        "INSERT INTO ticket_comments (ticket_id, author_id, body, visibility, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![ticket_id, author_id, body, if internal { "internal" } else { "public" }, now])?;
    Ok(write.conn().last_insert_rowid())
}

/// A ticket's comments after `after`, oldest first; internal ones only when
/// asked for (the service decides who may see them).
pub fn comments(
    conn: &Connection,
    ticket_id: i64,
    with_internal: bool,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Comment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.ticket_id, c.author_id, u.login, c.body, c.visibility = 'internal', c.created_at
         FROM ticket_comments c JOIN users u ON u.id = c.author_id
         WHERE c.ticket_id = ?1 AND c.id > ?2 AND (?3 OR c.visibility = 'public')
         ORDER BY c.id LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![ticket_id, after, with_internal, page_limit(limit)],
        |r| {
            Ok(Comment {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                author_id: r.get(2)?,
                author_login: r.get(3)?,
                body: r.get(4)?,
                internal: r.get(5)?,
                created_at: r.get(6)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeEntry {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub author_login: String,
    pub minutes: i64,
    pub worked_on: String,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

fn time_from_row(r: &Row) -> rusqlite::Result<TimeEntry> {
    Ok(TimeEntry {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        author_id: r.get(2)?,
        author_login: r.get(3)?,
        minutes: r.get(4)?,
        worked_on: r.get(5)?,
        note: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

const TIME_SELECT: &str =
    "SELECT e.id, e.ticket_id, e.author_id, u.login, e.minutes, e.worked_on, e.note,
    e.created_at, e.updated_at FROM time_entries e JOIN users u ON u.id = e.author_id";

pub struct TimeFields<'a> {
    pub minutes: i64,
    pub worked_on: &'a str,
    pub note: &'a str,
}

pub fn insert_time(
    write: &Write,
    ticket_id: i64,
    author_id: i64,
    fields: &TimeFields,
    now: i64,
) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO time_entries (ticket_id, author_id, minutes, worked_on, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(params![ticket_id, author_id, fields.minutes, fields.worked_on, fields.note, now])?;
    Ok(write.conn().last_insert_rowid())
}

pub fn update_time(write: &Write, id: i64, fields: &TimeFields, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE time_entries SET minutes = ?2, worked_on = ?3, note = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, fields.minutes, fields.worked_on, fields.note, now],
    )?;
    Ok(())
}

/// When the site was created: the time of the first audit entry (the
/// log is append-only, so this cannot move). None on an empty log.
pub fn site_created_at(conn: &Connection) -> StoreResult<Option<i64>> {
    Ok(conn
        .query_row("SELECT at FROM audit_log ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn time_entry(conn: &Connection, id: i64) -> StoreResult<Option<TimeEntry>> {
    let sql = [TIME_SELECT, " WHERE e.id = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], time_from_row)
        .optional()?)
}

pub fn time_entries(
    conn: &Connection,
    ticket_id: i64,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<TimeEntry>> {
    let sql = [
        TIME_SELECT,
        " WHERE e.ticket_id = ?1 AND e.id > ?2 ORDER BY e.id LIMIT ?3",
    ]
    .concat();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![ticket_id, after, page_limit(limit)], time_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn total_minutes(conn: &Connection, ticket_id: i64) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE ticket_id = ?1")?
        .query_row([ticket_id], |r| r.get(0))?)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub ticket_id: i64,
    pub uploader_login: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub label: String,
    pub created_at: i64,
}

pub struct NewAttachment<'a> {
    pub ticket_id: i64,
    pub uploader_id: i64,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub label: &'a str,
    pub now: i64,
}

pub fn insert_attachment(write: &Write, new: &NewAttachment) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO attachments (ticket_id, uploader_id, sha256, size_bytes, label, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.ticket_id,
            new.uploader_id,
            new.sha256,
            new.size_bytes,
            new.label,
            new.now
        ],
    )?;
    Ok(write.conn().last_insert_rowid())
}

const ATTACHMENT_SELECT: &str =
    "SELECT a.id, a.ticket_id, u.login, a.sha256, a.size_bytes, a.label, a.created_at
    FROM attachments a JOIN users u ON u.id = a.uploader_id";

fn attachment_from_row(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        uploader_login: r.get(2)?,
        sha256: r.get(3)?,
        size_bytes: r.get(4)?,
        label: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub fn attachment(conn: &Connection, id: i64) -> StoreResult<Option<Attachment>> {
    let sql = [ATTACHMENT_SELECT, " WHERE a.id = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], attachment_from_row)
        .optional()?)
}

pub fn attachments(
    conn: &Connection,
    ticket_id: i64,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Attachment>> {
    let sql = [
        ATTACHMENT_SELECT,
        " WHERE a.ticket_id = ?1 AND a.id > ?2 ORDER BY a.id LIMIT ?3",
    ]
    .concat();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![ticket_id, after, page_limit(limit)],
        attachment_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

pub fn insert_category(write: &Write, name: &str, now: i64) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO categories (name, created_at) VALUES (?1, ?2)",
        params![name, now],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn rename_category(write: &Write, id: i64, name: &str) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE categories SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    Ok(())
}

pub fn category_named(conn: &Connection, name: &str) -> StoreResult<Option<Category>> {
    Ok(conn
        .prepare_cached("SELECT id, name, active FROM categories WHERE name = ?1")?
        .query_row([name], |r| {
            Ok(Category {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get(2)?,
            })
        })
        .optional()?)
}

/// Categories by name after `after`; with `search`, only those whose name
/// contains it (see [`super::text_filter`]).
pub fn categories(
    conn: &Connection,
    search: Option<&str>,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, active FROM categories WHERE name > ?1
           AND (?3 IS NULL OR guichet_fold(name) LIKE ?3 ESCAPE '\\')
         ORDER BY name LIMIT ?2",
    )?;
    let pattern = super::text_filter::pattern(search);
    let rows = stmt.query_map(params![after, page_limit(limit), pattern], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            active: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
