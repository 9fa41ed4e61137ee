//! Each ticket's SLA state: what the engine reads to recompute it, where it
//! writes the result, the tickets due for an urgency change, and the
//! urgency queue.

use super::tickets::{from_row, push_visibility, Ticket, Visibility, COLUMNS, JOINS};
use super::{page_limit, StoreResult, Write};
use crate::domain::sla::Level;
use crate::domain::ticket::{Priority, Status};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

/// What the SLA engine needs of a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlaTicket {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub handling_role: String,
    pub category_id: Option<i64>,
    pub company_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub urgency: Level,
    pub first_responded_at: Option<i64>,
}

const SLA_TICKET: &str = "SELECT id, title, status, priority, handling_role, category_id,
    company_id, assignee_id, urgency, first_responded_at FROM tickets";

fn sla_ticket_from(r: &Row) -> rusqlite::Result<SlaTicket> {
    Ok(SlaTicket {
        id: r.get(0)?,
        title: r.get(1)?,
        status: r.get(2)?,
        priority: r.get(3)?,
        handling_role: r.get(4)?,
        category_id: r.get(5)?,
        company_id: r.get(6)?,
        assignee_id: r.get(7)?,
        urgency: r.get(8)?,
        first_responded_at: r.get(9)?,
    })
}

pub fn sla_ticket(conn: &Connection, id: i64) -> StoreResult<Option<SlaTicket>> {
    let sql = [SLA_TICKET, " WHERE id = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], sla_ticket_from)
        .optional()?)
}

/// Tickets after `after` by id: open ones only, or all.
pub fn sla_tickets_after(
    conn: &Connection,
    after: i64,
    open_only: bool,
    limit: u32,
) -> StoreResult<Vec<SlaTicket>> {
    let sql = if open_only {
        [
            SLA_TICKET,
            " WHERE id > ?1 AND status IN ('waiting', 'in_progress', 'on_hold') ORDER BY id LIMIT ?2",
        ]
        .concat()
    } else {
        [SLA_TICKET, " WHERE id > ?1 ORDER BY id LIMIT ?2"].concat()
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![after, page_limit(limit)], sla_ticket_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statuses a ticket entered, oldest first: (instant, status).
pub fn status_history(conn: &Connection, ticket: i64) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, status FROM ticket_status_log WHERE ticket_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([ticket], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The histories of tickets `first..=last`: (ticket, instant, status),
/// by ticket then in order.
pub fn status_histories(
    conn: &Connection,
    first: i64,
    last: i64,
) -> StoreResult<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ticket_id, at, status FROM ticket_status_log
         WHERE ticket_id BETWEEN ?1 AND ?2 ORDER BY ticket_id, id",
    )?;
    let rows = stmt.query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A ticket's computed SLA state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlaState {
    pub policy_id: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub soon_at: Option<i64>,
    pub urgent_at: Option<i64>,
    pub next_at: Option<i64>,
    pub urgency: &'static str,
}

pub fn set_sla_state(write: &Write, id: i64, s: &SlaState) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached(
            "UPDATE tickets SET sla_policy_id = ?2, first_response_due = ?3, resolution_due = ?4,
            urgency_soon_at = ?5, urgency_urgent_at = ?6, urgency_next_at = ?7, urgency = ?8
         WHERE id = ?1",
        )?
        .execute(params![
            id,
            s.policy_id,
            s.first_response_due,
            s.resolution_due,
            s.soon_at,
            s.urgent_at,
            s.next_at,
            s.urgency
        ])?;
    Ok(())
}

/// Records the first response; false if one was already recorded.
pub fn set_first_response(write: &Write, id: i64, at: i64) -> StoreResult<bool> {
    let changed = write.conn().prepare_cached(
        "UPDATE tickets SET first_responded_at = ?2 WHERE id = ?1 AND first_responded_at IS NULL",
    )?
    .execute(params![id, at])?;
    Ok(changed == 1)
}

/// A ticket whose urgency is due to rise, with what the pass needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub title: String,
    pub priority: Priority,
    pub urgency: Level,
    pub soon_at: Option<i64>,
    pub urgent_at: Option<i64>,
    pub overdue_at: Option<i64>,
    pub assignee_id: Option<i64>,
    pub handling_role: String,
}

