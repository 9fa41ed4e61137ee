//! A yes/no question before a destructive action.

use super::centered;
use crate::domain::Msg;
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::pane::View;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
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

    /// The `confirm` layer's keys: by default `y` or Enter confirm, `n` or
    /// Esc cancel, both letters whatever the language (`o` for « oui » too).
    pub fn on_key(&self, key: KeyEvent, keys: &Keymap) -> Answer {
        match keys.action_in(Layer::Confirm, key) {
            Some(Action::Yes) => Answer::Yes,
            Some(Action::No) => Answer::No,
            _ => Answer::Pending,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let width = 60.min(area.width.saturating_sub(4)).max(20);
        let popup = centered(area, width, 6);
        frame.render_widget(Clear, popup);
        let block = crate::tui::widgets::boxed(view, view.t("tui.confirm.title"), true);
        let text = vec![
            Line::from(self.question.as_str()),
            Line::from(""),
            Line::from(Span::styled(keys_line(view), view.theme.key)),
        ];
        frame.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
            popup,
        );
    }
}

/// "y / o / enter: yes    n / esc: no", with the keys as bound.
fn keys_line(view: &View) -> String {
    let msg = Msg::new("tui.confirm.keys")
        .arg("yes", slashed(view, Action::Yes))
        .arg("no", slashed(view, Action::No));
    view.i18n.render(&msg)
}

/// An answer's keys as `y / o / enter`: `Y` is not written beside `y`.
fn slashed(view: &View, action: Action) -> String {
    let labels = view.key_labels_in(Layer::Confirm, action);
    let mut shown: Vec<&str> = Vec::new();
    for label in labels.split(", ") {
        if !shown.iter().any(|s| s.eq_ignore_ascii_case(label)) {
            shown.push(label);
        }
    }
    shown.join(" / ")
}
