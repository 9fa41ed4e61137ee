//! The Tickets tab: a filtered, paged list of the tickets the actor may see;
//! the detail of one; and everything that can be done to them, from the
//! list or the detail. Forms and pickers open over the pane.

mod actions;
mod detail;
mod filter;
mod labels;
mod list;
mod new_ticket;
mod offers;
mod path_complete;
mod reads;
mod resolve_next;
mod view;

use crate::domain::draft::{Draft, DraftTarget};
use crate::domain::{Capability, Msg};
use crate::service::tickets::{Cursor, Sort, Ticket, TicketFilter, TicketView};
use crate::store::tickets::cursor_after;
use crate::tui::action::Action;
use crate::tui::background::{Background, Reader};
use crate::tui::keymap::Layer;
use crate::tui::pages::{Move, PageReader};
use crate::tui::pane::{Cx, Pane, TabSpec, View, Visible};
use crate::tui::widgets::paged::PagedList;
use actions::{ActionForm, StatusPicker};
use detail::Detail;
use new_ticket::NewTicketFlow;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;
use std::cell::Cell;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::TicketRead, Capability::TicketCreate]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(TicketsPane::new())
}

/// What has the keyboard over the list or the detail.
enum Modal {
    None,
    Status(StatusPicker),
    Form(ActionForm),
    New(NewTicketFlow),
}

pub struct TicketsPane {
    list: PagedList<Ticket, Cursor>,
    /// The filter as typed, and as the service reads it.
    filter_text: String,
    filter: TicketFilter,
    filter_editing: bool,
    /// Why the filter as typed finds nothing (the list shown is the last
    /// one that worked).
    filter_error: Option<String>,
    /// The selected ticket, for the side panel and the actions.
    preview: Option<TicketView>,
    /// The open ticket, shown in full.
    detail: Option<Detail>,
    scroll: usize,
    /// How far the detail can scroll, as last drawn.
    max_scroll: Cell<usize>,
    modal: Modal,
    /// Role names for the role column and field, and where they are read.
    roles: labels::RoleNames,
    roles_read: Reader<(), Vec<crate::store::roles::Role>>,
    /// What a new ticket's form offers, read with the list.
    choices: Option<new_ticket::Choices>,
    choices_read: Reader<(), new_ticket::Choices>,
    /// A ticket just opened, to select once the list's first page is read.
    select_new: Option<i64>,
    /// Searches as you type run here, off the frame's thread.
    search: Option<Background<TicketFilter, Vec<Ticket>>>,
    /// The list's next pages, the selected ticket's preview and the open
    /// detail are read there.
    pages: PageReader<TicketFilter, Ticket, Cursor>,
    previews: Option<reads::PreviewReader>,
    details: Option<reads::DetailReader>,
    /// The ticket asked to open, until its detail is read.
    opening: Option<i64>,
    /// Whether the actor may open tickets (`n`), asked at each refresh.
    may_create: bool,
    /// `R`'s resolve form, and the ticket to select after it.
    resolve_next: resolve_next::ResolveNext,
}

fn cursor_fn(sort: Sort) -> fn(&Ticket) -> Cursor {
    match sort {
        Sort::Id => |t| cursor_after(t, Sort::Id),
        Sort::Updated => |t| cursor_after(t, Sort::Updated),
        Sort::Priority => |t| cursor_after(t, Sort::Priority),
    }
}

impl TicketsPane {
    fn new() -> TicketsPane {
        TicketsPane {
            list: PagedList::new(cursor_fn(Sort::Id)),
            filter_text: String::new(),
            filter: TicketFilter::default(),
            filter_editing: false,
            filter_error: None,
            preview: None,
            detail: None,
            scroll: 0,
            max_scroll: Cell::new(0),
            modal: Modal::None,
            search: None,
            pages: PageReader::new(reads::read_page),
            previews: None,
            details: None,
            opening: None,
            roles: labels::RoleNames::default(),
            roles_read: Reader::new(reads::read_roles),
            choices: None,
            choices_read: Reader::new(new_ticket::read_choices),
            select_new: None,
            may_create: false,
            resolve_next: resolve_next::ResolveNext::default(),
        }
    }

    /// The ticket actions apply to: the open one, else the selected one.
    fn target(&self) -> Option<&TicketView> {
        match &self.detail {
            Some(d) => Some(&d.ticket),
            None => self.shown_preview(),
        }
    }

    /// Moves the selection, at once or when the page it needs is read.
    fn move_list(&mut self, action: Action, cx: &mut Cx) {
        let Some(mv) = Move::of(action) else {
            return;
        };
        if self.pages.run(&mut self.list, mv, &self.filter, cx) {
            self.load_preview(cx);
        }
    }

