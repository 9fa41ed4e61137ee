//! The filters of a ticket list as SQL: fixed fragments, every value bound.

use super::tickets::{Query, Sort};
use super::{StoreResult, Write};
use crate::domain::ticket::Status;
use rusqlite::types::Value;

/// What needs doing, each read through its own partial index where the
/// plain condition would scan (migration 0011).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Nobody is assigned (`tickets_by_assignee` finds them).
    pub unassigned: bool,
    /// The requester asked for closure and staff have not answered yet.
    pub closure_requested: bool,
    /// Waiting or in progress, and no staff member has written a public
    /// comment since it was opened or since the requester's last one
    /// (the `awaiting_reply` column; see the migration).
    pub awaiting_staff: bool,
}

/// One part of a list's statement (store/ticket_list.rs): the one status
/// it reads, if any, the order it returns, and what drives it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Part {
    pub status: Option<Status>,
    pub sort: Sort,
    pub driven_by_search: bool,
    /// The search checked ticket by ticket (one requester's few).
    pub probe_text: bool,
    pub driver: Driver,
}

/// What SQLite reads the rows from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Driver {
    /// An index in the list's order; the other conditions are checked on
    /// the rows it hands out.
    Order,
    /// Sorted by update or priority with a pending closure request,
    /// nobody assigned or waiting on a staff reply: that filter's index
    /// gives few rows (0.2 %, 0.9 % and 1.4 % of the demo's), which are
    /// sorted (`USE TEMP B-TREE FOR ORDER BY`). Read in the list's order
    /// instead, a combination keeping almost none of them would read the
    /// whole table. An assignee (14 % of the demo's tickets for one
    /// technician) or a company (2.5 %) keeps too many rows to sort: those
    /// are checked on the rows read in order.
    Closure,
    /// One requester (a filter, or a requester's own scope): their index
    /// in the list's order, `(requester_id, id)`, `(requester_id,
    /// updated_at, id)` or `(requester_id, priority_rank, id)` (migration
    /// 0017; sorting 9,400 rows of one learner took 13-26 ms at 2 million
    /// tickets). The other filters are checked on the rows it hands out:
    /// at most the requester's rows are read.
    Requester,
    Unassigned,
    Awaiting,
}

impl Driver {
    /// The most selective such filter, if the list is not sorted by id.
    pub fn of(q: &Query, own: bool) -> Driver {
        let one_requester = q.requester_id.is_some() || own;
        if q.sort == Sort::Id {
            // By id, `(requester_id, id)` is in order: no sort. Another
            // index in id order (a role's, a status's) would read every
            // newer ticket of the others for a requester whose are old.
            if one_requester {
                Driver::Requester
            } else {
                Driver::Order
            }
        } else if q.needs.closure_requested {
            Driver::Closure
        } else if one_requester {
            Driver::Requester
        } else if q.needs.unassigned {
            Driver::Unassigned
        } else if q.needs.awaiting_staff {
            Driver::Awaiting
        } else {
            Driver::Order
        }
    }
}

/// A list by id, unless the search drives it: the indexes that end in
/// the id may drive.
impl Part {
    pub fn served_by_id(self) -> bool {
        self.sort == Sort::Id && !self.driven_by_search
    }
}

/// A column's condition, with a unary `+` where its index would not hand
/// out the rows in the list's order (the `+` keeps SQLite from reading
/// every match to sort them; it filters the rows read in order instead).
fn condition(sql: &mut String, served: bool, column: &str, operator: &str) {
    sql.push_str(if served { " AND " } else { " AND +" });
    sql.push_str(column);
    sql.push_str(operator);
}

