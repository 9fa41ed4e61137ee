//! "May I?": what the actor may do to one ticket right now, answered
//! without doing it, so that front ends offer only that. Each answer goes
//! through the same checks the use case makes (the access rule, then the
//! rule of the action on the ticket as it is), factored here or beside the
//! use case, never written twice.

use super::tickets::TicketAccess;
use super::{Actor, Error, Result, Service};
use crate::domain::ticket::{self, Party, Status};
use crate::domain::{Capability, Msg};

/// One answer: allowed, or why not, in words for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Right(Option<Msg>);

impl Right {
    pub const YES: Right = Right(None);

    pub fn allowed(&self) -> bool {
        self.0.is_none()
    }

    /// Why the action is refused; None when it is allowed.
    pub fn why(&self) -> Option<&Msg> {
        self.0.as_ref()
    }

    fn no(why: Msg) -> Right {
        Right(Some(why))
    }

    /// A use case's check as an answer: a capability the role lacks (at
    /// any scope, or at one reaching this ticket) is said in the words of
    /// the action (`why`, a `may.*` key); any other refusal in its own
    /// words.
    pub(crate) fn of(check: Result<()>, why: &'static str) -> Right {
        match check {
            Ok(()) => Right::YES,
            Err(Error::Denied(_)) => Right::no(Msg::new(why)),
            Err(e) => Right::no(e.message()),
        }
    }
}

/// What the actor may do to a ticket, action by action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRights {
    pub take: Right,
    pub assign: Right,
    pub status: Right,
    pub edit: Right,
    pub comment: Right,
    pub comment_internal: Right,
    pub log_time: Right,
    pub attach: Right,
    pub rate: Right,
    pub request_closure: Right,
}

impl Service {
    /// Every action on ticket `id`, allowed or with why not. Fails only if
    /// the actor may not read the ticket (then nothing is offered at all).
    pub fn ticket_rights(&self, actor: &Actor, id: i64) -> Result<TicketRights> {
        self.ticket_access(actor, id, Capability::TicketRead)?;
        let access = |cap| self.ticket_access(actor, id, cap);
        let assign = access(Capability::TicketAssign).and_then(|a| assign_check(&a));
        let moves = access(Capability::TicketUpdate).map(|a| (self.moves_for(&a), a));
        let status = match &moves {
            Ok((list, _)) if list.is_empty() => {
                Err(Error::Conflict(Msg::new("may.no_moves").arg("id", id)))
            }
            Ok(_) => Ok(()),
            Err(e) => Err(copy(e)),
        };
        let take = match &moves {
            Ok((list, a)) => take_check(a, list, assign.is_ok()),
            Err(e) => Err(copy(e)),
        };
        Ok(TicketRights {
            take: Right::of(take, "may.take"),
            assign: Right::of(assign, "may.assign"),
            status: Right::of(status, "may.status"),
            edit: Right::of(self.edit_access(actor, id).map(drop), "may.edit"),
            comment: Right::of(access(Capability::TicketComment).map(drop), "may.comment"),
            comment_internal: Right::of(
                access(Capability::TicketCommentInternal).map(drop),
                "may.comment_internal",
            ),
            log_time: Right::of(access(Capability::TimeLog).map(drop), "may.log_time"),
            attach: Right::of(self.edit_access(actor, id).map(drop), "may.attach"),
            rate: Right::of(
                access(Capability::TicketRate).and_then(|a| self.rate_check(&a)),
                "may.rate",
            ),
            request_closure: Right::of(
                access(Capability::TicketUpdate).and_then(|a| closure_check(&a)),
                "may.request_closure",
            ),
        })
    }

    /// The ticket if the actor may edit it (or add files to it) now: staff
    /// while it is open, the requester until staff has taken it in hand.
    pub(crate) fn edit_access(&self, actor: &Actor, id: i64) -> Result<TicketAccess> {
        let access = self.ticket_access(actor, id, Capability::TicketUpdate)?;
        let party = access
            .party()
            .ok_or(Error::Denied(Capability::TicketUpdate))?;
        let status = access.status();
        if party == Party::Requester && !ticket::requester_may_edit(status, access.ticket.taken_at)
        {
            return Err(Error::Conflict(
                Msg::new("error.ticket_taken").arg("id", id),
            ));
        }
        open_check(&access)?;
        Ok(access)
    }

    /// Only the requester rates, and only what the rating rules accept now
    /// (any valid score: the score is the person's choice, not a right).
    pub(crate) fn rate_check(&self, access: &TicketAccess) -> Result<()> {
        if !access.relation.own {
            return Err(Error::Denied(Capability::TicketRate));
        }
        ticket::check_rating(access.status(), 5, access.ticket.rated_at, self.now())
            .map_err(Error::Invalid)
    }
}

/// Assigning is for open tickets.
pub(crate) fn assign_check(access: &TicketAccess) -> Result<()> {
    open_check(access)
}

/// Only the requester asks for closure, once, of an open ticket.
pub(crate) fn closure_check(access: &TicketAccess) -> Result<()> {
    if access.party() != Some(Party::Requester) {
        return Err(Error::Denied(Capability::TicketUpdate));
    }
    open_check(access)?;
    if access.ticket.closure_requested {
        return Err(Error::Conflict(
            Msg::new("error.closure_already_requested").arg("id", access.ticket.id),
        ));
    }
    Ok(())
}

pub(crate) fn open_check(access: &TicketAccess) -> Result<()> {
    let status = access.status();
    if status.is_open() {
        Ok(())
    } else {
        Err(Error::Conflict(
            Msg::new("error.ticket_not_open")
                .arg("id", access.ticket.id)
                .arg("status", status),
        ))
    }
}

/// Taking in hand is staff's: moving the ticket to in progress, or making
/// it one's own when one may assign (what the dashboard's `t` does).
fn take_check(access: &TicketAccess, moves: &[Status], may_assign: bool) -> Result<()> {
    if access.party() != Some(Party::Staff) {
        return Err(Error::Denied(Capability::TicketUpdate));
    }
    let mine = access.ticket.assignee_id == Some(access.me.user.id);
    let moves_in = access.status() != Status::InProgress && moves.contains(&Status::InProgress);
    if moves_in || (may_assign && !mine) {
        return Ok(());
    }
    let key = if mine && access.status() == Status::InProgress {
        "may.already_taken"
    } else {
        "may.cannot_take"
    };
    Err(Error::Conflict(Msg::new(key).arg("id", access.ticket.id)))
}

/// Errors are not Clone (a store error holds an io::Error): the answer
/// needs only the kind and its words.
fn copy(e: &Error) -> Error {
    match e {
        Error::Denied(c) => Error::Denied(*c),
        other => Error::Conflict(other.message()),
    }
}
