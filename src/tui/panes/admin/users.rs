//! Users: the accounts by login, a detail with what may be done to the
//! selected one, and the forms that do it.

use crate::domain::{Capability, Msg};
use crate::i18n::Lang;
use crate::service::account_rights::AccountReach;
use crate::service::users::{NewUser, ProfileEdit, UserRow};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::form::Field as FormField;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{
    self, Column, Detail, Fetcher, Hook, ListSection, Outcome, Parts, Section, WIDE,
};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

/// What a form or a question is about.
pub enum Job {
    New,
    Profile(Box<UserRow>),
    Role(String),
    Password(String),
    Active(String, bool),
    Unlock(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Login,
    FullName,
    Role,
    Password,
    PasswordAgain,
    Email,
    Phone,
    Cohort,
    Company,
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

#[derive(Default)]
pub struct Users {
    /// (key, label) of every role, in the order `list_roles` gives.
    roles: Vec<(String, String)>,
    /// Where those are read, off the UI thread (made at the first refresh).
    roles_read: Option<Reader<Lang, Vec<(String, String)>>>,
    /// The detail has the keys; the number is the chosen deed.
    pub(super) detail: Option<usize>,
    pub(super) now: i64,
    /// The account capabilities the actor holds and their scopes, asked at
    /// each refresh: what does not reach the chosen account is not offered
    /// (the service still checks each call).
    reach: AccountReach,
}

/// The capability a deed needs, and why it is refused without it.
fn deed_needs(deed: Deed) -> (Capability, &'static str) {
    match deed {
        Deed::Profile => (Capability::UserUpdate, "may.edit_user"),
        Deed::Role => (Capability::RoleAssign, "may.user_role"),
        Deed::Password => (Capability::UserPassword, "may.edit_user"),
        Deed::Unlock | Deed::Active => (Capability::UserAccess, "may.user_access"),
    }
}

pub fn make() -> Box<dyn Pane> {
    Section::boxed(Users::default())
}

/// "None" as a field's text: empty.
pub(super) fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

impl Users {
    /// The forms that choose a role: a new account's and the role deed's.
    fn needs_roles(&self, action: Action) -> bool {
        let role_deed = self.detail.map(|c| DEEDS[c.min(DEEDS.len() - 1)]) == Some(Deed::Role);
        matches!(action, Action::New | Action::Assign) || (action == Action::Open && role_deed)
    }

    /// The roles are not read yet: a form opened now would offer none (a
    /// form opened under load before its choices came had an empty role).
    fn roles_pending(&self) -> bool {
        self.roles.is_empty() && self.roles_read.as_ref().is_none_or(Reader::waiting)
    }

    fn role_field(&self, current: &str) -> FormField {
        if self.roles.is_empty() {
            return keyed::line("tui.admin.users.role", current);
        }
        keyed::choice("tui.admin.users.role", self.roles.clone(), current)
    }

    fn open_new(&self) -> Hook<Self> {
        let default_role = self
            .roles
            .iter()
            .find(|(k, _)| k == "learner")
            .map_or("", |(k, _)| k.as_str())
            .to_string();
        let form = KeyedForm::titled("tui.admin.users.new_title")
            .line(Field::Login, "tui.admin.users.login", "")
            .line(Field::FullName, "tui.admin.users.full_name", "")
            .field(Field::Role, self.role_field(&default_role))
            .secret(Field::Password, "tui.admin.users.password")
            .secret(Field::PasswordAgain, "tui.admin.users.password_again");
        // Five fields are what fits at 80×24 (the form does not scroll):
        // email, phone, cohort and company are set with `e` afterwards.
        section::form(Job::New, form)
    }

    /// The form or question of a deed on the selected account.
    fn deed(&self, deed: Deed, row: Option<&UserRow>, cx: &Cx) -> Hook<Self> {
        let Some(row) = row else {
            return Hook::Done;
        };
        let login = row.user.login.clone();
        match deed {
            Deed::Profile => {
                let u = &row.user;
                let form = KeyedForm::titled("tui.admin.users.edit_title")
                    .line(Field::FullName, "tui.admin.users.full_name", &u.full_name)
                    .line(Field::Email, "tui.admin.users.email", or_empty(&u.email))
                    .line(Field::Phone, "tui.admin.users.phone", or_empty(&u.phone))
                    .line(
                        Field::Cohort,
                        "tui.admin.users.cohort",
                        or_empty(&row.cohort),
                    )
                    .line(
                        Field::Company,
                        "tui.admin.users.company",
                        or_empty(&row.company),
                    );
                section::form(Job::Profile(Box::new(row.clone())), form)
            }
            Deed::Role => {
                let form = KeyedForm::titled("tui.admin.users.role_title")
                    .field(Field::Role, self.role_field(&row.user.role_key));
                section::form(Job::Role(login), form)
            }
            Deed::Password => {
                let form = KeyedForm::titled("tui.admin.users.password_title")
                    .secret(Field::Password, "tui.admin.users.password")
                    .secret(Field::PasswordAgain, "tui.admin.users.password_again");
                section::form(Job::Password(login), form)
            }
            Deed::Unlock => {
                let msg = Msg::new("tui.admin.users.ask_unlock").arg("login", &login);
                section::ask(Job::Unlock(login), &msg, cx)
            }
            Deed::Active => {
                let active = !row.user.active;
                let key = if active {
                    "tui.admin.users.ask_activate"
                } else {
                    "tui.admin.users.ask_deactivate"
                };
                let msg = Msg::new(key).arg("login", &login);
                section::ask(Job::Active(login, active), &msg, cx)
            }
        }
    }
}

impl ListSection for Users {
    type Row = UserRow;
    type Cursor = String;
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.admin.section.users";

    const CURSOR: fn(&UserRow) -> String = |row| row.user.login.clone();

    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| {
        let after = after.map_or("", String::as_str);
        service.list_users_matching(actor, None, filter, after, limit)
    };

    const LAYER: Layer = Layer::Users;

    fn layer(&self) -> Layer {
        match self.detail {
            Some(_) => Layer::UserDetail,
            None => Layer::Users,
        }
    }

    fn prepare(&mut self, cx: &mut Cx) {
        self.now = cx.service.now();
        let asked = [
            Capability::UserCreate,
            Capability::UserUpdate,
            Capability::UserPassword,
            Capability::UserAccess,
            Capability::RoleAssign,
        ];
        self.reach = (cx.service.account_reach(cx.actor, &asked)).unwrap_or_default();
        let reader = self
            .roles_read
            .get_or_insert_with(|| Reader::new(read_roles));
        if let Some((_, Ok(roles))) = reader.ask(cx.i18n.lang(), cx) {
            self.roles = roles;
        }
    }

    fn collect(&mut self, _cx: &mut Cx) {
        if let Some((_, Ok(roles))) = self.roles_read.as_mut().and_then(Reader::take) {
            self.roles = roles;
        }
    }

    fn waiting(&self) -> bool {
        self.roles_read.as_ref().is_some_and(Reader::waiting)
    }

    const LIST_TITLE: &'static str = "tui.admin.users.title";

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.admin.users.state", Constraint::Length(2)),
        Column::new("tui.admin.users.login", Constraint::Length(16)),
        Column::new("tui.admin.users.full_name", Constraint::Fill(2)),
        Column::new("tui.admin.users.role", Constraint::Length(12)),
        Column::new("tui.admin.users.cohort_company", Constraint::Fill(1)),
        Column::wide("tui.admin.users.email_short", Constraint::Fill(2)),
    ];

    fn row(&self, row: &UserRow, view: &View, wide: bool) -> Row<'static> {
        super::users_view::row(row, view, self.now, wide)
    }

