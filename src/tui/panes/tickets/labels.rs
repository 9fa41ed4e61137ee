//! Words for the keys the database stores: statuses, priorities, urgency
//! levels, each from the language files (the key itself, made inert, if a
//! newer version wrote one this one does not know).

use crate::domain::sla::Level;
use crate::tui::pane::View;
use crate::tui::theme::level_symbol;
use crate::tui::widgets::clean;
use ratatui::text::Span;
use ratatui::widgets::Cell;

fn translated(view: &View, prefix: &str, key: &str) -> String {
    let full = format!("{prefix}{key}");
    let text = view.t(&full);
    if text == full {
        clean(key).into_owned()
    } else {
        text.to_string()
    }
}

pub fn status_label(view: &View, key: &str) -> String {
    translated(view, "tui.tickets.status.", key)
}

pub fn priority_label(view: &View, key: &str) -> String {
    translated(view, "tui.tickets.priority.", key)
}

pub fn level_label(view: &View, key: &str) -> String {
    translated(view, "tui.tickets.level.", key)
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

/// The same, where only the language files are at hand (building forms).
pub fn priority_label_text(i18n: &crate::i18n::I18n, key: &str) -> String {
    let full = format!("tui.tickets.priority.{key}");
    let text = i18n.text(&full);
    if text == full {
        clean(key).into_owned()
    } else {
        text.to_string()
    }
}
