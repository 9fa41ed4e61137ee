//! Pieces every pane draws with: paged tables, forms, confirmations.

pub mod columns;
pub mod confirm;
pub mod form;
pub mod keyed;
pub mod labels;
pub mod listing;
pub mod modal;
pub mod paged;
pub mod pick;
pub mod section;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use std::borrow::Cow;

/// Text from the database, made inert: control characters and escape
/// sequences become visible placeholders such as `\x1b`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(crate::domain::text::is_dangerous) {
        Cow::Owned(crate::domain::text::for_terminal(text, false))
    } else {
        Cow::Borrowed(text)
    }
}

/// The same for multi-line text (comments): newlines are kept.
pub fn clean_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|line| clean(line).into_owned())
        .collect()
}

/// An audit entry's JSON summary on one line, fields and values by their
/// names in the reader's language (`Statut : en attente → en cours`),
/// made inert; `null` stands for JSON's null (the log shows it as is, a
/// ticket's history as a dash). Text that is not a JSON object is shown as
/// it is, inert.
pub fn audit_summary(i18n: &crate::i18n::I18n, json: &str, null: &str) -> String {
    clean(&i18n.audit_summary(json, null)).into_owned()
}

/// A box of at most `width` × `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A bordered box with its title, the border marked when it has the keys.
pub fn boxed<'a>(
    view: &crate::tui::pane::View,
    title: impl Into<Cow<'a, str>>,
    focused: bool,
) -> ratatui::widgets::Block<'a> {
    let border = if focused {
        view.theme.focus_border
    } else {
        view.theme.border
    };
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(border)
        .title(ratatui::text::Span::styled(title, view.theme.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        let hostile = "a\u{1b}[2J\u{1b}]0;pwned\u{7}b";
        let shown = clean(hostile);
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert!(shown.contains("pwned"));
        assert!(matches!(clean("plain é 漢字"), Cow::Borrowed(_)));
        assert_eq!(clean_lines("a\nb\u{7}").len(), 2);
    }
}
