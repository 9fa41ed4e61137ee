//! A yes/no question before a destructive action.

use super::centered;
use crate::tui::pane::View;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    /// Already translated, with the object named.
    pub question: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Any other key: the question stays.
    Pending,
}

impl Confirm {
    pub fn new(question: impl Into<String>) -> Confirm {
        Confirm {
            question: question.into(),
        }
    }

    /// `y` or Enter confirm; `n` or Esc cancel. Both letters work whatever
    /// the language (`o` for « oui » too).
    pub fn on_key(&self, key: KeyEvent) -> Answer {
        match key.code {
            KeyCode::Char('y' | 'Y' | 'o' | 'O') | KeyCode::Enter => Answer::Yes,
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Answer::No,
            _ => Answer::Pending,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let width = 60.min(area.width.saturating_sub(4)).max(20);
        let popup = centered(area, width, 6);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(view.theme.focus_border)
            .title(Span::styled(view.t("tui.confirm.title"), view.theme.title));
        let text = vec![
            Line::from(self.question.as_str()),
            Line::from(""),
            Line::from(Span::styled(view.t("tui.confirm.keys"), view.theme.key)),
        ];
        frame.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
            popup,
        );
    }
}
