//! The audit log table: appending (with the hash chain), reading, verifying.

use super::{page_limit, StoreResult, Write};
use crate::domain::audit_action::AuditAction;
use crate::domain::audit_chain::{self, AuditContent, ChainKey, GENESIS};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// An entry about to be appended. Its id, `prev_hash` and hash are given
/// by the chain at append time.
#[derive(Clone, Debug)]
pub struct NewEntry {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_login: String,
    /// What happened; the object's kind comes with it.
    pub action: AuditAction,
    pub object_id: String,
    pub summary: String,
}

/// The login shown for changes the system makes itself.
pub const SYSTEM_ACTOR: &str = "system";

impl NewEntry {
    pub fn system(at: i64, action: AuditAction, object_id: &str, summary: String) -> NewEntry {
        NewEntry {
            at,
            actor_id: None,
            actor_login: SYSTEM_ACTOR.into(),
            action,
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
    pub(super) fn content(&self) -> AuditContent<'_> {
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

pub(super) fn from_row(row: &Row) -> rusqlite::Result<Entry> {
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
    let mut chain = Chain::start(write, entry.at)?;
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
    key: ChainKey,
}

/// The action of the entry that records a head which disagreed with the
/// table when writing resumed (entries had been cut off).
pub const CUT_OFF_ACTION: AuditAction = AuditAction::AuditCutOff;

impl Chain {
    /// Starts from the table's last entry, not from the recorded head: a
    /// head that disagrees (entries were cut off, or the head was deleted
    /// or moved) must not stop every later write. The disagreement itself
    /// is written into the chain first, at `now`, so that it stays
    /// detected once the head moves on.
    pub fn start(write: &Write, now: i64) -> StoreResult<Chain> {
        let key = write.site_key()?.chain_key();
        let (last_id, last_hash) = last_link(write.conn())?;
        let mut chain = Chain {
            last_id,
            last_hash,
            key,
        };
        if let Some(found) = head_disagreement(write.conn(), &chain)? {
            let summary = serde_json::json!({
                "head": found.as_str(),
                "table_last_id": chain.last_id,
            })
            .to_string();
            let entry = NewEntry::system(now, CUT_OFF_ACTION, "audit_log", summary);
            chain.append(write, &entry)?;
        }
        Ok(chain)
    }

    pub fn append(&mut self, write: &Write, entry: &NewEntry) -> StoreResult<i64> {
        let id = self.last_id + 1;
        let content = AuditContent {
            id,
            at: entry.at,
            actor_id: entry.actor_id,
            actor_login: &entry.actor_login,
            action: entry.action.key(),
            object_type: entry.action.object().key(),
            object_id: &entry.object_id,
            summary: &entry.summary,
        };
        let hash = audit_chain::entry_hash(&content, &self.last_hash, &self.key);
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
                entry.action.key(),
                entry.action.object().key(),
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
        let hash = audit_chain::entry_hash(content, &self.last_hash, &self.key);
        self.last_id = content.id;
        let prev_hash = std::mem::replace(&mut self.last_hash, hash.clone());
        (prev_hash, hash)
    }

    /// Writes the head back, sealed with the key.
    pub fn finish(self, write: &Write) -> StoreResult<()> {
        let seal = audit_chain::head_seal(self.last_id, &self.last_hash, &self.key);
        write
            .conn()
            .prepare_cached(
                "INSERT INTO audit_head (singleton, last_id, last_hash, seal) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (singleton) DO UPDATE
                 SET last_id = excluded.last_id, last_hash = excluded.last_hash, seal = excluded.seal",
            )?
            .execute(params![self.last_id, self.last_hash, seal])?;
        Ok(())
    }
}

/// The id and hash of the table's last entry (0 and the genesis hash for
/// an empty log).
pub(super) fn last_link(conn: &Connection) -> StoreResult<(i64, String)> {
    let last = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(last.unwrap_or((0, GENESIS.to_string())))
}

/// How the recorded head disagrees with the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeadFound {
    Missing,
    Moved,
    Forged,
}

impl HeadFound {
    fn as_str(self) -> &'static str {
        match self {
            HeadFound::Missing => "missing",
            HeadFound::Moved => "moved",
            HeadFound::Forged => "forged",
        }
    }
}

fn head_disagreement(conn: &Connection, chain: &Chain) -> StoreResult<Option<HeadFound>> {
    let head = read_head(conn)?;
    Ok(check_head(
        head,
        chain.last_id,
        &chain.last_hash,
        &chain.key,
    ))
}

/// The recorded head: last id, last hash and seal (none before migration 7).
pub(super) type Head = (i64, String, Option<String>);

pub(super) fn read_head(conn: &Connection) -> StoreResult<Option<Head>> {
    Ok(conn
        .prepare_cached("SELECT last_id, last_hash, seal FROM audit_head WHERE singleton = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Whether `head` is the sealed record of the chain ending at
/// `last_id`/`last_hash`; an empty log may have no head.
pub(super) fn check_head(
    head: Option<Head>,
    last_id: i64,
    last_hash: &str,
    key: &ChainKey,
) -> Option<HeadFound> {
    let Some((head_id, head_hash, seal)) = head else {
        return (last_id > 0).then_some(HeadFound::Missing);
    };
    if head_id != last_id || head_hash != last_hash {
        return Some(HeadFound::Moved);
    }
    let sealed = seal.is_some_and(|s| s == audit_chain::head_seal(head_id, &head_hash, key));
    (!sealed).then_some(HeadFound::Forged)
}

/// Seals the head of a log written before heads were sealed (migration 7),
/// if it still agrees with the table; one that does not is left unsealed,
/// and the next write records it.
pub(super) fn seal_legacy_head(write: &Write) -> StoreResult<()> {
    let key = write.site_key()?.chain_key();
    let (last_id, last_hash) = last_link(write.conn())?;
    match read_head(write.conn())? {
        Some((id, hash, None)) if id == last_id && hash == last_hash => {
            let seal = audit_chain::head_seal(id, &hash, &key);
            write.conn().execute(
                "UPDATE audit_head SET seal = ?1 WHERE singleton = 1",
                params![seal],
            )?;
            Ok(())
        }
        _ => Ok(()),
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
    pub hidden_actions: Vec<AuditAction>,
}

const SELECT: &str =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash
    FROM audit_log WHERE 1 = 1";

/// The same, through one actor's entries of one action: without
/// statistics SQLite rates `(actor_login, id)` with an id window as good,
/// and reads every entry of a busy actor in the window to find a few.
const SELECT_BY_ACTOR_ACTION: &str =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash
    FROM audit_log INDEXED BY audit_by_actor_action WHERE 1 = 1";

/// Appends the conditions of the filters actually given, from fixed
/// fragments with bound values: a `(? IS NULL OR …)` form would keep
/// SQLite off the indexes (a full scan of millions of entries).
fn push_filter(filter: &Filter, sql: &mut String, values: &mut Vec<Value>) {
    let index = super::audit_query::Narrowest::of(filter);
    // A unary `+` keeps SQLite off a column's index: without statistics it
    // cannot know which filter narrows most, and an index it picks by
    // chance can read millions of entries for an empty page (an unknown
    // actor read through the kind `ticket`: 80 ms at 140,000 entries).
    let plus = |served: bool| if served { "" } else { "+" };
    if let Some(actor) = &filter.actor_login {
        // Logins are stored lowercase; comparing without COLLATE keeps the index.
        sql.push_str(" AND ");
        sql.push_str(plus(matches!(
            index,
            super::audit_query::Narrowest::Actor | super::audit_query::Narrowest::ActorAction
        )));
        sql.push_str("actor_login = ?");
        values.push(Value::Text(actor.trim().to_lowercase()));
    }
    if let Some(object_type) = &filter.object_type {
        let served = matches!(
            index,
            super::audit_query::Narrowest::Object | super::audit_query::Narrowest::Kind
        );
        sql.push_str(" AND ");
        sql.push_str(plus(served));
        sql.push_str("object_type = ?");
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
                sql.push_str(" AND ");
                sql.push_str(plus(matches!(
                    index,
                    super::audit_query::Narrowest::Action
                        | super::audit_query::Narrowest::ActorAction
                )));
                sql.push_str("action = ?");
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
            serde_json::Value::from(
                filter
                    .hidden_actions
                    .iter()
                    .map(|a| a.key())
                    .collect::<Vec<_>>(),
            )
            .to_string(),
        ));
    }
}

fn query(conn: &Connection, sql: &str, values: Vec<Value>) -> StoreResult<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which page of the log a read takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The newest entries.
    Newest,
    /// The newest entries with an id in `above < id <= upto`.
    Between { above: i64, upto: i64 },
    /// The oldest entries with an id greater than this one.
    After(i64),
}

/// The statement of one page, from fixed fragments with bound values.
pub(super) fn statement(filter: &Filter, page: Page, limit: u32) -> (String, Vec<Value>) {
    let by_actor_action =
        super::audit_query::Narrowest::of(filter) == super::audit_query::Narrowest::ActorAction;
    let mut sql = String::from(if by_actor_action {
        SELECT_BY_ACTOR_ACTION
    } else {
        SELECT
    });
    let mut values = Vec::new();
    push_filter(filter, &mut sql, &mut values);
    match page {
        Page::Newest => sql.push_str(" ORDER BY id DESC LIMIT ?"),
        Page::Between { above, upto } => {
            sql.push_str(" AND id > ? AND id <= ? ORDER BY id DESC LIMIT ?");
            values.extend([Value::Integer(above), Value::Integer(upto)]);
        }
        Page::After(after) => {
            sql.push_str(" AND id > ? ORDER BY id LIMIT ?");
            values.push(Value::Integer(after));
        }
    }
    values.push(Value::Integer(page_limit(limit)));
    (sql, values)
}

/// One page of entries matching `filter`, oldest first. An action prefix
/// is read as the actions it stands for (`audit_query.rs` says why).
pub fn read(conn: &Connection, filter: &Filter, page: Page, limit: u32) -> StoreResult<Vec<Entry>> {
    let mut entries = match super::audit_query::prefix_actions(conn, filter)? {
        Some(actions) => {
            super::audit_query::read_by_actions(conn, filter, &actions, page, limit, read_raw)?
        }
        None => read_raw(conn, filter, page, limit)?,
    };
    if let Page::After(_) = page {
        return Ok(entries);
    }
    // Read newest first to stop at the page; a tail reads top to bottom.
    entries.reverse();
    Ok(entries)
}

/// One page in the order its statement reads it.
pub(super) fn read_raw(
    conn: &Connection,
    filter: &Filter,
    page: Page,
    limit: u32,
) -> StoreResult<Vec<Entry>> {
    let (sql, values) = statement(filter, page, limit);
    query(conn, &sql, values)
}

pub use super::audit_query::plan;

/// Entries with id greater than `after`, oldest first: the page after a
/// cursor, or the new entries since the last poll of a live tail.
pub fn page_after(
    conn: &Connection,
    filter: &Filter,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Entry>> {
    read(conn, filter, Page::After(after), limit)
}

/// The newest `limit` entries matching `filter`, returned oldest first
/// (a tail reads top to bottom).
pub fn last(conn: &Connection, filter: &Filter, limit: u32) -> StoreResult<Vec<Entry>> {
    read(conn, filter, Page::Newest, limit)
}

/// The newest `limit` entries matching `filter` with an id in
/// `above < id <= upto`, oldest first: one step of a scan far back, which
/// reads a bounded stretch of the log however rare the matches are.
pub fn last_between(
    conn: &Connection,
    filter: &Filter,
    above: i64,
    upto: i64,
    limit: u32,
) -> StoreResult<Vec<Entry>> {
    read(conn, filter, Page::Between { above, upto }, limit)
}

pub fn last_id(conn: &Connection) -> StoreResult<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// The action of the entry that records the day's line of the audit head
/// in the error log; its object is the day, `YYYY-MM-DD` in the site's
/// zone.
pub const HEAD_LOGGED: AuditAction = AuditAction::AuditHeadLogged;

/// The latest day whose audit head was written to the error log: one probe
/// of the index by action.
pub fn last_head_logged_day(conn: &Connection) -> StoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT object_id FROM audit_log WHERE action = ?1 ORDER BY id DESC LIMIT 1",
            [HEAD_LOGGED.key()],
            |r| r.get(0),
        )
        .optional()?)
}
