//! The events as a list section: their rows carry the actor's rights on
//! each (read with the page, off the UI thread), so that keys and hints
//! follow them; the support contacts to choose from are read beside by
//! `prepare`, and a new event's contract is picked as you type among the
//! signed ones the actor may use (a client's or company's name, or the
//! contract's number), read off the UI thread by the form's pick.

use super::filter::parse_filter;
use crate::domain::crm;
use crate::domain::{Capability, Msg};
use crate::service::crm_events::{Event, EventEdit, EventRights, NewEvent};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::FieldKind;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::pick::{self, Options, Pick, Typed};
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

/// An event and what the actor may do to it.
pub struct EventRow {
    pub event: Event,
    pub rights: EventRights,
}

pub enum Job {
    New,
    Edit(Box<Event>),
    Assign(Box<Event>),
    Remove(Box<Event>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Contract,
    Name,
    Start,
    End,
    Location,
    Attendees,
    Notes,
    Support,
}

/// What the forms need, read off the UI thread.
#[derive(Default)]
pub struct Choices {
    create: bool,
    /// Logins that may be given an event's care (empty without event.assign).
    supporters: Vec<String>,
}

#[derive(Default)]
pub struct Events {
    /// What the forms need; None until first read (then `n` waits for it
    /// rather than saying the role may not).
    choices: Option<Choices>,
    choices_read: Option<Reader<(), Choices>>,
}

/// How many support contacts the choice offers at most.
const CHOICE_MAX: u32 = 500;

const NO_RIGHTS: EventRights = EventRights {
    edit: false,
    assign: false,
    remove: false,
};

fn read_choices(service: &Service, actor: &Actor, _: &()) -> service::Result<Choices> {
    let create = service.may(actor, Capability::EventCreate)?.is_some();
    let supporters = match service.may(actor, Capability::EventAssign)? {
        Some(_) => service.event_support_logins(actor, "", CHOICE_MAX)?,
        None => Vec::new(),
    };
    Ok(Choices { create, supporters })
}

/// The signed event contracts the actor may use that match what was
/// typed, newest first: `#id · client · company`.
fn event_contracts(service: &Service, actor: &Actor, typed: &Typed) -> service::Result<Options> {
    let found = service.event_contract_picks(actor, typed.text(), pick::ROWS)?;
    Ok(pick::options(found, |c| {
        let names = [&c.client, &c.company];
        let label = std::iter::once(format!("#{}", c.id))
            .chain(names.into_iter().flatten().cloned())
            .collect::<Vec<_>>()
            .join(" · ");
        (c.id.to_string(), label)
    }))
}

fn local(t: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp(t, 0).map_or_else(
        || t.to_string(),
        |d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn invalid(key: &'static str) -> service::Error {
    service::Error::Invalid(Msg::new(key))
}

fn attendees(text: &str) -> service::Result<i64> {
    match text.trim() {
        "" => Ok(0),
        t => t.parse().map_err(|_| invalid("tui.events.bad_attendees")),
    }
}

impl Events {
    fn choices(&self) -> &Choices {
        static NONE: Choices = Choices {
            create: false,
            supporters: Vec::new(),
        };
        self.choices.as_ref().unwrap_or(&NONE)
    }

    fn support_field(&self, cx: &Cx, current: &str) -> crate::tui::widgets::form::Field {
        let none = (
            String::new(),
            cx.i18n.text("tui.events.no_support").to_string(),
        );
        let logins = self
            .choices()
            .supporters
            .iter()
            .map(|l| (l.clone(), clean(l).into_owned()));
        let options = std::iter::once(none).chain(logins).collect();
        keyed::choice("tui.events.support", options, current)
    }

    /// The fields an event's form shares between new and edit.
    fn event_fields(
        form: KeyedForm<Field>,
        e: Option<&Event>,
        tz: chrono_tz::Tz,
    ) -> KeyedForm<Field> {
        let time = |t: Option<i64>| t.map(|t| local(t, tz)).unwrap_or_default();
        let notes = keyed::empty("tui.events.notes", FieldKind::Multi)
            .with_text(e.map_or("", |e| &e.notes));
        form.line(Field::Name, "tui.events.name", e.map_or("", |e| &e.name))
            .line(
                Field::Start,
                "tui.events.start",
                &time(e.map(|e| e.starts_at)),
            )
            .line(Field::End, "tui.events.end", &time(e.map(|e| e.ends_at)))
            .line(
                Field::Location,
                "tui.events.location",
                e.map_or("", |e| &e.location),
            )
            .line(
                Field::Attendees,
                "tui.events.attendees",
                &e.map_or(String::new(), |e| e.attendees.to_string()),
            )
            .field(Field::Notes, notes)
    }

    fn new_form(&self, cx: &mut Cx) -> Hook<Self> {
        let form = KeyedForm::titled("tui.events.new_title").pick(
            Field::Contract,
            "tui.events.contract_pick",
            Pick::new(event_contracts),
            "",
        );
        let mut form = Self::event_fields(form, None, cx.tz);
        if !self.choices().supporters.is_empty() {
            form = form.field(Field::Support, self.support_field(cx, ""));
        }
        section::form(Job::New, form)
    }

    fn add(form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        // A contract picked, or a number typed: the service says why one
        // that is not in the list cannot take an event.
        let contract_id = form
            .value(Field::Contract)
            .trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| invalid("tui.events.choose_contract"))?;
        let support = Some(form.value(Field::Support)).filter(|s| !s.is_empty());
        let new = NewEvent {
            contract_id,
            name: form.value(Field::Name),
            starts_at: cx
                .service
                .event_instant("start", &form.value(Field::Start))?,
            ends_at: cx.service.event_instant("end", &form.value(Field::End))?,
            location: form.value(Field::Location),
            attendees: attendees(&form.value(Field::Attendees))?,
            notes: form.value(Field::Notes),
            support,
        };
        let id = cx.service.add_event(cx.actor, &new)?;
        Ok(Msg::new("tui.events.created")
            .arg("id", id)
            .arg("name", new.name.trim()))
    }

    fn edit(was: &Event, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        let tz = cx.tz;
        let instant = |cx: &mut Cx, field, key, t| match form.changed(key, &local(t, tz)) {
            Some(text) => cx.service.event_instant(field, &text).map(Some),
            None => Ok(None),
        };
        let edit = EventEdit {
            name: form.changed(Field::Name, &was.name),
            starts_at: instant(cx, "start", Field::Start, was.starts_at)?,
            ends_at: instant(cx, "end", Field::End, was.ends_at)?,
            location: form.changed(Field::Location, &was.location),
            attendees: match form.changed(Field::Attendees, &was.attendees.to_string()) {
                Some(text) => Some(attendees(&text)?),
                None => None,
            },
            notes: form.changed(Field::Notes, &was.notes),
        };
        cx.service.edit_event(cx.actor, was.id, &edit)?;
        let name = edit.name.as_deref().unwrap_or(&was.name);
        Ok(Msg::new("tui.events.saved")
            .arg("id", was.id)
            .arg("name", name.trim()))
    }

    fn assign(was: &Event, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        let login = form.value(Field::Support);
        let login = Some(login.as_str()).filter(|l| !l.is_empty());
        cx.service.assign_event(cx.actor, was.id, login)?;
        Ok(match login {
            Some(login) => Msg::new("tui.events.assigned")
                .arg("id", was.id)
                .arg("login", login),
            None => Msg::new("tui.events.unassigned").arg("id", was.id),
        })
    }
}

impl ListSection for Events {
    type Row = EventRow;
    type Cursor = (i64, i64);
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.tab.events";

    const CURSOR: fn(&EventRow) -> (i64, i64) = |row| (row.event.starts_at, row.event.id);

    /// Each row with the actor's rights on it, so that keys follow them.
    const FETCH: Fetcher<Self> = |service, actor, _scope, typed, after, limit| {
        let filter = parse_filter(service, typed)?;
        let page = service.events_matching(actor, &filter, after.copied(), limit)?;
        let rights = service.event_rights_of(actor, &page)?;
        Ok(page
            .into_iter()
            .zip(rights)
            .map(|(event, rights)| EventRow { event, rights })
            .collect())
    };

    const LAYER: Layer = Layer::Events;

    const LIST_TITLE: &'static str = "tui.events.title";

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.events.start_short", Constraint::Length(16)),
        Column::new("tui.events.name", Constraint::Fill(2)),
        Column::new("tui.events.client", Constraint::Fill(2)),
        Column::wide("tui.events.location", Constraint::Fill(2)),
        Column::wide("tui.events.attendees_short", Constraint::Length(7)),
        Column::new("tui.events.support", Constraint::Length(12)),
    ];

    fn row(&self, r: &EventRow, view: &View, wide: bool) -> Row<'static> {
        let e = &r.event;
        let support = match &e.support_login {
            Some(login) => clean(login).into_owned(),
            None => view.t("tui.events.no_support").to_string(),
        };
        let mut cells = vec![
            local(e.starts_at, view.tz),
            clean(&e.name).into_owned(),
            e.client_name
                .as_deref()
                .map(clean)
                .unwrap_or_default()
                .into_owned(),
        ];
        if wide {
            cells.push(clean(&e.location).into_owned());
            cells.push(e.attendees.to_string());
        }
        cells.push(support);
        Row::new(cells)
    }

