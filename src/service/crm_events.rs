//! Events (issue 15): each for a signed `event` contract; their support
//! contact is chosen by management (`event.assign`).
//!
//! Reach: `event.*` at scope `own` reaches the events of the actor's own
//! contracts (to create one: a contract of their own client); `assigned`
//! those they are the support contact of, and their own; `all` every one.

use super::summary::Summary;
use super::{crm_notify, not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::crm::{self, ContractKind};
use crate::domain::{validate, Capability, Msg, Relation, Scope};
use crate::store::crm_contracts::{self, Contract};
use crate::store::crm_events::{self as store, EventFields, EventQuery, Reach};

pub use store::Event;

/// A new event, as typed and parsed by the front end (instants in Unix
/// seconds: see [`Service::event_instant`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewEvent {
    pub contract_id: i64,
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: String,
    pub attendees: i64,
    pub notes: String,
    /// The support contact's login (needs `event.assign`).
    pub support: Option<String>,
}

/// Changes to an event; `None` keeps a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventEdit {
    pub name: Option<String>,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub location: Option<String>,
    pub attendees: Option<i64>,
    pub notes: Option<String>,
}

/// The filters of `event list` and the Events tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub without_support: bool,
    /// For a role that handles events (`event.update` at `assigned` or
    /// `all`): those in the actor's care; for others: of their contracts.
    pub mine: bool,
    /// Starting at or after this instant.
    pub from: Option<i64>,
    /// Starting before this instant.
    pub until: Option<i64>,
    pub client_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub text: Option<String>,
}

/// What the actor may do to one event, for front ends to offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRights {
    pub edit: bool,
    pub assign: bool,
    pub remove: bool,
}

