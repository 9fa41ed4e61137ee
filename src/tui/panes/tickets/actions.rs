//! What can be done to a ticket from the list or the detail: take it in
//! hand, move its status, assign, comment, log time, attach, rate, ask for
//! closure. Each builds a form, and each form calls one service.

use super::path_complete;
use crate::domain::draft::{Draft, DraftTarget};
use crate::domain::ticket::{Priority, Status};
use crate::domain::{Capability, Msg};
use crate::service::ticket_work::TicketEdit;
use crate::service::tickets::TicketView;
use crate::tui::pane::{Cx, Notice, View};
use crate::tui::widgets::form::{Field, FieldKind, Form, FormEvent};
use crate::tui::widgets::labels;
use crate::tui::widgets::{centered, clean};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Status(Status),
    Assign,
    Comment,
    LogTime,
    Attach,
    Rate,
    Closure,
    /// The requester's (or staff's) own words: title, description, priority.
    Edit,
}

impl Kind {
    /// How a draft names the form (`comment`, `status:resolved`…).
    pub fn key(self) -> String {
        match self {
            Kind::Status(to) => format!("status:{}", to.key()),
            Kind::Assign => "assign".into(),
            Kind::Comment => "comment".into(),
            Kind::LogTime => "log_time".into(),
            Kind::Attach => "attach".into(),
            Kind::Rate => "rate".into(),
            Kind::Closure => "closure".into(),
            Kind::Edit => "edit".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        if let Some(to) = key.strip_prefix("status:") {
            return Status::parse(to).map(Kind::Status);
        }
        Some(match key {
            "assign" => Kind::Assign,
            "comment" => Kind::Comment,
            "log_time" => Kind::LogTime,
            "attach" => Kind::Attach,
            "rate" => Kind::Rate,
            "closure" => Kind::Closure,
            "edit" => Kind::Edit,
            _ => return None,
        })
    }
}

/// A form about one ticket.
pub struct ActionForm {
    pub kind: Kind,
    pub ticket: i64,
    pub form: Form,
    /// File names matching the attach path, after a Tab that found several.
    pub candidates: Vec<String>,
}

/// What a key did to a form.
pub enum Outcome {
    Editing,
    Cancelled,
    Done(Msg),
}

impl ActionForm {
    fn new(kind: Kind, ticket: i64, form: Form) -> ActionForm {
        ActionForm {
            kind,
            ticket,
            form,
            candidates: Vec::new(),
        }
    }

    /// A form of `kind` about `ticket`, titled `title`.
    fn titled(kind: Kind, ticket: i64, title: &'static str, fields: Vec<Field>) -> ActionForm {
        ActionForm::new(kind, ticket, Form::new(title, fields))
    }

    /// The form of this kind about `view`'s ticket, as its action opens it.
    pub fn open(kind: Kind, view: &TicketView, cx: &mut Cx) -> ActionForm {
        let id = view.ticket.id;
        match kind {
            Kind::Status(to) => ActionForm::status(id, to),
            Kind::Assign => ActionForm::assign(view, cx),
            Kind::Comment => ActionForm::comment(id, cx),
            Kind::LogTime => ActionForm::log_time(id),
            Kind::Attach => ActionForm::attach(id),
            Kind::Rate => ActionForm::rate(id),
            Kind::Closure => ActionForm::closure(id),
            Kind::Edit => ActionForm::edit(view, cx),
        }
    }

    /// The typed text, if any, as a draft about this ticket.
    pub fn draft(&self) -> Option<Draft> {
        let mut draft = self.form.draft()?;
        draft.target = DraftTarget::Ticket {
            id: self.ticket,
            action: self.kind.key(),
        };
        Some(draft)
    }

    pub fn status(ticket: i64, to: Status) -> ActionForm {
        let field = Field::new("tui.tickets.form.status_comment", FieldKind::Line);
        ActionForm::new(
            Kind::Status(to),
            ticket,
            Form::new(status_title(to), vec![field]),
        )
    }

    /// The handling role's members with their loads, or a login typed.
    pub fn assign(view: &TicketView, cx: &mut Cx) -> ActionForm {
        let t = &view.ticket;
        let members = cx
            .service
            .handling_roles(cx.actor)
            .ok()
            .and_then(|roles| roles.into_iter().find(|r| r.role.key == t.handling_role))
            .map(|r| r.members)
            .unwrap_or_default();
        let mut options = vec![(
            String::new(),
            cx.i18n.text("tui.tickets.least_loaded").to_string(),
        )];
        options.extend(members.iter().map(|m| {
            let load = cx.i18n.with(
                "tui.tickets.load",
                &[("count", &m.open_tickets.to_string())],
            );
            (
                m.login.clone(),
                format!("{} — {} ({load})", m.login, m.full_name),
            )
        }));
        let fields = vec![
            Field::new("tui.tickets.form.member", FieldKind::Choice(options)),
            Field::new("tui.tickets.form.login", FieldKind::Line),
        ];
        ActionForm::titled(Kind::Assign, t.id, "tui.tickets.form.assign_title", fields)
    }

