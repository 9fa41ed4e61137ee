//! Roles and their capabilities: the roles on the left, the grants of the
//! selected one on the right; Enter moves into the grants, Esc back.

use crate::domain::capability::{Grant, Scope};
use crate::domain::roles::Audience;
use crate::domain::{Capability, Msg};
use crate::i18n::Lang;
use crate::service;
use crate::service::roles::{parse_audience, NewRole, RoleEdit, RoleView};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::keyed::KeyedForm;
use crate::tui::widgets::listing::Listing;
use crate::tui::widgets::section::{
    self, Column, Detail, Fetcher, Hook, ListSection, Outcome, Parts, Section, WIDE,
};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

pub enum Job {
    NewRole,
    /// Say whom this role serves.
    Serves(String),
    /// Grant to this role.
    Grant(String),
    /// Revoke this capability from this role.
    Revoke(String, Capability),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Key,
    LabelFr,
    LabelEn,
    HandlesTickets,
    Serves,
    Capability,
    Scope,
}

pub struct Roles {
    grants: Listing<Grant>,
    /// The role whose grants are shown.
    shown: Option<String>,
    in_grants: bool,
    lang: Lang,
    /// The actor holds role.manage (asked at each refresh): else only
    /// reading is offered.
    manage: bool,
}

pub fn make() -> Box<dyn Pane> {
    Section::boxed(Roles {
        grants: Listing::new(),
        shown: None,
        in_grants: false,
        lang: Lang::En,
        manage: false,
    })
}

/// A header row from language-file keys.
fn header(view: &View, keys: &[&str]) -> Row<'static> {
    Row::new(
        keys.iter()
            .map(|k| view.t(k).to_string())
            .collect::<Vec<_>>(),
    )
}

impl Roles {
    fn open_new_role(&self, cx: &Cx) -> Hook<Self> {
        // Keys stay "no"/"yes"; the words shown are the interface's.
        let yes_no = vec![
            (
                "no".to_string(),
                cx.i18n.text("tui.admin.roles.no").to_string(),
            ),
            (
                "yes".to_string(),
                cx.i18n.text("tui.admin.roles.yes").to_string(),
            ),
        ];
        let form = KeyedForm::titled("tui.admin.roles.new_title")
            .line(Field::Key, "tui.admin.roles.key", "")
            .line(Field::LabelFr, "tui.admin.roles.label_fr", "")
            .line(Field::LabelEn, "tui.admin.roles.label_en", "")
            .choice(
                Field::HandlesTickets,
                "tui.admin.roles.handles_tickets",
                yes_no,
                "no",
            )
            .choice(
                Field::Serves,
                "tui.admin.roles.serves",
                audiences(cx),
                Audience::Everyone.key(),
            );
        section::form(Job::NewRole, form)
    }

    /// Whom the selected role serves, as a choice.
    fn open_serves(&self, row: Option<&RoleView>, cx: &Cx) -> Hook<Self> {
        let Some(view) = row else {
            return Hook::Done;
        };
        let form = KeyedForm::titled("tui.admin.roles.edit_title").choice(
            Field::Serves,
            "tui.admin.roles.serves",
            audiences(cx),
            view.role.serves.key(),
        );
        section::form(Job::Serves(view.role.key.clone()), form)
    }

    /// The grant form, on the selected grant when the grants have the keys.
    fn open_grant(&self) -> Hook<Self> {
        let Some(role) = self.shown.clone() else {
            return Hook::Done;
        };
        let current = self.in_grants.then(|| self.grants.selected()).flatten();
        let capabilities = Capability::EVERY
            .iter()
            .map(|c| (c.key().to_string(), c.key().to_string()))
            .collect();
        let scopes = Scope::EVERY
            .iter()
            .map(|s| (s.key().to_string(), s.key().to_string()))
            .collect();
        let (cap, scope) = current.map_or(("", "all"), |g| (g.capability.key(), g.scope.key()));
        let form = KeyedForm::titled("tui.admin.roles.grant_title")
            .choice(
                Field::Capability,
                "tui.admin.roles.capability",
                capabilities,
                cap,
            )
            .choice(Field::Scope, "tui.admin.roles.scope", scopes, scope);
        section::form(Job::Grant(role), form)
    }

