//! Users: the accounts by login, a detail with what may be done to the
//! selected one, and the forms that do it.

use super::kit::{self, Modal, Step};
use crate::domain::Msg;
use crate::i18n::Lang;
use crate::service::users::{NewUser, ProfileEdit, UserRow};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::paged::PagedList;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

/// What a form or a question is about.
enum Job {
    New,
    Profile(Box<UserRow>),
    Role(String),
    Password(String),
    Active(String, bool),
    Unlock(String),
}

/// The account actions the detail offers, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Deed {
    Profile,
    Role,
    Password,
    Unlock,
    Active,
}

pub(super) const DEEDS: [Deed; 5] = [
    Deed::Profile,
    Deed::Role,
    Deed::Password,
    Deed::Unlock,
    Deed::Active,
];

pub struct Users {
    pub(super) list: PagedList<UserRow, String>,
    /// (key, label) of every role, in the order `list_roles` gives.
    roles: Vec<(String, String)>,
    /// The detail has the keys; the number is the chosen deed.
    pub(super) detail: Option<usize>,
    modal: Option<Modal<Job>>,
    pub(super) now: i64,
}

const LIST_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::New,
    Action::Edit,
    Action::Assign,
    Action::Delete,
    Action::Refresh,
    Action::FocusNext,
    Action::FocusPrev,
];

const DETAIL_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Open,
    Action::Back,
    Action::Edit,
    Action::Assign,
    Action::Delete,
    Action::FocusNext,
    Action::FocusPrev,
];

pub fn make() -> Box<dyn Pane> {
    Box::new(Users {
        list: PagedList::new(|row: &UserRow| row.user.login.clone()),
        roles: Vec::new(),
        detail: None,
        modal: None,
        now: 0,
    })
}

fn fetch<'a>(
    service: &'a Service,
    actor: &'a Actor,
) -> impl FnMut(Option<&String>, u32) -> service::Result<Vec<UserRow>> + 'a {
    move |after, limit| service.list_users(actor, None, after.map_or("", String::as_str), limit)
}

impl Users {
    fn reload(&mut self, cx: &mut Cx) {
        let result = self.list.reload(&mut fetch(cx.service, cx.actor));
        cx.attempt(result);
    }

    /// Selects `login` (a user just created), reading from the top; a
    /// very long list stops after a bounded number of rows.
    fn seek(&mut self, login: &str, cx: &mut Cx) {
        const MAX_ROWS: usize = 20_000;
        let mut fetch = fetch(cx.service, cx.actor);
        let mut outcome = self.list.reset(&mut fetch);
        while outcome.is_ok() && self.list.selected_index() < MAX_ROWS {
            let before = self.list.selected_index();
            match self.list.selected() {
                Some(row) if row.user.login.as_str() < login => {}
                _ => break,
            }
            outcome = self.list.move_by(1, &mut fetch);
            if self.list.selected_index() == before {
                break;
            }
        }
        drop(fetch);
        cx.attempt(outcome);
    }

    fn role_field(&self, current: &str) -> Field {
        if self.roles.is_empty() {
            return kit::line("tui.admin.users.role", current);
        }
        kit::choice("tui.admin.users.role", self.roles.clone(), current)
    }

    fn open_new(&mut self) {
        let default_role = self
            .roles
            .iter()
            .find(|(k, _)| k == "learner")
            .map_or("", |(k, _)| k.as_str())
            .to_string();
        let form = Form::new(
            "tui.admin.users.new_title",
            vec![
                Field::new("tui.admin.users.login", FieldKind::Line),
                Field::new("tui.admin.users.full_name", FieldKind::Line),
                self.role_field(&default_role),
                Field::new("tui.admin.users.password", FieldKind::Secret),
                Field::new("tui.admin.users.password_again", FieldKind::Secret),
            ],
        );
        // Five fields are what fits at 80×24 (the form does not scroll):
        // email, phone, cohort and company are set with `e` afterwards.
        self.modal = Some(Modal::Form(Job::New, form));
    }

