//! The ticket list's statement, shaped so that an index hands out the rows
//! in the order the list shows them: a page reads about a page of rows
//! (divided by the share of rows its other filters keep), at any size.
//!
//! - Several statuses (`status:open`): one part per status, each read in
//!   order through its status index, merged by SQLite (`MERGE (UNION
//!   ALL)`) without collecting and sorting every open ticket.
//! - By id with an assignee, nobody assigned or a handling role but no
//!   status: one part per status as well, since those indexes are
//!   `(column, status, id)` and give id order within one status only.
//! - A priority is read as its rank, which `(status, priority_rank, id)`
//!   and `(priority_rank, id)` serve.
//! - Every filter that no index serves *in the list's order* is written
//!   with a unary `+`, so that SQLite cannot pick its index and sort every
//!   match (`USE TEMP B-TREE FOR ORDER BY`, the cost growing with the
//!   data); it filters the rows as the ordering index hands them out.
//! - One requester's tickets (a filter or a requester's own scope) are
//!   read through the requester's index in the list's order, whatever the
//!   sort (migration 0017).
//! - The exception, by design (`ticket_filters::Driver`): sorted by update
//!   or priority, the pending closure requests, nobody assigned or waiting
//!   on a staff reply are read through their own index and sorted: few
//!   rows, where reading in order would read the whole table for a
//!   combination that keeps almost none.
//!
//! What no index serves in order (each filtered while reading in order,
//! so its cost is the number of rows read to fill a page; a combination
//! that keeps very few rows reads many, in proportion to the data):
//! - the text search sorted other than by id: its matches are collected
//!   first (`+t.id IN (…)`), their number grows with the data;
//! - the creation dates (no index) and, by id or priority, the update
//!   dates: fast from the end the range touches (newest first with a
//!   "from" date), a scan of the older tickets the other way;
//! - urgency levels, the category, the company, and by update or
//!   priority every filter but the status, the priority and the update
//!   dates (those keep a share of the rows that does not shrink as the
//!   data grows, so a page reads about as many rows at any size).

use super::ticket_filters::{push_filters, Driver, Part};
use super::tickets::{from_row, Cursor, Query, Sort, Ticket, Visibility, COLUMNS, JOINS};
use super::{page_limit, StoreResult};
use crate::domain::ticket::Status;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

const FROM_TICKETS: &str = " FROM tickets t";

/// A text search by id is driven by the index itself, which hands out its
/// matches in rowid order: no need to collect every match first.
const FROM_SEARCH: &str = " FROM ticket_search JOIN tickets t ON t.id = ticket_search.rowid";

/// The position of the sort key among the selected columns (after the
/// 30 of `COLUMNS`), for the merged statement's ORDER BY; the id is 1.
const SORT_KEY_COLUMN: &str = "31";

