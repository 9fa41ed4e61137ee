//! Bulk inserts for demo data (`guichet demo`): whole rows in their final
//! state, written through cached statements inside the caller's single
//! write transaction. The search index is built once at the end of the
//! load, from the same columns the triggers of `schema.sql` would fill.

use super::{StoreResult, Write};
use rusqlite::params;

/// A ticket row as it stands at the end of its demo life.
pub struct DemoTicket<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub status: &'a str,
    pub priority: &'a str,
    pub category_id: Option<i64>,
    pub requester_id: i64,
    pub company_id: Option<i64>,
    pub handling_role: &'a str,
    pub assignee_id: Option<i64>,
    pub opened_from_host: &'a str,
    pub closure_requested: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub taken_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Score, comment and when it was first given.
    pub rating: Option<(i64, Option<&'a str>, i64)>,
}

/// A larger page cache for the load: with SQLite's 2 MB default, index
/// pages are written out to the WAL and read back again and again (at
/// 100,000 tickets: 8.8 s of system time instead of 5 s). It lasts as long
/// as this connection.
pub fn prepare_bulk(write: &Write) -> StoreResult<()> {
    write.conn().execute_batch("PRAGMA cache_size = -262144;")?;
    Ok(())
}

pub fn insert_ticket(write: &Write, t: &DemoTicket) -> StoreResult<i64> {
    let (rating, rating_comment, rated_at) = match t.rating {
        Some((score, comment, at)) => (Some(score), comment, Some(at)),
        None => (None, None, None),
    };
    write
        .conn()
        .prepare_cached(
            "INSERT INTO tickets (title, description, status, priority, category_id, requester_id,
                company_id, handling_role, assignee_id, opened_from_host, closure_requested,
                created_at, updated_at, taken_at, resolved_at, closed_at, rating, rating_comment, rated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?
        .execute(params![
            t.title,
            t.description,
            t.status,
            t.priority,
            t.category_id,
            t.requester_id,
            t.company_id,
            t.handling_role,
            t.assignee_id,
            t.opened_from_host,
            t.closure_requested,
            t.created_at,
            t.updated_at,
            t.taken_at,
            t.resolved_at,
            t.closed_at,
            rating,
            rating_comment,
            rated_at
        ])?;
    Ok(write.conn().last_insert_rowid())
}

/// When each staff member was last handed a ticket (round-robin ties).
pub fn set_last_assigned(write: &Write, user_id: i64, at: i64) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached("UPDATE users SET last_assigned_at = ?2 WHERE id = ?1")?
        .execute(params![user_id, at])?;
    Ok(())
}

/// The triggers that keep `ticket_search` in step with each row.
const SEARCH_TRIGGERS: [&str; 3] = [
    "ticket_search_comment",
    "ticket_search_insert",
    "ticket_search_update",
];

/// Tables a demo fills with millions of rows.
const BULK_TABLES: [&str; 4] = ["audit_log", "ticket_comments", "tickets", "time_entries"];

/// What a bulk load took away, to put back exactly as it was defined.
pub struct BulkLoad {
    indexes: Vec<String>,
    triggers: Vec<String>,
}

/// For a bulk load into a new database, inside its one transaction: takes
/// away the search triggers (re-indexing a ticket at each of its comments)
/// and the secondary indexes of the bulk tables (building an index once,
/// sorted, is far cheaper than keeping it up to date row by row).
pub fn begin_bulk_load(write: &Write) -> StoreResult<BulkLoad> {
    let conn = write.conn();
    let mut triggers = Vec::new();
    for name in SEARCH_TRIGGERS {
        let sql: String = conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        triggers.push(sql);
        // Names cannot be bound parameters; these are the schema's own.
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    let mut indexes = Vec::new();
    for table in BULK_TABLES {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
        )?;
        let found: Vec<(String, String)> = stmt
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in found {
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            indexes.push(sql);
        }
    }
    Ok(BulkLoad { indexes, triggers })
}

/// Rebuilds the indexes, indexes every ticket for search in one pass (what
/// the triggers would have built), and restores the triggers.
pub fn end_bulk_load(write: &Write, load: BulkLoad) -> StoreResult<()> {
    let conn = write.conn();
    for definition in &load.indexes {
        conn.execute_batch(definition)?;
    }
    conn.execute_batch(
        "INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
         SELECT t.id, t.title, t.description,
             coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                       WHERE ticket_id = t.id AND visibility = 'public'), ''),
             coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                       WHERE ticket_id = t.id AND visibility = 'internal'), '')
         FROM tickets t;",
    )?;
    for definition in &load.triggers {
        conn.execute_batch(definition)?;
    }
    Ok(())
}
