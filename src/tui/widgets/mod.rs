//! Pieces every pane draws with: paged tables, forms, confirmations.

pub mod confirm;
pub mod form;
pub mod paged;

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