impl Service {
    pub fn add_event(&mut self, actor: &Actor, new: &NewEvent) -> Result<i64> {
        let me = self.authorize(actor, Capability::EventCreate)?;
        let contract = crm_contracts::by_id(self.store.conn(), new.contract_id)?
            .ok_or_else(|| me.unreachable(Capability::EventCreate, "contract", new.contract_id))?;
        self.event_contract_check(actor, &contract)?;
        let support = match &new.support {
            Some(login) => {
                self.authorize(actor, Capability::EventAssign)?;
                Some(self.support_contact(login)?)
            }
            None => None,
        };
        let fields = checked(EventFields {
            name: new.name.clone(),
            starts_at: new.starts_at,
            ends_at: new.ends_at,
            location: new.location.clone(),
            attendees: new.attendees,
            notes: new.notes.clone(),
            support_contact_id: support,
        })?;
        let now = self.now();
        self.store.write(|w| {
            let current = crm_contracts::by_id(w.conn(), contract.id)?
                .ok_or_else(|| not_found("contract", contract.id))?;
            signed_event_contract(&current)?;
            let id = store::insert(w, contract.id, &fields, now)?;
            let summary = created_summary(&fields)
                .value("contract_id", contract.id)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::EventCreate, id.to_string()),
                summary,
            )?;
            let event = store::by_id(w.conn(), id)?.ok_or_else(|| not_found("event", id))?;
            crm_notify::event_created(w, actor, &event, now)?;
            Ok(id)
        })
    }

    pub fn event(&self, actor: &Actor, id: i64) -> Result<Event> {
        Ok(self.event_access(actor, id, Capability::EventRead)?.1)
    }

    /// Events by start, then id, after the cursor `(starts_at, id)`.
    pub fn events_matching(
        &self,
        actor: &Actor,
        filter: &EventFilter,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Event>> {
        let me = self.authorize(actor, Capability::EventRead)?;
        // "Mine": in one's care for a role that handles events, else of
        // one's contracts; each one index in start order.
        let handles = matches!(
            me.grants.scope_of(Capability::EventUpdate),
            Some(Scope::Assigned | Scope::All)
        );
        let mine = filter.mine.then_some(me.user.id);
        let q = EventQuery {
            without_support: filter.without_support,
            support_contact_id: mine.filter(|_| handles),
            sales_contact_id: mine.filter(|_| !handles),
            from: filter.from,
            until: filter.until,
            client_id: filter.client_id,
            contract_id: filter.contract_id,
            text: filter.text.clone(),
            reach: match me.scope {
                Scope::All => Reach::All,
                Scope::Assigned => Reach::Assigned(me.user.id),
                Scope::Own | Scope::Company => Reach::OwnContracts(me.user.id),
            },
        };
        Ok(store::page(self.store.conn(), &q, after, limit)?)
    }

    pub fn edit_event(&mut self, actor: &Actor, id: i64, edit: &EventEdit) -> Result<()> {
        let (_, old) = self.event_access(actor, id, Capability::EventUpdate)?;
        let before = EventFields::of(&old);
        let after = checked(EventFields {
            name: edit.name.clone().unwrap_or(before.name.clone()),
            starts_at: edit.starts_at.unwrap_or(before.starts_at),
            ends_at: edit.ends_at.unwrap_or(before.ends_at),
            location: edit.location.clone().unwrap_or(before.location.clone()),
            attendees: edit.attendees.unwrap_or(before.attendees),
            notes: edit.notes.clone().unwrap_or(before.notes.clone()),
            support_contact_id: before.support_contact_id,
        })?;
        self.write_event_change(actor, (&old, &before, &after), AuditAction::EventEdit)
    }

    /// Gives the event to `login`'s care, or to nobody's with `None`.
    pub fn assign_event(&mut self, actor: &Actor, id: i64, login: Option<&str>) -> Result<()> {
        let (_, old) = self.event_access(actor, id, Capability::EventAssign)?;
        let support = match login {
            Some(login) => Some(self.support_contact(login)?),
            None => None,
        };
        let before = EventFields::of(&old);
        let after = EventFields {
            support_contact_id: support,
            ..before.clone()
        };
        self.write_event_change(actor, (&old, &before, &after), AuditAction::EventAssign)
    }

    pub fn remove_event(&mut self, actor: &Actor, id: i64) -> Result<()> {
        let (_, event) = self.event_access(actor, id, Capability::EventDelete)?;
        let fields = EventFields::of(&event);
        let now = self.now();
        self.store.write(|w| {
            if store::by_id(w.conn(), id)?.is_none() {
                return Err(not_found("event", id));
            }
            // Told first: the notifications name the event until it goes.
            let gone = Event {
                support_contact_id: None,
                ..event.clone()
            };
            crm_notify::event_changed(w, actor, &gone, event.support_contact_id, now)?;
            store::delete(w, id)?;
            let summary = created_summary(&fields)
                .value("contract_id", event.contract_id)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::EventRemove, id.to_string()),
                summary,
            )
        })
    }

    pub fn event_rights(&self, actor: &Actor, id: i64) -> Result<EventRights> {
        self.event_access(actor, id, Capability::EventRead)?;
        let reach = |cap| self.event_access(actor, id, cap).is_ok();
        Ok(EventRights {
            edit: reach(Capability::EventUpdate),
            assign: reach(Capability::EventAssign),
            remove: reach(Capability::EventDelete),
        })
    }

    /// Who may be given an event's care (for `event.assign` holders):
    /// the logins of the users whose role handles events, after `after`.
    pub fn event_support_logins(
        &self,
        actor: &Actor,
        after: &str,
        limit: u32,
    ) -> Result<Vec<String>> {
        self.authorize(actor, Capability::EventAssign)?;
        Ok(store::support_logins(self.store.conn(), after, limit)?)
    }

    /// [`Service::event_rights`] for a page of events read by the same
    /// actor: the actor's grants read once, each event judged by the
    /// fields it holds (no query per row).
    pub fn event_rights_of(&self, actor: &Actor, events: &[Event]) -> Result<Vec<EventRights>> {
        let me = self.authorize(actor, Capability::EventRead)?;
        let reach = |cap, e: &Event| {
            me.grants
                .scope_of(cap)
                .is_some_and(|scope| scope.reaches(relation(&me, e)))
        };
        Ok(events
            .iter()
            .map(|e| EventRights {
                edit: reach(Capability::EventUpdate, e),
                assign: reach(Capability::EventAssign, e),
                remove: reach(Capability::EventDelete, e),
            })
            .collect())
    }

    /// "YYYY-MM-DD HH:MM" in the site's time zone, as an instant.
    pub fn event_instant(&self, field: &'static str, text: &str) -> Result<i64> {
        crm::local_instant(field, text, self.settings.timezone).map_err(Error::Invalid)
    }

    /// A bound of the event filters: a day or a day and a time, in the
    /// site's time zone; a day ends the range at its end with `day_end`.
    pub fn event_bound(&self, field: &'static str, text: &str, day_end: bool) -> Result<i64> {
        crm::instant_or_day(field, text, self.settings.timezone, day_end).map_err(Error::Invalid)
    }

    /// Whether the actor may create an event for `contract` now: their
    /// `event.create` reaches it (scope `own`: a contract of their own
    /// client), and it is a signed `event` contract.
    pub(crate) fn event_contract_check(&self, actor: &Actor, contract: &Contract) -> Result<()> {
        let me = self.authorize(actor, Capability::EventCreate)?;
        self.event_contract_check_as(&me, contract)
    }

    /// The same for an actor already authorised for `event.create` (a
    /// page of contracts asks once).
    pub(crate) fn event_contract_check_as(
        &self,
        me: &Authorized,
        contract: &Contract,
    ) -> Result<()> {
        if me.scope != Scope::All {
            let client_sales = match contract.client_id {
                Some(c) => {
                    crm_contracts::client(self.store.conn(), c)?.and_then(|c| c.sales_contact_id)
                }
                None => None,
            };
            let mine = Some(me.user.id);
            if contract.sales_contact_id != mine && client_sales != mine {
                return Err(Error::Denied(Capability::EventCreate));
            }
        }
        signed_event_contract(contract)
    }

    fn write_event_change(
        &mut self,
        actor: &Actor,
        (old, before, after): (&Event, &EventFields, &EventFields),
        action: AuditAction,
    ) -> Result<()> {
        let summary = change_summary(before, after);
        if summary.as_object().is_some_and(|m| m.is_empty()) {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let (id, now) = (old.id, self.now());
        self.store.write(|w| {
            if !store::update(w, id, (before, after), now)? {
                return Err(Error::Conflict(
                    Msg::new("error.event_changed").arg("id", id),
                ));
            }
            Self::audit(w, actor, now, (action, id.to_string()), summary.clone())?;
            let event = store::by_id(w.conn(), id)?.ok_or_else(|| not_found("event", id))?;
            crm_notify::event_changed(w, actor, &event, before.support_contact_id, now)?;
            Ok(())
        })
    }

    fn event_access(
        &self,
        actor: &Actor,
        id: i64,
        capability: Capability,
    ) -> Result<(Authorized, Event)> {
        let me = self.authorize(actor, capability)?;
        match store::by_id(self.store.conn(), id)? {
            Some(e) if me.scope.reaches(relation(&me, &e)) => Ok((me, e)),
            _ => Err(me.unreachable(capability, "event", id)),
        }
    }

    /// An active account whose role handles events.
    fn support_contact(&self, login: &str) -> Result<i64> {
        let conn = self.store.conn();
        let user = crate::store::users::by_login(conn, login.trim())?
            .map(|l| l.user)
            .filter(|u| u.active)
            .ok_or_else(|| not_found("user", login))?;
        if !store::handles_events(conn, user.id)? {
            return Err(Error::Invalid(
                Msg::new("error.not_event_support").arg("login", &user.login),
            ));
        }
        Ok(user.id)
    }
}

