//! A ticket's life: status changes, assignment, closure requests, ratings,
//! automatic closure, and its history.

use super::notify;
use super::sla;
use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::{AuditAction, ObjectKind};
use crate::domain::notify::NotifyKind;
use crate::domain::ticket::{self, Party, Status};
use crate::domain::{Capability, Msg, Scope};
use crate::store::{self, audit::Entry, audit::NewEntry, sla_state, ticket_work, tickets};

impl Service {
    /// Moves a ticket to `to`, with an optional public comment, if the
    /// transition table lets this actor's party make that move.
    pub fn change_status(
        &mut self,
        actor: &Actor,
        id: i64,
        to: Status,
        comment: Option<&str>,
    ) -> Result<()> {
        let access = self.ticket_access(actor, id, Capability::TicketUpdate)?;
        let party = access
            .party()
            .ok_or(Error::Denied(Capability::TicketUpdate))?;
        let from = access.status();
        let context = ticket::TransitionContext {
            now: self.now(),
            resolved_at: access.ticket.resolved_at,
            reopen_window_secs: self.settings.reopen_window_secs,
        };
        ticket::check_transition(from, to, party, context).map_err(Error::Invalid)?;
        let comment = comment
            .map(|c| ticket::body("comment", c, true))
            .transpose()
            .map_err(Error::Invalid)?;
        let now = context.now;
        let me = access.me.user.clone();
        // Taking a ticket in hand makes it yours when nobody had it.
        let take = party == Party::Staff && to == Status::InProgress;
        let new_assignee = (take && access.ticket.assignee_id.is_none()).then_some(me.id);
        let sla_settings = self.sla_settings();
        self.store.write(|w| {
            access.still_current(w)?;
            apply_status(w, id, to, now, new_assignee)?;
            let mut summary = Summary::new().change("status", from.key(), to.key());
            if new_assignee.is_some() {
                summary = summary.change("assignee", None::<String>, me.login.as_str());
            }
            if let Some(text) = &comment {
                let comment_id = ticket_work::insert_comment(w, id, me.id, text, false, now)?;
                access.spoke_in_public(w)?;
                summary = summary
                    .value("comment_id", comment_id)
                    .value("comment", text.as_str());
            }
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketStatus, id.to_string()),
                summary.build(),
            )?;
            if party == Party::Staff {
                sla_state::set_first_response(w, id, now)?;
            }
            sla::refresh(w, sla_settings, id, now)?;
            let (kind, to_whom) = status_notice(&access.ticket, party, to, comment.is_some());
            if let Some(kind) = kind {
                let told = match to_whom {
                    Whom::Requester => vec![access.ticket.requester_id],
                    Whom::Staff => notify::staff_of(w.conn(), &access.ticket)?,
                };
                let about = notify::About {
                    ticket: id,
                    title: &access.ticket.title,
                    now,
                };
                notify::send(w, Some(me.id), &told, kind, &about)?;
            }
            Ok(())
        })
    }

    /// Assigns a ticket to a member of its handling role (or of `role`,
    /// moving it there); without a login, to the least loaded member.
    /// Returns the login it went to, if any member was available.
    pub fn assign(
        &mut self,
        actor: &Actor,
        id: i64,
        login: Option<&str>,
        role: Option<&str>,
    ) -> Result<Option<String>> {
        let access = self.ticket_access(actor, id, Capability::TicketAssign)?;
        if access.me.scope != Scope::All
            && role.is_some_and(|r| r.trim() != access.ticket.handling_role)
        {
            return Err(Error::Denied(Capability::TicketAssign));
        }
        super::rights::assign_check(&access)?;
        let role = match role {
            Some(r) => self.handling_role_key(r)?,
            None => access.ticket.handling_role.clone(),
        };
        let members = tickets::members_by_load(self.store.conn(), &role)?;
        let chosen = match login {
            Some(l) => Some(
                members
                    .iter()
                    .find(|m| m.login.eq_ignore_ascii_case(l.trim()))
                    .ok_or_else(|| {
                        Error::Invalid(
                            Msg::new("error.not_a_member")
                                .arg("login", l)
                                .arg("role", &role),
                        )
                    })?,
            ),
            None => members.first(),
        };
        let (new_id, new_login) = (chosen.map(|m| m.id), chosen.map(|m| m.login.clone()));
        if new_id == access.ticket.assignee_id && role == access.ticket.handling_role {
            return Err(Error::Conflict(
                Msg::new("error.already_assigned").arg("id", id),
            ));
        }
        let (now, sla_settings) = (self.now(), self.sla_settings());
        self.store.write(|w| {
            access.still_current(w)?;
            tickets::set_assignment(w, id, &role, new_id, now)?;
            let summary = Summary::new()
                .change(
                    "assignee",
                    access.ticket.assignee_login.clone(),
                    new_login.clone(),
                )
                .change(
                    "handling_role",
                    access.ticket.handling_role.as_str(),
                    role.as_str(),
                )
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketAssign, id.to_string()),
                summary,
            )?;
            sla::refresh(w, sla_settings, id, now)?;
            if let Some(to) = new_id.filter(|n| Some(*n) != access.ticket.assignee_id) {
                let about = notify::About {
                    ticket: id,
                    title: &access.ticket.title,
                    now,
                };
                notify::send(w, Some(actor.id), &[to], NotifyKind::Assigned, &about)?;
            }
            Ok::<_, Error>(())
        })?;
        Ok(new_login)
    }

    /// The requester asks staff to close an open ticket, saying why.
    pub fn request_closure(&mut self, actor: &Actor, id: i64, comment: &str) -> Result<()> {
        let access = self.ticket_access(actor, id, Capability::TicketUpdate)?;
        if access.party() != Some(Party::Requester) {
            return Err(Error::Denied(Capability::TicketUpdate));
        }
        let comment = ticket::body("comment", comment, true).map_err(Error::Invalid)?;
        super::rights::closure_check(&access)?;
        let (now, me) = (self.now(), access.me.user.id);
        self.store.write(|w| {
            access.still_current(w)?;
            tickets::set_closure_requested(w, id, true, now)?;
            let comment_id = ticket_work::insert_comment(w, id, me, &comment, false, now)?;
            access.spoke_in_public(w)?;
            let summary = Summary::new()
                .change("closure_requested", false, true)
                .value("comment_id", comment_id)
                .value("comment", comment.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketClosureRequest, id.to_string()),
                summary,
            )?;
            let staff = notify::staff_of(w.conn(), &access.ticket)?;
            let about = notify::About {
                ticket: id,
                title: &access.ticket.title,
                now,
            };
            notify::send(w, Some(me), &staff, NotifyKind::ClosureRequested, &about)?;
            Ok(())
        })
    }

    /// The requester rates a resolved ticket 1–5, once; the rating stays
    /// editable for 24 hours.
    pub fn rate(
        &mut self,
        actor: &Actor,
        id: i64,
        score: i64,
        comment: Option<&str>,
    ) -> Result<()> {
        let access = self.ticket_access(actor, id, Capability::TicketRate)?;
        // What the dashboard asks before offering `r`; the score is checked next.
        self.rate_check(&access)?;
        let now = self.now();
        ticket::check_rating(access.status(), score, access.ticket.rated_at, now)
            .map_err(Error::Invalid)?;
        let comment = comment
            .map(|c| ticket::body("comment", c, false))
            .transpose()
            .map_err(Error::Invalid)?;
        self.store.write(|w| {
            access.still_current(w)?;
            tickets::set_rating(w, id, score, comment.as_deref(), now)?;
            let summary = Summary::new()
                .change("rating", access.ticket.rating, score)
                .change(
                    "rating_comment",
                    access.ticket.rating_comment.clone(),
                    comment.clone(),
                )
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketRate, id.to_string()),
                summary,
            )
        })
    }

    /// Closes resolved tickets whose reopen window has passed. Cheap when
    /// nothing is due (one indexed read), so front ends call it at start.
    pub fn close_expired_resolutions(&mut self) -> Result<usize> {
        let now = self.now();
        let cutoff = now - self.settings.reopen_window_secs;
        let mut closed = 0;
        loop {
            let due = tickets::resolved_before(self.store.conn(), cutoff, 200)?;
            if due.is_empty() {
                return Ok(closed);
            }
            self.store.write(|w| {
                for id in &due {
                    // Another process may have reopened it, or closed it first.
                    if !tickets::close_if_expired(w, *id, cutoff, now)? {
                        continue;
                    }
                    let summary = Summary::new()
                        .change("status", Status::Resolved.key(), Status::Closed.key())
                        .value("reason", "reopen_window_passed")
                        .build();
                    let entry = NewEntry::system(
                        now,
                        AuditAction::TicketAutoClose,
                        &id.to_string(),
                        summary.to_string(),
                    );
                    store::audit::append(w, &entry)?;
                }
                Ok::<_, Error>(())
            })?;
            closed += due.len();
        }
    }

    /// Every change of the ticket from the audit log, oldest first, without
    /// what the actor may not see (internal comments, time spent).
    pub fn ticket_history(
        &self,
        actor: &Actor,
        id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        let access = self.ticket_access(actor, id, Capability::TicketRead)?;
        let mut hidden = Vec::new();
        if !self.may_reach(&access, Capability::TicketCommentInternal) {
            hidden.push(AuditAction::TicketCommentInternal);
        }
        if !self.may_reach(&access, Capability::TimeRead) {
            hidden.extend([AuditAction::TicketTime, AuditAction::TicketTimeEdit]);
        }
        let filter = store::audit::Filter {
            object_type: Some(ObjectKind::Ticket.key().into()),
            object_id: Some(id.to_string()),
            hidden_actions: hidden,
            ..Default::default()
        };
        Ok(store::audit::page_after(
            self.store.conn(),
            &filter,
            after,
            limit,
        )?)
    }

    /// The key of the role typed by its key or by its label in either
    /// language; an unknown one is refused as not found.
    pub(crate) fn role_key_named(&self, text: &str) -> Result<String> {
        store::roles::key_named(self.store.conn(), text.trim())?
            .ok_or_else(|| not_found("role", text))
    }

    pub(crate) fn handling_role_key(&self, key: &str) -> Result<String> {
        let role = store::roles::get(self.store.conn(), key.trim())?
            .ok_or_else(|| not_found("role", key))?;
        if !role.handles_tickets {
            return Err(Error::Invalid(
                Msg::new("error.role_handles_no_tickets").arg("role", &role.key),
            ));
        }
        Ok(role.key)
    }
}