    /// Wide, the detail sits beside the list; narrow, it takes the place
    /// of the list while it has the keys.
    fn layout(&self, area: Rect) -> Parts {
        if area.width >= WIDE {
            Parts::beside(area, 62)
        } else if self.detail.is_some() {
            Parts::detail(area)
        } else {
            Parts::list(area)
        }
    }

    fn draw_detail(&self, frame: &mut Frame, at: Detail<'_, UserRow>) {
        super::users_view::draw_detail(frame, at.area, at.view, at.row, self.detail, self.now);
    }

    fn refused(&self, action: Action, row: Option<&UserRow>) -> Option<Msg> {
        if self.needs_roles(action) && self.roles_pending() {
            return Some(Msg::new("tui.form.choices_pending"));
        }
        let (needs, why) = match (action, self.detail) {
            (Action::New, _) => (Capability::UserCreate, "may.new_user"),
            (Action::Edit, _) => deed_needs(Deed::Profile),
            (Action::Assign, _) => deed_needs(Deed::Role),
            (Action::Delete, _) => deed_needs(Deed::Active),
            (Action::Open, Some(chosen)) => deed_needs(DEEDS[chosen.min(DEEDS.len() - 1)]),
            _ => return None,
        };
        // On a chosen account, the right must reach it (a support agent
        // edits their own profile, not a colleague's).
        let allowed = match (action, row) {
            (Action::New, _) | (_, None) => self.reach.holds(needs),
            (_, Some(row)) => self.reach.reaches(needs, &row.user),
        };
        (!allowed).then(|| Msg::new(why))
    }

