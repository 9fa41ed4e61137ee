//! Words for urgency levels as the ticket views name them (statuses and
//! priorities are `widgets::labels`, shared by every pane).

use crate::domain::sla::Level;
use crate::tui::pane::View;
use crate::tui::theme::level_symbol;
use crate::tui::widgets::labels::translated;
use ratatui::text::Span;
use ratatui::widgets::Cell;

pub fn level_label(view: &View, key: &str) -> String {
    translated(view.i18n, "tui.tickets.level.", key)
}

/// The urgency symbol in its colour: the symbol carries the meaning too.
pub fn level_span(view: &View, key: &str) -> Span<'static> {
    match Level::parse(key) {
        Some(level) => Span::styled(level_symbol(level), view.theme.level(level)),
        None => Span::raw(" "),
    }
}

pub fn level_cell(view: &View, key: &str) -> Cell<'static> {
    Cell::from(level_span(view, key))
}
