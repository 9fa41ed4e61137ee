//! The bulk-load side of `demo`: the journal mode, and the triggers and
//! indexes taken away during the load and put back after it.

use super::{StoreResult, Write};
use rusqlite::{params, Connection};

/// Sets the journal mode; gives the mode in force after (SQLite keeps the
/// old one when it cannot change it).
fn journal_mode(conn: &Connection, mode: &str) -> StoreResult<String> {
    // PRAGMA takes no bound parameters; `mode` is one of ours.
    let sql = format!("PRAGMA journal_mode = {mode}");
    match conn.query_row(&sql, [], |r| r.get::<_, String>(0)) {
        Ok(now) => Ok(now),
        Err(e) => {
            let error = super::StoreError::from(e);
            if error.is_busy() {
                Ok(String::new())
            } else {
                Err(error)
            }
        }
    }
}

/// Before the load's transaction: a rollback journal instead of the WAL.
/// In WAL mode each page of the load is written twice (to the log, and
/// back into the file at the checkpoint after the commit), and each page
/// read that misses the cache searches a log of a million frames. With a
/// rollback journal the pages past the file's end are written once, in
/// place; the journal keeps only the few pages the file had, so a crash
/// still takes the whole load back. Another connection to the file keeps
/// the WAL (the load is then only slower); gives whether it was left.
pub fn leave_wal(conn: &Connection) -> StoreResult<bool> {
    Ok(journal_mode(conn, "DELETE")?.eq_ignore_ascii_case("delete"))
}

/// After the load, committed or not: back to the WAL. If another
/// connection holds the file meanwhile, the next one to open it switches.
pub fn back_to_wal(conn: &Connection) -> StoreResult<()> {
    journal_mode(conn, "WAL")?;
    Ok(())
}

/// Before the load's transaction (these pragmas do nothing inside one):
/// no foreign key or CHECK constraint is checked row by row. The rows are
/// the demo's own, generated to fit the schema, with the ids it gave out;
/// checking each cost a fifth of the load (a parent lookup per reference,
/// a JSON parse per audit summary). `tests/demo.rs` proves a demo file
/// passes `foreign_key_check` and `integrity_check`, which reads the CHECK
/// constraints again.
pub fn pause_checks(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;")?;
    Ok(())
}

/// After the load, committed or not: every check back on.
pub fn resume_checks(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF;")?;
    Ok(())
}

/// A larger page cache for the load: with SQLite's 2 MB default, index
/// pages are written out and read back again and again (at 100,000
/// tickets, in WAL mode: 8.8 s of system time instead of 5 s). 64 MB, not
/// more: SQLite's sorter takes as much again when it builds an index, and
/// 256 MB (twice) made a million-ticket load peak at 558 MB, for no time
/// saved (200,000 tickets: the same CPU time with 64 MB). It lasts as long
/// as this connection.
pub fn prepare_bulk(write: &Write) -> StoreResult<()> {
    write.conn().execute_batch("PRAGMA cache_size = -65536;")?;
    Ok(())
}

/// When each staff member was last handed a ticket (round-robin ties).
pub fn set_last_assigned(write: &Write, user_id: i64, at: i64) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached("UPDATE users SET last_assigned_at = ?2 WHERE id = ?1")?
        .execute(params![user_id, at])?;
    Ok(())
}

/// The triggers that keep `ticket_search` in step with each row, and the
/// one that logs a ticket's first status (a demo ticket is written in its
/// final status; the loader logs each status it went through).
const BULK_TRIGGERS: [&str; 4] = [
    "ticket_search_comment",
    "ticket_search_insert",
    "ticket_search_update",
    "ticket_status_log_insert",
];

/// Tables a demo fills with millions of rows.
const BULK_TABLES: [&str; 5] = [
    "audit_log",
    "ticket_comments",
    "ticket_status_log",
    "tickets",
    "time_entries",
];

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
    for name in BULK_TRIGGERS {
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

/// FTS5's bound on the search index data it holds in memory before writing
/// it out as a new segment: its default, and the one for the load.
const FTS_HASHSIZE: (i64, i64) = (1_048_576, 64 * 1_048_576);

/// Rebuilds the indexes taken away, each in one sorted pass. Keeping the
/// audit log's up to date row by row instead cost more than twice what
/// building them does (200,000 tickets: 7 s of CPU more for 3 s less).
pub fn rebuild_indexes(write: &Write, load: &BulkLoad) -> StoreResult<()> {
    let conn = write.conn();
    for definition in &load.indexes {
        conn.execute_batch(definition)?;
    }
    Ok(())
}

/// Indexes every ticket for search in one pass (what the triggers would
/// have built), and restores the triggers. The search index is built
/// holding up to 64 MB in memory instead of 1 MB: far fewer segments to
/// write and merge again as it grows (1M tickets: 14 s to 8 s); the
/// setting then goes back to its default.
pub fn build_search(write: &Write, load: BulkLoad) -> StoreResult<()> {
    let conn = write.conn();
    let set_hashsize = "INSERT INTO ticket_search (ticket_search, rank) VALUES ('hashsize', ?1)";
    conn.execute(set_hashsize, [FTS_HASHSIZE.1])?;
    conn.execute_batch(
        "INSERT INTO ticket_search (rowid, title, description, public_comments, internal_comments)
         SELECT t.id, t.title, t.description,
             coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                       WHERE ticket_id = t.id AND visibility = 'public'), ''),
             coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                       WHERE ticket_id = t.id AND visibility = 'internal'), '')
         FROM tickets t;",
    )?;
    conn.execute(set_hashsize, [FTS_HASHSIZE.0])?;
    for definition in &load.triggers {
        conn.execute_batch(definition)?;
    }
    Ok(())
}
