//! The audit log table: appending (with the hash chain), reading, verifying.

use super::{page_limit, StoreResult, Write};
use crate::domain::audit_chain::{self, AuditContent, ChainFault, GENESIS};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// An entry about to be appended. Its id, `prev_hash` and hash are given
/// by the chain at append time.
#[derive(Clone, Debug)]
pub struct NewEntry {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_login: String,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    pub summary: String,
}

/// The login shown for changes the system makes itself.
pub const SYSTEM_ACTOR: &str = "system";

impl NewEntry {
    pub fn system(
        at: i64,
        action: &'static str,
        object_type: &'static str,
        object_id: &str,
        summary: String,
    ) -> NewEntry {
        NewEntry {
            at,
            actor_id: None,
            actor_login: SYSTEM_ACTOR.into(),
            action,
            object_type,
            object_id: object_id.into(),
            summary,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_login: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    fn content(&self) -> AuditContent<'_> {
        AuditContent {
            id: self.id,
            at: self.at,
            actor_id: self.actor_id,
            actor_login: &self.actor_login,
            action: &self.action,
            object_type: &self.object_type,
            object_id: &self.object_id,
            summary: &self.summary,
        }
    }
}

fn from_row(row: &Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        at: row.get(1)?,
        actor_id: row.get(2)?,
        actor_login: row.get(3)?,
        action: row.get(4)?,
        object_type: row.get(5)?,
        object_id: row.get(6)?,
        summary: row.get(7)?,
        prev_hash: row.get(8)?,
        hash: row.get(9)?,
    })
}

/// Appends one entry at the end of the chain, inside the caller's write
/// transaction (whose write lock keeps the chain a single line).
pub fn append(write: &Write, entry: &NewEntry) -> StoreResult<i64> {
    let mut chain = Chain::start(write)?;
    let id = chain.append(write, entry)?;
    chain.finish(write)?;
    Ok(id)
}

/// The end of the chain, held in memory while entries are appended within
/// one write transaction, and written back once by [`Chain::finish`]: a
/// bulk load appends millions of entries without re-reading and rewriting
/// the head each time. Nothing else may append to the log meanwhile.
pub struct Chain {
    last_id: i64,
    last_hash: String,
}

impl Chain {
    pub fn start(write: &Write) -> StoreResult<Chain> {
        let head: Option<(i64, String)> = write
            .conn()
            .prepare_cached("SELECT last_id, last_hash FROM audit_head WHERE singleton = 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (last_id, last_hash) = head.unwrap_or((0, GENESIS.to_string()));
        Ok(Chain { last_id, last_hash })
    }

    pub fn append(&mut self, write: &Write, entry: &NewEntry) -> StoreResult<i64> {
        let id = self.last_id + 1;
        let content = AuditContent {
            id,
            at: entry.at,
            actor_id: entry.actor_id,
            actor_login: &entry.actor_login,
            action: entry.action,
            object_type: entry.object_type,
            object_id: &entry.object_id,
            summary: &entry.summary,
        };
        let hash = audit_chain::entry_hash(&content, &self.last_hash);
        write
            .conn()
            .prepare_cached(
                "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                entry.at,
                entry.actor_id,
                entry.actor_login,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.summary,
                self.last_hash,
                hash
            ])?;
        write.mark_recorded();
        self.last_id = id;
        self.last_hash = hash;
        Ok(id)
    }

    /// The id the next entry gets.
    pub fn next_id(&self) -> i64 {
        self.last_id + 1
    }

    /// Moves the end of the chain past `content`, whose id must be
    /// [`Chain::next_id`], without writing it: for a caller that inserts
    /// entries in batches (the demo's bulk load). Gives the entry's
    /// `prev_hash` and hash.
    pub fn link(&mut self, content: &AuditContent<'_>) -> (String, String) {
        debug_assert_eq!(content.id, self.next_id());
        let hash = audit_chain::entry_hash(content, &self.last_hash);
        self.last_id = content.id;
        let prev_hash = std::mem::replace(&mut self.last_hash, hash.clone());
        (prev_hash, hash)
    }