/// Writes a status with the instants it stamps.
pub(crate) fn apply_status(
    w: &store::Write,
    id: i64,
    to: Status,
    now: i64,
    assignee: Option<i64>,
) -> Result<()> {
    let change = tickets::StatusChange {
        status: to.key(),
        now,
        taken: to == Status::InProgress,
        resolved: to == Status::Resolved,
        closed: matches!(to, Status::Closed | Status::Cancelled),
        assignee_id: assignee,
    };
    tickets::set_status(w, id, &change)?;
    Ok(())
}

/// Whom a status change's notification goes to.
enum Whom {
    Requester,
    Staff,
}

/// What a status change tells, and to whom: staff taking the ticket in hand
/// for the first time, resolving it, or moving it with a comment tell the
/// requester; the requester moving it with a comment tells the staff.
fn status_notice(
    before: &tickets::Ticket,
    party: Party,
    to: Status,
    commented: bool,
) -> (Option<NotifyKind>, Whom) {
    match party {
        Party::Staff => {
            let kind = match to {
                Status::Resolved => Some(NotifyKind::Resolved),
                Status::InProgress if before.taken_at.is_none() => Some(NotifyKind::Taken),
                _ if commented => Some(NotifyKind::Answered),
                _ => None,
            };
            (kind, Whom::Requester)
        }
        Party::Requester => (commented.then_some(NotifyKind::Replied), Whom::Staff),
        // The system moves tickets without a person's party (auto-close).
        Party::System => (None, Whom::Requester),
    }
}
