//! The pane's reads of one ticket, off the frame's thread: the preview of
//! the selected ticket (read at every move of the selection) and the open
//! detail (its history and SLA too). Each has its background reader, the
//! newest request wins, and an answer that no longer fits what is on
//! screen (the selection moved on, the detail was left) is dropped.

use super::detail::Detail;
use super::TicketsPane;
use crate::domain::Msg;
use crate::service::tickets::{Cursor, Ticket, TicketFilter, TicketView};
use crate::service::{self, Actor, Service};
use crate::store::roles::Role;
use crate::tui::background::{slow, Background};
use crate::tui::pages::PageAsk;
use crate::tui::pane::Cx;
use crate::tui::widgets::paged::PAGE;
use std::time::Instant;

/// A detail to read: the one to open, or the open one again.
pub struct DetailAsk {
    id: i64,
    reload: bool,
}

pub type PreviewReader = Background<i64, TicketView>;
pub type DetailReader = Background<DetailAsk, Detail>;

/// A page of the list, as the background reader reads it.
pub fn read_page(
    service: &Service,
    actor: &Actor,
    ask: &PageAsk<TicketFilter, Cursor>,
) -> service::Result<Vec<Ticket>> {
    service.list_tickets(actor, &ask.query, ask.after, ask.limit)
}

/// The roles' names, for the role column and field.
pub fn read_roles(service: &Service, actor: &Actor, _: &()) -> service::Result<Vec<Role>> {
    service.ticket_roles(actor)
}

fn read_preview(service: &Service, actor: &Actor, id: &i64) -> service::Result<TicketView> {
    service.show_ticket(actor, *id)
}

fn read_detail(service: &Service, actor: &Actor, ask: &DetailAsk) -> service::Result<Detail> {
    Detail::load(service, actor, ask.id)
}

impl TicketsPane {
    /// Asks for the selected ticket's preview; read here only if the
    /// reader's thread could not start or has gone.
    pub(super) fn load_preview(&mut self, cx: &mut Cx) {
        let Some(id) = self.list.selected().map(|t| t.id) else {
            self.preview = None;
            return;
        };
        if self.previews.is_none() {
            self.previews = Background::start(cx.spawner, cx.actor, read_preview).ok();
        }
        if let Some(reader) = &mut self.previews {
            if reader.request(id).is_ok() {
                return;
            }
        }
        self.previews = None;
        self.preview = read_preview(cx.service, cx.actor, &id).ok();
    }

    /// The preview, if it is the selected ticket's (while the selection's
    /// preview is being read, the last one is not shown beside it).
    pub(super) fn shown_preview(&self) -> Option<&TicketView> {
        let selected = self.list.selected()?.id;
        self.preview.as_ref().filter(|p| p.ticket.id == selected)
    }

    /// Before an action that writes: the selected ticket's own preview,
    /// read here if its answer has not come yet, so that an action never
    /// applies to the ticket selected before.
    pub(super) fn ensure_target(&mut self, cx: &mut Cx) {
        if self.detail.is_some() || self.shown_preview().is_some() {
            return;
        }
        if let Some(id) = self.list.selected().map(|t| t.id) {
            let read = read_preview(cx.service, cx.actor, &id);
            self.preview = cx.attempt(read);
        }
    }

    /// Opens the selected ticket once its detail is read.
    pub(super) fn open_detail(&mut self, cx: &mut Cx) {
        if let Some(id) = self.list.selected().map(|t| t.id) {
            self.opening = Some(id);
            self.ask_detail(DetailAsk { id, reload: false }, cx);
        }
    }

    /// Reads the open ticket again (the data changed).
    pub(super) fn reload_detail(&mut self, cx: &mut Cx) {
        if let Some(id) = self.detail.as_ref().map(|d| d.ticket.ticket.id) {
            self.ask_detail(DetailAsk { id, reload: true }, cx);
        }
    }

