//! A ticket's SLA state in a popup over the queue.

use super::labels::{level_of, remaining};
use super::level_cell;
use crate::service::tickets::TicketView;
use crate::tui::pane::View;
use crate::tui::widgets::{centered, clean};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Clear, Row, Table};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, view: &View, detail: &TicketView) {
    let t = &detail.ticket;
    let rows = rows(view, detail);
    let height = rows.len() as u16 + 2;
    let popup = centered(area, 90.min(area.width.saturating_sub(2)), height);
    frame.render_widget(Clear, popup);
    let title = format!(" #{} {} ", t.id, clean(&t.title));
    let block = crate::tui::widgets::boxed(view, title, true).title_bottom(Span::styled(
        view.t("tui.urgency.detail_close"),
        view.theme.dim,
    ));
    let table = Table::new(
        rows,
        [Constraint::Length(label_width(view)), Constraint::Min(10)],
    )
    .block(block)
    .style(view.theme.base);
    frame.render_widget(table, popup);
}

const LABELS: [&str; 11] = [
    "tui.urgency.col.level",
    "tui.urgency.col.status",
    "tui.urgency.col.priority",
    "tui.urgency.col.role",
    "tui.urgency.col.assignee",
    "tui.urgency.col.requester",
    "tui.urgency.opened",
    "tui.urgency.first_response_due",
    "tui.urgency.first_responded",
    "tui.urgency.detail_due",
    "tui.urgency.next_change",
];

/// The widest label in the reader's language, so none is cut.
fn label_width(view: &View) -> u16 {
    let widest = LABELS.iter().map(|k| view.t(k).width()).max().unwrap_or(10);
    widest as u16 + 1
}

fn rows(view: &View, detail: &TicketView) -> Vec<Row<'static>> {
    let t = &detail.ticket;
    let label = |key: &str| Cell::from(view.t(key).to_string()).style(view.theme.header);
    let when = |at: Option<i64>| at.map_or_else(|| "—".to_string(), |a| view.datetime(a));
    let due = |at: Option<i64>| {
        at.map_or_else(
            || view.t("tui.urgency.no_deadline_long").to_string(),
            |a| format!("{} ({})", view.datetime(a), remaining(view, a, true)),
        )
    };
    let assignee = t.assignee_login.as_deref().map_or_else(
        || view.t("tui.urgency.nobody").to_string(),
        |a| clean(a).into_owned(),
    );
    let requester = format!(
        "{} ({})",
        clean(&detail.requester.user.full_name),
        clean(&detail.requester.user.login)
    );
    let row = |key: &str, value: Cell<'static>| Row::new(vec![label(key), value]);
    let text = |value: String| Cell::from(value);
    vec![
        row("tui.urgency.col.level", level_cell(level_of(t), view)),
        row(
            "tui.urgency.col.status",
            crate::tui::widgets::labels::status(view.i18n, t.status).into(),
        ),
        row(
            "tui.urgency.col.priority",
            crate::tui::widgets::labels::priority(view.i18n, t.priority).into(),
        ),
        row(
            "tui.urgency.col.role",
            text(clean(&view.i18n.stored_value("role", &t.handling_role)).into_owned()),
        ),
        row("tui.urgency.col.assignee", text(assignee)),
        row("tui.urgency.col.requester", text(requester)),
        row("tui.urgency.opened", text(when(Some(t.created_at)))),
        row(
            "tui.urgency.first_response_due",
            text(due(t.sla.first_response_due)),
        ),
        row(
            "tui.urgency.first_responded",
            text(when(t.sla.first_responded_at)),
        ),
        row("tui.urgency.detail_due", text(due(t.sla.resolution_due))),
        row("tui.urgency.next_change", text(when(t.sla.next_change_at))),
    ]
}