pub(super) fn push_filters(sql: &mut String, values: &mut Vec<Value>, q: &Query, part: Part) {
    // Every index on these columns ends in the id (within one status,
    // which the parts provide): they serve a list by id, no other order.
    let ordered = part.driver == Driver::Order;
    let by_id = part.served_by_id() && ordered;
    let drives = |d: Driver| by_id || part.driver == d;
    if let Some(status) = part.status {
        sql.push_str(" AND t.status = ?");
        values.push(Value::Text(status.key().into()));
    } else if !q.statuses.is_empty() {
        // Only a part driven by the search or by a filter's own index
        // reads several statuses: checked on each row read.
        sql.push_str(" AND +t.status IN (");
        for (i, status) in q.statuses.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            values.push(Value::Text(status.key().into()));
        }
        sql.push(')');
    }
    if !q.urgencies.is_empty() {
        // The queue's index orders by deadline, not by any list order.
        sql.push_str(" AND +t.urgency IN (");
        for (i, level) in q.urgencies.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            values.push(Value::Text(level.key().into()));
        }
        sql.push(')');
    }
    // `(status, priority_rank, id)` and `(priority_rank, id)` serve a
    // priority by id and by priority.
    let by_rank = (part.sort == Sort::Priority && ordered) || by_id;
    let equal: [(bool, &str, Option<Value>); 6] = [
        (
            by_rank,
            "t.priority_rank",
            q.priority.map(|p| Value::Integer(p.rank())),
        ),
        (by_id, "t.category_id", q.category_id.map(Value::Integer)),
        (
            by_id,
            "t.handling_role",
            q.handling_role.clone().map(Value::Text),
        ),
        (by_id, "t.assignee_id", q.assignee_id.map(Value::Integer)),
        (
            drives(Driver::Requester),
            "t.requester_id",
            q.requester_id.map(Value::Integer),
        ),
        (by_id, "t.company_id", q.company_id.map(Value::Integer)),
    ];
    for (served, column, value) in equal {
        if let Some(v) = value {
            condition(sql, served, column, " = ?");
            values.push(v);
        }
    }
    // No index on the creation date; the update date's serves its sort.
    let by_update = part.sort == Sort::Updated && ordered;
    let ranges: [(bool, &str, Option<i64>); 4] = [
        (false, "t.created_at >= ?", q.created_from),
        (false, "t.created_at < ?", q.created_until),
        (by_update, "t.updated_at >= ?", q.updated_from),
        (by_update, "t.updated_at < ?", q.updated_until),
    ];
    for (served, fragment, value) in ranges {
        if let Some(v) = value {
            condition(sql, served, fragment, "");
            values.push(Value::Integer(v));
        }
    }
    if let Some(expression) = &q.text_match {
        sql.push_str(if part.driven_by_search {
            " AND ticket_search MATCH ?"
        } else if part.probe_text {
            " AND EXISTS (SELECT 1 FROM ticket_search
                WHERE ticket_search MATCH ? AND ticket_search.rowid = t.id)"
        } else {
            // Sorted otherwise, the matches are collected, then the rows
            // read in order are kept if among them.
            " AND +t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)"
        });
        values.push(Value::Text(expression.clone()));
    }
    push_needs(sql, q.needs, drives);
}

/// The literal `= 1` lets SQLite use the partial indexes, which a bound
/// value would not prove it may; they give id order only.
fn push_needs(sql: &mut String, needs: Needs, drives: impl Fn(Driver) -> bool) {
    if needs.unassigned {
        condition(sql, drives(Driver::Unassigned), "t.assignee_id", " IS NULL");
    }
    if needs.closure_requested {
        condition(sql, drives(Driver::Closure), "t.closure_requested", " = 1");
    }
    if needs.awaiting_staff {
        condition(sql, drives(Driver::Awaiting), "t.awaiting_reply", " = 1");
    }
}

/// Sets `awaiting_staff` from the last public comment of every ticket,
/// whoever but the requester wrote it counting as staff: for a bulk load,
/// whose comments are written by the requester or by staff only.
pub fn recompute_awaiting_staff(write: &Write) -> StoreResult<()> {
    write.conn().execute_batch(
        "UPDATE tickets SET awaiting_staff = coalesce((
            SELECT c.author_id = tickets.requester_id FROM ticket_comments c
            WHERE c.ticket_id = tickets.id AND c.visibility = 'public'
            ORDER BY c.id DESC LIMIT 1), 1);",
    )?;
    Ok(())
}

/// Records who spoke last in public: the requester (`true`: the ticket now
/// waits on staff) or staff (`false`).
pub fn set_awaiting_staff(write: &Write, id: i64, awaiting: bool) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached("UPDATE tickets SET awaiting_staff = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![id, awaiting])?;
    Ok(())
}
