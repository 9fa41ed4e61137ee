//! SLA calendars with the forms of `guichet sla calendar add/edit/close/
//! reopen`: hours typed like the CLI's `--hours`, several separated by `;`.

use crate::domain::text_filter;
use crate::domain::Msg;
use crate::service;
use crate::store::sla::CalendarRow;
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{
    self, Column, Detail, Fetcher, Hook, ListSection, Outcome, Parts, Section,
};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

pub enum Job {
    New,
    /// Edit this calendar; the time zone and hours it had.
    Edit(String, String, String),
    Close(String),
    Reopen(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Timezone,
    Hours,
    Date,
    Repeat,
    ClosedDay,
}

#[derive(Default)]
pub struct Calendars;

/// A calendar and its place in the list.
type Entry = (usize, CalendarRow);

pub fn make() -> Box<dyn Pane> {
    Section::boxed(Calendars)
}

/// Opening hours as typed: consecutive days with the same ranges share a
/// spec, e.g. `mon-fri 09:00-18:00; sat 09:00-12:00`. One spec per range:
/// `parse_hours` reads one range at a time.
pub fn week_text(hours: &[(u32, u32, u32)]) -> String {
    crate::domain::calendar::hours_by_days(hours)
        .iter()
        .flat_map(|(span, ranges)| ranges.iter().map(move |r| format!("{span} {r}")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn closed_text(day: &(bool, String), view: &View) -> String {
    if day.0 {
        format!("{} ({})", day.1, view.t("tui.admin.calendars.yearly"))
    } else {
        day.1.clone()
    }
}

fn hours_of(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl ListSection for Calendars {
    type Row = Entry;
    type Cursor = usize;
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.admin.section.calendars";

    const CURSOR: fn(&Entry) -> usize = |row| row.0;

    // A site has a handful of calendars: read whole, filtered by name here.
    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| {
        let mut all = service.sla_calendars(actor)?;
        all.retain(|c| text_filter::matches(filter, [c.name.as_str()]));
        Ok(section::slice_page(all, after, limit))
    };

    const LAYER: Layer = Layer::Calendars;

    const LIST_TITLE: &'static str = "tui.admin.calendars.title";

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.admin.calendars.name", Constraint::Fill(2)),
        Column::new("tui.admin.calendars.timezone_short", Constraint::Fill(1)),
        Column::new("tui.admin.calendars.closed_count", Constraint::Length(8)),
        Column::new("tui.admin.calendars.builtin", Constraint::Length(8)),
    ];

    fn row(&self, (_, c): &Entry, view: &View, _wide: bool) -> Row<'static> {
        let site = view.t("tui.admin.calendars.site");
        Row::new(vec![
            clean(&c.name).into_owned(),
            clean(c.timezone.as_deref().unwrap_or(site)).into_owned(),
            c.closed.len().to_string(),
            if c.fixed { "✓" } else { "–" }.to_string(),
        ])
    }

    fn layout(&self, area: Rect) -> Parts {
        Parts::over(area, 7)
    }

    fn draw_detail(&self, frame: &mut Frame, at: Detail<'_, Entry>) {
        draw_detail(frame, at.area, at.view, at.row);
    }

    fn on_action(&mut self, action: Action, row: Option<&Entry>, cx: &mut Cx) -> Hook<Self> {
        let yes_no = || {
            vec![
                (
                    "no".to_string(),
                    cx.i18n.text("tui.admin.calendars.once").to_string(),
                ),
                (
                    "yes".to_string(),
                    cx.i18n.text("tui.admin.calendars.yearly").to_string(),
                ),
            ]
        };
        let c = row.map(|(_, c)| c);
        match (action, c) {
            (Action::New, _) => section::form(
                Job::New,
                KeyedForm::titled("tui.admin.calendars.new_title")
                    .line(Field::Name, "tui.admin.calendars.name", "")
                    .line(Field::Timezone, "tui.admin.calendars.timezone", "")
                    .line(Field::Hours, "tui.admin.calendars.hours", ""),
            ),
            (Action::Edit, Some(c)) => {
                let tz = c.timezone.clone().unwrap_or_else(|| "site".into());
                let hours = week_text(&c.hours);
                let form = KeyedForm::titled("tui.admin.calendars.edit_title")
                    .line(Field::Timezone, "tui.admin.calendars.timezone", &tz)
                    .line(Field::Hours, "tui.admin.calendars.hours", &hours);
                section::form(Job::Edit(c.name.clone(), tz, hours), form)
            }
            (Action::Toggle, Some(c)) => {
                let form = KeyedForm::titled("tui.admin.calendars.close_title")
                    .line(Field::Date, "tui.admin.calendars.date", "")
                    .choice(Field::Repeat, "tui.admin.calendars.repeat", yes_no(), "no");
                section::form(Job::Close(c.name.clone()), form)
            }
            (Action::Delete, Some(c)) if !c.closed.is_empty() => {
                let days = c
                    .closed
                    .iter()
                    .map(|d| (format!("{}|{}", d.0, d.1), d.1.clone()))
                    .collect();
                let field = keyed::choice("tui.admin.calendars.closed_day", days, "");
                let form = KeyedForm::titled("tui.admin.calendars.reopen_title")
                    .field(Field::ClosedDay, field);
                section::form(Job::Reopen(c.name.clone()), form)
            }
            (Action::Delete, _) => {
                cx.error(&Msg::new("tui.admin.calendars.none_closed"));
                Hook::Done
            }
            (Action::Edit | Action::Toggle, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        save(job, form, cx)
    }
}

fn save(job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
    let s = &mut *cx.service;
    let changed = |name: &str, n: usize| {
        Msg::new("tui.admin.calendars.changed")
            .arg("name", name)
            .arg("changed", n)
    };
    match job {
        Job::New => {
            let (name, tz) = (form.value(Field::Name), form.value(Field::Timezone));
            let tz = Some(tz.trim()).filter(|t| !t.is_empty());
            let id = s.add_calendar(cx.actor, &name, tz, &hours_of(&form.value(Field::Hours)))?;
            Ok(Msg::new("tui.admin.calendars.created")
                .arg("name", name.trim())
                .arg("id", id))
        }
        Job::Edit(name, tz, hours) => {
            let tz = form.changed(Field::Timezone, tz);
            let hours = form
                .changed(Field::Hours, hours)
                .map_or_else(Vec::new, |h| hours_of(&h));
            let n = s.edit_calendar(cx.actor, name, tz.as_deref(), &hours)?;
            Ok(changed(name, n))
        }
        Job::Close(name) => {
            let yearly = form.value(Field::Repeat) == "yes";
            let n = s.set_closed_day(
                cx.actor,
                name,
                form.value(Field::Date).trim(),
                yearly,
                false,
            )?;
            Ok(changed(name, n))
        }
        Job::Reopen(name) => {
            let value = form.value(Field::ClosedDay);
            let (yearly, day) = value.split_once('|').unwrap_or(("false", &value));
            // A yearly closure is stored as MM-DD: any year names it.
            let date = if yearly == "true" {
                format!("2000-{day}")
            } else {
                day.to_string()
            };
            let n = s.set_closed_day(cx.actor, name, &date, yearly == "true", true)?;
            Ok(changed(name, n))
        }
    }
}

/// The selected calendar's hours and closed days, under the list.
fn draw_detail(frame: &mut Frame, area: Rect, view: &View, row: Option<&Entry>) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(view.theme.border);
    let Some((_, c)) = row else {
        frame.render_widget(block, area);
        return;
    };
    let closed: Vec<String> = c.closed.iter().map(|d| closed_text(d, view)).collect();
    let label = |key: &str| Span::styled(format!("{}: ", view.t(key)), view.theme.dim);
    let lines = vec![
        Line::from(vec![
            label("tui.admin.calendars.hours_short"),
            Span::raw(week_text(&c.hours)),
        ]),
        Line::from(vec![
            label("tui.admin.calendars.closed_days"),
            Span::raw(clean(&closed.join(", ")).into_owned()),
        ]),
    ];
    let block = block.title(Span::styled(
        format!(" {} ", clean(&c.name)),
        view.theme.title,
    ));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
