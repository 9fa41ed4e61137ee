//! Opening a ticket, guided: choose the role that should handle it, then
//! one of its members (seeing how loaded each is) or let guichet choose the
//! least loaded, then say what it is about. Only the roles serving the
//! requester are offered; a client served by one role starts at its members.

use crate::domain::draft::{Draft, DraftTarget};
use crate::domain::roles::Audience;
use crate::domain::ticket::Priority;
use crate::service::tickets::{HandlingRole, NewTicket};
use crate::service::{self, Actor, FrontEnd, Origin, Service};
use crate::store::ticket_work::Category;
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::form::{Field, FieldKind, Form, FormEvent};
use crate::tui::widgets::labels;
use crate::tui::widgets::{centered, clean};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Row, Table, TableState};
use ratatui::Frame;

/// How many categories the form offers.
const CATEGORIES: u32 = 200;

enum Step {
    Role,
    Member,
    Describe(Form),
}

/// What the form offers to choose from: read off the frame's thread when
/// the list is, so that `n` opens the form at once.
#[derive(Clone)]
pub struct Choices {
    roles: Vec<HandlingRole>,
    categories: Vec<Category>,
    /// Whom the actor opens tickets as (`None`: an assigner, offered all).
    audience: Option<Audience>,
}

/// The read of [`Choices`], for the pane's background reader.
pub fn read_choices(service: &Service, actor: &Actor, _: &()) -> service::Result<Choices> {
    Ok(Choices {
        roles: service.handling_roles(actor)?,
        categories: service
            .list_categories(actor, "", CATEGORIES)
            .unwrap_or_default(),
        audience: service.opening_audience(actor)?,
    })
}

pub struct NewTicketFlow {
    roles: Vec<HandlingRole>,
    /// (name, label) of the active categories, "none" first.
    categories: Vec<(String, String)>,
    priorities: Vec<(String, String)>,
    step: Step,
    role: usize,
    /// 0: let guichet choose; n: the nth member.
    member: usize,
    /// The role step was skipped (one role serves this client): Esc from
    /// the members closes the form.
    one_role: bool,
}

pub enum Outcome {
    Stay,
    Close,
    Created(i64),
}

impl NewTicketFlow {
    /// None (with the reason in the status line) when there is nothing to
    /// choose from or the actor may not open tickets. `ready`: the choices
    /// read in the background; only before they land (or if that read
    /// failed, to say why) are they read here.
    pub fn start(cx: &mut Cx, ready: Option<&Choices>) -> Option<NewTicketFlow> {
        let Choices {
            roles,
            categories: found,
            audience,
        } = match ready {
            Some(choices) => choices.clone(),
            None => {
                let read = read_choices(cx.service, cx.actor, &());
                cx.attempt(read)?
            }
        };
        if roles.is_empty() {
            cx.error(&crate::domain::Msg::new("tui.tickets.new.no_roles"));
            return None;
        }
        let mut categories = vec![(String::new(), cx.i18n.text("tui.tickets.none").to_string())];
        categories.extend(
            found
                .into_iter()
                .filter(|c| c.active)
                .map(|c| (c.name.clone(), c.name)),
        );
        let priorities = Priority::EVERY
            .iter()
            .map(|p| (p.key().to_string(), labels::priority(cx.i18n, *p)))
            .collect();
        // A client has nothing to choose when one role serves them: the
        // form opens on its members and says which role it is.
        let one_role = audience == Some(Audience::Clients) && roles.len() == 1;
        if let Some(only) = roles.first().filter(|_| one_role) {
            let label = match cx.i18n.lang() {
                crate::i18n::Lang::Fr => &only.role.label_fr,
                crate::i18n::Lang::En => &only.role.label_en,
            };
            let msg =
                crate::domain::Msg::new("tui.tickets.new.only_role").arg("role", clean(label));
            cx.info(&msg);
        }
        Some(NewTicketFlow {
            roles,
            categories,
            priorities,
            step: if one_role { Step::Member } else { Step::Role },
            role: 0,
            member: 0,
            one_role,
        })
    }

