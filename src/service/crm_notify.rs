//! Who is told of a change to a contract or an event (issue 15), written
//! inside the change's own transaction like the tickets' (service/notify.rs):
//!
//! - a contract signed: its sales contact, its client's sales contact, and
//!   management;
//! - an event given to a support contact: that contact; created without
//!   one: management;
//! - an event changed (edited, its support changed, removed): its support
//!   contact (the one before too, when it changes) and its contract's
//!   sales contact.
//!
//! "Management" is every active account whose role chooses events'
//! support contacts (`event.assign` at scope `all`): the management role
//! and the admins by default, whoever a site gives that right to. Nobody is
//! told of their own action or of a kind they turned off. The text is the
//! object's own (the client's name, the event's name), shown sanitised.

use super::{Actor, Result};
use crate::domain::notify::{self, NotifyKind};
use crate::store::crm_contracts::{self, Contract};
use crate::store::crm_events::Event;
use crate::store::notifications::{self, Subject};
use crate::store::Write;

fn send(
    w: &Write,
    actor: &Actor,
    candidates: &[i64],
    kind: NotifyKind,
    (subject, body): (Subject, &str),
    now: i64,
) -> Result<usize> {
    let mut told = 0;
    for user in notify::recipients(Some(actor.id), candidates) {
        if notifications::opted_out(w.conn(), user, kind.key())? {
            continue;
        }
        notifications::insert_about(w, user, kind.key(), subject, body, now)?;
        told += 1;
    }
    Ok(told)
}

fn management(w: &Write) -> Result<Vec<i64>> {
    Ok(crm_contracts::active_holders(w.conn(), "event.assign")?)
}

pub(crate) fn contract_signed(
    w: &Write,
    actor: &Actor,
    contract: &Contract,
    client_sales: Option<i64>,
    now: i64,
) -> Result<usize> {
    let mut to: Vec<i64> = [contract.sales_contact_id, client_sales]
        .into_iter()
        .flatten()
        .collect();
    to.extend(management(w)?);
    let body = contract.client_name.as_deref().unwrap_or_default();
    let about = (Subject::Contract(contract.id), body);
    send(w, actor, &to, NotifyKind::ContractSigned, about, now)
}

/// A new event: to its support contact, or to management without one.
pub(crate) fn event_created(w: &Write, actor: &Actor, event: &Event, now: i64) -> Result<usize> {
    let about = (Subject::Event(event.id), event.name.as_str());
    match event.support_contact_id {
        Some(support) => send(w, actor, &[support], NotifyKind::EventAssigned, about, now),
        None => {
            let to = management(w)?;
            send(w, actor, &to, NotifyKind::EventWithoutSupport, about, now)
        }
    }
}

/// An event changed: `before` is its support contact until now.
pub(crate) fn event_changed(
    w: &Write,
    actor: &Actor,
    event: &Event,
    before: Option<i64>,
    now: i64,
) -> Result<usize> {
    let about = (Subject::Event(event.id), event.name.as_str());
    let mut told = 0;
    let mut changed: Vec<i64> = [before, event.sales_contact_id]
        .into_iter()
        .flatten()
        .collect();
    match event.support_contact_id {
        Some(new) if before != Some(new) => {
            told += send(w, actor, &[new], NotifyKind::EventAssigned, about, now)?;
        }
        Some(same) => changed.push(same),
        None => {}
    }
    told += send(w, actor, &changed, NotifyKind::EventChanged, about, now)?;
    Ok(told)
}