    fn ask_revoke(&self, cx: &Cx) -> Hook<Self> {
        let (Some(role), Some(grant)) = (self.shown.clone(), self.grants.selected()) else {
            return Hook::Done;
        };
        let msg = Msg::new("tui.admin.roles.ask_revoke")
            .arg("capability", grant.capability.key())
            .arg("role", &role);
        section::ask(Job::Revoke(role, grant.capability), &msg, cx)
    }
}

impl ListSection for Roles {
    type Row = RoleView;
    type Cursor = String;
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.admin.section.roles";

    const CURSOR: fn(&RoleView) -> String = |row| row.role.key.clone();

    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| {
        service.list_roles_matching(actor, filter, after.map_or("", String::as_str), limit)
    };

    const LAYER: Layer = Layer::Roles;

    fn layer(&self) -> Layer {
        if self.in_grants {
            Layer::Grants
        } else {
            Layer::Roles
        }
    }

    fn prepare(&mut self, cx: &mut Cx) {
        self.lang = cx.i18n.lang();
        self.manage = matches!(
            cx.service.may(cx.actor, Capability::RoleManage),
            Ok(Some(_))
        );
    }

    fn refused(&self, action: Action, _row: Option<&RoleView>) -> Option<Msg> {
        let changes = matches!(
            action,
            Action::New | Action::Edit | Action::Toggle | Action::Delete
        );
        (changes && !self.manage).then(|| Msg::new("may.manage_roles"))
    }

    /// Shows the grants of the selected role; a new role starts at the top.
    fn follow(&mut self, row: Option<&RoleView>) {
        let Some(view) = row else {
            self.grants.replace(Vec::new());
            self.shown = None;
            return;
        };
        let grants: Vec<Grant> = view.grants.iter().copied().collect();
        if self.shown.as_deref() == Some(view.role.key.as_str()) {
            self.grants.set(grants);
        } else {
            self.shown = Some(view.role.key.clone());
            self.grants.replace(grants);
        }
    }

    fn list_title(&self, view: &View) -> String {
        let marker = if self.in_grants { "" } else { "▸ " };
        format!("{marker}{}", view.t("tui.admin.roles.title"))
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.admin.roles.key", Constraint::Fill(1)),
        Column::wide("tui.admin.roles.label", Constraint::Fill(1)),
        Column::new("tui.admin.roles.members", Constraint::Length(7)),
        Column::wide("tui.admin.roles.tickets", Constraint::Length(8)),
        Column::wide("tui.admin.roles.serves_col", Constraint::Length(14)),
    ];

    fn row(&self, v: &RoleView, view: &View, wide: bool) -> Row<'static> {
        let mut cells = vec![
            clean(&v.role.key).into_owned(),
            v.active_members.to_string(),
        ];
        if wide {
            let label = match self.lang {
                Lang::Fr => &v.role.label_fr,
                Lang::En => &v.role.label_en,
            };
            cells.insert(1, clean(label).into_owned());
            cells.push(if v.role.handles_tickets { "✓" } else { "–" }.into());
            // Whom it serves matters only for a role tickets are handed to.
            cells.push(if v.role.handles_tickets {
                view.t(audience_key(v.role.serves)).to_string()
            } else {
                "–".into()
            });
        }
        Row::new(cells)
    }

    /// The roles on the left, the grants of the selected one beside.
    fn layout(&self, area: Rect) -> Parts {
        Parts::beside(area, if area.width >= WIDE { 45 } else { 40 })
    }

    fn draw_detail(&self, frame: &mut Frame, at: Detail<'_, RoleView>) {
        self.draw_grants(frame, at.area, at.view, at.wide);
    }

    /// With the grants focused, the moves are theirs.
    fn intercept(&mut self, action: Action, _row: Option<&RoleView>, _cx: &mut Cx) -> Hook<Self> {
        if self.in_grants && self.grants.navigate(action) {
            Hook::Done
        } else {
            Hook::Pass
        }
    }

    fn on_action(&mut self, action: Action, row: Option<&RoleView>, cx: &mut Cx) -> Hook<Self> {
        match action {
            Action::Open if !self.in_grants && self.shown.is_some() => {
                self.in_grants = true;
                Hook::Done
            }
            Action::Back if self.in_grants => {
                self.in_grants = false;
                Hook::Done
            }
            Action::New if !self.in_grants => self.open_new_role(cx),
            Action::Edit if !self.in_grants => self.open_serves(row, cx),
            Action::New | Action::Edit | Action::Toggle => self.open_grant(),
            Action::Delete if self.in_grants => self.ask_revoke(cx),
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        save(job, form, cx)
    }

    fn confirmed(&mut self, job: Job, cx: &mut Cx) -> Outcome {
        let Job::Revoke(role, capability) = job else {
            return Err(service::Error::Conflict(Msg::new(
                "error.nothing_to_change",
            )));
        };
        cx.service.revoke(cx.actor, &role, capability.key())?;
        Ok(Msg::new("tui.admin.roles.revoked")
            .arg("capability", capability.key())
            .arg("role", &role))
    }
}

