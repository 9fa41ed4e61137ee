//! The notifications overlay (`!`): the actor's notifications, newest
//! first, unread ones marked by a symbol as well as by style; `m` marks the
//! selected one read, `M` (mark_all_read) all of them.

use crate::domain::sla::Level;
use crate::service;
use crate::store::notifications::Notification;
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::theme::level_symbol;
use crate::tui::widgets::clean;
use crate::tui::widgets::paged::{Fetch, PagedList};
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
}

impl NotificationsPane {
    fn new() -> NotificationsPane {
        NotificationsPane {
            list: PagedList::new(|n: &Notification| n.id),
            loaded: false,
            unread: 0,
        }
    }

    fn with_list(
        &mut self,
        cx: &mut Cx,
        op: impl FnOnce(&mut List, &mut Fetch<Notification, i64>) -> service::Result<()>,
    ) {
        let result = {
            let (service, actor) = (&*cx.service, cx.actor);
            let mut fetch = move |before: Option<&i64>, limit: u32| {
                service.notifications(actor, false, before.copied(), limit)
            };
            op(&mut self.list, &mut fetch)
        };
        cx.attempt(result);
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
        Layer::Notifications
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if std::mem::replace(&mut self.loaded, true) {
            self.with_list(cx, |l, f| l.reload(f));
        } else {
            self.with_list(cx, |l, f| l.reset(f));
        }
        let unread = cx.service.unread_notifications(cx.actor, 100);
        self.unread = cx.attempt(unread).unwrap_or(0);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::Up => self.with_list(cx, |l, f| l.move_by(-1, f)),
            Action::Down => self.with_list(cx, |l, f| l.move_by(1, f)),
            Action::PageUp => self.with_list(cx, |l, f| l.page(false, f)),
            Action::PageDown => self.with_list(cx, |l, f| l.page(true, f)),
            Action::Top => self.with_list(cx, |l, f| l.top(f)),
            Action::Bottom => self.with_list(cx, |l, f| l.bottom(f)),
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
        let title = view
            .i18n
            .with("tui.notifications.title", &[("unread", &unread)]);
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
            Constraint::Length(8),
            Constraint::Min(10),
        ];
        self.list
            .draw(frame, area, view, &title, (header, &widths), |n| {
                notification_row(n, view)
            });
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
    let ticket = n.ticket_id.map(|t| format!("#{t}")).unwrap_or_default();
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
