//! How a Logs filter is read through the indexes: which index serves it
//! (the most narrowing condition), and an action prefix in the filter
//! (`action:ticket.*`) read as the actions it stands for.
//!
//! Written as `substr(action, 1, n) = ?`, a prefix is served by no index in
//! the log's order: SQLite reads the log from its end and keeps what
//! matches, which for a rare kind (`user.*`, `database.*`) is most of the
//! log (seconds at ten million entries). The actions present that start
//! with the prefix are few and found by seeking the index by action, one
//! seek each; each is then read newest first from that index, as a filter
//! on one action is, and the pages are merged by id. The same entries, in
//! the same order, as the plain prefix condition. Only for a prefix alone
//! in the filter or beside an actor: [`prefix_actions`] says why.

use super::audit::{statement, Entry, Filter, Page};
use super::StoreResult;
use rusqlite::{Connection, OptionalExtension};

/// More actions than this under one prefix: read with the plain condition
/// (the merge reads a page per action).
const MAX_ACTIONS: usize = 64;

/// The actions in the log that start with `prefix`, in order; None when
/// there are more than [`MAX_ACTIONS`].
fn actions_with_prefix(conn: &Connection, prefix: &str) -> StoreResult<Option<Vec<String>>> {
    let mut first = conn.prepare_cached(
        "SELECT action FROM audit_log WHERE action >= ?1 ORDER BY action LIMIT 1",
    )?;
    let mut next = conn
        .prepare_cached("SELECT action FROM audit_log WHERE action > ?1 ORDER BY action LIMIT 1")?;
    let mut found: Vec<String> = Vec::new();
    let mut at: Option<String> = first.query_row([prefix], |r| r.get(0)).optional()?;
    while let Some(action) = at {
        if !action.starts_with(prefix) {
            break;
        }
        if found.len() == MAX_ACTIONS {
            return Ok(None);
        }
        at = next.query_row([&action], |r| r.get(0)).optional()?;
        found.push(action);
    }
    Ok(Some(found))
}

/// One page read action by action and merged: entries in the order the
/// page reads them (newest first, or oldest first after a cursor).
pub(super) fn read_by_actions(
    conn: &Connection,
    filter: &Filter,
    actions: &[String],
    page: Page,
    limit: u32,
    read_one: impl Fn(&Connection, &Filter, Page, u32) -> StoreResult<Vec<Entry>>,
) -> StoreResult<Vec<Entry>> {
    let mut merged = Vec::new();
    for action in actions {
        let one = Filter {
            action: Some(action.clone()),
            ..filter.clone()
        };
        merged.extend(read_one(conn, &one, page, limit)?);
    }
    match page {
        Page::After(_) => merged.sort_by_key(|e: &Entry| e.id),
        Page::Newest | Page::Between { .. } => {
            merged.sort_by_key(|e: &Entry| std::cmp::Reverse(e.id))
        }
    }
    merged.truncate(usize::try_from(super::page_limit(limit)).unwrap_or(usize::MAX));
    Ok(merged)
}

/// The index a filter is read through: the one of its most narrowing
/// condition, in this order (an object is a few entries, an actor a share
/// of the log, an action one of a few dozen kinds, a kind one of thirteen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Narrowest {
    Object,
    /// An actor and one action: `(actor_login, action, id)`.
    ActorAction,
    Actor,
    Action,
    Kind,
    None,
}

impl Narrowest {
    pub(super) fn of(filter: &Filter) -> Narrowest {
        let exact_action = filter.action.as_ref().is_some_and(|a| !a.ends_with('*'));
        match filter {
            Filter {
                object_type: Some(_),
                object_id: Some(_),
                ..
            } => Narrowest::Object,
            Filter {
                actor_login: Some(_),
                ..
            } if exact_action => Narrowest::ActorAction,
            Filter {
                actor_login: Some(_),
                ..
            } => Narrowest::Actor,
            _ if exact_action => Narrowest::Action,
            Filter {
                object_type: Some(_),
                ..
            } => Narrowest::Kind,
            _ => Narrowest::None,
        }
    }
}

/// The actions a prefix in `filter` stands for, if it has one and they
/// are few, and nothing else in the filter but an actor and hidden
/// actions: each action is then read through `(action, id)`, or
/// `(actor_login, action, id)` with the actor. With an object or a time
/// window beside it, each action's read would go through that other
/// condition's index, or through its own and the window, and read as far
/// as the plain condition reads once, times the number of actions: the
/// plain condition is better there.
pub(super) fn prefix_actions(
    conn: &Connection,
    filter: &Filter,
) -> StoreResult<Option<Vec<String>>> {
    let alone = filter.object_type.is_none()
        && filter.object_id.is_none()
        && filter.since.is_none()
        && filter.until.is_none();
    if !alone {
        return Ok(None);
    }
    match filter.action.as_deref().and_then(|a| a.strip_suffix('*')) {
        Some(prefix) => actions_with_prefix(conn, prefix),
        None => Ok(None),
    }
}

/// How SQLite reads one page (`EXPLAIN QUERY PLAN`): for benchmarks. A
/// prefix read action by action shows the plan of its first action.
pub fn plan(
    conn: &Connection,
    filter: &Filter,
    page: Page,
    limit: u32,
) -> StoreResult<Vec<String>> {
    let mut lines = Vec::new();
    let mut filter = filter.clone();
    if let Some(actions) = prefix_actions(conn, &filter)? {
        lines.push(format!(
            "for each of {} actions, merged by id:",
            actions.len()
        ));
        filter.action = actions.first().cloned().or(filter.action);
    }
    let (sql, values) = statement(&filter, page, limit);
    lines.extend(super::query_plan(conn, &sql, values)?);
    Ok(lines)
}
