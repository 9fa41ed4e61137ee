//! SLA policies in the order they are tried, with the forms of
//! `guichet sla policy add/edit/remove`. Conditions are typed on one line,
//! `role=technician; priority=high; category=Network; company=ACME`, and
//! targets like the CLI's: `4h` for every priority, `high=2h low=none`.

use crate::domain::sla::format_duration;
use crate::domain::text_filter;
use crate::domain::ticket::Priority;
use crate::domain::Msg;
use crate::service::sla_admin::PolicyInput;
use crate::service::{self, Actor, Service};
use crate::store::sla::PolicyRow;
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{
    self, Column, Detail, Fetcher, Hook, ListSection, Outcome, Parts, Section,
};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Row;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::HashMap;

/// The conditions a policy may have, as typed.
const CONDITIONS: [&str; 4] = ["role", "priority", "category", "company"];

pub enum Job {
    New,
    /// Edit the policy as it was when the form opened.
    Edit(Shown),
    Move(String),
    Remove(String),
}

/// A policy with the names behind its ids, as the list and forms show it.
#[derive(Clone)]
pub struct Shown {
    name: String,
    position: i64,
    is_default: bool,
    conditions: String,
    /// The category's name, if the rule is for one (the filter reads it).
    category: String,
    calendar: String,
    first_response: String,
    resolution: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Conditions,
    FirstResponse,
    Resolution,
    Calendar,
    Position,
}

/// A policy and its place in the order.
type Entry = (usize, Shown);

#[derive(Default)]
pub struct Policies {
    /// The calendars' names, for the forms' choice.
    calendars: Vec<String>,
    /// Where those are read, off the UI thread (made at the first refresh).
    calendars_read: Option<Reader<(), Vec<String>>>,
}

pub fn make() -> Box<dyn Pane> {
    Section::boxed(Policies::default())
}

/// `4h` when every priority has the same target, else `critical=1h high=2h …`.
fn targets_text(slots: &[Option<i64>; 4]) -> String {
    let text = |s: Option<i64>| s.map_or_else(|| "none".to_string(), format_duration);
    if slots.iter().all(|s| *s == slots[0]) {
        return text(slots[0]);
    }
    Priority::EVERY
        .iter()
        .rev()
        .map(|p| format!("{}={}", p.key(), text(slots[p.rank() as usize])))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The targets in a narrow column: critical/high/normal/low.
fn targets_compact(text: &str) -> String {
    if !text.contains('=') {
        return text.to_string();
    }
    text.split_whitespace()
        .filter_map(|spec| spec.split_once('=').map(|(_, v)| v))
        .collect::<Vec<_>>()
        .join("/")
}

/// Conditions as `key=value` pairs; keys it does not know are refused.
fn parse_conditions(text: &str) -> service::Result<HashMap<&'static str, String>> {
    let mut out = HashMap::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let known = part.split_once('=').and_then(|(k, v)| {
            let key = CONDITIONS
                .iter()
                .find(|c| c.eq_ignore_ascii_case(k.trim()))?;
            Some((*key, v.trim().to_string()))
        });
        let Some((key, value)) = known else {
            return Err(service::Error::Invalid(
                Msg::new("tui.admin.policies.bad_condition").arg("value", part),
            ));
        };
        out.insert(key, value);
    }
    Ok(out)
}

fn specs(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The policies with the names behind their ids, in the order tried.
fn read_shown(service: &Service, actor: &Actor) -> service::Result<Vec<Shown>> {
    let policies = service.sla_policies(actor)?;
    let calendars = service.sla_calendars(actor).unwrap_or_default();
    let categories = service.list_categories(actor, "", 100).unwrap_or_default();
    let companies = service.list_companies(actor, "", 100).unwrap_or_default();
    let name_of = |id: i64, names: &[(i64, String)]| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map_or_else(|| format!("#{id}"), |(_, n)| n.clone())
    };
    let categories: Vec<(i64, String)> = categories.into_iter().map(|c| (c.id, c.name)).collect();
    let companies: Vec<(i64, String)> = companies.into_iter().map(|c| (c.id, c.name)).collect();
    let calendar_names: Vec<(i64, String)> =
        calendars.iter().map(|c| (c.id, c.name.clone())).collect();
    Ok(policies
        .iter()
        .map(|p: &PolicyRow| {
            let mut conditions = Vec::new();
            if let Some(role) = &p.rule.role {
                conditions.push(format!("role={role}"));
            }
            if let Some(priority) = p.rule.priority {
                conditions.push(format!("priority={}", priority.key()));
            }
            let category = p.rule.category_id.map(|id| name_of(id, &categories));
            if let Some(name) = &category {
                conditions.push(format!("category={name}"));
            }
            if let Some(id) = p.rule.company_id {
                conditions.push(format!("company={}", name_of(id, &companies)));
            }
            Shown {
                name: p.name.clone(),
                position: p.position,
                is_default: p.is_default,
                conditions: conditions.join("; "),
                category: category.unwrap_or_default(),
                calendar: name_of(p.calendar_id, &calendar_names),
                first_response: targets_text(&p.targets.first_response),
                resolution: targets_text(&p.targets.resolution),
            }
        })
        .collect())
}

