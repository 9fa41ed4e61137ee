//! The queue's reads, off the UI thread: its pages (through the pane's
//! [`PageReader`](crate::tui::pages::PageReader)) and the ticket the popup
//! shows. The newest request wins; an answer that no longer fits what is
//! on screen (the popup was closed, another ticket opened) is dropped.

use super::UrgencyPane;
use crate::service::tickets::TicketView;
use crate::service::{self, Actor, Service};
use crate::store::sla_state::QueueCursor;
use crate::store::tickets::Ticket;
use crate::tui::pages::PageAsk;
use crate::tui::pane::Cx;
use std::time::Instant;

/// The popup's ticket to read: the one to open, or the open one again.
pub struct DetailAsk {
    id: i64,
    reload: bool,
}

/// A page of the queue, within the window asked (None: the whole queue).
pub fn read_page(
    service: &Service,
    actor: &Actor,
    ask: &PageAsk<Option<i64>, QueueCursor>,
) -> service::Result<Vec<Ticket>> {
    service.urgency_queue(actor, ask.query, ask.after, ask.limit)
}

pub fn read_detail(
    service: &Service,
    actor: &Actor,
    ask: &DetailAsk,
) -> service::Result<TicketView> {
    service.show_ticket(actor, ask.id)
}

impl UrgencyPane {
    /// Opens the selected ticket's popup once it is read.
    pub(super) fn open_detail(&mut self, cx: &mut Cx) {
        let Some(id) = self.list.selected().map(|t| t.id) else {
            return;
        };
        self.opening = Some(id);
        self.ask_detail(DetailAsk { id, reload: false }, cx);
    }

    /// Reads the popup's ticket again (the data changed).
    pub(super) fn reload_detail(&mut self, cx: &mut Cx) {
        if let Some(id) = self.detail.as_ref().map(|d| d.ticket.id) {
            self.ask_detail(DetailAsk { id, reload: true }, cx);
        }
    }

    fn ask_detail(&mut self, ask: DetailAsk, cx: &mut Cx) {
        if let Some((ask, read)) = self.details.ask(ask, cx) {
            self.show_detail(ask, read, cx);
        }
    }

    fn show_detail(&mut self, ask: DetailAsk, read: service::Result<TicketView>, cx: &mut Cx) {
        if ask.reload {
            if self.detail.as_ref().map(|d| d.ticket.id) == Some(ask.id) {
                // The ticket may have left the actor's reach: then the popup goes.
                self.detail = read.ok();
            }
        } else if self.opening == Some(ask.id) {
            self.opening = None;
            self.detail = cx.attempt(read);
        }
    }

    /// Takes the answers that came.
    pub(super) fn collect_reads(&mut self, cx: &mut Cx) {
        self.pages.collect(&mut self.list, cx);
        if let Some((ask, read)) = self.details.take() {
            self.show_detail(ask, read, cx);
        }
    }

    /// A page, or the ticket being opened, has been out longer than a
    /// frame should wait.
    pub(super) fn loading(&self, now: Instant) -> bool {
        self.pages.loading(now) || self.opening.is_some() && self.details.loading(now)
    }
}
