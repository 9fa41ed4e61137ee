//! Admin: users, roles and their capabilities, categories, SLA policies and
//! calendars. Each section is a pane of its own; ←/→ switch between those
//! the actor may use, and a bar at the top shows which is active.

pub mod calendars;
pub mod categories;
pub mod policies;
pub mod roles;
pub mod users;
mod users_view;

use crate::domain::{Capability, Scope};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::pane::{may_any, Cx, Pane, TabSpec, View, Visible};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::When(|service, actor| Section::ALL.iter().any(|s| s.usable(service, actor))),
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(AdminPane {
        sections: Vec::new(),
        active: 0,
        body: Cell::new(Rect::default()),
        usable: Reader::new(read_usable),
    })
}

/// The sections the actor may use now, as the background reader reads them.
fn read_usable(service: &Service, actor: &Actor, _: &()) -> service::Result<Vec<Section>> {
    Ok(Section::ALL
        .into_iter()
        .filter(|s| s.usable(service, actor))
        .collect())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Users,
    Roles,
    Categories,
    Policies,
    Calendars,
}

impl Section {
    const ALL: [Section; 5] = [
        Section::Users,
        Section::Roles,
        Section::Categories,
        Section::Policies,
        Section::Calendars,
    ];

    /// Users need more than reading one's own profile: everyone may do that.
    fn usable(self, service: &Service, actor: &Actor) -> bool {
        match self {
            Section::Users => {
                let reads_others = matches!(
                    service.may(actor, Capability::UserRead),
                    Ok(Some(Scope::Company | Scope::All))
                );
                reads_others || may_any(service, actor, &[Capability::UserCreate])
            }
            Section::Roles => may_any(
                service,
                actor,
                &[Capability::RoleRead, Capability::RoleManage],
            ),
            Section::Categories => may_any(service, actor, &[Capability::CategoryManage]),
            Section::Policies | Section::Calendars => {
                may_any(service, actor, &[Capability::SlaManage])
            }
        }
    }

    fn make(self) -> Box<dyn Pane> {
        match self {
            Section::Users => users::make(),
            Section::Roles => roles::make(),
            Section::Categories => categories::make(),
            Section::Policies => policies::make(),
            Section::Calendars => calendars::make(),
        }
    }
}

struct AdminPane {
    sections: Vec<(Section, Box<dyn Pane>)>,
    active: usize,
    /// Where the section was last drawn: clicks there are its.
    body: Cell<Rect>,
    /// Which sections the actor may use is read there, at each refresh.
    usable: Reader<(), Vec<Section>>,
}

impl AdminPane {
    /// Keeps the sections the actor may use now (rights can change while
    /// the dashboard is open), keeping the state of those that stay; true
    /// if they changed (the active one is then read afresh).
    fn sync_sections(&mut self, wanted: Vec<Section>) -> bool {
        let current: Vec<Section> = self.sections.iter().map(|(s, _)| *s).collect();
        if wanted == current {
            return false;
        }
        let active = self.sections.get(self.active).map(|(s, _)| *s);
        let mut old = std::mem::take(&mut self.sections);
        for section in wanted {
            let pane = match old.iter().position(|(s, _)| *s == section) {
                Some(i) => old.swap_remove(i).1,
                None => section.make(),
            };
            self.sections.push((section, pane));
        }
        self.active = self
            .sections
            .iter()
            .position(|(s, _)| Some(*s) == active)
            .unwrap_or(0);
        true
    }

    /// Takes the sections read: if they changed, the active one is read.
    fn take_usable(&mut self, read: service::Result<Vec<Section>>, cx: &mut Cx) {
        // Unread (busy, failed): the sections shown stay.
        let Ok(wanted) = read else { return };
        if self.sync_sections(wanted) {
            if let Some(pane) = self.pane_mut() {
                pane.refresh(cx);
            }
        }
    }

    fn pane(&self) -> Option<&dyn Pane> {
        self.sections.get(self.active).map(|(_, p)| p.as_ref())
    }

    fn pane_mut(&mut self) -> Option<&mut Box<dyn Pane>> {
        self.sections.get_mut(self.active).map(|(_, p)| p)
    }

    fn switch(&mut self, forward: bool, cx: &mut Cx) {
        let n = self.sections.len();
        if n == 0 {
            return;
        }
        self.active = if forward {
            (self.active + 1) % n
        } else {
            (self.active + n - 1) % n
        };
        if let Some(pane) = self.pane_mut() {
            pane.refresh(cx);
        }
    }
}

impl Pane for AdminPane {
    fn title(&self) -> &'static str {
        "tui.tab.admin"
    }

    /// The shown section's keys; only the frame's when none may be shown.
    fn layer(&self) -> crate::tui::keymap::Layer {
        self.pane()
            .map_or(crate::tui::keymap::Layer::Global, |p| p.layer())
    }

    fn refused(&self, action: Action) -> Option<crate::domain::Msg> {
        match action {
            Action::FocusNext | Action::FocusPrev => None,
            _ => self.pane().and_then(|p| p.refused(action)),
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Some(pane) = self.pane_mut() {
            pane.refresh(cx);
        }
        if let Some((_, read)) = self.usable.ask((), cx) {
            self.take_usable(read, cx);
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::FocusNext => self.switch(true, cx),
            Action::FocusPrev => self.switch(false, cx),
            _ => return self.pane_mut().is_some_and(|p| p.on_action(action, cx)),
        }
        true
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        self.pane_mut().is_some_and(|p| p.on_key(key, cx))
    }

    fn typing(&self) -> bool {
        self.pane().is_some_and(|p| p.typing())
    }

    /// Every section takes its answers, the hidden ones too (they show
    /// them when they come back).
    fn collect(&mut self, cx: &mut Cx) {
        if let Some((_, read)) = self.usable.take() {
            self.take_usable(read, cx);
        }
        for (_, pane) in &mut self.sections {
            pane.collect(cx);
        }
    }

    fn waiting(&self) -> bool {
        self.usable.waiting() || self.sections.iter().any(|(_, p)| p.waiting())
    }

    fn section(&self) -> Option<&'static str> {
        self.pane().map(|p| p.title())
    }

    fn unsaved(&self) -> bool {
        self.sections.iter().any(|(_, p)| p.unsaved())
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.sections.iter().find_map(|(_, p)| p.draft())
    }

    fn on_click(&mut self, at: Position, cx: &mut Cx) {
        if self.body.get().contains(at) {
            if let Some(pane) = self.pane_mut() {
                pane.on_click(at, cx);
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        self.body.set(body);
        let names: Vec<&str> = self
            .sections
            .iter()
            .map(|(_, p)| view.t(p.title()))
            .collect();
        draw_bar(frame, bar, view, &names, self.active);
        if let Some(pane) = self.pane() {
            pane.draw(frame, body, view);
        }
    }
}

/// A one-line bar of section names, the active one marked and reversed.
pub fn draw_bar(frame: &mut Frame, area: Rect, view: &View, names: &[&str], active: usize) {
    let mut spans = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i == active {
            spans.push(Span::styled(format!("▸{name} "), view.theme.tab_active));
        } else {
            spans.push(Span::styled(format!(" {name} "), view.theme.tab));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
