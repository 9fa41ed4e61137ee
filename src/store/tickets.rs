//! Tickets: rows, the filtered and keyset-paginated list, workloads.

use super::{page_limit, StoreResult, Write};
use crate::domain::sla::Level;
use crate::domain::ticket::{Priority, Status};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A ticket with the names of what it points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub priority: Priority,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    pub requester_id: i64,
    pub requester_login: String,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub handling_role: String,
    pub assignee_id: Option<i64>,
    pub assignee_login: Option<String>,
    pub opened_from_host: String,
    pub urgency: Level,
    pub closure_requested: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub taken_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub rated_at: Option<i64>,
    pub sla: SlaColumns,
}

/// The ticket's stored SLA state (see `sla_state`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlaColumns {
    pub policy_id: Option<i64>,
    pub first_responded_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub next_change_at: Option<i64>,
}

pub(super) const COLUMNS: &str =
    "SELECT t.id, t.title, t.description, t.status, t.priority, t.category_id, c.name,
    t.requester_id, r.login, t.company_id, co.name, t.handling_role, t.assignee_id, a.login,
    t.opened_from_host, t.urgency, t.closure_requested, t.created_at, t.updated_at, t.taken_at,
    t.resolved_at, t.closed_at, t.rating, t.rating_comment, t.rated_at,
    t.sla_policy_id, t.first_responded_at, t.first_response_due, t.resolution_due, t.urgency_next_at";

pub(super) const JOINS: &str = " JOIN users r ON r.id = t.requester_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN categories c ON c.id = t.category_id
    LEFT JOIN companies co ON co.id = t.company_id";

const FROM_TICKETS: &str = " FROM tickets t";

fn select(from: &str) -> String {
    [COLUMNS, from, JOINS].concat()
}

pub(super) fn from_row(row: &Row) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: row.get(0)?,
        title: row.get(1)?,
        description: row.get(2)?,
        status: row.get(3)?,
        priority: row.get(4)?,
        category_id: row.get(5)?,
        category: row.get(6)?,
        requester_id: row.get(7)?,
        requester_login: row.get(8)?,
        company_id: row.get(9)?,
        company: row.get(10)?,
        handling_role: row.get(11)?,
        assignee_id: row.get(12)?,
        assignee_login: row.get(13)?,
        opened_from_host: row.get(14)?,
        urgency: row.get(15)?,
        closure_requested: row.get(16)?,
        created_at: row.get(17)?,
        updated_at: row.get(18)?,
        taken_at: row.get(19)?,
        resolved_at: row.get(20)?,
        closed_at: row.get(21)?,
        rating: row.get(22)?,
        rating_comment: row.get(23)?,
        rated_at: row.get(24)?,
        sla: SlaColumns {
            policy_id: row.get(25)?,
            first_responded_at: row.get(26)?,
            first_response_due: row.get(27)?,
            resolution_due: row.get(28)?,
            next_change_at: row.get(29)?,
        },
    })
}

pub struct NewTicket<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub category_id: Option<i64>,
    pub requester_id: i64,
    pub company_id: Option<i64>,
    pub handling_role: &'a str,
    pub assignee_id: Option<i64>,
    pub opened_from_host: &'a str,
    pub now: i64,
}

pub fn insert(write: &Write, new: &NewTicket) -> StoreResult<i64> {
    write.conn().prepare_cached(
        "INSERT INTO tickets (title, description, priority, category_id, requester_id, company_id,
                              handling_role, assignee_id, opened_from_host, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        new.title,
        new.description,
        new.priority,
        new.category_id,
        new.requester_id,
        new.company_id,
        new.handling_role,
        new.assignee_id,
        new.opened_from_host,
        new.now
    ])?;
    Ok(write.conn().last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> StoreResult<Option<Ticket>> {
    let sql = select(FROM_TICKETS) + " WHERE t.id = ?1";
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// The requester-editable fields.
pub struct Fields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub category_id: Option<i64>,
}

pub fn set_fields(write: &Write, id: i64, fields: &Fields, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET title = ?2, description = ?3, priority = ?4, category_id = ?5, updated_at = ?6
         WHERE id = ?1",
        params![id, fields.title, fields.description, fields.priority, fields.category_id, now],
    )?;
    Ok(())
}

/// A status change with the instants it stamps: `taken_at` once, the
/// resolution and closure times, and a cleared closure request.
pub struct StatusChange<'a> {
    pub status: &'a str,
    pub now: i64,
    pub taken: bool,
    pub resolved: bool,
    pub closed: bool,
    pub assignee_id: Option<i64>,
}

pub fn set_status(write: &Write, id: i64, change: &StatusChange) -> StoreResult<()> {
    write.conn().prepare_cached(
        "UPDATE tickets SET status = ?2, updated_at = ?3,
            taken_at = CASE WHEN ?4 THEN coalesce(taken_at, ?3) ELSE taken_at END,
            resolved_at = CASE WHEN ?5 THEN ?3 WHEN ?2 IN ('waiting', 'in_progress', 'on_hold') THEN NULL ELSE resolved_at END,
            closed_at = CASE WHEN ?6 THEN ?3 ELSE closed_at END,
            assignee_id = coalesce(?7, assignee_id),
            closure_requested = CASE WHEN ?2 IN ('waiting', 'on_hold') THEN closure_requested ELSE 0 END
         WHERE id = ?1",
    )?
    .execute(params![id, change.status, change.now, change.taken, change.resolved, change.closed, change.assignee_id])?;
    Ok(())
}

