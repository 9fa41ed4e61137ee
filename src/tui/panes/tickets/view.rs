//! Drawing the pane's two screens: the list (with its filter line, and the
//! selected ticket beside it when wide) and the detail of one ticket.

use super::detail::{preview_lines, Detail};
use super::labels::RoleNames;
use super::TicketsPane;
use crate::tui::pane::View;
use crate::tui::widgets::clean;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use std::cell::Cell;

/// From this width on, the selected ticket shows beside the list.
const SIDE_BY_SIDE: u16 = 140;

pub fn list(frame: &mut Frame, area: Rect, view: &View, pane: &TicketsPane) {
    let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    filter_line(frame, bar, view, pane);
    let title = view.t("tui.tickets.list_title");
    if area.width < SIDE_BY_SIDE {
        return super::list::draw(frame, body, view, &pane.list, title, &pane.roles);
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
    super::list::draw(frame, left, view, &pane.list, title, &pane.roles);
    let block = crate::tui::widgets::boxed(
        view,
        format!(" {} ", view.t("tui.tickets.preview_title")),
        false,
    );
    let dim = |key| {
        vec![Line::from(Span::styled(
            view.t(key).to_string(),
            view.theme.dim,
        ))]
    };
    let lines = match pane.shown_preview() {
        Some(ticket) => preview_lines(view, ticket, &pane.roles),
        None if pane.preview_loading(view.instant) => dim("tui.tickets.filter.loading"),
        // Being read, for less time than is worth saying.
        None if pane.list.selected().is_some() => Vec::new(),
        None => dim("tui.tickets.no_selection"),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(view.theme.base)
            .wrap(Wrap { trim: false }),
        right,
    );
}

/// The filter being typed, the one in force, or how to start one.
fn filter_line(frame: &mut Frame, area: Rect, view: &View, pane: &TicketsPane) {
    let typed = clean(&pane.filter_text).into_owned();
    let mut spans = Vec::new();
    if pane.filter_editing {
        spans.push(Span::styled("/ ", view.theme.key));
        spans.push(Span::styled(typed, view.theme.base));
        spans.push(Span::styled(" ", view.theme.selected));
    } else if !typed.is_empty() {
        spans.push(Span::styled(
            format!("{} ", view.t("tui.tickets.filter.active")),
            view.theme.header,
        ));
        spans.push(Span::styled(typed, view.theme.base));
        spans.push(Span::styled(
            format!("  {}", view.t("tui.tickets.filter.change")),
            view.theme.dim,
        ));
    } else {
        spans.push(Span::styled(
            view.t("tui.tickets.filter.hint"),
            view.theme.dim,
        ));
    }
    // What is being read comes first: the hint after it may not fit.
    let reading = if pane.searching() {
        Some("tui.tickets.filter.searching")
    } else if pane.detail_loading(view.instant) {
        Some("tui.tickets.filter.loading")
    } else {
        None
    };
    if let Some(key) = reading {
        spans.insert(
            0,
            Span::styled(format!("{}  ", view.t(key)), view.theme.dim),
        );
    }
    if let Some(error) = &pane.filter_error {
        spans.push(Span::styled(
            format!("  {}", clean(error)),
            view.theme.error,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn detail(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    detail: &Detail,
    roles: &RoleNames,
    scroll: usize,
    max_scroll: &Cell<usize>,
) {
    let t = &detail.ticket.ticket;
    let block = crate::tui::widgets::boxed(
        view,
        format!(" {} #{} ", view.t("tui.tickets.detail_title"), t.id),
        true,
    )
    .title_bottom(Span::styled(
        view.t("tui.tickets.detail_keys"),
        view.theme.dim,
    ));
    let inner = block.inner(area);
    let lines = detail.lines(view, roles);
    // Lines wrap: count the rows they take to know how far scrolling goes.
    let width = usize::from(inner.width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let max = rows.saturating_sub(usize::from(inner.height));
    max_scroll.set(max);
    let offset = u16::try_from(scroll.min(max)).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(view.theme.base)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0)),
        area,
    );
}