    /// Internal comments are offered only to those who may write them.
    pub fn comment(ticket: i64, cx: &mut Cx) -> ActionForm {
        let mut fields = vec![Field::new("tui.tickets.form.text", FieldKind::Multi)];
        let internal = matches!(
            cx.service.may(cx.actor, Capability::TicketCommentInternal),
            Ok(Some(_))
        );
        if internal {
            let options = vec![
                (
                    "public".to_string(),
                    cx.i18n.text("tui.tickets.public").to_string(),
                ),
                (
                    "internal".to_string(),
                    cx.i18n.text("tui.tickets.internal").to_string(),
                ),
            ];
            fields.push(Field::new(
                "tui.tickets.form.visibility",
                FieldKind::Choice(options),
            ));
        }
        ActionForm::titled(
            Kind::Comment,
            ticket,
            "tui.tickets.form.comment_title",
            fields,
        )
    }

    pub fn log_time(ticket: i64) -> ActionForm {
        let fields = vec![
            Field::new("tui.tickets.form.minutes", FieldKind::Line),
            Field::new("tui.tickets.form.date", FieldKind::Line),
            Field::new("tui.tickets.form.note", FieldKind::Line),
        ];
        ActionForm::titled(Kind::LogTime, ticket, "tui.tickets.form.time_title", fields)
    }

    pub fn attach(ticket: i64) -> ActionForm {
        let fields = vec![Field::new("tui.tickets.form.path", FieldKind::Line)];
        ActionForm::titled(
            Kind::Attach,
            ticket,
            "tui.tickets.form.attach_title",
            fields,
        )
    }

    pub fn rate(ticket: i64) -> ActionForm {
        let options = (1..=5)
            .map(|n| (n.to_string(), format!("{} {n}/5", "★".repeat(n))))
            .collect();
        let mut score = Field::new("tui.tickets.form.score", FieldKind::Choice(options));
        score.choice = 4;
        let fields = vec![
            score,
            Field::new("tui.tickets.form.rating_comment", FieldKind::Line),
        ];
        ActionForm::titled(Kind::Rate, ticket, "tui.tickets.form.rate_title", fields)
    }

    /// The ticket's fields as they are, to change.
    pub fn edit(view: &TicketView, cx: &mut Cx) -> ActionForm {
        let t = &view.ticket;
        let options = Priority::EVERY
            .iter()
            .map(|p| (p.key().to_string(), labels::priority(cx.i18n, *p)))
            .collect();
        let mut priority = Field::new("tui.tickets.form.priority", FieldKind::Choice(options));
        priority.choice = Priority::EVERY
            .iter()
            .position(|p| *p == t.priority)
            .unwrap_or(0);
        let fields = vec![
            Field::new("tui.tickets.form.title", FieldKind::Line).with_text(&t.title),
            Field::new("tui.tickets.form.description", FieldKind::Multi).with_text(&t.description),
            priority,
        ];
        ActionForm::titled(Kind::Edit, t.id, "may.edit_title", fields)
    }

    pub fn closure(ticket: i64) -> ActionForm {
        let fields = vec![Field::new(
            "tui.tickets.form.closure_reason",
            FieldKind::Line,
        )];
        ActionForm::titled(
            Kind::Closure,
            ticket,
            "tui.tickets.form.closure_title",
            fields,
        )
    }

    pub fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> Outcome {
        // In the path field, Tab completes instead of moving on.
        if self.kind == Kind::Attach && key.code == KeyCode::Tab {
            let allowed = cx.service.import_dirs();
            self.complete_path(&allowed);
            return Outcome::Editing;
        }
        match self.form.on_key(key, cx.keys) {
            FormEvent::Editing => Outcome::Editing,
            FormEvent::Cancel => Outcome::Cancelled,
            FormEvent::Submit => match self.submit(cx) {
                Ok(msg) => Outcome::Done(msg),
                Err(text) => {
                    // In the form, with the text kept; and in the status
                    // line, where every refusal is read.
                    cx.notice = Some(Notice::Error(text.clone()));
                    self.form.fail(text);
                    Outcome::Editing
                }
            },
        }
    }

    /// Offers only what may be attached: inside the import folders.
    fn complete_path(&mut self, allowed: &[std::path::PathBuf]) {
        let done = path_complete::complete(&self.form.value(0), allowed);
        if let Some(field) = self.form.fields.first_mut() {
            let label = field.label;
            *field = Field::new(label, FieldKind::Line).with_text(&done.text);
        }
        self.candidates = done.candidates;
    }

