//! Promos: programmes → cohorts of the selected programme → learners of
//! the selected cohort, three list sections (see `lists.rs`) chained by
//! their scopes. ←/→ move between the lists; the three sit side by side
//! when wide, two at a time at 80 columns.

mod lists;

use crate::domain::Capability;
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, TabSpec, View, Visible};
use crate::tui::widgets::section::{Section, WIDE};
use lists::{Cohorts, Learners, Programmes};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::Frame;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::ProgrammeRead, Capability::CohortRead]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    let mut pane = PromosPane {
        programmes: Section::new(Programmes::default()),
        cohorts: Section::new(Cohorts::default()),
        learners: Section::new(Learners::default()),
        focus: Focus::Programmes,
    };
    pane.mark();
    Box::new(pane)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Programmes,
    Cohorts,
    Learners,
}

pub struct PromosPane {
    programmes: Section<Programmes>,
    cohorts: Section<Cohorts>,
    learners: Section<Learners>,
    focus: Focus,
}

impl PromosPane {
    fn reload_all(&mut self, cx: &mut Cx) {
        // What the forms need: asked again, as rights can change meanwhile.
        let may = |cap| matches!(cx.service.may(cx.actor, cap), Ok(Some(_)));
        self.programmes.inner.manage = may(Capability::ProgrammeManage);
        self.cohorts.inner.manage = may(Capability::CohortManage);
        self.programmes.refresh(cx);
        self.cohorts.inner.read_programmes(cx);
        self.follow(cx, true);
    }

    /// Scopes the cohorts and learners to the selections; `again` reads
    /// them even when the selection did not move.
    fn follow(&mut self, cx: &mut Cx, again: bool) {
        let programme = self.programmes.selected().map(|p| p.name.clone());
        self.cohorts.rescope(programme, again, cx);
        let cohort = self.cohorts.selected();
        self.learners.inner.cohort_name = cohort.map(|c| c.name.clone()).unwrap_or_default();
        let cohort = cohort.map(|c| c.id);
        self.learners.rescope(cohort, again, cx);
    }

    /// Tells each list whether it has the keys (its title is marked).
    fn mark(&mut self) {
        self.programmes.inner.focused = self.focus == Focus::Programmes;
        self.cohorts.inner.focused = self.focus == Focus::Cohorts;
        self.learners.inner.focused = self.focus == Focus::Learners;
    }

    fn focused(&self) -> &dyn Pane {
        match self.focus {
            Focus::Programmes => &self.programmes,
            Focus::Cohorts => &self.cohorts,
            Focus::Learners => &self.learners,
        }
    }

    fn focused_mut(&mut self) -> &mut dyn Pane {
        match self.focus {
            Focus::Programmes => &mut self.programmes,
            Focus::Cohorts => &mut self.cohorts,
            Focus::Learners => &mut self.learners,
        }
    }

    fn panes(&self) -> [&dyn Pane; 3] {
        [&self.programmes, &self.cohorts, &self.learners]
    }
}

impl Pane for PromosPane {
    fn title(&self) -> &'static str {
        "tui.tab.promos"
    }

    fn layer(&self) -> crate::tui::keymap::Layer {
        self.focused().layer()
    }

    fn refused(&self, action: Action) -> Option<crate::domain::Msg> {
        match action {
            // Moving between the lists is this pane's own.
            Action::FocusNext | Action::FocusPrev | Action::Refresh => None,
            _ => self.focused().refused(action),
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.reload_all(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Programmes => Focus::Cohorts,
                    _ => Focus::Learners,
                };
                self.mark();
            }
            Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::Learners => Focus::Cohorts,
                    _ => Focus::Programmes,
                };
                self.mark();
            }
            Action::Refresh => self.reload_all(cx),
            _ => {
                if !self.focused_mut().on_action(action, cx) {
                    return false;
                }
                self.follow(cx, false);
            }
        }
        true
    }

    /// A form that closes may have changed any of the lists (a new cohort
    /// counts in its programme): all are read again.
    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let was_open = self.focused().typing();
        let taken = self.focused_mut().on_key(key, cx);
        if was_open && !self.focused().typing() {
            self.reload_all(cx);
        }
        taken
    }

    fn typing(&self) -> bool {
        self.focused().typing()
    }

    /// A list whose rows came may have moved its selection: the lists
    /// under it follow (read again only if their parent changed).
    fn collect(&mut self, cx: &mut Cx) {
        let programmes = self.programmes.collect_reads(cx);
        let cohorts = self.cohorts.collect_reads(cx);
        self.learners.collect_reads(cx);
        if programmes || cohorts {
            self.follow(cx, false);
        }
    }

    fn waiting(&self) -> bool {
        self.panes().iter().any(|p| p.waiting())
    }

    fn unsaved(&self) -> bool {
        self.panes().iter().any(|p| p.unsaved())
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.panes().iter().find_map(|p| p.draft())
    }

    /// A click on a list's rows gives it the keys and selects the row.
    fn on_click(&mut self, at: Position, cx: &mut Cx) {
        if self.focused().typing() {
            return;
        }
        let under = if self.programmes.shows_rows_at(at) {
            Focus::Programmes
        } else if self.cohorts.shows_rows_at(at) {
            Focus::Cohorts
        } else if self.learners.shows_rows_at(at) {
            Focus::Learners
        } else {
            return;
        };
        self.focus = under;
        self.mark();
        self.focused_mut().on_click(at, cx);
        self.follow(cx, false);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wide = area.width >= WIDE;
        let shown: &[Focus] = if wide {
            &[Focus::Programmes, Focus::Cohorts, Focus::Learners]
        } else if self.focus == Focus::Learners {
            &[Focus::Cohorts, Focus::Learners]
        } else {
            &[Focus::Programmes, Focus::Cohorts]
        };
        let weights: Vec<Constraint> = shown
            .iter()
            .map(|f| match f {
                Focus::Programmes => Constraint::Fill(2),
                Focus::Cohorts | Focus::Learners => Constraint::Fill(3),
            })
            .collect();
        let areas = Layout::horizontal(weights).split(area);
        for (focus, part) in shown.iter().zip(areas.iter()) {
            match focus {
                Focus::Programmes => self.programmes.draw_body(frame, *part, view, wide),
                Focus::Cohorts => self.cohorts.draw_body(frame, *part, view, wide),
                Focus::Learners => self.learners.draw_body(frame, *part, view, wide),
            }
        }
        match self.focus {
            Focus::Programmes => self.programmes.draw_modal(frame, area, view),
            Focus::Cohorts => self.cohorts.draw_modal(frame, area, view),
            Focus::Learners => self.learners.draw_modal(frame, area, view),
        }
    }
}