/// Tickets whose next urgency change is at or before `now`, through the
/// partial index on `urgency_next_at`: the cost follows what is due.
pub fn due(conn: &Connection, now: i64, limit: u32) -> StoreResult<Vec<Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, priority, urgency, urgency_soon_at, urgency_urgent_at, resolution_due,
                assignee_id, handling_role
         FROM tickets WHERE urgency_next_at <= ?1 ORDER BY urgency_next_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, i64::from(limit)], |r| {
        Ok(Due {
            id: r.get(0)?,
            title: r.get(1)?,
            priority: r.get(2)?,
            urgency: r.get(3)?,
            soon_at: r.get(4)?,
            urgent_at: r.get(5)?,
            overdue_at: r.get(6)?,
            assignee_id: r.get(7)?,
            handling_role: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open tickets whose SLA state was never computed (after an upgrade, a
/// demo load, or when their policy was removed), through a partial index.
pub fn pending(conn: &Connection, limit: u32) -> StoreResult<Vec<SlaTicket>> {
    let sql = [
        SLA_TICKET,
        " INDEXED BY tickets_sla_pending
          WHERE sla_policy_id IS NULL AND status IN ('waiting', 'in_progress', 'on_hold')
          ORDER BY id LIMIT ?1",
    ]
    .concat();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([i64::from(limit)], sla_ticket_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn any_pending(conn: &Connection) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM tickets INDEXED BY tickets_sla_pending
             WHERE sla_policy_id IS NULL AND status IN ('waiting', 'in_progress', 'on_hold') LIMIT 1",
        )?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether any ticket is due: one probe of the index.
pub fn any_due(conn: &Connection, now: i64) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM tickets WHERE urgency_next_at <= ?1 LIMIT 1")?
        .query_row([now], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Sets the level a pass found, if the ticket is still as the pass read
/// it (another process may have moved it first): false otherwise.
pub fn advance_urgency(
    write: &Write,
    id: i64,
    from: &str,
    to: &str,
    next_at: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let changed = write
        .conn()
        .prepare_cached(
            "UPDATE tickets SET urgency = ?3, urgency_next_at = ?4
         WHERE id = ?1 AND urgency = ?2 AND urgency_next_at <= ?5",
        )?
        .execute(params![id, from, to, next_at, now])?;
    Ok(changed == 1)
}

/// Active members of a role, and active admins: who escalations notify.
pub fn active_ids_of_role(conn: &Connection, role: &str) -> StoreResult<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM users WHERE role_key = ?1 AND active = 1 ORDER BY id")?;
    let rows = stmt.query_map([role], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A position in the urgency queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueCursor {
    pub order: i64,
    pub due: i64,
    pub id: i64,
}

/// Tickets never due sort after every deadline (`queue_due` in the schema).
pub const NO_DEADLINE: i64 = 9_007_199_254_740_991;

pub fn queue_cursor_after(t: &Ticket) -> QueueCursor {
    let order = match t.urgency {
        Level::Overdue => 0,
        Level::Urgent => 1,
        Level::Soon => 2,
        Level::Ok => 3,
    };
    QueueCursor {
        order,
        due: t.sla.resolution_due.unwrap_or(NO_DEADLINE),
        id: t.id,
    }
}

/// Open tickets most urgent first, then by deadline, through the partial
/// `tickets_queue` index; `due_before`: only those due by then.
pub fn queue_page(
    conn: &Connection,
    visibility: &Visibility,
    due_before: Option<i64>,
    after: Option<QueueCursor>,
    limit: u32,
) -> StoreResult<Vec<Ticket>> {
    let (sql, values) = queue_statement(visibility, due_before, after, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How SQLite reads one page of the queue (`EXPLAIN QUERY PLAN`).
pub fn queue_plan(
    conn: &Connection,
    visibility: &Visibility,
    due_before: Option<i64>,
    after: Option<QueueCursor>,
    limit: u32,
) -> StoreResult<Vec<String>> {
    let (sql, values) = queue_statement(visibility, due_before, after, limit);
    super::query_plan(conn, &sql, values)
}

fn queue_statement(
    visibility: &Visibility,
    due_before: Option<i64>,
    after: Option<QueueCursor>,
    limit: u32,
) -> (String, Vec<Value>) {
    // Without statistics SQLite prefers the status index and sorts every
    // open ticket. Wide scopes read the queue index in order and stop at
    // the page; narrow ones (own, company) are few rows, best found by
    // their own index and sorted.
    let from = match visibility {
        Visibility::All | Visibility::Assigned { .. } => " FROM tickets t INDEXED BY tickets_queue",
        Visibility::Own { .. } | Visibility::Company { .. } => " FROM tickets t",
    };
    let mut sql = [COLUMNS, from, JOINS].concat();
    let mut values: Vec<Value> = Vec::new();
    sql.push_str(" WHERE t.status IN ('waiting', 'in_progress', 'on_hold')");
    push_visibility(&mut sql, &mut values, visibility);
    if let Some(cutoff) = due_before {
        sql.push_str(" AND t.resolution_due <= ?");
        values.push(Value::Integer(cutoff));
    }
    if let Some(c) = after {
        sql.push_str(" AND (t.urgency_order, t.queue_due, t.id) > (?, ?, ?)");
        values.extend([c.order, c.due, c.id].map(Value::Integer));
    }
    sql.push_str(" ORDER BY t.urgency_order, t.queue_due, t.id LIMIT ?");
    values.push(Value::Integer(page_limit(limit)));
    (sql, values)
}
