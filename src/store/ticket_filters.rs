//! The filters of a ticket list as SQL: fixed fragments, every value bound.

use super::tickets::{Query, Sort};
use super::{StoreResult, Write};
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

pub(super) fn push_filters(
    sql: &mut String,
    values: &mut Vec<Value>,
    q: &Query,
    driven_by_search: bool,
) {
    if !q.statuses.is_empty() {
        // With several statuses and a sort other than by id, reading the
        // sort's own index and filtering beats collecting every ticket of
        // those statuses to sort them (open tickets are the recent ones).
        let by_sort_index = q.statuses.len() > 1 && q.sort != Sort::Id;
        sql.push_str(if by_sort_index {
            " AND +t.status IN ("
        } else {
            " AND t.status IN ("
        });
        for (i, status) in q.statuses.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            values.push(Value::Text(status.key().into()));
        }
        sql.push(')');
    }
    if !q.urgencies.is_empty() {
        sql.push_str(" AND t.urgency IN (");
        for (i, level) in q.urgencies.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            values.push(Value::Text(level.key().into()));
        }
        sql.push(')');
    }
    let equal: [(&str, Option<Value>); 6] = [
        (
            " AND t.priority = ?",
            q.priority.map(|p| Value::Text(p.key().into())),
        ),
        (" AND t.category_id = ?", q.category_id.map(Value::Integer)),
        (
            " AND t.handling_role = ?",
            q.handling_role.clone().map(Value::Text),
        ),
        (" AND t.assignee_id = ?", q.assignee_id.map(Value::Integer)),
        (
            " AND t.requester_id = ?",
            q.requester_id.map(Value::Integer),
        ),
        (" AND t.company_id = ?", q.company_id.map(Value::Integer)),
    ];
    let ranges: [(&str, Option<i64>); 4] = [
        (" AND t.created_at >= ?", q.created_from),
        (" AND t.created_at < ?", q.created_until),
        (" AND t.updated_at >= ?", q.updated_from),
        (" AND t.updated_at < ?", q.updated_until),
    ];
    for (fragment, value) in equal {
        if let Some(v) = value {
            sql.push_str(fragment);
            values.push(v);
        }
    }
    for (fragment, value) in ranges {
        if let Some(v) = value {
            sql.push_str(fragment);
            values.push(Value::Integer(v));
        }
    }
    if let Some(expression) = &q.text_match {
        sql.push_str(if driven_by_search {
            " AND ticket_search MATCH ?"
        } else {
            " AND t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)"
        });
        values.push(Value::Text(expression.clone()));
    }
    push_needs(sql, q.needs);
}

/// The literal `= 1` lets SQLite use the partial indexes, which a bound
/// value would not prove it may.
fn push_needs(sql: &mut String, needs: Needs) {
    if needs.unassigned {
        sql.push_str(" AND t.assignee_id IS NULL");
    }
    if needs.closure_requested {
        sql.push_str(" AND t.closure_requested = 1");
    }
    if needs.awaiting_staff {
        sql.push_str(" AND t.awaiting_reply = 1");
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
