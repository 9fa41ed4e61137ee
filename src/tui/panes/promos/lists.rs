//! The three lists of Promos as list sections: programmes, the cohorts of
//! one programme, the learners of one cohort.

use crate::domain::Msg;
use crate::service;
use crate::service::org::{Cohort, CohortEdit, NewCohort, Programme};
use crate::service::users::UserRow;
use crate::service::{Actor, Service};
use crate::tui::action::Action;
use crate::tui::background::Reader;
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
    Remove(String),
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
            Action::Delete => "may.remove_programme",
            _ => return None,
        };
        (!self.manage).then(|| Msg::new(key))
    }

    fn on_action(&mut self, action: Action, row: Option<&Programme>, cx: &mut Cx) -> Hook<Self> {
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
            (Action::Delete, Some(p)) if p.cohorts > 0 => {
                cx.error(
                    &Msg::new("error.programme_has_cohorts")
                        .arg("count", p.cohorts)
                        .arg("name", &p.name),
                );
                Hook::Done
            }
            (Action::Delete, Some(p)) => {
                let msg = Msg::new("tui.promos.remove_programme_ask").arg("name", &p.name);
                section::ask(ProgrammeJob::Remove(p.name.clone()), &msg, cx)
            }
            (Action::Edit | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn confirmed(&mut self, job: ProgrammeJob, cx: &mut Cx) -> Outcome {
        let ProgrammeJob::Remove(name) = job else {
            return Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            )));
        };
        cx.service.remove_programme(cx.actor, &name)?;
        Ok(Msg::new("tui.promos.programme_removed").arg("name", &name))
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
            ProgrammeJob::Remove(_) => Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            ))),
        }
    }
}

pub enum CohortJob {
    /// A new cohort, of the programme chosen in its form.
    New,
    Edit(Box<Cohort>),
    Remove(Box<Cohort>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CohortField {
    Programme,
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
    /// Every programme's name, for the form's choice (read off the UI
    /// thread; empty until it comes or for those who cannot read them).
    programmes: Vec<String>,
    programmes_read: Option<Reader<(), Vec<String>>>,
}

/// How many programmes the choice offers at most.
const CHOICE_MAX: usize = 1000;

fn read_programmes(service: &Service, actor: &Actor, _: &()) -> service::Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    loop {
        let after = names.last().map_or("", String::as_str);
        let page = match service.list_programmes(actor, after, 200) {
            Err(service::Error::Denied(_)) => return Ok(names),
            other => other?,
        };
        let full = page.len() == 200;
        names.extend(page.into_iter().map(|p| p.name));
        if !full || names.len() >= CHOICE_MAX {
            return Ok(names);
        }
    }
}

impl Cohorts {
    /// Reads the programmes' names again (a programme may have been added
    /// or renamed since).
    pub fn read_programmes(&mut self, cx: &mut Cx) {
        let reader = self
            .programmes_read
            .get_or_insert_with(|| Reader::new(read_programmes));
        if let Some(((), Ok(names))) = reader.ask((), cx) {
            self.programmes = names;
        }
    }

    /// The programme field: a choice once the names are known, on
    /// `current`; typed otherwise.
    fn programme_field(&self, current: &str) -> crate::tui::widgets::form::Field {
        if self.programmes.is_empty() {
            return keyed::line("tui.promos.cohort_programme", current);
        }
        let options = self
            .programmes
            .iter()
            .map(|n| (n.clone(), clean(n).into_owned()))
            .collect();
        keyed::choice("tui.promos.cohort_programme", options, current)
    }
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
            Action::Delete => "may.remove_cohort",
            _ => return None,
        };
        (!self.manage).then(|| Msg::new(key))
    }

    fn collect(&mut self, _cx: &mut Cx) {
        if let Some(((), Ok(names))) = self.programmes_read.as_mut().and_then(Reader::take) {
            self.programmes = names;
        }
    }

    fn waiting(&self) -> bool {
        self.programmes_read.as_ref().is_some_and(Reader::waiting)
    }

    fn on_action(&mut self, action: Action, row: Option<&Cohort>, cx: &mut Cx) -> Hook<Self> {
        let programme = |c: Option<&Cohort>| {
            let current = c.map_or(self.programme.as_deref().unwrap_or(""), |c| &c.programme);
            (CohortField::Programme, self.programme_field(current))
        };
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
                // Last, so that the name is typed first as before.
                programme(c),
            ]
        };
        match (action, row) {
            (Action::New, _) => {
                let form = KeyedForm::new("tui.promos.new_cohort", fields(None));
                section::form(CohortJob::New, form)
            }
            (Action::Edit, Some(c)) => {
                let form = KeyedForm::new("tui.promos.edit_cohort", fields(Some(c)));
                section::form(CohortJob::Edit(Box::new(c.clone())), form)
            }
            (Action::Delete, Some(c)) if c.learners > 0 => {
                cx.error(
                    &Msg::new("error.cohort_has_learners")
                        .arg("count", c.learners)
                        .arg("name", &c.name),
                );
                Hook::Done
            }
            (Action::Delete, Some(c)) => {
                let msg = Msg::new("tui.promos.remove_cohort_ask").arg("name", &c.name);
                section::ask(CohortJob::Remove(Box::new(c.clone())), &msg, cx)
            }
            (Action::Edit | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn confirmed(&mut self, job: CohortJob, cx: &mut Cx) -> Outcome {
        let CohortJob::Remove(c) = job else {
            return Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            )));
        };
        cx.service.remove_cohort(cx.actor, c.id)?;
        Ok(Msg::new("tui.promos.cohort_removed").arg("name", &c.name))
    }

    fn submit(&mut self, job: &CohortJob, form: &KeyedForm<CohortField>, cx: &mut Cx) -> Outcome {
        let name = form.value(CohortField::Name);
        match job {
            CohortJob::New => {
                let programme = form.value(CohortField::Programme);
                let programme = programme.as_str();
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
                let to = form.changed(CohortField::Programme, &was.programme);
                // Only what changed is written: the move and the edit are
                // two audit entries, and "nothing to change" only when
                // neither is asked.
                if values.iter().any(Option::is_some) || to.is_none() {
                    cx.service.edit_cohort(cx.actor, was.id, &edit)?;
                }
                match to {
                    Some(to) => {
                        cx.service.move_cohort(cx.actor, was.id, &to)?;
                        Ok(Msg::new("tui.promos.cohort_moved")
                            .arg("name", name.trim())
                            .arg("programme", to.trim()))
                    }
                    None => Ok(Msg::new("tui.promos.cohort_saved").arg("name", name.trim())),
                }
            }
            CohortJob::Remove(_) => Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            ))),
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
