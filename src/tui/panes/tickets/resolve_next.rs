//! "Resolve and next" (`R`): the resolve form for the selected ticket (the
//! same form, and service call, as `s` → resolved), and once it is saved
//! the selection moves to the ticket after it in the filtered list, or the
//! one before if it was the last; the filter stays.

use super::actions::{ActionForm, Kind};
use super::{Modal, TicketsPane};
use crate::domain::ticket::Status;
use crate::domain::{Capability, Msg, Scope};
use crate::service::{self, tickets::Cursor, tickets::Ticket};
use crate::tui::pane::Cx;
use crate::tui::widgets::labels;

/// A resolve form opened by `R`, and where the selection goes after it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ResolveNext {
    /// The ticket being resolved.
    ticket: Option<i64>,
    /// Its neighbour in the list, to select once resolved.
    next: Option<i64>,
    /// Resolved: the neighbour to select once the list is read again.
    pending: Option<i64>,
}

/// Moves over the rows held only: nothing is read for this.
fn held_only(_: Option<&Cursor>, _: u32) -> service::Result<Vec<Ticket>> {
    Err(service::Error::Conflict(Msg::new("tui.list.loading")))
}

impl TicketsPane {
    /// Opens the resolve form, or says at once why not: before any form,
    /// a role that may not resolve, or a ticket that cannot be, is told so.
    pub(super) fn start_resolve_next(&mut self, cx: &mut Cx) {
        let staff = matches!(
            cx.service.may(cx.actor, Capability::TicketUpdate),
            Ok(Some(Scope::All | Scope::Assigned))
        );
        if !staff {
            return cx.error(&Msg::new("tui.tickets.resolve_denied"));
        }
        self.ensure_target(cx);
        let Some(target) = self.shown_preview() else {
            return cx.error(&Msg::new("tui.tickets.no_selection"));
        };
        let (id, status) = (target.ticket.id, target.ticket.status);
        if !target.next_statuses.contains(&Status::Resolved) {
            let shown = labels::status(cx.i18n, status);
            return cx.error(
                &Msg::new("tui.tickets.no_resolve")
                    .arg("id", id)
                    .arg("status", shown),
            );
        }
        self.resolve_next = ResolveNext {
            ticket: Some(id),
            next: self.neighbour(),
            pending: None,
        };
        self.modal = Modal::Form(ActionForm::status(id, Status::Resolved));
    }

    /// The ticket after the selected one among the rows held, else the one
    /// before; the selection is left where it was.
    fn neighbour(&mut self) -> Option<i64> {
        let at = self.list.selected_index();
        let mut found = None;
        for delta in [1, -1] {
            if self.list.move_by(delta, &mut held_only).is_ok() && self.list.selected_index() != at
            {
                found = self.list.selected().map(|t| t.id);
            }
            let back = at as isize - self.list.selected_index() as isize;
            let _ = self.list.move_by(back, &mut held_only);
            if found.is_some() {
                break;
            }
        }
        found
    }

    /// A ticket form closed: if it was `R`'s and it resolved the ticket,
    /// the neighbour is selected once the list has been read again.
    pub(super) fn form_closed(&mut self, form: Option<(Kind, i64)>, done: bool) {
        let ours = self.resolve_next.ticket.is_some()
            && form.is_some_and(|(kind, id)| {
                kind == Kind::Status(Status::Resolved) && Some(id) == self.resolve_next.ticket
            });
        self.resolve_next = ResolveNext {
            pending: if ours && done {
                self.resolve_next.next
            } else {
                None
            },
            ..ResolveNext::default()
        };
    }

    /// Once the list read again has landed, selects the neighbour: it is
    /// where the resolved ticket was, or one row off (the resolved ticket
    /// left the list, or stayed in it).
    pub(super) fn select_neighbour(&mut self, cx: &mut Cx) {
        let Some(id) = self.resolve_next.pending else {
            return;
        };
        if self.pages.waiting() {
            return;
        }
        self.resolve_next.pending = None;
        let at = self.list.selected_index();
        for delta in [0, 1, -1, 2, -2] {
            let target = at as isize + delta;
            if target < 0 {
                continue;
            }
            let back = self.list.selected_index() as isize;
            if self.list.move_by(target - back, &mut held_only).is_ok()
                && self.list.selected().is_some_and(|t| t.id == id)
            {
                self.load_preview(cx);
                return;
            }
        }
        let back = at as isize - self.list.selected_index() as isize;
        let _ = self.list.move_by(back, &mut held_only);
    }
}