fn save(job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
    match job {
        Job::NewRole => {
            let key = form.value(Field::Key);
            let new = NewRole {
                key: &key,
                label_fr: &form.value(Field::LabelFr),
                label_en: &form.value(Field::LabelEn),
                handles_tickets: form.value(Field::HandlesTickets) == "yes",
                serves: parse_audience(&form.value(Field::Serves))?,
            };
            cx.service.add_role(cx.actor, &new)?;
            Ok(Msg::new("tui.admin.roles.created").arg("role", key.trim()))
        }
        Job::Grant(role) => {
            let grant = format!(
                "{}:{}",
                form.value(Field::Capability),
                form.value(Field::Scope)
            );
            cx.service.grant(cx.actor, role, &grant)?;
            Ok(Msg::new("tui.admin.roles.granted")
                .arg("grant", grant)
                .arg("role", role))
        }
        Job::Serves(role) => {
            let serves = form.value(Field::Serves);
            let edit = RoleEdit {
                serves: Some(&serves),
            };
            cx.service.edit_role(cx.actor, role, &edit)?;
            let label = parse_audience(&serves).map(|a| audience_label(cx, a))?;
            Ok(Msg::new("tui.admin.roles.edited")
                .arg("role", role)
                .arg("serves", label))
        }
        Job::Revoke(..) => Ok(Msg::new("tui.admin.roles.created")),
    }
}

/// The four audiences, keyed, with their names in the interface's language.
fn audiences(cx: &Cx) -> Vec<(String, String)> {
    Audience::EVERY
        .iter()
        .map(|a| (a.key().to_string(), audience_label(cx, *a)))
        .collect()
}

fn audience_label(cx: &Cx, audience: Audience) -> String {
    cx.i18n.text(audience_key(audience)).to_string()
}

fn audience_key(audience: Audience) -> &'static str {
    match audience {
        Audience::Learners => "tui.admin.roles.audience.learners",
        Audience::Clients => "tui.admin.roles.audience.clients",
        Audience::Staff => "tui.admin.roles.audience.staff",
        Audience::Everyone => "tui.admin.roles.audience.everyone",
    }
}

impl Roles {
    fn draw_grants(&self, frame: &mut Frame, area: Rect, view: &View, wide: bool) {
        let mut keys = vec!["tui.admin.roles.capability", "tui.admin.roles.scope"];
        let mut widths = vec![Constraint::Length(24), Constraint::Length(9)];
        if wide {
            keys.push("tui.admin.roles.meaning");
            widths.push(Constraint::Fill(1));
        }
        let role = self.shown.as_deref().map(clean).unwrap_or_default();
        let title = view
            .t("tui.admin.roles.grants_title")
            .replace("{role}", &role);
        let marker = if self.in_grants { "▸ " } else { "" };
        self.grants.draw(
            frame,
            area,
            view,
            &format!("{marker}{title}"),
            (header(view, &keys), &widths),
            |g| {
                let mut cells = vec![g.capability.key().to_string(), g.scope.key().to_string()];
                if wide {
                    let key = format!("capability.{}", g.capability.key());
                    cells.push(view.t(&key).to_string());
                }
                Row::new(cells)
            },
        );
    }
}
