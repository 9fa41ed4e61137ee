//! The text filter of a list section: `/` opens a line over the list,
//! what is typed there filters the list as it is typed (its section's
//! `FETCH` gets the text), Enter keeps it and gives the keys back to the
//! list, Esc clears it, Ctrl-U empties the line. While it is typed every
//! letter goes to it, never to a command of the list.

use crate::tui::pane::View;
use crate::tui::widgets::clean;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Default)]
pub struct ListFilter {
    text: String,
    editing: bool,
}

/// What a key typed in the filter line did.
#[derive(Debug, PartialEq, Eq)]
pub enum Typed {
    /// The text changed: the list is read again from the top.
    Changed,
    /// The line closed, the text kept.
    Kept,
    /// Up or down: the list moves, the line stays open.
    Move { down: bool },
    /// Taken, nothing else to do.
    Stay,
    /// Not the filter's (Ctrl-L, Tab…): the layers resolve it.
    Pass,
}

impl ListFilter {
    /// The filter in force, None when there is none.
    pub fn text(&self) -> Option<&str> {
        Some(self.text.as_str()).filter(|t| !t.trim().is_empty())
    }

    pub fn editing(&self) -> bool {
        self.editing
    }

    /// `/`: the line opens on the text in force.
    pub fn open(&mut self) {
        self.editing = true;
    }

    /// Whether the list shows a line for the filter.
    pub fn shown(&self) -> bool {
        self.editing || self.text().is_some()
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Typed {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let before = self.text().map(|t| t.trim().to_string());
        match key.code {
            KeyCode::Char('u') if ctrl => self.text.clear(),
            KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                return Typed::Pass
            }
            KeyCode::Char(c) => self.text.push(c),
            KeyCode::Backspace => {
                self.text.pop();
            }
            KeyCode::Enter => {
                self.editing = false;
                return Typed::Kept;
            }
            KeyCode::Esc => {
                self.editing = false;
                self.text.clear();
            }
            KeyCode::Up => return Typed::Move { down: false },
            KeyCode::Down => return Typed::Move { down: true },
            _ => return Typed::Pass,
        }
        // Spaces at the ends do not change what is matched.
        if self.text().map(|t| t.trim().to_string()) == before {
            Typed::Stay
        } else {
            Typed::Changed
        }
    }

    /// The list's title with the filter in force: `Users — /seck`.
    pub fn title(&self, title: String) -> String {
        match self.text() {
            Some(text) => format!("{title} — /{}", clean(text)),
            None => title,
        }
    }

    /// The line over the list: the text being typed and a cursor, or the
    /// filter in force.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let typed = clean(&self.text).into_owned();
        let mut spans = vec![Span::styled("/ ", view.theme.key)];
        spans.push(Span::styled(typed, view.theme.base));
        if self.editing {
            spans.push(Span::styled(" ", view.theme.selected));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// In an empty list: nothing matches «…».
    pub fn draw_nothing(&self, frame: &mut Frame, rows: Rect, view: &View) {
        let Some(text) = self.text() else { return };
        let msg = crate::domain::Msg::new("tui.list.nothing_matches").arg("text", text.trim());
        let line = clean(&view.i18n.render(&msg)).into_owned();
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(line, view.theme.dim))),
            rows,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_fill_the_line_enter_keeps_esc_clears() {
        let mut f = ListFilter::default();
        f.open();
        assert_eq!(f.on_key(key(KeyCode::Char('j'))), Typed::Changed);
        assert_eq!(f.on_key(key(KeyCode::Char('e'))), Typed::Changed);
        assert_eq!(f.text(), Some("je"));
        assert_eq!(f.on_key(key(KeyCode::Char(' '))), Typed::Stay);
        assert_eq!(f.on_key(key(KeyCode::Enter)), Typed::Kept);
        assert!(!f.editing());
        assert_eq!(f.text(), Some("je "));
        f.open();
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(f.on_key(ctrl_u), Typed::Changed);
        assert_eq!(f.text(), None);
        assert!(f.editing());
        f.on_key(key(KeyCode::Char('x')));
        assert_eq!(f.on_key(key(KeyCode::Esc)), Typed::Changed);
        assert!(!f.shown());
        let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert_eq!(f.on_key(ctrl_l), Typed::Pass);
    }
}