    fn prepare(&mut self, cx: &mut Cx) {
        let reader = self
            .choices_read
            .get_or_insert_with(|| Reader::new(read_choices));
        if let Some(((), Ok(choices))) = reader.ask((), cx) {
            self.choices = Some(choices);
        }
    }

    fn collect(&mut self, _cx: &mut Cx) {
        if let Some(((), Ok(choices))) = self.choices_read.as_mut().and_then(Reader::take) {
            self.choices = Some(choices);
        }
    }

    fn waiting(&self) -> bool {
        self.choices_read.as_ref().is_some_and(Reader::waiting)
    }

    fn refused(&self, action: Action, row: Option<&EventRow>) -> Option<Msg> {
        let rights = row.map_or(NO_RIGHTS, |r| r.rights);
        let (allowed, key) = match action {
            Action::New => match &self.choices {
                None => return Some(Msg::new("tui.list.loading")),
                Some(c) => (c.create, "may.new_event"),
            },
            Action::Edit => (rights.edit, "may.edit_event"),
            // Its choice of people comes with the form's other choices.
            Action::Assign if rights.assign && self.choices.is_none() => {
                return Some(Msg::new("tui.list.loading"))
            }
            Action::Assign => (rights.assign, "may.assign_event"),
            Action::Delete => (rights.remove, "may.remove_event"),
            _ => return None,
        };
        (!allowed).then(|| Msg::new(key))
    }