    /// The description being written, as a draft naming the role and
    /// member chosen.
    pub fn draft(&self) -> Option<Draft> {
        let Step::Describe(form) = &self.step else {
            return None;
        };
        let role = self.roles.get(self.role)?;
        let mut draft = form.draft()?;
        draft.target = DraftTarget::NewTicket {
            role: role.role.key.clone(),
            member: self
                .member
                .checked_sub(1)
                .and_then(|i| role.members.get(i))
                .map(|m| m.login.clone()),
        };
        Some(draft)
    }

    /// Back at the description, with the draft's text, for the same role
    /// and member if they still handle tickets (else the role list, with
    /// the text kept for when one is chosen).
    pub fn resume(&mut self, role: &str, member: Option<&str>, draft: &Draft) {
        let Some(at) = self.roles.iter().position(|r| r.role.key == role) else {
            return;
        };
        self.role = at;
        self.member = member
            .and_then(|login| self.roles[at].members.iter().position(|m| m.login == login))
            .map_or(0, |i| i + 1);
        let mut form = self.form();
        form.restore(draft);
        self.step = Step::Describe(form);
    }

    pub fn typing(&self) -> bool {
        matches!(self.step, Step::Describe(_))
    }

    pub fn unsaved(&self) -> bool {
        matches!(&self.step, Step::Describe(form) if form.is_dirty())
    }

    /// A form while the ticket is described, a choice in a list before.
    pub fn layer(&self) -> Layer {
        match self.step {
            Step::Describe(_) => Layer::Form,
            _ => Layer::Picker,
        }
    }

    fn rows(&self) -> usize {
        match self.step {
            Step::Role => self.roles.len(),
            _ => self.roles.get(self.role).map_or(0, |r| r.members.len()) + 1,
        }
    }

    /// Moves in the role or member list, goes on with Enter, back with Esc.
    pub fn on_action(&mut self, action: Action) -> Outcome {
        let last = self.rows().saturating_sub(1);
        let at = match self.step {
            Step::Role => &mut self.role,
            Step::Member => &mut self.member,
            Step::Describe(_) => return Outcome::Stay,
        };
        match action {
            Action::Up => *at = at.saturating_sub(1),
            Action::Down => *at = (*at + 1).min(last),
            Action::Top => *at = 0,
            Action::Bottom => *at = last,
            Action::Open => self.forward(),
            Action::Back => return self.back(),
            _ => {}
        }
        Outcome::Stay
    }

    fn forward(&mut self) {
        self.step = match self.step {
            Step::Role => {
                self.member = 0;
                Step::Member
            }
            _ => Step::Describe(self.form()),
        };
    }

    fn back(&mut self) -> Outcome {
        match self.step {
            Step::Role => return Outcome::Close,
            Step::Member if self.one_role => return Outcome::Close,
            Step::Member => self.step = Step::Role,
            Step::Describe(_) => self.step = Step::Member,
        }
        Outcome::Stay
    }

    fn form(&self) -> Form {
        let mut priority = Field::new(
            "tui.tickets.form.priority",
            FieldKind::Choice(self.priorities.clone()),
        );
        priority.choice = Priority::EVERY
            .iter()
            .position(|p| *p == Priority::Normal)
            .unwrap_or(0);
        let fields = vec![
            Field::new("tui.tickets.form.title", FieldKind::Line),
            Field::new("tui.tickets.form.description", FieldKind::Multi),
            priority,
            Field::new(
                "tui.tickets.form.category",
                FieldKind::Choice(self.categories.clone()),
            ),
        ];
        Form::new("tui.tickets.new.form_title", fields)
    }

