//! The only place that speaks SQL. Every query is parameterised; lists are
//! keyset-paginated; every write goes through [`Store::write`], which opens
//! a `BEGIN IMMEDIATE` transaction and refuses to commit a change that
//! recorded no audit (or journal) entry.

pub mod audit;
mod audit_query;
pub mod audit_verify;
pub mod backup;
pub mod blobs;
// Issue 15, companies and clients (+ the CRM demo data).
pub mod companies;
pub mod crm_clients;
pub mod demo_crm;
// End of issue 15's clients block.
// Issue 15: contracts and events.
pub mod crm_contracts;
pub mod crm_events;
// Issue 15: what the CRM's forms pick from as you type.
pub mod crm_pickers;
pub mod demo;
mod demo_bulk;
pub mod drafts;
mod error;
pub mod host_files;
pub mod journal;
mod keyed;
pub mod migrate;
pub mod netfs;
pub mod notifications;
mod open;
pub mod org;
mod private_file;
pub mod roles;
pub mod site_key;
pub mod sla;
pub mod sla_state;
pub mod synthetic;
pub mod text_filter;
pub mod ticket_filters;
mod ticket_list;
pub mod ticket_work;
pub mod tickets;
pub mod users;

pub use error::{StoreError, StoreResult};
pub use open::OpenOptions;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Attempts at `BEGIN IMMEDIATE` when SQLite still answers busy after its
/// own busy timeout: a small bounded retry, never an endless loop.
const WRITE_ATTEMPTS: u32 = 4;

/// One connection to one database file. Connections are not shared between
/// threads: each thread opens its own.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The site key, if its file was there when the store was opened.
    key: Option<site_key::SiteKey>,
    key_path: PathBuf,
}

/// A write transaction in progress. Store functions that change data take
/// `&Write`; the transaction commits only if at least one audit or journal
/// entry was appended to it.
pub struct Write<'c> {
    tx: Transaction<'c>,
    records: std::cell::Cell<u32>,
    key: Option<&'c site_key::SiteKey>,
    key_path: &'c Path,
}

impl Write<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The site key, which every audited write needs (the chain is keyed):
    /// a missing key file fails the write, saying where the file belongs.
    pub fn site_key(&self) -> StoreResult<&site_key::SiteKey> {
        self.key.ok_or_else(|| StoreError::KeyMissing {
            path: self.key_path.to_path_buf(),
        })
    }

    pub(crate) fn mark_recorded(&self) {
        self.records.set(self.records.get() + 1);
    }

    /// For a sign-in's reservation only: a count raised now whose journal
    /// row is written by the transaction that settles the attempt.
    pub(crate) fn mark_recorded_later(&self) {
        self.mark_recorded();
    }
}

impl Store {
    pub fn open(path: &Path, options: &OpenOptions) -> StoreResult<Store> {
        let key_path = site_key::SiteKey::path_for(path);
        let conn = open::open_connection(path, &key_path, options)?;
        let key = site_key::SiteKey::load(&key_path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key,
            key_path,
        })
    }

    /// The site key, for reads that check keyed hashes (`audit verify`).
    pub fn site_key(&self) -> StoreResult<&site_key::SiteKey> {
        self.key.as_ref().ok_or_else(|| StoreError::KeyMissing {
            path: self.key_path.clone(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For reads: each statement sees a consistent snapshot.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction, retrying a few times
    /// if the database stays busy, and commits only if `body` succeeded and
    /// recorded its change. A body that found nothing to change (another
    /// process got there first) changes nothing and needs no record.
    pub fn write<T, E>(&mut self, mut body: impl FnMut(&Write) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_write(&mut body) {
                Err(TryWrite::Busy) if attempt < WRITE_ATTEMPTS => {
                    std::thread::sleep(Duration::from_millis(20 * u64::from(attempt)));
                }
                Err(TryWrite::Busy) => return Err(StoreError::Busy { attempts: attempt }.into()),
                Err(TryWrite::Failed(e)) => return Err(e),
                Ok(value) => return Ok(value),
            }
        }
    }

    fn try_write<T, E>(
        &mut self,
        body: &mut impl FnMut(&Write) -> Result<T, E>,
    ) -> Result<T, TryWrite<E>>
    where
        E: From<StoreError>,
    {
        let changes_before = self.conn.total_changes();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or_failed(StoreError::from(e)))?;
        let write = Write {
            tx,
            records: std::cell::Cell::new(0),
            key: self.key.as_ref(),
            key_path: &self.key_path,
        };
        let value = body(&write).map_err(TryWrite::Failed)?;
        if write.records.get() == 0 {
            if write.tx.total_changes() == changes_before {
                // Dropping the transaction rolls it back: there is nothing.
                return Ok(value);
            }
            return Err(TryWrite::Failed(StoreError::Unrecorded.into()));
        }
        write
            .tx
            .commit()
            .map_err(|e| busy_or_failed(StoreError::from(e)))?;
        Ok(value)
    }

    /// The same as [`Store::write`], committed without waiting for the
    /// disk: for a change that other processes must see at once but that a
    /// later commit of the same command makes durable. In WAL mode that
    /// commit's sync covers every frame written before it; a crash in
    /// between loses this change only. `synchronous = OFF` for this one
    /// transaction (NORMAL would still sync a new WAL's header), and no
    /// automatic checkpoint in it: a checkpoint must sync, and the synced
    /// commit that follows runs it instead.
    pub fn write_unsynced<T, E>(&mut self, body: impl FnMut(&Write) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        // The level may not change inside a transaction: set it around it,
        // and put the settings back whatever the body came to.
        let pages: i64 = self
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn
            .execute_batch("PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 0;")
            .map_err(StoreError::from)?;
        let result = self.write(body);
        let restored = self.conn.execute_batch(&format!(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {pages};"
        ));
        let value = result?;
        restored.map_err(StoreError::from)?;
        Ok(value)
    }

    /// Makes the commits written with [`Store::write_unsynced`] durable now,
    /// when no later commit will: a passive checkpoint syncs the WAL before
    /// it copies any frame (and never waits for readers).
    pub fn sync_unsynced(&self) -> StoreResult<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Changes when another connection (of this process or another) has
    /// committed; this connection's own commits leave it alone, so whoever
    /// writes through it refreshes by itself. Costs a few microseconds: for
    /// live panes and `--follow`.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

enum TryWrite<E> {
    Busy,
    Failed(E),
}

fn busy_or_failed<E: From<StoreError>>(error: StoreError) -> TryWrite<E> {
    if error.is_busy() {
        TryWrite::Busy
    } else {
        TryWrite::Failed(error.into())
    }
}

/// Keyset pagination: the page size is capped so that no caller can ask a
/// list for a whole table at once.
pub const MAX_PAGE: u32 = 500;

/// How SQLite would run a statement (`EXPLAIN QUERY PLAN`), one line per
/// step, indented by depth: what the benchmarks print beside their slowest
/// queries.
pub fn query_plan(
    conn: &Connection,
    sql: &str,
    values: Vec<rusqlite::types::Value>,
) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut depth_of = std::collections::HashMap::new();
    let mut lines = Vec::new();
    for row in rows {
        let (id, parent, detail) = row?;
        let depth = depth_of.get(&parent).map_or(0, |d| d + 1);
        depth_of.insert(id, depth);
        lines.push(format!("{}{detail}", "  ".repeat(depth)));
    }
    Ok(lines)
}

pub fn page_limit(requested: u32) -> i64 {
    i64::from(requested.clamp(1, MAX_PAGE))
}