/// One page of tickets. The statement is assembled from fixed fragments
/// only; every value is bound, never spliced.
pub fn page(
    conn: &Connection,
    visibility: &Visibility,
    query: &Query,
    after: Option<Cursor>,
    limit: u32,
) -> StoreResult<Vec<Ticket>> {
    let (sql, values) = statement(visibility, query, after, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How SQLite reads that page (EXPLAIN QUERY PLAN, one line per step,
/// indented by depth): for the benchmark and the tests.
pub fn plan(
    conn: &Connection,
    visibility: &Visibility,
    query: &Query,
    after: Option<Cursor>,
    limit: u32,
) -> StoreResult<Vec<String>> {
    let (sql, values) = statement(visibility, query, after, limit);
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut depth: Vec<(i64, usize)> = Vec::new();
    let mut lines = Vec::with_capacity(rows.len());
    for (id, parent, detail) in rows {
        let level = depth
            .iter()
            .find(|(d, _)| *d == parent)
            .map_or(0, |(_, l)| l + 1);
        depth.push((id, level));
        lines.push(format!("{}{detail}", "  ".repeat(level)));
    }
    Ok(lines)
}

/// The statement and its values: one part, or one part per status merged
/// in order.
pub(super) fn statement(
    visibility: &Visibility,
    query: &Query,
    after: Option<Cursor>,
    limit: u32,
) -> (String, Vec<Value>) {
    let own = matches!(visibility, Visibility::Own { .. });
    // One requester's tickets are few: read through their index, each
    // probed in the search, rather than reading the search's matches
    // (every one of them, for a requester whose tickets are old).
    let one_requester = own || query.requester_id.is_some();
    let probe_text = query.text_match.is_some() && one_requester;
    let driven_by_search = query.text_match.is_some() && query.sort == Sort::Id && !probe_text;
    let driver = Driver::of(query, own);
    let statuses = if driver == Driver::Order {
        part_statuses(query, driven_by_search)
    } else {
        vec![None]
    };
    let mut sql = String::new();
    let mut values: Vec<Value> = Vec::new();
    let merged = statuses.len() > 1;
    for (i, status) in statuses.iter().enumerate() {
        if i > 0 {
            sql.push_str(" UNION ALL ");
        }
        let part = Part {
            status: *status,
            sort: query.sort,
            driven_by_search,
            probe_text,
            driver,
        };
        push_part(&mut sql, &mut values, visibility, query, part, after);
    }
    let (key, id) = if merged {
        (SORT_KEY_COLUMN, "1")
    } else {
        (sort_key(query.sort, driven_by_search), "t.id")
    };
    let direction = if query.ascending { " ASC" } else { " DESC" };
    sql.push_str(" ORDER BY ");
    sql.push_str(key);
    sql.push_str(direction);
    if query.sort != Sort::Id {
        sql.push_str(", ");
        sql.push_str(id);
        sql.push_str(direction);
    }
    sql.push_str(" LIMIT ?");
    values.push(Value::Integer(page_limit(limit)));
    (sql, values)
}

/// Which status each part reads (`None`: no status condition).
fn part_statuses(query: &Query, driven_by_search: bool) -> Vec<Option<Status>> {
    // The search hands out its matches in id order itself: one part, whose
    // conditions on the ticket are all checked on the matches read.
    if driven_by_search {
        return vec![None];
    }
    if !query.statuses.is_empty() {
        return query.statuses.iter().copied().map(Some).collect();
    }
    let by_status_within =
        query.assignee_id.is_some() || query.needs.unassigned || query.handling_role.is_some();
    if query.sort == Sort::Id && by_status_within {
        Status::EVERY.iter().copied().map(Some).collect()
    } else {
        vec![None]
    }
}

fn sort_key(sort: Sort, driven_by_search: bool) -> &'static str {
    match (sort, driven_by_search) {
        (Sort::Id, true) => "ticket_search.rowid",
        (Sort::Id, false) => "t.id",
        (Sort::Updated, _) => "t.updated_at",
        (Sort::Priority, _) => "t.priority_rank",
    }
}

fn push_part(
    sql: &mut String,
    values: &mut Vec<Value>,
    visibility: &Visibility,
    query: &Query,
    part: Part,
    after: Option<Cursor>,
) {
    sql.push_str(COLUMNS);
    sql.push_str(", ");
    let key = sort_key(query.sort, part.driven_by_search);
    sql.push_str(key);
    sql.push_str(if part.driven_by_search {
        FROM_SEARCH
    } else {
        FROM_TICKETS
    });
    sql.push_str(JOINS);
    sql.push_str(" WHERE 1 = 1");
    let requester_drives =
        part.driver == Driver::Requester || (part.served_by_id() && part.driver == Driver::Order);
    push_scope(sql, values, visibility, requester_drives);
    push_filters(sql, values, query, part);
    let Some(cursor) = after else { return };
    let compare = if query.ascending { " > " } else { " < " };
    if query.sort == Sort::Id {
        sql.push_str(" AND ");
        sql.push_str(key);
        sql.push_str(compare);
        sql.push('?');
        values.push(Value::Integer(cursor.id));
    } else {
        sql.push_str(" AND (");
        sql.push_str(key);
        sql.push_str(", t.id)");
        sql.push_str(compare);
        sql.push_str("(?, ?)");
        values.extend([Value::Integer(cursor.key), Value::Integer(cursor.id)]);
    }
}

/// The reader's scope. Only a requester's own tickets have an index in
/// id order; the other scopes are conditions on the rows read in order.
fn push_scope(
    sql: &mut String,
    values: &mut Vec<Value>,
    visibility: &Visibility,
    requester_drives: bool,
) {
    match visibility {
        Visibility::Own { user } => {
            // The requester's indexes give their tickets in the list's
            // order (ticket_filters::Driver), unless another need drives
            // it; a search by id reads its matches in order instead.
            sql.push_str(if requester_drives {
                " AND t.requester_id = ?"
            } else {
                " AND +t.requester_id = ?"
            });
            values.push(Value::Integer(*user));
        }
        other => super::tickets::push_visibility(sql, values, other),
    }
}