impl Policies {
    fn form(&self, title: &'static str, p: Option<&Shown>) -> KeyedForm<Field> {
        let calendars = self
            .calendars
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect();
        let text = |f: fn(&Shown) -> &str| p.map_or("", f);
        KeyedForm::titled(title)
            .line(Field::Name, "tui.admin.policies.name", text(|p| &p.name))
            .line(
                Field::Conditions,
                "tui.admin.policies.conditions",
                text(|p| &p.conditions),
            )
            .line(
                Field::FirstResponse,
                "tui.admin.policies.first_response",
                text(|p| &p.first_response),
            )
            .line(
                Field::Resolution,
                "tui.admin.policies.resolution",
                text(|p| &p.resolution),
            )
            .choice(
                Field::Calendar,
                "tui.admin.policies.calendar",
                calendars,
                text(|p| &p.calendar),
            )
    }
}

fn changed_msg(key: &'static str, name: &str, changed: usize) -> Msg {
    Msg::new(key).arg("name", name).arg("changed", changed)
}

fn save(job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
    match job {
        Job::New => {
            let (name, calendar) = (form.value(Field::Name), form.value(Field::Calendar));
            let conditions = parse_conditions(&form.value(Field::Conditions))?;
            let (first, resolution) = (
                specs(&form.value(Field::FirstResponse)),
                specs(&form.value(Field::Resolution)),
            );
            let input = PolicyInput {
                name: Some(&name),
                role: conditions.get("role").map(String::as_str),
                priority: conditions.get("priority").map(String::as_str),
                category: conditions.get("category").map(String::as_str),
                company: conditions.get("company").map(String::as_str),
                first_response: &first,
                resolution: &resolution,
                calendar: Some(&calendar),
                position: None,
            };
            let changed = cx.service.add_policy(cx.actor, &input)?;
            Ok(changed_msg(
                "tui.admin.policies.created",
                name.trim(),
                changed,
            ))
        }
        Job::Edit(was) => edit(was, form, cx),
        Job::Move(name) => {
            let text = form.value(Field::Position);
            let position = text.trim().parse::<i64>().map_err(|_| {
                service::Error::Invalid(
                    Msg::new("tui.admin.policies.bad_position").arg("value", text.trim()),
                )
            })?;
            let input = PolicyInput {
                position: Some(position),
                ..PolicyInput::default()
            };
            let changed = cx.service.edit_policy(cx.actor, name, &input)?;
            Ok(changed_msg("tui.admin.policies.changed", name, changed))
        }
        Job::Remove(_) => Err(service::Error::Conflict(Msg::new(
            "error.nothing_to_change",
        ))),
    }
}

/// Sends only what the form changed, as `sla policy edit` would.
fn edit(was: &Shown, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
    let before = parse_conditions(&was.conditions)?;
    let after = parse_conditions(&form.value(Field::Conditions))?;
    let condition = |key: &str| -> Option<String> {
        let (old, new) = (before.get(key), after.get(key));
        (old != new).then(|| new.cloned().unwrap_or_else(|| "any".into()))
    };
    let [role, priority, category, company] = CONDITIONS.map(condition);
    let name = form.changed(Field::Name, &was.name);
    let first = form
        .changed(Field::FirstResponse, &was.first_response)
        .map(|t| specs(&t));
    let resolution = form
        .changed(Field::Resolution, &was.resolution)
        .map(|t| specs(&t));
    let calendar = form.changed(Field::Calendar, &was.calendar);
    let input = PolicyInput {
        name: name.as_deref(),
        role: role.as_deref(),
        priority: priority.as_deref(),
        category: category.as_deref(),
        company: company.as_deref(),
        first_response: first.as_deref().unwrap_or_default(),
        resolution: resolution.as_deref().unwrap_or_default(),
        calendar: calendar.as_deref(),
        position: None,
    };
    let changed = cx.service.edit_policy(cx.actor, &was.name, &input)?;
    let shown = name.as_deref().unwrap_or(&was.name).trim().to_string();
    Ok(changed_msg("tui.admin.policies.changed", &shown, changed))
}

impl ListSection for Policies {
    type Row = Entry;
    type Cursor = usize;
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.admin.section.policies";

    const CURSOR: fn(&Entry) -> usize = |row| row.0;

    // A site has a handful of rules: read whole, filtered here by name
    // and by the category they are for.
    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| {
        let mut all = read_shown(service, actor)?;
        all.retain(|p| text_filter::matches(filter, [p.name.as_str(), p.category.as_str()]));
        Ok(section::slice_page(all, after, limit))
    };

    const LAYER: Layer = Layer::Policies;