    fn scroll_detail(&mut self, action: Action) {
        let page = 10;
        let max = self.max_scroll.get();
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll + 1,
            Action::Top => 0,
            Action::Bottom => max,
            Action::PageUp => self.scroll.saturating_sub(page),
            _ => self.scroll + page,
        }
        .min(max);
    }

    /// Starts one of the ticket actions on the target ticket.
    fn start_action(&mut self, action: Action, cx: &mut Cx) {
        let Some(target) = self.target() else {
            return cx.error(&Msg::new("tui.tickets.no_selection"));
        };
        let id = target.ticket.id;
        // The preview may have come only now (read just before): its
        // rights decide, as they do for the hints.
        if let Some(why) = offers::right(target, action).and_then(|r| r.why()) {
            return cx.error(why);
        }
        self.modal = match action {
            Action::Take => {
                offers::take(target, cx);
                self.refresh(cx);
                Modal::None
            }
            Action::Status if target.next_statuses.is_empty() => {
                return cx.error(&Msg::new("tui.tickets.no_moves").arg("id", id))
            }
            Action::Status => Modal::Status(StatusPicker {
                ticket: id,
                choices: target.next_statuses.clone(),
                index: 0,
            }),
            Action::Assign => Modal::Form(ActionForm::assign(&target.clone(), cx)),
            Action::Comment => Modal::Form(ActionForm::comment(id, cx)),
            Action::LogTime => Modal::Form(ActionForm::log_time(id)),
            Action::Attach => Modal::Form(ActionForm::attach(id)),
            Action::Rate => Modal::Form(ActionForm::rate(id)),
            Action::Edit => Modal::Form(ActionForm::edit(&target.clone(), cx)),
            _ => Modal::Form(ActionForm::closure(id)),
        };
    }

    fn on_picker(&mut self, action: Action) {
        let Modal::Status(picker) = &mut self.modal else {
            return;
        };
        match action {
            Action::Up => picker.move_by(-1),
            Action::Down => picker.move_by(1),
            Action::Open => {
                if let Some(to) = picker.chosen() {
                    self.modal = Modal::Form(ActionForm::status(picker.ticket, to));
                }
            }
            Action::Back => self.modal = Modal::None,
            _ => {}
        }
    }

    fn on_new(&mut self, action: Action) {
        if let Modal::New(flow) = &mut self.modal {
            if let new_ticket::Outcome::Close = flow.on_action(action) {
                self.modal = Modal::None;
            }
        }
    }

    /// Shows a newly opened ticket selected at the top of an unfiltered list.
    fn show_new(&mut self, id: i64, cx: &mut Cx) {
        self.modal = Modal::None;
        self.detail = None;
        self.filter_text.clear();
        self.select_new = Some(id);
        self.apply_filter(cx);
        // The members' loads just changed: the next form shows them so.
        self.ask_roles(cx);
        cx.info(&Msg::new("tui.tickets.done.opened").arg("id", id));
    }
}

