//! Promos: programmes → cohorts of the selected programme → learners of
//! the selected cohort. ←/→ move between the lists; the three sit side by
//! side when wide, two at a time at 80 columns.

mod view;

use super::admin::kit::{self, Modal, Step};
use crate::domain::{Capability, Msg};
use crate::service::org::{Cohort, CohortEdit, NewCohort, Programme};
use crate::service::users::UserRow;
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::pane::{may_any, Cx, Pane, TabSpec, View};
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::paged::PagedList;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

pub const TAB: TabSpec = TabSpec {
    visible: |service, actor| {
        may_any(
            service,
            actor,
            &[Capability::ProgrammeRead, Capability::CohortRead],
        )
    },
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(PromosPane {
        programmes: PagedList::new(|p: &Programme| p.name.clone()),
        cohorts: PagedList::new(|c: &Cohort| (c.name.clone(), c.id)),
        learners: PagedList::new(|r: &UserRow| r.user.login.clone()),
        focus: Focus::Programmes,
        shown_programme: None,
        shown_cohort: None,
        modal: None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Programmes,
    Cohorts,
    Learners,
}

enum Job {
    NewProgramme,
    RenameProgramme(String),
    NewCohort(String),
    EditCohort(Box<Cohort>),
}

pub struct PromosPane {
    programmes: PagedList<Programme, String>,
    cohorts: PagedList<Cohort, (String, i64)>,
    learners: PagedList<UserRow, String>,
    focus: Focus,
    /// The programme whose cohorts are listed, and the cohort whose
    /// learners are: a change of selection reads the next list afresh.
    shown_programme: Option<String>,
    shown_cohort: Option<i64>,
    modal: Option<Modal<Job>>,
}

const ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::FocusNext,
    Action::FocusPrev,
    Action::New,
    Action::Edit,
    Action::Refresh,
];

const LEARNER_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::FocusNext,
    Action::FocusPrev,
    Action::Refresh,
];

fn programmes<'a>(
    s: &'a Service,
    a: &'a Actor,
) -> impl FnMut(Option<&String>, u32) -> service::Result<Vec<Programme>> + 'a {
    move |after, n| s.list_programmes(a, after.map_or("", String::as_str), n)
}

/// Cohorts of `programme`, or every cohort when programmes are not readable.
fn cohorts<'a>(
    s: &'a Service,
    a: &'a Actor,
    programme: Option<&'a str>,
) -> impl FnMut(Option<&(String, i64)>, u32) -> service::Result<Vec<Cohort>> + 'a {
    move |after, n| {
        let after = after.map_or(("", 0), |(name, id)| (name.as_str(), *id));
        s.list_cohorts(a, programme, after, n)
    }
}

fn learners<'a>(
    s: &'a Service,
    a: &'a Actor,
    cohort: i64,
) -> impl FnMut(Option<&String>, u32) -> service::Result<Vec<UserRow>> + 'a {
    move |after, n| s.list_cohort_members(a, cohort, after.map_or("", String::as_str), n)
}

impl PromosPane {
    fn reload_all(&mut self, cx: &mut Cx) {
        let result = if self.programmes.is_empty() {
            self.programmes.reset(&mut programmes(cx.service, cx.actor))
        } else {
            self.programmes
                .reload(&mut programmes(cx.service, cx.actor))
        };
        // Those with cohort.read only see every cohort, without programmes.
        if !matches!(result, Err(service::Error::Denied(_))) {
            cx.attempt(result);
        }
        self.follow(cx, true);
    }

    /// Reads the cohorts and learners that follow the selections; `again`
    /// reads them even when the selection did not move.
    fn follow(&mut self, cx: &mut Cx, again: bool) {
        let programme = self.programmes.selected().map(|p| p.name.clone());
        if programme != self.shown_programme || again {
            let fresh = programme != self.shown_programme;
            self.shown_programme = programme.clone();
            let mut fetch = cohorts(cx.service, cx.actor, programme.as_deref());
            let result = if fresh || self.cohorts.is_empty() {
                self.cohorts.reset(&mut fetch)
            } else {
                self.cohorts.reload(&mut fetch)
            };
            drop(fetch);
            cx.attempt(result);
        }
        let cohort = self.cohorts.selected().map(|c| c.id);
        if cohort != self.shown_cohort || again {
            let fresh = cohort != self.shown_cohort;
            self.shown_cohort = cohort;
            let result = match cohort {
                Some(id) => {
                    let mut fetch = learners(cx.service, cx.actor, id);
                    if fresh || self.learners.is_empty() {
                        self.learners.reset(&mut fetch)
                    } else {
                        self.learners.reload(&mut fetch)
                    }
                }
                None => self
                    .learners
                    .reset(&mut |_: Option<&String>, _| Ok(Vec::new())),
            };
            cx.attempt(result);
        }
    }

    fn navigate(&mut self, action: Action, cx: &mut Cx) -> Option<service::Result<()>> {
        let (s, a) = (&*cx.service, cx.actor);
        match self.focus {
            Focus::Programmes => kit::navigate(&mut self.programmes, action, &mut programmes(s, a)),
            Focus::Cohorts => {
                let programme = self.shown_programme.clone();
                let mut fetch = cohorts(s, a, programme.as_deref());
                kit::navigate(&mut self.cohorts, action, &mut fetch)
            }
            Focus::Learners => {
                let id = self.shown_cohort?;
                kit::navigate(&mut self.learners, action, &mut learners(s, a, id))
            }
        }
    }

