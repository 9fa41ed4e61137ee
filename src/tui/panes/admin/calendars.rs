//! SLA calendars with the forms of `guichet sla calendar add/edit/close/
//! reopen`: hours typed like the CLI's `--hours`, several separated by `;`.

use super::kit::{self, Listing, Modal, Step};
use crate::domain::Msg;
use crate::service;
use crate::store::sla::CalendarRow;
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::{Field, FieldKind, Form};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

enum Job {
    New,
    /// Edit this calendar; the time zone and hours it had.
    Edit(String, String, String),
    Close(String),
    Reopen(String),
}

pub struct Calendars {
    list: Listing<CalendarRow>,
    modal: Option<Modal<Job>>,
}

const ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Top,
    Action::Bottom,
    Action::New,
    Action::Edit,
    Action::Toggle,
    Action::Delete,
    Action::Refresh,
    Action::FocusNext,
    Action::FocusPrev,
];

pub fn make() -> Box<dyn Pane> {
    Box::new(Calendars {
        list: Listing::new(),
        modal: None,
    })
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

impl Calendars {
    fn load(&mut self, cx: &mut Cx) {
        if let Some(rows) = cx.attempt(cx.service.sla_calendars(cx.actor)) {
            self.list.set(rows);
        }
    }

    fn open(&mut self, action: Action, cx: &Cx) {
        let selected = self.list.selected().cloned();
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
        self.modal = match (action, selected) {
            (Action::New, _) => Some(Modal::Form(
                Job::New,
                Form::new(
                    "tui.admin.calendars.new_title",
                    vec![
                        Field::new("tui.admin.calendars.name", FieldKind::Line),
                        Field::new("tui.admin.calendars.timezone", FieldKind::Line),
                        Field::new("tui.admin.calendars.hours", FieldKind::Line),
                    ],
                ),
            )),
            (Action::Edit, Some(c)) => {
                let tz = c.timezone.clone().unwrap_or_else(|| "site".into());
                let hours = week_text(&c.hours);
                let form = Form::new(
                    "tui.admin.calendars.edit_title",
                    vec![
                        kit::line("tui.admin.calendars.timezone", &tz),
                        kit::line("tui.admin.calendars.hours", &hours),
                    ],
                );
                Some(Modal::Form(Job::Edit(c.name, tz, hours), form))
            }
            (Action::Toggle, Some(c)) => {
                let form = Form::new(
                    "tui.admin.calendars.close_title",
                    vec![
                        Field::new("tui.admin.calendars.date", FieldKind::Line),
                        kit::choice("tui.admin.calendars.repeat", yes_no(), "no"),
                    ],
                );
                Some(Modal::Form(Job::Close(c.name), form))
            }
            (Action::Delete, Some(c)) if !c.closed.is_empty() => {
                let days = c
                    .closed
                    .iter()
                    .map(|d| (format!("{}|{}", d.0, d.1), d.1.clone()))
                    .collect();
                let field = kit::choice("tui.admin.calendars.closed_day", days, "");
                let form = Form::new("tui.admin.calendars.reopen_title", vec![field]);
                Some(Modal::Form(Job::Reopen(c.name), form))
            }
            _ => None,
        };
    }

    fn go(&mut self, cx: &mut Cx) {
        let Some(Modal::Form(job, form)) = self.modal.take() else {
            return;
        };
        let outcome = save(&job, &form, cx);
        if kit::settle_form(&mut self.modal, job, form, outcome, cx) {
            self.load(cx);
        }
    }
}

fn save(job: &Job, form: &Form, cx: &mut Cx) -> service::Result<Msg> {
    let s = &mut *cx.service;
    let changed = |name: &str, n: usize| {
        Msg::new("tui.admin.calendars.changed")
            .arg("name", name)
            .arg("changed", n)
    };
    match job {
        Job::New => {
            let (name, tz) = (form.value(0), form.value(1));
            let tz = Some(tz.trim()).filter(|t| !t.is_empty());
            let id = s.add_calendar(cx.actor, &name, tz, &hours_of(&form.value(2)))?;
            Ok(Msg::new("tui.admin.calendars.created")
                .arg("name", name.trim())
                .arg("id", id))
        }
        Job::Edit(name, tz, hours) => {
            let tz = kit::changed(form, 0, tz);
            let hours = kit::changed(form, 1, hours).map_or_else(Vec::new, |h| hours_of(&h));
            let n = s.edit_calendar(cx.actor, name, tz.as_deref(), &hours)?;
            Ok(changed(name, n))
        }
        Job::Close(name) => {
            let yearly = form.value(1) == "yes";
            let n = s.set_closed_day(cx.actor, name, form.value(0).trim(), yearly, false)?;
            Ok(changed(name, n))
        }
        Job::Reopen(name) => {
            let value = form.value(0);
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

impl Pane for Calendars {
    fn title(&self) -> &'static str {
        "tui.admin.section.calendars"
    }

    fn actions(&self) -> &'static [Action] {
        if self.modal.is_some() {
            &[]
        } else {
            ACTIONS
        }
    }

    fn hints(&self) -> &'static [Action] {
        &[Action::New, Action::Edit, Action::Toggle, Action::Delete]
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.load(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if self.list.navigate(action) {
            return true;
        }
        match action {
            Action::New | Action::Edit | Action::Toggle => self.open(action, cx),
            Action::Delete => {
                self.open(action, cx);
                if self.modal.is_none() {
                    cx.error(&Msg::new("tui.admin.calendars.none_closed"));
                }
            }
            Action::Refresh => self.load(cx),
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
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
        let keys = [
            "tui.admin.calendars.name",
            "tui.admin.calendars.timezone_short",
            "tui.admin.calendars.closed_count",
            "tui.admin.calendars.builtin",
        ];
        let widths = [
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(8),
        ];
        let title = view.t("tui.admin.calendars.title");
        let site = view.t("tui.admin.calendars.site");
        self.list.draw(
            frame,
            list,
            view,
            title,
            (kit::header(view, &keys), &widths),
            |c| {
                Row::new(vec![
                    clean(&c.name).into_owned(),
                    clean(c.timezone.as_deref().unwrap_or(site)).into_owned(),
                    c.closed.len().to_string(),
                    if c.fixed { "✓" } else { "–" }.to_string(),
                ])
            },
        );
        self.draw_detail(frame, detail, view);
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }
}

impl Calendars {
    fn draw_detail(&self, frame: &mut Frame, area: Rect, view: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(view.theme.border);
        let Some(c) = self.list.selected() else {
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
}
