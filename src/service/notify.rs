//! Who is told of a change to a ticket, written by the use case inside its
//! own `BEGIN IMMEDIATE` transaction, beside its audit entry: a
//! notification exists exactly when the change does.
//!
//! - the assignee, when someone else assigns a ticket to them (at opening
//!   too);
//! - the requester, when staff take their ticket in hand, resolve it, or
//!   anyone else answers it publicly (never an internal comment);
//! - the staff on the ticket, when the requester comments or asks for
//!   closure: the assignee; unassigned, the active members of the handling
//!   role if that role may read the tickets it handles (`ticket.read` at
//!   scope `assigned` or `all`), else nobody: an unassigned ticket still
//!   shows in the urgency queue of those who read every ticket.
//!
//! Nobody is told of their own action, and nobody of a kind they turned
//! off (`notification_opt_outs`).

use super::Result;
use crate::domain::notify::{self, NotifyKind};
use crate::domain::{Capability, Scope};
use crate::store::{notifications, roles, sla_state, tickets::Ticket, Write};
use rusqlite::Connection;

/// What a notification is about.
pub(crate) struct About<'a> {
    pub ticket: i64,
    pub title: &'a str,
    pub now: i64,
}

/// Tells `candidates` (but not `actor`, and not those who turned `kind`
/// off) of `kind`; how many were told.
pub(crate) fn send(
    w: &Write,
    actor: Option<i64>,
    candidates: &[i64],
    kind: NotifyKind,
    about: &About,
) -> Result<usize> {
    let mut told = 0;
    for user in notify::recipients(actor, candidates) {
        if notifications::opted_out(w.conn(), user, kind.key())? {
            continue;
        }
        notifications::insert(
            w,
            user,
            kind.key(),
            Some(about.ticket),
            about.title,
            about.now,
        )?;
        told += 1;
    }
    Ok(told)
}

/// The staff a requester's words go to (see the module's comment).
pub(crate) fn staff_of(conn: &Connection, ticket: &Ticket) -> Result<Vec<i64>> {
    if let Some(id) = ticket.assignee_id {
        return Ok(vec![id]);
    }
    let reads = roles::grants(conn, &ticket.handling_role)?.scope_of(Capability::TicketRead);
    if matches!(reads, Some(Scope::Assigned | Scope::All)) {
        Ok(sla_state::active_ids_of_role(conn, &ticket.handling_role)?)
    } else {
        Ok(Vec::new())
    }
}
