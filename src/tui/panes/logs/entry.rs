//! One audit entry in full, in a popup: who, what, when, its place in the
//! hash chain, and its summary field by field, by their names in the
//! interface's language (the raw JSON is `audit tail --format json`'s),
//! all inert.

use super::audit::object;
use crate::store::audit::Entry;
use crate::tui::pane::View;
use crate::tui::widgets::{centered, clean, clean_lines};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

pub struct EntryPopup {
    pub entry: Entry,
    pub scroll: u16,
}

pub fn draw(frame: &mut Frame, area: Rect, view: &View, popup: &EntryPopup) {
    let e = &popup.entry;
    let field = |key: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{:<10} ", view.t(key)), view.theme.header),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        field("tui.logs.col.id", e.id.to_string()),
        field("tui.logs.col.at", view.datetime(e.at)),
        field(
            "tui.logs.col.actor",
            clean(&view.i18n.actor_name(&e.actor_login, e.actor_id)).into_owned(),
        ),
        field(
            "tui.logs.col.action",
            clean(&view.i18n.audit_action(&e.action)).into_owned(),
        ),
        field("tui.logs.col.object", object(e, view)),
        field("tui.logs.col.hash", clean(&e.hash).into_owned()),
        Line::from(""),
        Line::from(Span::styled(
            view.t("tui.logs.col.summary"),
            view.theme.header,
        )),
    ];
    // JSON's null reads as a dash, as in the list.
    for line in view.i18n.audit_summary_lines(&e.summary, "—") {
        lines.extend(clean_lines(&line).into_iter().map(Line::from));
    }
    let width = 100.min(area.width.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = crate::tui::widgets::boxed(view, view.t("tui.logs.entry_title"), true)
        .title_bottom(Span::styled(view.t("tui.logs.entry_keys"), view.theme.dim));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(view.theme.base)
            .wrap(Wrap { trim: false })
            .scroll((popup.scroll, 0)),
        rect,
    );
}
