//! The notifications overlay (`!`): the actor's notifications, newest
//! first, unread ones marked by a symbol as well as by style; `m` marks the
//! selected one read, `M` (mark_all_read) all of them. The list's pages
//! and the unread count are read off the UI thread; marking read writes
//! here, then both are asked again. `/` filters them by their text, as
//! in the list sections ([`ListFilter`]).

use crate::domain::sla::Level;
use crate::service::{self, Actor, Service};
use crate::store::notifications::Notification;
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pages::{Move, PageAsk, PageReader};
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::theme::level_symbol;
use crate::tui::widgets::paged::{rows_area, PagedList};
use crate::tui::widgets::section::{ListFilter, Typed};
use crate::tui::widgets::{clean, columns};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

pub fn make() -> Box<dyn Pane> {
    Box::new(NotificationsPane::new())
}

type List = PagedList<Notification, i64>;

struct NotificationsPane {
    list: List,
    loaded: bool,
    /// Unread among the actor's notifications (capped), for the title.
    unread: i64,
    /// Pages are asked for the filter's text.
    pages: PageReader<Option<String>, Notification, i64>,
    counts: Reader<(), i64>,
    filter: ListFilter,
}

/// A page of the actor's notifications, newest first, before a cursor.
fn read_page(
    service: &Service,
    actor: &Actor,
    ask: &PageAsk<Option<String>, i64>,
) -> service::Result<Vec<Notification>> {
    let search = ask.query.as_deref();
    service.notifications_matching(actor, (false, search), ask.after, ask.limit)
}

/// The unread count, capped at 100 (the overlay's title, the status line's).
pub(crate) fn read_unread(service: &Service, actor: &Actor, _: &()) -> service::Result<i64> {
    service.unread_notifications(actor, 100)
}

impl NotificationsPane {
    fn new() -> NotificationsPane {
        NotificationsPane {
            list: PagedList::new(|n: &Notification| n.id),
            loaded: false,
            unread: 0,
            pages: PageReader::new(read_page),
            counts: Reader::new(read_unread),
            filter: ListFilter::default(),
        }
    }

    fn query(&self) -> Option<String> {
        self.filter.text().map(str::to_string)
    }

    /// Moves in the list, at once or when the page it needs is read.
    fn move_list(&mut self, mv: Move, cx: &mut Cx) {
        let query = self.query();
        self.pages.run(&mut self.list, mv, &query, cx);
    }

    fn counted(&mut self, read: service::Result<i64>, cx: &mut Cx) {
        self.unread = cx.attempt(read).unwrap_or(0);
    }

    fn mark(&mut self, cx: &mut Cx, all: bool) {
        let id = if all {
            None
        } else {
            match self.list.selected() {
                Some(n) if n.read_at.is_none() => Some(n.id),
                _ => return,
            }
        };
        let result = cx.service.mark_notifications_read(cx.actor, id);
        if let Some(count) = cx.attempt(result) {
            cx.info(&crate::domain::Msg::new("tui.notifications.marked").arg("count", count));
        }
        self.refresh(cx);
    }
}

