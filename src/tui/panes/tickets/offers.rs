//! What the pane offers on a ticket, from the rights the service read
//! with it, and taking a ticket in hand (`t`), which is two use cases.

use crate::domain::ticket::Status;
use crate::domain::{Capability, Msg};
use crate::service::rights::Right;
use crate::service::tickets::TicketView;
use crate::tui::action::Action;
use crate::tui::pane::Cx;

/// What the service said of `action` on this ticket (read with it), for
/// the actions that are about one ticket; None for the others.
pub fn right(view: &TicketView, action: Action) -> Option<&Right> {
    let r = &view.rights;
    Some(match action {
        Action::Take => &r.take,
        Action::Status => &r.status,
        Action::Assign => &r.assign,
        Action::Comment => &r.comment,
        Action::LogTime => &r.log_time,
        Action::Attach => &r.attach,
        Action::Rate => &r.rate,
        Action::RequestClosure => &r.request_closure,
        Action::Edit => &r.edit,
        _ => return None,
    })
}

/// Taking a ticket in hand: staff move it to in progress (which makes it
/// theirs when nobody had it, as `ticket status ID in_progress` does), and
/// those who may assign make it theirs if it was someone else's. Shows
/// what happened, or why nothing could.
pub fn take(view: &TicketView, cx: &mut Cx) {
    let t = &view.ticket;
    let mut did = false;
    if t.status != Status::InProgress && view.next_statuses.contains(&Status::InProgress) {
        let done = cx
            .service
            .change_status(cx.actor, t.id, Status::InProgress, None);
        if cx.attempt(done).is_none() {
            return;
        }
        did = true;
    }
    let assignee = match cx.service.show_ticket(cx.actor, t.id) {
        Ok(v) => v.ticket.assignee_login,
        Err(e) => return cx.fail(&e),
    };
    let mine = assignee.as_deref() == Some(cx.actor.login.as_str());
    let may_assign = matches!(
        cx.service.may(cx.actor, Capability::TicketAssign),
        Ok(Some(_))
    );
    if !mine && may_assign {
        let login = cx.actor.login.clone();
        let done = cx.service.assign(cx.actor, t.id, Some(&login), None);
        if cx.attempt(done).is_none() {
            return;
        }
        did = true;
    }
    if did {
        cx.info(&Msg::new("tui.tickets.done.taken").arg("id", t.id));
    } else if mine {
        cx.info(&Msg::new("tui.tickets.already_taken").arg("id", t.id));
    } else {
        cx.error(&Msg::new("tui.tickets.cannot_take").arg("id", t.id));
    }
}
