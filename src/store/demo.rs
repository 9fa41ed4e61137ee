//! Bulk inserts for demo data (`guichet demo`): whole rows in their final
//! state, given their ids up front and written many rows to a statement,
//! inside the caller's single write transaction. The search index is built
//! once at the end of the load, from the same columns the triggers of
//! `schema.sql` would fill.

use super::audit::{Chain, SYSTEM_ACTOR};
use super::sla_state::SlaState;
use super::{StoreResult, Write};
use crate::domain::audit_action::AuditAction;
use crate::domain::audit_chain::AuditContent;
use rusqlite::types::ToSql;
use rusqlite::{params, Connection, Statement};

/// Rows per INSERT statement. Each run of an INSERT builds, and then frees,
/// a small table for each `IN (...)` CHECK of its table (three for a
/// ticket, one for an audit entry): one statement for 64 rows pays that and
/// the statement's own setup once (100,000 tickets: 13.8 s to 8.7 s).
const BATCH: usize = 64;

/// A ticket row as it stands at the end of its demo life.
pub struct DemoTicket {
    pub title: String,
    pub description: String,
    pub status: &'static str,
    pub priority: &'static str,
    pub category_id: Option<i64>,
    pub requester_id: i64,
    pub company_id: Option<i64>,
    pub handling_role: &'static str,
    pub assignee_id: Option<i64>,
    pub opened_from_host: String,
    pub closure_requested: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub taken_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Score, comment and when it was first given.
    pub rating: Option<(i64, Option<&'static str>, i64)>,
    /// Whether its last public comment is its requester's (or it has none).
    pub awaiting_staff: bool,
    /// Its SLA state, as `sla rebuild` would compute it.
    pub sla: SlaState,
}

/// A comment, public or internal.
pub struct DemoComment {
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: &'static str,
    pub internal: bool,
    pub at: i64,
}

/// A time entry, logged when the work was done.
pub struct DemoTime {
    pub ticket_id: i64,
    pub author_id: i64,
    pub minutes: i64,
    pub worked_on: String,
    pub note: &'static str,
    pub at: i64,
}

/// An audit entry about an object (its id as the log stores it), by a
/// user (id and login) or, with no actor, by the system.
pub struct DemoEntry<'a> {
    pub at: i64,
    pub actor: Option<(i64, &'a str)>,
    pub action: AuditAction,
    pub object_id: String,
    pub summary: String,
}

/// A row of one of the bulk tables, with its id.
trait Row {
    /// `table (columns)` of the INSERT.
    const INTO: &'static str;
    const COLUMNS: usize;
    /// Binds the row's values to parameters `first..first + COLUMNS`.
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()>;
}

fn bind_all(stmt: &mut Statement, first: usize, values: &[&dyn ToSql]) -> rusqlite::Result<()> {
    for (k, value) in values.iter().enumerate() {
        stmt.raw_bind_parameter(first + k, value)?;
    }
    Ok(())
}

impl Row for (i64, DemoTicket) {
    const INTO: &'static str = "tickets (id, title, description, status, priority, category_id,
        requester_id, company_id, handling_role, assignee_id, opened_from_host, closure_requested,
        created_at, updated_at, taken_at, resolved_at, closed_at, rating, rating_comment, rated_at,
        sla_policy_id, first_response_due, resolution_due, urgency_soon_at, urgency_urgent_at,
        urgency_next_at, urgency, awaiting_staff)";
    const COLUMNS: usize = 28;
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()> {
        let (id, t) = self;
        let (rating, rating_comment, rated_at) = match t.rating {
            Some((score, comment, at)) => (Some(score), comment, Some(at)),
            None => (None, None, None),
        };
        bind_all(
            stmt,
            first,
            params![
                id,
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
                rated_at,
                t.sla.policy_id,
                t.sla.first_response_due,
                t.sla.resolution_due,
                t.sla.soon_at,
                t.sla.urgent_at,
                t.sla.next_at,
                t.sla.urgency,
                t.awaiting_staff
            ],
        )
    }
}

impl Row for (i64, DemoComment) {
    const INTO: &'static str =
        "ticket_comments (id, ticket_id, author_id, body, visibility, created_at)";
    const COLUMNS: usize = 6;
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()> {
        let (id, c) = self;
        let visibility = if c.internal { "internal" } else { "public" };
        let values = params![id, c.ticket_id, c.author_id, c.body, visibility, c.at];
        bind_all(stmt, first, values)
    }
}