    fn on_action(&mut self, action: Action, row: Option<&EventRow>, cx: &mut Cx) -> Hook<Self> {
        let event = row.map(|r| Box::new(r.event.clone()));
        match (action, event) {
            (Action::New, _) => self.new_form(cx),
            (Action::Edit, Some(e)) => {
                let form =
                    Self::event_fields(KeyedForm::titled("tui.events.edit_title"), Some(&e), cx.tz);
                section::form(Job::Edit(e), form)
            }
            (Action::Assign, Some(e)) => {
                let current = e.support_login.clone().unwrap_or_default();
                let form = KeyedForm::titled("tui.events.assign_title")
                    .field(Field::Support, self.support_field(cx, &current));
                section::form(Job::Assign(e), form)
            }
            (Action::Delete, Some(e)) => {
                let msg = Msg::new("tui.events.remove_ask")
                    .arg("id", e.id)
                    .arg("name", &e.name);
                section::ask(Job::Remove(e), &msg, cx)
            }
            (Action::Edit | Action::Assign | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn confirmed(&mut self, job: Job, cx: &mut Cx) -> Outcome {
        let Job::Remove(e) = job else {
            return Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            )));
        };
        cx.service.remove_event(cx.actor, e.id)?;
        Ok(Msg::new("tui.events.removed").arg("id", e.id))
    }

    /// Dates, their order and the attendees, as typed: only fields with
    /// text are judged, so that a new form does not start in error.
    fn check(&self, job: &Job, form: &KeyedForm<Field>, cx: &Cx) -> Option<Msg> {
        if matches!(job, Job::Assign(_) | Job::Remove(_)) {
            return None;
        }
        let instant = |field, key| {
            let text = form.value(key);
            let typed = !text.trim().is_empty();
            typed.then(|| crm::local_instant(field, &text, cx.tz))
        };
        let start = match instant("start", Field::Start) {
            Some(Err(problem)) => return Some(problem),
            other => other.and_then(Result::ok),
        };
        let end = match instant("end", Field::End) {
            Some(Err(problem)) => return Some(problem),
            other => other.and_then(Result::ok),
        };
        if let (Some(start), Some(end)) = (start, end) {
            if let Err(problem) = crm::check_event_times(start, end) {
                return Some(problem);
            }
        }
        attendees(&form.value(Field::Attendees))
            .and_then(|n| crm::check_attendees(n).map_err(service::Error::Invalid))
            .err()
            .map(|e| e.message())
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        match job {
            Job::New => Self::add(form, cx),
            Job::Edit(was) => Self::edit(was, form, cx),
            Job::Assign(was) => Self::assign(was, form, cx),
            Job::Remove(_) => Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            ))),
        }
    }
}