    fn open_deed(&mut self, deed: Deed) {
        let Some(row) = self.list.selected().cloned() else {
            return;
        };
        let login = row.user.login.clone();
        self.modal = Some(match deed {
            Deed::Profile => {
                let u = &row.user;
                let form = Form::new(
                    "tui.admin.users.edit_title",
                    vec![
                        kit::line("tui.admin.users.full_name", &u.full_name),
                        kit::line("tui.admin.users.email", kit::or_empty(&u.email)),
                        kit::line("tui.admin.users.phone", kit::or_empty(&u.phone)),
                        kit::line("tui.admin.users.cohort", kit::or_empty(&row.cohort)),
                        kit::line("tui.admin.users.company", kit::or_empty(&row.company)),
                    ],
                );
                Modal::Form(Job::Profile(Box::new(row)), form)
            }
            Deed::Role => {
                let form = Form::new(
                    "tui.admin.users.role_title",
                    vec![self.role_field(&row.user.role_key)],
                );
                Modal::Form(Job::Role(login), form)
            }
            Deed::Password => {
                let form = Form::new(
                    "tui.admin.users.password_title",
                    vec![
                        Field::new("tui.admin.users.password", FieldKind::Secret),
                        Field::new("tui.admin.users.password_again", FieldKind::Secret),
                    ],
                );
                Modal::Form(Job::Password(login), form)
            }
            Deed::Unlock => Modal::Confirm(Job::Unlock(login), Confirm::new(String::new())),
            Deed::Active => {
                let active = !row.user.active;
                Modal::Confirm(Job::Active(login, active), Confirm::new(String::new()))
            }
        });
    }

    /// Confirm questions need the language: they are worded on opening.
    fn word_question(&mut self, cx: &Cx) {
        if let Some(Modal::Confirm(job, confirm)) = &mut self.modal {
            let msg = match job {
                Job::Active(login, true) => {
                    Msg::new("tui.admin.users.ask_activate").arg("login", login)
                }
                Job::Active(login, false) => {
                    Msg::new("tui.admin.users.ask_deactivate").arg("login", login)
                }
                Job::Unlock(login) => Msg::new("tui.admin.users.ask_unlock").arg("login", login),
                _ => return,
            };
            confirm.question = clean(&cx.i18n.render(&msg)).into_owned();
        }
    }

    fn deed(&mut self, deed: Deed, cx: &Cx) {
        self.open_deed(deed);
        self.word_question(cx);
    }

    fn go(&mut self, cx: &mut Cx) {
        match self.modal.take() {
            Some(Modal::Form(job, form)) => {
                let outcome = save(&job, &form, cx);
                let created = matches!(job, Job::New).then(|| form.value(0));
                if kit::settle_form(&mut self.modal, job, form, outcome, cx) {
                    match created {
                        Some(login) => self.seek(login.trim().to_lowercase().as_str(), cx),
                        None => self.reload(cx),
                    }
                }
            }
            Some(Modal::Confirm(job, _)) => {
                let done = match &job {
                    Job::Active(login, active) => cx
                        .service
                        .set_active(cx.actor, login, *active)
                        .map(|()| active_msg(login, *active)),
                    Job::Unlock(login) => cx
                        .service
                        .unlock(cx.actor, login)
                        .map(|()| Msg::new("tui.admin.users.unlocked").arg("login", login)),
                    _ => return,
                };
                if let Some(msg) = cx.attempt(done) {
                    cx.info(&msg);
                }
                self.reload(cx);
            }
            None => {}
        }
    }

    fn on_detail(&mut self, action: Action, chosen: usize, cx: &mut Cx) -> bool {
        match action {
            Action::Up => self.detail = Some(chosen.saturating_sub(1)),
            Action::Down => self.detail = Some((chosen + 1).min(DEEDS.len() - 1)),
            Action::Open => self.deed(DEEDS[chosen], cx),
            Action::Back => self.detail = None,
            _ => return false,
        }
        true
    }
}

fn active_msg(login: &str, active: bool) -> Msg {
    let key = if active {
        "tui.admin.users.activated"
    } else {
        "tui.admin.users.deactivated"
    };
    Msg::new(key).arg("login", login)
}

fn passwords(form: &Form, first: usize) -> service::Result<String> {
    let (a, b) = (form.value(first), form.value(first + 1));
    if a != b {
        return Err(service::Error::Invalid(Msg::new(
            "tui.admin.users.passwords_differ",
        )));
    }
    Ok(a)
}