fn relation(me: &Authorized, e: &Event) -> Relation {
    Relation {
        own: e.sales_contact_id == Some(me.user.id),
        assigned: e.support_contact_id == Some(me.user.id),
        same_company: false,
    }
}

fn signed_event_contract(c: &Contract) -> Result<()> {
    if c.kind != ContractKind::Event {
        return Err(Error::Invalid(
            Msg::new("error.contract_not_for_events")
                .arg("id", c.id)
                .arg("kind", c.kind.key()),
        ));
    }
    if !c.signed() {
        return Err(Error::Conflict(
            Msg::new("error.contract_not_signed").arg("id", c.id),
        ));
    }
    Ok(())
}

fn checked(f: EventFields) -> Result<EventFields> {
    let name = validate::name("name", &f.name).map_err(Error::Invalid)?;
    let location = crm::optional_line("location", &f.location).map_err(Error::Invalid)?;
    let notes = crm::multiline("notes", &f.notes, crm::MAX_NOTES_CHARS).map_err(Error::Invalid)?;
    let attendees = crm::check_attendees(f.attendees).map_err(Error::Invalid)?;
    crm::check_event_times(f.starts_at, f.ends_at).map_err(Error::Invalid)?;
    Ok(EventFields {
        name,
        location,
        notes,
        attendees,
        ..f
    })
}

fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).map_or_else(|| t.to_string(), |d| d.to_rfc3339())
}

fn created_summary(f: &EventFields) -> Summary {
    Summary::new()
        .value("name", f.name.as_str())
        .value("starts_at", utc(f.starts_at))
        .value("ends_at", utc(f.ends_at))
        .value("location", f.location.as_str())
        .value("attendees", f.attendees)
        .value("notes", f.notes.as_str())
        .value("support_contact_id", f.support_contact_id)
}

fn change_summary(old: &EventFields, new: &EventFields) -> serde_json::Value {
    let mut s = Summary::new();
    if old.name != new.name {
        s = s.change("name", old.name.as_str(), new.name.as_str());
    }
    if old.starts_at != new.starts_at {
        s = s.change("starts_at", utc(old.starts_at), utc(new.starts_at));
    }
    if old.ends_at != new.ends_at {
        s = s.change("ends_at", utc(old.ends_at), utc(new.ends_at));
    }
    if old.location != new.location {
        s = s.change("location", old.location.as_str(), new.location.as_str());
    }
    if old.attendees != new.attendees {
        s = s.change("attendees", old.attendees, new.attendees);
    }
    if old.notes != new.notes {
        s = s.change("notes", old.notes.as_str(), new.notes.as_str());
    }
    if old.support_contact_id != new.support_contact_id {
        s = s.change(
            "support_contact_id",
            old.support_contact_id,
            new.support_contact_id,
        );
    }
    s.build()
}