    /// Calls the service; a refusal comes back as text for the form.
    fn submit(&self, cx: &mut Cx) -> Result<Msg, String> {
        let (id, actor) = (self.ticket, cx.actor);
        let value = |i: usize| self.form.value(i).trim().to_string();
        let some = |text: String| (!text.is_empty()).then_some(text);
        let status = match self.kind {
            Kind::Status(to) => labels::status(cx.i18n, to),
            _ => String::new(),
        };
        let service = &mut *cx.service;
        let result = match self.kind {
            Kind::Status(to) => service
                .change_status(actor, id, to, some(value(0)).as_deref())
                .map(|()| {
                    Msg::new("tui.tickets.done.status")
                        .arg("id", id)
                        .arg("status", &status)
                }),
            Kind::Assign => {
                let login = some(value(1)).or_else(|| some(value(0)));
                service
                    .assign(actor, id, login.as_deref(), None)
                    .map(|login| match login {
                        Some(l) => Msg::new("tui.tickets.done.assigned")
                            .arg("id", id)
                            .arg("login", l),
                        None => Msg::new("tui.tickets.done.unassigned").arg("id", id),
                    })
            }
            Kind::Comment => {
                let internal = self.form.value(1) == "internal";
                service
                    .comment(actor, id, &self.form.value(0), internal)
                    .map(|_| Msg::new("tui.tickets.done.commented").arg("id", id))
            }
            Kind::LogTime => {
                let Ok(minutes) = value(0).parse::<i64>() else {
                    return Err(cx.i18n.text("tui.tickets.bad_minutes").to_string());
                };
                service
                    .log_time(
                        actor,
                        id,
                        minutes,
                        some(value(1)).as_deref(),
                        some(value(2)).as_deref(),
                    )
                    .map(|_| {
                        Msg::new("tui.tickets.done.time")
                            .arg("id", id)
                            .arg("minutes", minutes)
                    })
            }
            Kind::Attach => {
                let path = path_complete::expand_home(&value(0));
                service
                    .attach_file(actor, id, &path)
                    .map(|_| Msg::new("tui.tickets.done.attached").arg("id", id))
            }
            Kind::Rate => {
                let score = value(0).parse::<i64>().unwrap_or(0);
                service
                    .rate(actor, id, score, some(value(1)).as_deref())
                    .map(|()| {
                        Msg::new("tui.tickets.done.rated")
                            .arg("id", id)
                            .arg("score", score)
                    })
            }
            Kind::Closure => service
                .request_closure(actor, id, &self.form.value(0))
                .map(|()| Msg::new("tui.tickets.done.closure").arg("id", id)),
            Kind::Edit => {
                let priority = Priority::parse(&self.form.value(2));
                let edit = TicketEdit {
                    title: Some(&self.form.value(0)),
                    description: Some(&self.form.value(1)),
                    priority,
                    category: None,
                };
                service
                    .edit_ticket(actor, id, &edit)
                    .map(|()| Msg::new("may.edited").arg("id", id))
            }
        };
        result.map_err(|e| cx.i18n.render(&e.message()))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.form.draw(frame, area, view);
        if self.candidates.is_empty() {
            return;
        }
        let height = (self.candidates.len() as u16 + 2)
            .min(area.height / 3)
            .max(3);
        let [_, bottom] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(area);
        let text = self
            .candidates
            .iter()
            .map(|c| clean(c).into_owned())
            .collect::<Vec<_>>()
            .join("  ");
        let block = crate::tui::widgets::boxed(view, view.t("tui.tickets.candidates"), false);
        frame.render_widget(Clear, bottom);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block)
                .style(view.theme.base),
            bottom,
        );
    }
}

fn status_title(to: Status) -> &'static str {
    match to {
        Status::Waiting => "tui.tickets.to.waiting",
        Status::InProgress => "tui.tickets.to.in_progress",
        Status::OnHold => "tui.tickets.to.on_hold",
        Status::Resolved => "tui.tickets.to.resolved",
        Status::Closed => "tui.tickets.to.closed",
        Status::Cancelled => "tui.tickets.to.cancelled",
    }
}

/// The statuses the ticket may move to now, to choose one.
pub struct StatusPicker {
    pub ticket: i64,
    pub choices: Vec<Status>,
    pub index: usize,
}

impl StatusPicker {
    pub fn move_by(&mut self, delta: isize) {
        let last = self.choices.len().saturating_sub(1);
        self.index = self.index.saturating_add_signed(delta).min(last);
    }

    pub fn chosen(&self) -> Option<Status> {
        self.choices.get(self.index).copied()
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let height = self.choices.len() as u16 + 2;
        let popup = centered(area, 52.min(area.width), height);
        frame.render_widget(Clear, popup);
        let title = view.i18n.with(
            "tui.tickets.picker_title",
            &[("id", &self.ticket.to_string())],
        );
        let block = crate::tui::widgets::boxed(view, format!(" {title} "), true).title_bottom(
            Span::styled(view.t("tui.tickets.picker_keys"), view.theme.dim),
        );
        let items: Vec<ListItem> = self
            .choices
            .iter()
            .map(|s| ListItem::new(Line::from(labels::status(view.i18n, *s))))
            .collect();
        let list = List::new(items)
            .block(block)
            .style(view.theme.base)
            .highlight_style(view.theme.selected)
            .highlight_symbol("▶ ");
        let mut state = ListState::default().with_selected(Some(self.index));
        frame.render_stateful_widget(list, popup, &mut state);
    }
}