    fn ask_detail(&mut self, ask: DetailAsk, cx: &mut Cx) {
        if self.details.is_none() {
            self.details = Background::start(cx.spawner, cx.actor, read_detail).ok();
        }
        let ask = match &mut self.details {
            Some(reader) => match reader.request(ask) {
                Ok(()) => return,
                Err(ask) => ask,
            },
            None => ask,
        };
        self.details = None;
        let read = read_detail(cx.service, cx.actor, &ask);
        self.show_detail(ask, read, cx);
    }

    fn show_detail(&mut self, ask: DetailAsk, read: service::Result<Detail>, cx: &mut Cx) {
        let shown = self.detail.as_ref().map(|d| d.ticket.ticket.id);
        if ask.reload {
            if shown != Some(ask.id) {
                return;
            }
            match read {
                Ok(detail) => self.detail = Some(detail),
                Err(e) => {
                    // Out of reach now (reassigned, role changed): back to the list.
                    self.detail = None;
                    cx.fail(&e);
                }
            }
        } else if self.opening == Some(ask.id) {
            self.opening = None;
            if let Some(detail) = cx.attempt(read) {
                self.detail = Some(detail);
                self.scroll = 0;
            }
        }
    }

    /// Asks for the roles' names again; read here only if the reader's
    /// thread could not start or has gone.
    pub(super) fn ask_roles(&mut self, cx: &mut Cx) {
        if let Some((_, read)) = self.roles_read.ask((), cx) {
            self.show_roles(read);
        }
        if let Some((_, read)) = self.choices_read.ask((), cx) {
            self.choices = read.ok();
        }
    }

    fn show_roles(&mut self, read: service::Result<Vec<Role>>) {
        // Names only: a role that cannot be read shows by its key.
        if let Ok(roles) = read {
            self.roles = super::labels::RoleNames(roles);
        }
    }

    /// Selects the ticket just opened in the first page now shown (the
    /// top, if it is not there): only rows held, nothing more is read.
    pub(super) fn select_created(&mut self) {
        let Some(id) = self.select_new.take() else {
            return;
        };
        let mut held_only = |_: Option<&Cursor>, _: u32| -> service::Result<Vec<Ticket>> {
            Err(service::Error::Conflict(Msg::new("tui.list.loading")))
        };
        for _ in 0..PAGE {
            let before = self.list.selected_index();
            match self.list.selected() {
                Some(t) if t.id != id => {}
                _ => break,
            }
            let moved = self.list.move_by(1, &mut held_only);
            if moved.is_err() || self.list.selected_index() == before {
                let _ = self.list.top(&mut held_only);
                break;
            }
        }
    }

    /// Takes the answers that came.
    pub(super) fn collect_reads(&mut self, cx: &mut Cx) {
        if let Some((_, read)) = self.roles_read.take() {
            self.show_roles(read);
        }
        if let Some((_, read)) = self.choices_read.take() {
            // A failed read is made again when `n` asks, to say why.
            self.choices = read.ok();
        }
        if self.pages.collect(&mut self.list, cx) {
            self.load_preview(cx);
        }
        if let Some((id, read)) = self.previews.as_mut().and_then(Background::take) {
            if self.list.selected().map(|t| t.id) == Some(id) {
                self.preview = read.ok();
            }
        }
        if let Some((ask, read)) = self.details.as_mut().and_then(Background::take) {
            self.show_detail(ask, read, cx);
        }
    }

    pub(super) fn reads_waiting(&self) -> bool {
        self.pages.waiting()
            || self.roles_read.waiting()
            || self.choices_read.waiting()
            || self.previews.as_ref().is_some_and(Background::waiting)
            || self.details.as_ref().is_some_and(Background::waiting)
    }

    /// The selection's preview has been out longer than a frame should wait.
    pub fn preview_loading(&self, now: Instant) -> bool {
        self.shown_preview().is_none()
            && self.list.selected().is_some()
            && slow(self.previews.as_ref().and_then(Background::sent), now)
    }

    /// The ticket being opened, or the page the selection moves to, has
    /// been out longer than that.
    pub fn detail_loading(&self, now: Instant) -> bool {
        self.pages.loading(now)
            || self.opening.is_some() && slow(self.details.as_ref().and_then(Background::sent), now)
    }
}