/// Does what a submitted form asks; the message for the status line.
fn save(job: &Job, form: &Form, cx: &mut Cx) -> service::Result<Msg> {
    match job {
        Job::New => {
            let password = passwords(form, 3)?;
            let (login, role) = (form.value(0), form.value(2));
            let new = NewUser {
                login: &login,
                full_name: &form.value(1),
                role: role.trim(),
                email: None,
                phone: None,
                cohort: None,
                company: None,
                password: &password,
            };
            let id = cx.service.add_user(cx.actor, &new)?;
            Ok(Msg::new("tui.admin.users.created")
                .arg("login", login.trim().to_lowercase())
                .arg("id", id))
        }
        Job::Profile(row) => {
            let u = &row.user;
            let values = [
                kit::changed(form, 0, &u.full_name),
                kit::changed(form, 1, kit::or_empty(&u.email)),
                kit::changed(form, 2, kit::or_empty(&u.phone)),
                kit::changed(form, 3, kit::or_empty(&row.cohort)),
                kit::changed(form, 4, kit::or_empty(&row.company)),
            ];
            let edit = ProfileEdit {
                full_name: values[0].as_deref(),
                email: values[1].as_deref(),
                phone: values[2].as_deref(),
                cohort: values[3].as_deref(),
                company: values[4].as_deref(),
            };
            cx.service.edit_user(cx.actor, &u.login, &edit)?;
            Ok(Msg::new("tui.admin.users.updated").arg("login", &u.login))
        }
        Job::Role(login) => {
            let role = form.value(0);
            cx.service.set_role(cx.actor, login, role.trim())?;
            Ok(Msg::new("tui.admin.users.role_set")
                .arg("login", login)
                .arg("role", role.trim()))
        }
        Job::Password(login) => {
            let password = passwords(form, 0)?;
            cx.service.set_password(cx.actor, login, &password)?;
            Ok(Msg::new("tui.admin.users.password_set").arg("login", login))
        }
        Job::Active(..) | Job::Unlock(_) => Ok(Msg::new("tui.admin.users.updated")),
    }
}

/// Roles as the choice shows them: "Learner (learner)".
pub fn role_options(service: &Service, actor: &Actor, lang: Lang) -> Vec<(String, String)> {
    service
        .list_roles(actor, "", 100)
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let label = match lang {
                Lang::Fr => v.role.label_fr,
                Lang::En => v.role.label_en,
            };
            let shown = format!("{label} ({})", v.role.key);
            (v.role.key, shown)
        })
        .collect()
}

impl Pane for Users {
    fn title(&self) -> &'static str {
        "tui.admin.section.users"
    }

    fn actions(&self) -> &'static [Action] {
        match (&self.modal, self.detail) {
            (Some(_), _) => &[],
            (None, Some(_)) => DETAIL_ACTIONS,
            (None, None) => LIST_ACTIONS,
        }
    }

    fn hints(&self) -> &'static [Action] {
        match self.detail {
            Some(_) => &[Action::Open, Action::Back, Action::FocusNext],
            None => &[Action::New, Action::Edit, Action::Open, Action::Delete],
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.now = cx.service.now();
        self.roles = role_options(cx.service, cx.actor, cx.i18n.lang());
        if self.list.is_empty() {
            let result = self.list.reset(&mut fetch(cx.service, cx.actor));
            cx.attempt(result);
        } else {
            self.reload(cx);
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if let Some(chosen) = self.detail {
            if self.on_detail(action, chosen, cx) {
                return true;
            }
        }
        let moved = kit::navigate(&mut self.list, action, &mut fetch(cx.service, cx.actor));
        if let Some(result) = moved {
            cx.attempt(result);
            return true;
        }
        match action {
            Action::Open if self.list.selected().is_some() => self.detail = Some(0),
            Action::New => self.open_new(),
            Action::Edit => self.deed(Deed::Profile, cx),
            Action::Assign => self.deed(Deed::Role, cx),
            Action::Delete => self.deed(Deed::Active, cx),
            Action::Refresh => self.refresh(cx),
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

    fn on_click(&mut self, row: u16, _cx: &mut Cx) {
        // The list's border and header come first.
        if self.modal.is_none() && row >= 2 {
            self.list.select_visible(usize::from(row - 2));
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wide = area.width >= kit::WIDE;
        if wide {
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                    .areas(area);
            self.draw_list(frame, list, view, true);
            self.draw_detail(frame, detail, view);
        } else if self.detail.is_some() {
            self.draw_detail(frame, area, view);
        } else {
            self.draw_list(frame, area, view, false);
        }
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }
}