impl Row for (i64, DemoTime) {
    const INTO: &'static str =
        "time_entries (id, ticket_id, author_id, minutes, worked_on, note, created_at, updated_at)";
    const COLUMNS: usize = 8;
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()> {
        let (id, t) = self;
        let values = params![
            id,
            t.ticket_id,
            t.author_id,
            t.minutes,
            t.worked_on,
            t.note,
            t.at,
            t.at
        ];
        bind_all(stmt, first, values)
    }
}

/// A status a ticket entered: (ticket, instant, status).
type StatusRow = (i64, i64, &'static str);

impl Row for StatusRow {
    const INTO: &'static str = "ticket_status_log (ticket_id, at, status)";
    const COLUMNS: usize = 3;
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()> {
        bind_all(stmt, first, params![self.0, self.1, self.2])
    }
}

/// An audit entry linked into the chain: its id, entry, `prev_hash` and
/// hash.
type Linked<'a> = (i64, DemoEntry<'a>, String, String);

impl Row for Linked<'_> {
    const INTO: &'static str = "audit_log (id, at, actor_id, actor_login, action, object_type,
        object_id, summary, prev_hash, hash)";
    const COLUMNS: usize = 10;
    fn bind(&self, stmt: &mut Statement, first: usize) -> rusqlite::Result<()> {
        let (id, e, prev_hash, hash) = self;
        let (actor_id, actor_login) = match e.actor {
            Some((id, login)) => (Some(id), login),
            None => (None, SYSTEM_ACTOR),
        };
        let values = params![
            id,
            e.at,
            actor_id,
            actor_login,
            e.action.key(),
            e.action.object().key(),
            e.object_id,
            e.summary,
            prev_hash,
            hash
        ];
        bind_all(stmt, first, values)
    }
}

/// Rows waiting for their INSERT, and the statement that writes a full
/// batch. The statement is kept here rather than in the connection's
/// cache, which clears its parameters on each return and so frees and
/// allocates again the copy of every text bound to it.
struct Batch<'c, R> {
    rows: Vec<R>,
    full: Statement<'c>,
}

fn insert_sql<R: Row>(rows: usize) -> String {
    let row = format!("({})", vec!["?"; R::COLUMNS].join(", "));
    format!(
        "INSERT INTO {} VALUES {}",
        R::INTO,
        vec![row; rows].join(", ")
    )
}

fn bind_rows<R: Row>(stmt: &mut Statement, rows: &[R]) -> rusqlite::Result<()> {
    for (i, row) in rows.iter().enumerate() {
        row.bind(stmt, 1 + i * R::COLUMNS)?;
    }
    Ok(())
}