    fn open(&mut self, action: Action) {
        let cohort_fields = |c: Option<&Cohort>| {
            vec![
                kit::line("tui.promos.cohort_name", c.map_or("", |c| &c.name)),
                kit::line(
                    "tui.promos.start",
                    c.map_or("", |c| kit::or_empty(&c.start_date)),
                ),
                kit::line(
                    "tui.promos.end",
                    c.map_or("", |c| kit::or_empty(&c.end_date)),
                ),
            ]
        };
        self.modal = match (self.focus, action) {
            (Focus::Programmes, Action::New) => {
                let field = Field::new("tui.promos.programme_name", FieldKind::Line);
                let form = Form::new("tui.promos.new_programme", vec![field]);
                Some(Modal::Form(Job::NewProgramme, form))
            }
            (Focus::Programmes, Action::Edit) => self.programmes.selected().map(|p| {
                let field = kit::line("tui.promos.programme_name", &p.name);
                let form = Form::new("tui.promos.rename_programme", vec![field]);
                Modal::Form(Job::RenameProgramme(p.name.clone()), form)
            }),
            (Focus::Cohorts, Action::New) => self.shown_programme.clone().map(|p| {
                let form = Form::new("tui.promos.new_cohort", cohort_fields(None));
                Modal::Form(Job::NewCohort(p), form)
            }),
            (Focus::Cohorts, Action::Edit) => self.cohorts.selected().map(|c| {
                let form = Form::new("tui.promos.edit_cohort", cohort_fields(Some(c)));
                Modal::Form(Job::EditCohort(Box::new(c.clone())), form)
            }),
            _ => None,
        };
    }

    fn go(&mut self, cx: &mut Cx) {
        let Some(Modal::Form(job, form)) = self.modal.take() else {
            return;
        };
        let outcome = save(&job, &form, cx);
        if kit::settle_form(&mut self.modal, job, form, outcome, cx) {
            self.reload_all(cx);
        }
    }
}

fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn save(job: &Job, form: &Form, cx: &mut Cx) -> service::Result<Msg> {
    let name = form.value(0);
    match job {
        Job::NewProgramme => {
            let id = cx.service.add_programme(cx.actor, &name)?;
            Ok(Msg::new("tui.promos.programme_created")
                .arg("name", name.trim())
                .arg("id", id))
        }
        Job::RenameProgramme(old) => {
            cx.service.rename_programme(cx.actor, old, &name)?;
            Ok(Msg::new("tui.promos.programme_renamed")
                .arg("old", old)
                .arg("new", name.trim()))
        }
        Job::NewCohort(programme) => {
            let (start, end) = (form.value(1), form.value(2));
            let new = NewCohort {
                name: &name,
                programme,
                start: optional(&start),
                end: optional(&end),
            };
            let id = cx.service.add_cohort(cx.actor, &new)?;
            Ok(Msg::new("tui.promos.cohort_created")
                .arg("name", name.trim())
                .arg("id", id))
        }
        Job::EditCohort(was) => {
            let values = [
                kit::changed(form, 0, &was.name),
                kit::changed(form, 1, kit::or_empty(&was.start_date)),
                kit::changed(form, 2, kit::or_empty(&was.end_date)),
            ];
            let edit = CohortEdit {
                name: values[0].as_deref(),
                start: values[1].as_deref(),
                end: values[2].as_deref(),
            };
            cx.service.edit_cohort(cx.actor, was.id, &edit)?;
            Ok(Msg::new("tui.promos.cohort_saved").arg("name", name.trim()))
        }
    }
}

impl Pane for PromosPane {
    fn title(&self) -> &'static str {
        "tui.tab.promos"
    }

    fn actions(&self) -> &'static [Action] {
        match (&self.modal, self.focus) {
            (Some(_), _) => &[],
            (None, Focus::Learners) => LEARNER_ACTIONS,
            (None, _) => ACTIONS,
        }
    }

    fn hints(&self) -> &'static [Action] {
        match self.focus {
            Focus::Learners => &[Action::FocusPrev, Action::Down],
            _ => &[Action::FocusNext, Action::New, Action::Edit],
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.reload_all(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if let Some(result) = self.navigate(action, cx) {
            cx.attempt(result);
            self.follow(cx, false);
            return true;
        }
        match action {
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Programmes => Focus::Cohorts,
                    _ => Focus::Learners,
                }
            }
            Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::Learners => Focus::Cohorts,
                    _ => Focus::Programmes,
                }
            }
            Action::New | Action::Edit if self.focus != Focus::Learners => self.open(action),
            Action::Refresh => self.reload_all(cx),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return false;
        };
        match kit::modal_key(modal, key) {
            Step::Stay => {}
            Step::Close => self.modal = None,
            Step::Go => self.go(cx),
        }
        true
    }

    fn typing(&self) -> bool {
        self.modal.is_some()
    }

    fn unsaved(&self) -> bool {
        self.modal.as_ref().is_some_and(Modal::unsaved)
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.modal.as_ref().and_then(Modal::draft)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw_lists(frame, area, view);
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }
}