pub fn set_assignment(
    write: &Write,
    id: i64,
    role: &str,
    assignee_id: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET handling_role = ?2, assignee_id = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, role, assignee_id, now],
    )?;
    if let Some(user) = assignee_id {
        write.conn().execute(
            "UPDATE users SET last_assigned_at = ?2 WHERE id = ?1",
            params![user, now],
        )?;
    }
    Ok(())
}

pub fn set_closure_requested(write: &Write, id: i64, requested: bool, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET closure_requested = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, requested, now],
    )?;
    Ok(())
}

pub fn set_rating(
    write: &Write,
    id: i64,
    score: i64,
    comment: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET rating = ?2, rating_comment = ?3, rated_at = coalesce(rated_at, ?4), updated_at = ?4
         WHERE id = ?1",
        params![id, score, comment, now],
    )?;
    Ok(())
}

pub fn touch(write: &Write, id: i64, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Closes a ticket still resolved since before `cutoff`; false if it was
/// reopened or closed meanwhile.
pub fn close_if_expired(write: &Write, id: i64, cutoff: i64, now: i64) -> StoreResult<bool> {
    let changed = write.conn().execute(
        "UPDATE tickets SET status = 'closed', closed_at = ?3, updated_at = ?3, closure_requested = 0
         WHERE id = ?1 AND status = 'resolved' AND resolved_at < ?2",
        params![id, cutoff, now],
    )?;
    Ok(changed == 1)
}

/// Resolved tickets whose reopen window ended before `cutoff`, oldest first.
pub fn resolved_before(conn: &Connection, cutoff: i64, limit: u32) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM tickets INDEXED BY tickets_resolved
         WHERE status = 'resolved' AND resolved_at < ?1 ORDER BY resolved_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![cutoff, page_limit(limit)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member of a handling role with their open tickets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub open_tickets: i64,
    pub last_assigned_at: Option<i64>,
}

/// Active members of `role` with their loads, the least loaded first (ties:
/// least recently assigned first, then never assigned, then by id). Bounded
/// by the size of a role, not by the number of tickets.
pub fn members_by_load(conn: &Connection, role: &str) -> StoreResult<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.login, u.full_name,
                (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id
                    AND t.status IN ('waiting', 'in_progress', 'on_hold')) AS load,
                u.last_assigned_at
         FROM users u WHERE u.role_key = ?1 AND u.active = 1
         ORDER BY load, coalesce(u.last_assigned_at, -1), u.id LIMIT 1000",
    )?;
    let rows = stmt.query_map([role], |r| {
        Ok(Member {
            id: r.get(0)?,
            login: r.get(1)?,
            full_name: r.get(2)?,
            open_tickets: r.get(3)?,
            last_assigned_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who may see which tickets, as SQL conditions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visibility {
    All,
    Own { user: i64 },
    Assigned { user: i64, role: String },
    Company { user: i64, company: Option<i64> },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Id,
    Updated,
    Priority,
}

/// A position in a sorted list: the sort key and the id of the last row seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: i64,
    pub id: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Query {
    pub statuses: Vec<Status>,
    pub priority: Option<Priority>,
    pub category_id: Option<i64>,
    pub handling_role: Option<String>,
    pub assignee_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub company_id: Option<i64>,
    pub created_from: Option<i64>,
    pub created_until: Option<i64>,
    pub updated_from: Option<i64>,
    pub updated_until: Option<i64>,
    /// An FTS5 expression built by the service from quoted terms.
    pub text_match: Option<String>,
    /// What needs doing (store/ticket_filters.rs says how each is read).
    pub needs: super::ticket_filters::Needs,
    /// Only these urgency levels (none: every level).
    pub urgencies: Vec<crate::domain::sla::Level>,
    pub sort: Sort,
    pub ascending: bool,
}

pub use super::ticket_list::{page, plan};

/// The cursor after `ticket` in a list sorted by `sort`.
pub fn cursor_after(ticket: &Ticket, sort: Sort) -> Cursor {
    let key = match sort {
        Sort::Id => ticket.id,
        Sort::Updated => ticket.updated_at,
        Sort::Priority => ticket.priority.rank(),
    };
    Cursor { key, id: ticket.id }
}

pub(super) fn push_visibility(sql: &mut String, values: &mut Vec<Value>, visibility: &Visibility) {
    match visibility {
        Visibility::All => {}
        Visibility::Own { user } => {
            sql.push_str(" AND t.requester_id = ?");
            values.push(Value::Integer(*user));
        }
        Visibility::Assigned { user, role } => {
            // The unary `+` keeps SQLite from a multi-index OR that sorts every
            // match before the first page; scanning by id stops at the page size.
            sql.push_str(
                " AND (+t.assignee_id = ? OR +t.handling_role = ? OR +t.requester_id = ?)",
            );
            values.extend([
                Value::Integer(*user),
                Value::Text(role.clone()),
                Value::Integer(*user),
            ]);
        }
        Visibility::Company { user, company } => {
            sql.push_str(" AND (+t.company_id = ? OR +t.requester_id = ?)");
            values.push(company.map_or(Value::Null, Value::Integer));
            values.push(Value::Integer(*user));
        }
    }
}