    fn intercept(&mut self, action: Action, row: Option<&UserRow>, cx: &mut Cx) -> Hook<Self> {
        let Some(chosen) = self.detail else {
            return Hook::Pass;
        };
        match action {
            Action::Up => self.detail = Some(chosen.saturating_sub(1)),
            Action::Down => self.detail = Some((chosen + 1).min(DEEDS.len() - 1)),
            Action::Open => return self.deed(DEEDS[chosen], row, cx),
            Action::Back => self.detail = None,
            _ => return Hook::Pass,
        }
        Hook::Done
    }

    fn on_action(&mut self, action: Action, row: Option<&UserRow>, cx: &mut Cx) -> Hook<Self> {
        match action {
            Action::Open if row.is_some() => {
                self.detail = Some(0);
                Hook::Done
            }
            Action::New => self.open_new(),
            Action::Edit => self.deed(Deed::Profile, row, cx),
            Action::Assign => self.deed(Deed::Role, row, cx),
            Action::Delete => self.deed(Deed::Active, row, cx),
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        save(job, form, cx)
    }

    fn confirmed(&mut self, job: Job, cx: &mut Cx) -> Outcome {
        match &job {
            Job::Active(login, active) => cx
                .service
                .set_active(cx.actor, login, *active)
                .map(|()| active_msg(login, *active)),
            Job::Unlock(login) => cx
                .service
                .unlock(cx.actor, login)
                .map(|()| Msg::new("tui.admin.users.unlocked").arg("login", login)),
            _ => Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            ))),
        }
    }

    /// A user just created is selected.
    fn created(&self, job: &Job, form: &KeyedForm<Field>) -> Option<String> {
        matches!(job, Job::New).then(|| form.value(Field::Login).trim().to_lowercase())
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

fn passwords(form: &KeyedForm<Field>) -> service::Result<String> {
    let (a, b) = (
        form.value(Field::Password),
        form.value(Field::PasswordAgain),
    );
    if a != b {
        return Err(service::Error::Invalid(Msg::new(
            "tui.admin.users.passwords_differ",
        )));
    }
    Ok(a)
}

/// Does what a submitted form asks; the message for the status line.
fn save(job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
    match job {
        Job::New => {
            let password = passwords(form)?;
            let (login, role) = (form.value(Field::Login), form.value(Field::Role));
            let new = NewUser {
                login: &login,
                full_name: &form.value(Field::FullName),
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
                form.changed(Field::FullName, &u.full_name),
                form.changed(Field::Email, or_empty(&u.email)),
                form.changed(Field::Phone, or_empty(&u.phone)),
                form.changed(Field::Cohort, or_empty(&row.cohort)),
                form.changed(Field::Company, or_empty(&row.company)),
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
            let role = form.value(Field::Role);
            cx.service.set_role(cx.actor, login, role.trim())?;
            Ok(Msg::new("tui.admin.users.role_set")
                .arg("login", login)
                .arg("role", role.trim()))
        }
        Job::Password(login) => {
            let password = passwords(form)?;
            cx.service.set_password(cx.actor, login, &password)?;
            Ok(Msg::new("tui.admin.users.password_set").arg("login", login))
        }
        Job::Active(..) | Job::Unlock(_) => Ok(Msg::new("tui.admin.users.updated")),
    }
}

/// Roles as the choice shows them: "Learner (learner)".
/// The role field's choices, as the background reader reads them.
fn read_roles(
    service: &Service,
    actor: &Actor,
    lang: &Lang,
) -> service::Result<Vec<(String, String)>> {
    Ok(role_options(service, actor, *lang))
}

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