impl<'c, R: Row> Batch<'c, R> {
    fn new(conn: &'c Connection) -> StoreResult<Batch<'c, R>> {
        Ok(Batch {
            rows: Vec::with_capacity(BATCH),
            full: conn.prepare(&insert_sql::<R>(BATCH))?,
        })
    }

    fn is_full(&self) -> bool {
        self.rows.len() >= BATCH
    }

    /// Writes the rows waiting in whole batches; the rest waits.
    fn write_full(&mut self) -> StoreResult<()> {
        let whole = self.rows.len() / BATCH * BATCH;
        for chunk in self.rows[..whole].chunks_exact(BATCH) {
            bind_rows(&mut self.full, chunk)?;
            self.full.raw_execute()?;
        }
        self.rows.drain(..whole);
        Ok(())
    }

    /// Writes every row waiting; gives how many.
    fn write_all(&mut self, conn: &Connection) -> StoreResult<usize> {
        self.write_full()?;
        let n = self.rows.len();
        if n > 0 {
            let mut stmt = conn.prepare(&insert_sql::<R>(n))?;
            bind_rows(&mut stmt, &self.rows)?;
            stmt.raw_execute()?;
            self.rows.clear();
        }
        Ok(n)
    }
}

/// Writes tickets, comments, time entries and audit entries in batches;
/// the audit chain's end stays in memory until [`Loader::finish`]. Ids are
/// those SQLite would give (one past the largest), so that an entry can
/// name a comment before it is written. Comments and time entries go out
/// only once the tickets they point at are written: with each batch of
/// tickets, or on their own when none of theirs still waits.
pub struct Loader<'a, 'w> {
    write: &'a Write<'w>,
    tickets: Batch<'a, (i64, DemoTicket)>,
    comments: Batch<'a, (i64, DemoComment)>,
    times: Batch<'a, (i64, DemoTime)>,
    statuses: Batch<'a, StatusRow>,
    audit: Batch<'a, Linked<'a>>,
    /// The next ids of tickets, comments and time entries.
    next: [i64; 3],
    /// The largest ticket id that queued comments and time entries name.
    named: i64,
    chain: Chain,
}

fn next_id(conn: &Connection, table: &'static str) -> StoreResult<i64> {
    // Table names cannot be bound parameters; these are the schema's own.
    let sql = format!("SELECT coalesce(max(id), 0) + 1 FROM {table}");
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

impl<'a, 'w> Loader<'a, 'w> {
    pub fn start(write: &'a Write<'w>, now: i64) -> StoreResult<Loader<'a, 'w>> {
        let conn = write.conn();
        Ok(Loader {
            write,
            tickets: Batch::new(conn)?,
            comments: Batch::new(conn)?,
            times: Batch::new(conn)?,
            statuses: Batch::new(conn)?,
            audit: Batch::new(conn)?,
            next: [
                next_id(conn, "tickets")?,
                next_id(conn, "ticket_comments")?,
                next_id(conn, "time_entries")?,
            ],
            named: 0,
            chain: Chain::start(write, now)?,
        })
    }

    fn take_id(&mut self, which: usize) -> i64 {
        let id = self.next[which];
        self.next[which] += 1;
        id
    }

    /// Whether every ticket that queued rows name is written.
    fn named_written(&self) -> bool {
        self.named < self.next[0] - self.tickets.rows.len() as i64
    }

    pub fn ticket(&mut self, row: DemoTicket) -> StoreResult<i64> {
        let id = self.take_id(0);
        self.tickets.rows.push((id, row));
        if self.tickets.is_full() {
            self.tickets.write_full()?;
            self.comments.write_full()?;
            self.times.write_full()?;
            self.statuses.write_full()?;
        }
        Ok(id)
    }

    /// Logs a status the ticket entered (the trigger that would is off
    /// during the load, since tickets are written in their final status).
    pub fn status(&mut self, ticket_id: i64, at: i64, status: &'static str) -> StoreResult<()> {
        self.named = self.named.max(ticket_id);
        self.statuses.rows.push((ticket_id, at, status));
        if self.statuses.is_full() && self.named_written() {
            self.statuses.write_full()?;
        }
        Ok(())
    }

    pub fn comment(&mut self, row: DemoComment) -> StoreResult<i64> {
        let id = self.take_id(1);
        self.named = self.named.max(row.ticket_id);
        self.comments.rows.push((id, row));
        if self.comments.is_full() && self.named_written() {
            self.comments.write_full()?;
        }
        Ok(id)
    }

    pub fn time(&mut self, row: DemoTime) -> StoreResult<i64> {
        let id = self.take_id(2);
        self.named = self.named.max(row.ticket_id);
        self.times.rows.push((id, row));
        if self.times.is_full() && self.named_written() {
            self.times.write_full()?;
        }
        Ok(id)
    }

    /// Links the entry into the chain and queues it.
    pub fn audit(&mut self, entry: DemoEntry<'a>) -> StoreResult<()> {
        let id = self.chain.next_id();
        let (actor_id, actor_login) = match entry.actor {
            Some((id, login)) => (Some(id), login),
            None => (None, SYSTEM_ACTOR),
        };
        let content = AuditContent {
            id,
            at: entry.at,
            actor_id,
            actor_login,
            action: entry.action.key(),
            object_type: entry.action.object().key(),
            object_id: &entry.object_id,
            summary: &entry.summary,
        };
        let (prev_hash, hash) = self.chain.link(&content);
        self.audit.rows.push((id, entry, prev_hash, hash));
        if self.audit.is_full() {
            self.audit.write_full()?;
            self.write.mark_recorded();
        }
        Ok(())
    }

    /// Writes whatever is queued, and the chain's end.
    pub fn finish(mut self) -> StoreResult<()> {
        let conn = self.write.conn();
        self.tickets.write_all(conn)?;
        self.comments.write_all(conn)?;
        self.times.write_all(conn)?;
        self.statuses.write_all(conn)?;
        if self.audit.write_all(conn)? > 0 {
            self.write.mark_recorded();
        }
        self.chain.finish(self.write)
    }
}

pub use super::demo_bulk::{
    back_to_wal, begin_bulk_load, build_search, leave_wal, pause_checks, prepare_bulk,
    rebuild_indexes, resume_checks, set_last_assigned, BulkLoad,
};