impl Pane for NotificationsPane {
    fn title(&self) -> &'static str {
        "tui.tab.notifications"
    }

    fn layer(&self) -> Layer {
        if self.filter.editing() {
            Layer::ListFilter
        } else {
            Layer::Notifications
        }
    }

    fn typing(&self) -> bool {
        self.filter.editing()
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        if !self.filter.editing() {
            return false;
        }
        match self.filter.on_key(key) {
            Typed::Changed => {
                // The list starts again from the top, with the new text.
                self.list = PagedList::new(|n: &Notification| n.id);
                self.pages.forget();
                self.move_list(Move::Reset, cx);
            }
            Typed::Move { down } => self.move_list(Move::By(if down { 1 } else { -1 }), cx),
            Typed::Kept | Typed::Stay => {}
            Typed::Pass => return false,
        }
        true
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if std::mem::replace(&mut self.loaded, true) {
            self.move_list(Move::Reload, cx);
        } else {
            self.move_list(Move::Reset, cx);
        }
        if let Some((_, read)) = self.counts.ask((), cx) {
            self.counted(read, cx);
        }
    }

    fn collect(&mut self, cx: &mut Cx) {
        self.pages.collect(&mut self.list, cx);
        if let Some((_, read)) = self.counts.take() {
            self.counted(read, cx);
        }
    }

    fn waiting(&self) -> bool {
        self.pages.waiting() || self.counts.waiting()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if let Some(mv) = Move::of(action) {
            self.move_list(mv, cx);
            return true;
        }
        match action {
            Action::Filter => self.filter.open(),
            Action::MarkRead => self.mark(cx, false),
            Action::MarkAllRead => self.mark(cx, true),
            Action::Refresh => self.refresh(cx),
            _ => return false,
        }
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let unread = if self.unread >= 100 {
            "99+".to_string()
        } else {
            self.unread.to_string()
        };
        let mut title = self.filter.title(
            view.i18n
                .with("tui.notifications.title", &[("unread", &unread)]),
        );
        if self.pages.loading(view.instant) {
            title = format!("{title} · {}", view.t("tui.list.loading"));
        }
        let header = Row::new(
            [
                "tui.notifications.col.state",
                "tui.notifications.col.at",
                "tui.notifications.col.kind",
                "tui.notifications.col.ticket",
                "tui.notifications.col.text",
            ]
            .map(|k| Cell::from(view.t(k).to_string())),
        );
        let widths = [
            Constraint::Length(10),
            Constraint::Length(16),
            // The longest kind's name ("assigned to you").
            Constraint::Length(15),
            columns::ids(
                view.t("tui.notifications.col.ticket"),
                "#",
                self.list.held().iter().filter_map(|n| n.ticket_id),
                8,
            ),
            Constraint::Min(10),
        ];
        let mut area = area;
        if self.filter.shown() && area.height > 4 {
            self.filter.draw(frame, Rect { height: 1, ..area }, view);
            area.y += 1;
            area.height -= 1;
        }
        self.list
            .draw(frame, area, view, &title, (header, &widths), |n| {
                notification_row(n, view)
            });
        if self.list.is_empty() && !self.pages.waiting() {
            self.filter.draw_nothing(frame, rows_area(area), view);
        }
    }
}

fn notification_row(n: &Notification, view: &View) -> Row<'static> {
    let (state, style) = match n.read_at {
        None => ("tui.notifications.unread", view.theme.title),
        Some(_) => ("tui.notifications.read", view.theme.dim),
    };
    let kind = match n.kind.as_str() {
        "urgency.urgent" => level_text(view, Level::Urgent),
        "urgency.overdue" => level_text(view, Level::Overdue),
        other => match crate::domain::notify::NotifyKind::from_key(other) {
            Some(kind) => view.t(&kind.label_key()).to_string(),
            None => clean(other).into_owned(),
        },
    };
    // What it is about: a ticket, or a contract or an event (issue 15).
    let ticket = match (n.ticket_id, n.contract_id, n.event_id) {
        (Some(t), _, _) => format!("#{t}"),
        (None, Some(c), _) => view.i18n.with(
            "tui.notifications.about_contract",
            &[("id", &c.to_string())],
        ),
        (None, None, Some(e)) => view
            .i18n
            .with("tui.notifications.about_event", &[("id", &e.to_string())]),
        _ => String::new(),
    };
    Row::new(vec![
        Cell::from(view.t(state).to_string()),
        Cell::from(view.datetime(n.created_at)),
        Cell::from(kind),
        Cell::from(ticket),
        Cell::from(clean(&n.body).into_owned()),
    ])
    .style(style)
}

/// An escalation's level, by symbol and word.
fn level_text(view: &View, level: Level) -> String {
    format!(
        "{} {}",
        level_symbol(level),
        super::urgency::labels::level(view, level)
    )
}