    pub fn finish(self, write: &Write) -> StoreResult<()> {
        write
            .conn()
            .prepare_cached(
                "INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?1, ?2)
                 ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
            )?
            .execute(params![self.last_id, self.last_hash])?;
        Ok(())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub actor_login: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// One action (`ticket.status`), or all those starting with a prefix
    /// written with a final `*` (`ticket.*`).
    pub action: Option<String>,
    /// Entries at or after this instant.
    pub since: Option<i64>,
    /// Entries before this instant.
    pub until: Option<i64>,
    /// Actions to leave out (what the reader may not see).
    pub hidden_actions: Vec<String>,
}

const SELECT: &str =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash
    FROM audit_log WHERE 1 = 1";

/// Appends the conditions of the filters actually given, from fixed
/// fragments with bound values: a `(? IS NULL OR …)` form would keep
/// SQLite off the indexes (a full scan of millions of entries).
fn push_filter(filter: &Filter, sql: &mut String, values: &mut Vec<Value>) {
    if let Some(actor) = &filter.actor_login {
        // Logins are stored lowercase; comparing without COLLATE keeps the index.
        sql.push_str(" AND actor_login = ?");
        values.push(Value::Text(actor.trim().to_lowercase()));
    }
    if let Some(object_type) = &filter.object_type {
        sql.push_str(" AND object_type = ?");
        values.push(Value::Text(object_type.clone()));
    }
    if let Some(object_id) = &filter.object_id {
        sql.push_str(" AND object_id = ?");
        values.push(Value::Text(object_id.clone()));
    }
    if let Some(action) = &filter.action {
        match action.strip_suffix('*') {
            Some(prefix) => {
                sql.push_str(" AND substr(action, 1, ?) = ?");
                values.push(Value::Integer(prefix.chars().count() as i64));
                values.push(Value::Text(prefix.to_string()));
            }
            None => {
                // An actor or an object narrows far more than an action (one
                // of a few kinds); the unary `+` keeps SQLite on their index,
                // which it cannot know without statistics (1 s instead of
                // 30 µs at 6M).
                let narrower = filter.actor_login.is_some() || filter.object_type.is_some();
                sql.push_str(if narrower {
                    " AND +action = ?"
                } else {
                    " AND action = ?"
                });
                values.push(Value::Text(action.clone()));
            }
        }
    }
    if let Some(since) = filter.since {
        sql.push_str(" AND at >= ?");
        values.push(Value::Integer(since));
    }
    if let Some(until) = filter.until {
        sql.push_str(" AND at < ?");
        values.push(Value::Integer(until));
    }
    if !filter.hidden_actions.is_empty() {
        sql.push_str(" AND action NOT IN (SELECT value FROM json_each(?))");
        values.push(Value::Text(
            serde_json::Value::from(filter.hidden_actions.clone()).to_string(),
        ));
    }
}

fn query(conn: &Connection, sql: &str, values: Vec<Value>) -> StoreResult<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Entries with id greater than `after`, oldest first: the page after a
/// cursor, or the new entries since the last poll of a live tail.
pub fn page_after(
    conn: &Connection,
    filter: &Filter,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Entry>> {
    let mut sql = String::from(SELECT);
    let mut values = Vec::new();
    push_filter(filter, &mut sql, &mut values);
    sql.push_str(" AND id > ? ORDER BY id LIMIT ?");
    values.extend([Value::Integer(after), Value::Integer(page_limit(limit))]);
    query(conn, &sql, values)
}

/// The newest `limit` entries matching `filter`, returned oldest first
/// (a tail reads top to bottom).
pub fn last(conn: &Connection, filter: &Filter, limit: u32) -> StoreResult<Vec<Entry>> {
    let mut sql = String::from(SELECT);
    let mut values = Vec::new();
    push_filter(filter, &mut sql, &mut values);
    sql.push_str(" ORDER BY id DESC LIMIT ?");
    values.push(Value::Integer(page_limit(limit)));
    let mut entries = query(conn, &sql, values)?;
    entries.reverse();
    Ok(entries)
}

pub fn last_id(conn: &Connection) -> StoreResult<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// Where the chain first goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenAt {
    /// The first entry that does not check out (for a truncation, the
    /// recorded head that is missing).
    pub id: i64,
    pub fault: ChainFault,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub last_id: i64,
}

/// Walks the whole chain in pages (constant memory) and names the first
/// entry that does not check out.
pub fn verify(conn: &Connection) -> StoreResult<Result<Verified, BrokenAt>> {
    let mut expected_prev = GENESIS.to_string();
    let mut after = 0;
    let mut count = 0u64;
    let mut previous_id = 0;
    loop {
        let page = page_after(conn, &Filter::default(), after, 500)?;
        if page.is_empty() {
            break;
        }
        for entry in &page {
            // Ids are handed out one after another; a gap is a deleted entry.
            if entry.id != previous_id + 1 {
                return Ok(Err(BrokenAt {
                    id: entry.id,
                    fault: ChainFault::BrokenLink,
                }));
            }
            if let Err(fault) = audit_chain::check_entry(
                &entry.content(),
                &entry.prev_hash,
                &entry.hash,
                &expected_prev,
            ) {
                return Ok(Err(BrokenAt {
                    id: entry.id,
                    fault,
                }));
            }
            expected_prev.clone_from(&entry.hash);
            previous_id = entry.id;
            count += 1;
        }
        after = previous_id;
    }
    let head: Option<(i64, String)> = conn
        .query_row(
            "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((head_id, head_hash)) = head {
        if head_id != previous_id || head_hash != expected_prev {
            return Ok(Err(BrokenAt {
                id: head_id.max(previous_id + 1),
                fault: ChainFault::Truncated,
            }));
        }
    }
    Ok(Ok(Verified {
        entries: count,
        last_id: previous_id,
    }))
}