impl Pane for TicketsPane {
    fn title(&self) -> &'static str {
        "tui.tab.tickets"
    }

    fn layer(&self) -> Layer {
        match &self.modal {
            Modal::Status(_) => Layer::Picker,
            Modal::Form(_) => Layer::Form,
            Modal::New(flow) => flow.layer(),
            Modal::None if self.filter_editing => Layer::TicketFilter,
            Modal::None if self.detail.is_some() => Layer::TicketDetail,
            Modal::None => Layer::Tickets,
        }
    }

    fn refused(&self, action: Action) -> Option<Msg> {
        if !matches!(self.modal, Modal::None) || self.filter_editing {
            return None;
        }
        if action == Action::New {
            return (!self.may_create).then(|| Msg::new("may.new_ticket"));
        }
        // Before the selected ticket's rights are read, nothing is said:
        // the action reads them first (`ensure_target`) and decides then.
        let target = self.target()?;
        offers::right(target, action).and_then(|r| r.why().cloned())
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.may_create = matches!(
            cx.service.may(cx.actor, Capability::TicketCreate),
            Ok(Some(_))
        );
        self.ask_roles(cx);
        self.pages
            .run(&mut self.list, Move::Reload, &self.filter, cx);
        self.load_preview(cx);
        self.reload_detail(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        match &self.modal {
            Modal::Status(_) => {
                self.on_picker(action);
                return true;
            }
            Modal::New(_) => {
                self.on_new(action);
                return true;
            }
            Modal::Form(_) => return false,
            Modal::None => {}
        }
        match action {
            Action::New => {
                if let Some(flow) = NewTicketFlow::start(cx, self.choices.as_ref()) {
                    self.modal = Modal::New(flow);
                }
            }
            Action::Refresh => self.refresh(cx),
            Action::Take
            | Action::Status
            | Action::Assign
            | Action::Comment
            | Action::LogTime
            | Action::Attach
            | Action::Rate
            | Action::Edit
            | Action::RequestClosure => {
                self.ensure_target(cx);
                self.start_action(action, cx);
            }
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => match self.detail {
                Some(_) => self.scroll_detail(action),
                None => self.move_list(action, cx),
            },
            Action::Back if self.opening.is_some() => self.opening = None,
            Action::Back if self.detail.is_some() => {
                self.detail = None;
                self.load_preview(cx);
            }
            Action::Back if !self.filter_text.is_empty() => {
                self.filter_text.clear();
                self.apply_filter(cx);
            }
            Action::Open if self.detail.is_none() => self.open_detail(cx),
            Action::ResolveNext if self.detail.is_none() => self.start_resolve_next(cx),
            Action::Filter if self.detail.is_none() => self.filter_editing = true,
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        match &mut self.modal {
            Modal::Form(form) => {
                let which = Some((form.kind, form.ticket));
                match form.on_key(key, cx) {
                    actions::Outcome::Editing => {}
                    actions::Outcome::Cancelled => {
                        self.modal = Modal::None;
                        self.form_closed(which, false);
                    }
                    actions::Outcome::Done(msg) => {
                        self.modal = Modal::None;
                        self.form_closed(which, true);
                        self.refresh(cx);
                        self.select_neighbour(cx);
                        cx.info(&msg);
                    }
                }
                true
            }
            Modal::New(flow) if flow.typing() => {
                match flow.on_key(key, cx) {
                    new_ticket::Outcome::Created(id) => self.show_new(id, cx),
                    new_ticket::Outcome::Close => self.modal = Modal::None,
                    new_ticket::Outcome::Stay => {}
                }
                true
            }
            _ if self.filter_editing => self.on_filter_key(key, cx),
            _ => false,
        }
    }

    fn typing(&self) -> bool {
        match &self.modal {
            Modal::Form(_) => true,
            Modal::New(flow) => flow.typing(),
            Modal::Status(_) => false,
            Modal::None => self.filter_editing,
        }
    }

    fn unsaved(&self) -> bool {
        match &self.modal {
            Modal::Form(form) => form.form.is_dirty(),
            Modal::New(flow) => flow.unsaved(),
            _ => false,
        }
    }

    fn draft(&self) -> Option<Draft> {
        match &self.modal {
            Modal::Form(form) => form.draft(),
            Modal::New(flow) => flow.draft(),
            _ => None,
        }
    }

    fn resume(&mut self, draft: &Draft, cx: &mut Cx) -> bool {
        match &draft.target {
            DraftTarget::NewTicket { role, member } => {
                let Some(mut flow) = NewTicketFlow::start(cx, self.choices.as_ref()) else {
                    return false;
                };
                flow.resume(role, member.as_deref(), draft);
                self.modal = Modal::New(flow);
                true
            }
            DraftTarget::Ticket { id, action } => {
                let Some(kind) = actions::Kind::parse(action) else {
                    return false;
                };
                let view = cx.service.show_ticket(cx.actor, *id);
                let Some(view) = cx.attempt(view) else {
                    return false;
                };
                let mut form = ActionForm::open(kind, &view, cx);
                form.form.restore(draft);
                self.modal = Modal::Form(form);
                true
            }
            DraftTarget::Section => false,
        }
    }

    fn collect(&mut self, cx: &mut Cx) {
        if let Some(found) = self.search.as_mut().and_then(Background::take) {
            self.show_found(found, cx);
        }
        self.collect_reads(cx);
        self.select_neighbour(cx);
    }

    fn waiting(&self) -> bool {
        self.search.as_ref().is_some_and(Background::waiting) || self.reads_waiting()
    }

    fn on_click(&mut self, at: Position, cx: &mut Cx) {
        if matches!(self.modal, Modal::None) && self.detail.is_none() && self.list.click(at) {
            self.load_preview(cx);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        match &self.detail {
            Some(detail) => view::detail(
                frame,
                area,
                view,
                detail,
                &self.roles,
                self.scroll,
                &self.max_scroll,
            ),
            None => view::list(frame, area, view, self),
        }
        match &self.modal {
            Modal::None => {}
            Modal::Status(picker) => picker.draw(frame, area, view),
            Modal::Form(form) => form.draw(frame, area, view),
            Modal::New(flow) => flow.draw(frame, area, view),
        }
    }
}