    fn prepare(&mut self, cx: &mut Cx) {
        let reader = self
            .calendars_read
            .get_or_insert_with(|| Reader::new(read_calendars));
        if let Some((_, read)) = reader.ask((), cx) {
            self.calendars = read.unwrap_or_default();
        }
    }

    fn collect(&mut self, _cx: &mut Cx) {
        if let Some((_, read)) = self.calendars_read.as_mut().and_then(Reader::take) {
            self.calendars = read.unwrap_or_default();
        }
    }

    fn waiting(&self) -> bool {
        self.calendars_read.as_ref().is_some_and(Reader::waiting)
    }

    /// A form opened before the calendars are read would offer none, and
    /// an edit saved from it would clear the rule's calendar.
    fn refused(&self, action: Action, _row: Option<&Entry>) -> Option<Msg> {
        let pending =
            self.calendars.is_empty() && self.calendars_read.as_ref().is_none_or(Reader::waiting);
        (matches!(action, Action::New | Action::Edit) && pending)
            .then(|| Msg::new("tui.form.choices_pending"))
    }

    const LIST_TITLE: &'static str = "tui.admin.policies.title";

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.admin.policies.number", Constraint::Length(3)),
        Column::new("tui.admin.policies.name", Constraint::Fill(2)),
        Column::new("tui.admin.policies.conditions_short", Constraint::Fill(2)),
        Column::new("tui.admin.policies.first_short", Constraint::Fill(1)),
        Column::new("tui.admin.policies.resolution_short", Constraint::Fill(1)),
        Column::wide("tui.admin.policies.calendar_short", Constraint::Fill(1)),
    ];

    fn row(&self, (_, p): &Entry, _view: &View, wide: bool) -> Row<'static> {
        let number = if p.is_default {
            "∞".to_string()
        } else {
            p.position.to_string()
        };
        let mut cells = vec![
            number,
            clean(&p.name).into_owned(),
            clean(&p.conditions).into_owned(),
            targets_compact(&p.first_response),
            targets_compact(&p.resolution),
        ];
        if wide {
            cells.push(clean(&p.calendar).into_owned());
        }
        Row::new(cells)
    }

    fn layout(&self, area: Rect) -> Parts {
        Parts::over(area, 6)
    }

    fn draw_detail(&self, frame: &mut Frame, at: Detail<'_, Entry>) {
        draw_detail(frame, at.area, at.view, at.row.map(|(_, p)| p));
    }

    fn on_action(&mut self, action: Action, row: Option<&Entry>, cx: &mut Cx) -> Hook<Self> {
        let p = row.map(|(_, p)| p);
        match (action, p) {
            (Action::New, _) => {
                section::form(Job::New, self.form("tui.admin.policies.new_title", None))
            }
            (Action::Edit, Some(p)) => {
                let form = self.form("tui.admin.policies.edit_title", Some(p));
                section::form(Job::Edit(p.clone()), form)
            }
            (Action::Toggle, Some(p)) => {
                let field = keyed::line("tui.admin.policies.position", &p.position.to_string());
                let form = KeyedForm::titled("tui.admin.policies.move_title")
                    .field(Field::Position, field);
                section::form(Job::Move(p.name.clone()), form)
            }
            (Action::Delete, Some(p)) => {
                let msg = Msg::new("tui.admin.policies.ask_remove").arg("name", &p.name);
                section::ask(Job::Remove(p.name.clone()), &msg, cx)
            }
            (Action::Edit | Action::Toggle | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        save(job, form, cx)
    }

    fn confirmed(&mut self, job: Job, cx: &mut Cx) -> Outcome {
        let Job::Remove(name) = job else {
            return Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            )));
        };
        let changed = cx.service.remove_policy(cx.actor, &name)?;
        Ok(changed_msg("tui.admin.policies.removed", &name, changed))
    }
}

/// The selected policy's targets in full, by priority.
fn draw_detail(frame: &mut Frame, area: Rect, view: &View, p: Option<&Shown>) {
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(view.theme.border);
    let Some(p) = p else {
        frame.render_widget(block, area);
        return;
    };
    block = block.title(Span::styled(
        format!(" {} ", clean(&p.name)),
        view.theme.title,
    ));
    let line = |key: &str, value: &str| {
        Line::from(vec![
            Span::styled(format!("{}: ", view.t(key)), view.theme.dim),
            Span::raw(clean(value).into_owned()),
        ])
    };
    let lines = vec![
        line("tui.admin.policies.calendar_short", &p.calendar),
        line("tui.admin.policies.first_short", &p.first_response),
        line("tui.admin.policies.resolution_short", &p.resolution),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

/// The calendars' names for the forms, as the background reader reads them.
fn read_calendars(service: &Service, actor: &Actor, _: &()) -> service::Result<Vec<String>> {
    let calendars = service.sla_calendars(actor)?;
    Ok(calendars.into_iter().map(|c| c.name).collect())
}
