//! Clicks and the wheel, when `ui.mouse` is on: a click on a tab opens it,
//! one in the pane goes to the pane with its row; the wheel moves.

use super::{App, Screen};
use crate::tui::action::Action;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

impl App {
    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) {
        let action = match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::ScrollUp => Some(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => return self.on_click(mouse),
            _ => None,
        };
        if let Some(action) = action {
            if let Screen::Main(session) = &mut self.screen {
                session.last_input = self.service.now();
            }
            self.on_session_key(
                KeyEvent::from(ratatui::crossterm::event::KeyCode::Null),
                Some(action),
            );
        }
    }

    pub(super) fn on_click(&mut self, mouse: MouseEvent) {
        if mouse.row == 0 {
            let spans = self.tab_spans.borrow().clone();
            if let Some(i) = spans
                .iter()
                .position(|(a, b)| (*a..*b).contains(&mouse.column))
            {
                self.show_tab(i);
            }
            return;
        }
        let area = self.pane_area.get();
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let at = Position::new(mouse.column, mouse.row);
        if area.contains(at) {
            let mut cx = pane_cx!(self, session);
            session.tabs[session.active].on_click(at, &mut cx);
            self.notice = cx.notice;
        }
    }
}