    /// Keys of the last step's form: Ctrl-S opens the ticket; a refusal
    /// stays in the form with every character typed.
    pub fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> Outcome {
        let Step::Describe(form) = &mut self.step else {
            return Outcome::Stay;
        };
        match form.on_key(key, cx.keys) {
            FormEvent::Editing => Outcome::Stay,
            FormEvent::Cancel => self.back(),
            FormEvent::Submit => {
                let Some(role) = self.roles.get(self.role) else {
                    return Outcome::Close;
                };
                let assignee = self
                    .member
                    .checked_sub(1)
                    .and_then(|i| role.members.get(i))
                    .map(|m| m.login.as_str());
                let (title, description) = (form.value(0), form.value(1));
                let (priority, category) = (form.value(2), form.value(3));
                let priority = match Priority::from_text(&priority) {
                    Ok(priority) => priority,
                    Err(msg) => {
                        form.fail(cx.i18n.render(&msg));
                        return Outcome::Stay;
                    }
                };
                let new = NewTicket {
                    title: &title,
                    description: &description,
                    priority,
                    category: (!category.is_empty()).then_some(category.as_str()),
                    handling_role: &role.role.key,
                    assignee,
                    requester: None,
                };
                match cx.service.open_ticket(cx.actor, &new, &opened_from()) {
                    Ok(id) => Outcome::Created(id),
                    Err(e) => {
                        form.fail(cx.i18n.render(&e.message()));
                        Outcome::Stay
                    }
                }
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        match &self.step {
            Step::Describe(form) => form.draw(frame, area, view),
            Step::Role => self.draw_roles(frame, area, view),
            Step::Member => self.draw_members(frame, area, view),
        }
    }

    fn draw_roles(&self, frame: &mut Frame, area: Rect, view: &View) {
        let rows = self.roles.iter().map(|r| {
            let load: i64 = r.members.iter().map(|m| m.open_tickets).sum();
            Row::new(vec![
                role_label(view, r),
                r.members.len().to_string(),
                load.to_string(),
            ])
        });
        let header = [
            "tui.tickets.new.role",
            "tui.tickets.new.members",
            "tui.tickets.new.open_load",
        ];
        let widths = [
            Constraint::Min(16),
            Constraint::Length(9),
            Constraint::Length(14),
        ];
        let title = view.t("tui.tickets.new.role_title");
        popup_table(
            frame,
            area,
            view,
            (title, &header, &widths),
            rows.collect(),
            self.role,
        );
    }

    fn draw_members(&self, frame: &mut Frame, area: Rect, view: &View) {
        let Some(role) = self.roles.get(self.role) else {
            return;
        };
        let mut rows = vec![Row::new(vec![
            view.t("tui.tickets.new.auto").to_string(),
            view.t("tui.tickets.new.let_choose").to_string(),
            String::new(),
        ])];
        rows.extend(role.members.iter().map(|m| {
            Row::new(vec![
                clean(&m.login).into_owned(),
                clean(&m.full_name).into_owned(),
                m.open_tickets.to_string(),
            ])
        }));
        let header = [
            "tui.tickets.new.login",
            "tui.tickets.new.name",
            "tui.tickets.new.load",
        ];
        let widths = [
            Constraint::Length(14),
            Constraint::Min(20),
            Constraint::Length(10),
        ];
        let title = view.i18n.with(
            "tui.tickets.new.member_title",
            &[("role", &role_label(view, role))],
        );
        popup_table(
            frame,
            area,
            view,
            (&title, &header, &widths),
            rows,
            self.member,
        );
    }
}

fn role_label(view: &View, role: &HandlingRole) -> String {
    super::labels::role_name(view, &role.role)
}

/// A list to choose from, in a box over the pane.
fn popup_table(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    (title, header, widths): (&str, &[&str], &[Constraint]),
    rows: Vec<Row<'static>>,
    selected: usize,
) {
    let height = (rows.len() as u16).saturating_add(3);
    let popup = centered(area, 76.min(area.width), height.min(area.height));
    frame.render_widget(Clear, popup);
    let block = crate::tui::widgets::boxed(view, format!(" {title} "), true)
        .title_bottom(Span::styled(view.t("tui.tickets.new.keys"), view.theme.dim));
    let header = Row::new(
        header
            .iter()
            .map(|k| view.t(k).to_string())
            .collect::<Vec<_>>(),
    )
    .style(view.theme.header);
    let table = Table::new(rows, widths.to_vec())
        .header(header)
        .block(block)
        .style(view.theme.base)
        .row_highlight_style(view.theme.selected)
        .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, popup, &mut state);
}

/// The machine a ticket comes from: over ssh, the lab machine is the peer
/// (as the CLI records it).
fn opened_from() -> String {
    let origin = Origin::of_this_process(FrontEnd::Tui);
    match origin.remote_addr {
        Some(addr) => format!(
            "{} (ssh)",
            addr.rsplit_once(':').map_or(addr.as_str(), |(ip, _)| ip)
        ),
        None => origin.host,
    }
}
