//! PLACEHOLDER being replaced this session by the promos pane.

use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, TabSpec, View};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub const TAB: TabSpec = TabSpec {
    visible: |_, _| true,
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(PromosPane)
}

struct PromosPane;

impl Pane for PromosPane {
    fn title(&self) -> &'static str {
        "tui.tab.promos"
    }
    fn actions(&self) -> &'static [Action] {
        &[]
    }
    fn hints(&self) -> &'static [Action] {
        &[]
    }
    fn refresh(&mut self, _cx: &mut Cx) {}
    fn on_action(&mut self, _action: Action, _cx: &mut Cx) -> bool {
        false
    }
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        frame.render_widget(Paragraph::new(view.t(self.title())), area);
    }
}
