//! The three lists of Promos as list sections: programmes, the cohorts of
//! one programme, the learners of one cohort.

use crate::domain::Msg;
use crate::service;
use crate::service::org::{Cohort, CohortEdit, NewCohort, Programme};
use crate::service::users::UserRow;
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::FieldKind;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

/// The list's title, marked when it has the keys.
fn title(focused: bool, view: &View, key: &str) -> String {
    let marker = if focused { "▸ " } else { "" };
    format!("{marker}{}", view.t(key))
}

fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

pub enum ProgrammeJob {
    New,
    Rename(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeField {
    Name,
}

#[derive(Default)]
pub struct Programmes {
    pub focused: bool,
    /// The actor holds programme.manage (asked at each refresh): else no
    /// form is offered, and its key says why.
    pub manage: bool,
}

impl ListSection for Programmes {
    type Row = Programme;
    type Cursor = String;
    type Scope = ();
    type Job = ProgrammeJob;
    type Field = ProgrammeField;
    const TITLE: &'static str = "tui.promos.programmes";

    const CURSOR: fn(&Programme) -> String = |row| row.name.clone();

    /// Those with cohort.read only see every cohort, without programmes:
    /// for them the list is empty, not an error.
    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| match service
        .list_programmes_matching(actor, filter, after.map_or("", String::as_str), limit)
    {
        Err(service::Error::Denied(_)) => Ok(Vec::new()),
        other => other,
    };

    const LAYER: Layer = Layer::Programmes;

    fn list_title(&self, view: &View) -> String {
        title(self.focused, view, "tui.promos.programmes")
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.promos.programme", Constraint::Fill(1)),
        Column::new("tui.promos.cohort_count", Constraint::Length(6)),
    ];

    fn row(&self, p: &Programme, _view: &View, _wide: bool) -> Row<'static> {
        Row::new(vec![clean(&p.name).into_owned(), p.cohorts.to_string()])
    }

    fn refused(&self, action: Action, _row: Option<&Programme>) -> Option<Msg> {
        let key = match action {
            Action::New => "may.new_programme",
            Action::Edit => "may.edit_programme",
            _ => return None,
        };
        (!self.manage).then(|| Msg::new(key))
    }

    fn on_action(&mut self, action: Action, row: Option<&Programme>, _cx: &mut Cx) -> Hook<Self> {
        match (action, row) {
            (Action::New, _) => {
                let field = keyed::empty("tui.promos.programme_name", FieldKind::Line);
                let form = KeyedForm::titled("tui.promos.new_programme")
                    .field(ProgrammeField::Name, field);
                section::form(ProgrammeJob::New, form)
            }
            (Action::Edit, Some(p)) => {
                let field = keyed::line("tui.promos.programme_name", &p.name);
                let form = KeyedForm::titled("tui.promos.rename_programme")
                    .field(ProgrammeField::Name, field);
                section::form(ProgrammeJob::Rename(p.name.clone()), form)
            }
            (Action::Edit, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn submit(
        &mut self,
        job: &ProgrammeJob,
        form: &KeyedForm<ProgrammeField>,
        cx: &mut Cx,
    ) -> Outcome {
        let name = form.value(ProgrammeField::Name);
        match job {
            ProgrammeJob::New => {
                let id = cx.service.add_programme(cx.actor, &name)?;
                Ok(Msg::new("tui.promos.programme_created")
                    .arg("name", name.trim())
                    .arg("id", id))
            }
            ProgrammeJob::Rename(old) => {
                cx.service.rename_programme(cx.actor, old, &name)?;
                Ok(Msg::new("tui.promos.programme_renamed")
                    .arg("old", old)
                    .arg("new", name.trim()))
            }
        }
    }
}

pub enum CohortJob {
    /// A new cohort of this programme.
    New(String),
    Edit(Box<Cohort>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CohortField {
    Name,
    Start,
    End,
}

/// The cohorts of a programme (the scope), or every cohort when
/// programmes are not readable.
#[derive(Default)]
pub struct Cohorts {
    pub focused: bool,
    /// The actor holds cohort.manage (asked at each refresh).
    pub manage: bool,
    programme: Option<String>,
}

impl ListSection for Cohorts {
    type Row = Cohort;
    type Cursor = (String, i64);
    type Scope = Option<String>;
    type Job = CohortJob;
    type Field = CohortField;
    const TITLE: &'static str = "tui.promos.cohorts_of";

    const CURSOR: fn(&Cohort) -> (String, i64) = |row| (row.name.clone(), row.id);

    const FETCH: Fetcher<Self> = |service, actor, programme, filter, after, limit| {
        let after = after.map_or(("", 0), |(name, id)| (name.as_str(), *id));
        service.list_cohorts_matching(actor, (programme.as_deref(), filter), after, limit)
    };

    const LAYER: Layer = Layer::Cohorts;

    fn rescoped(&mut self, programme: &Option<String>) {
        self.programme.clone_from(programme);
    }

    fn list_title(&self, view: &View) -> String {
        let programme = self.programme.as_deref().map(clean).unwrap_or_default();
        title(self.focused, view, "tui.promos.cohorts_of").replace("{programme}", &programme)
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.promos.cohort", Constraint::Fill(1)),
        Column::new("tui.promos.learner_count", Constraint::Length(11)),
        Column::wide("tui.promos.start_short", Constraint::Length(11)),
        Column::wide("tui.promos.end_short", Constraint::Length(11)),
    ];

    fn row(&self, c: &Cohort, _view: &View, wide: bool) -> Row<'static> {
        let mut cells = vec![clean(&c.name).into_owned(), c.learners.to_string()];
        if wide {
            cells.push(clean(or_empty(&c.start_date)).into_owned());
            cells.push(clean(or_empty(&c.end_date)).into_owned());
        }
        Row::new(cells)
    }

    fn refused(&self, action: Action, _row: Option<&Cohort>) -> Option<Msg> {
        let key = match action {
            Action::New => "may.new_cohort",
            Action::Edit => "may.edit_cohort",
            _ => return None,
        };
        (!self.manage).then(|| Msg::new(key))
    }

    fn on_action(&mut self, action: Action, row: Option<&Cohort>, _cx: &mut Cx) -> Hook<Self> {
        let fields = |c: Option<&Cohort>| {
            vec![
                (
                    CohortField::Name,
                    keyed::line("tui.promos.cohort_name", c.map_or("", |c| &c.name)),
                ),
                (
                    CohortField::Start,
                    keyed::line(
                        "tui.promos.start",
                        c.map_or("", |c| or_empty(&c.start_date)),
                    ),
                ),
                (
                    CohortField::End,
                    keyed::line("tui.promos.end", c.map_or("", |c| or_empty(&c.end_date))),
                ),
            ]
        };
        match (action, row) {
            (Action::New, _) => match &self.programme {
                Some(p) => {
                    let form = KeyedForm::new("tui.promos.new_cohort", fields(None));
                    section::form(CohortJob::New(p.clone()), form)
                }
                None => Hook::Done,
            },
            (Action::Edit, Some(c)) => {
                let form = KeyedForm::new("tui.promos.edit_cohort", fields(Some(c)));
                section::form(CohortJob::Edit(Box::new(c.clone())), form)
            }
            (Action::Edit, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &CohortJob, form: &KeyedForm<CohortField>, cx: &mut Cx) -> Outcome {
        let name = form.value(CohortField::Name);
        match job {
            CohortJob::New(programme) => {
                let (start, end) = (form.value(CohortField::Start), form.value(CohortField::End));
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
            CohortJob::Edit(was) => {
                let values = [
                    form.changed(CohortField::Name, &was.name),
                    form.changed(CohortField::Start, or_empty(&was.start_date)),
                    form.changed(CohortField::End, or_empty(&was.end_date)),
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
}

/// The learners of a cohort (the scope, by id); none without a cohort.
#[derive(Default)]
pub struct Learners {
    pub focused: bool,
    /// The cohort's name as the cohorts list shows it now, for the title.
    pub cohort_name: String,
}

impl ListSection for Learners {
    type Row = UserRow;
    type Cursor = String;
    type Scope = Option<i64>;
    type Job = ();
    type Field = ();
    const TITLE: &'static str = "tui.promos.learners_of";

    const CURSOR: fn(&UserRow) -> String = |row| row.user.login.clone();

    // Learners have no `/` (their layer does not bind it): no filter.
    const FETCH: Fetcher<Self> = |service, actor, cohort, _filter, after, limit| match cohort {
        Some(id) => {
            service.list_cohort_members(actor, *id, after.map_or("", String::as_str), limit)
        }
        None => Ok(Vec::new()),
    };

    const LAYER: Layer = Layer::Learners;

    fn list_title(&self, view: &View) -> String {
        title(self.focused, view, "tui.promos.learners_of")
            .replace("{cohort}", &clean(&self.cohort_name))
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.promos.login", Constraint::Length(14)),
        Column::new("tui.promos.full_name", Constraint::Fill(1)),
        Column::wide("tui.promos.email", Constraint::Fill(1)),
    ];

    fn row(&self, r: &UserRow, _view: &View, wide: bool) -> Row<'static> {
        let mut cells = vec![
            clean(&r.user.login).into_owned(),
            clean(&r.user.full_name).into_owned(),
        ];
        if wide {
            cells.push(clean(or_empty(&r.user.email)).into_owned());
        }
        Row::new(cells)
    }

    /// The learners are only read here.
    fn on_action(&mut self, _: Action, _: Option<&UserRow>, _: &mut Cx) -> Hook<Self> {
        Hook::Pass
    }

    fn submit(&mut self, _: &(), _: &KeyedForm<()>, _: &mut Cx) -> Outcome {
        Err(service::Error::Conflict(Msg::new(
            "error.nothing_to_change",
        )))
    }
}
