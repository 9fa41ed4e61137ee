//! Roles and their capabilities: the roles on the left, the grants of the
//! selected one on the right; Enter moves into the grants, Esc back.

use super::kit::{self, Listing, Modal, Step};
use crate::domain::capability::{Grant, Scope};
use crate::domain::{Capability, Msg};
use crate::i18n::Lang;
use crate::service::roles::{NewRole, RoleView};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::paged::PagedList;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

enum Job {
    NewRole,
    /// Grant to this role.
    Grant(String),
    /// Revoke this capability from this role.
    Revoke(String, Capability),
}

pub struct Roles {
    list: PagedList<RoleView, String>,
    grants: Listing<Grant>,
    /// The role whose grants are shown.
    shown: Option<String>,
    in_grants: bool,
    modal: Option<Modal<Job>>,
    lang: Lang,
}

const ROLE_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::New,
    Action::Edit,
    Action::Toggle,
    Action::Refresh,
    Action::FocusNext,
    Action::FocusPrev,
];

const GRANT_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Back,
    Action::Edit,
    Action::Toggle,
    Action::New,
    Action::Delete,
    Action::Refresh,
    Action::FocusNext,
    Action::FocusPrev,
];

pub fn make() -> Box<dyn Pane> {
    Box::new(Roles {
        list: PagedList::new(|v: &RoleView| v.role.key.clone()),
        grants: Listing::new(),
        shown: None,
        in_grants: false,
        modal: None,
        lang: Lang::En,
    })
}

fn fetch<'a>(
    service: &'a Service,
    actor: &'a Actor,
) -> impl FnMut(Option<&String>, u32) -> service::Result<Vec<RoleView>> + 'a {
    move |after, limit| service.list_roles(actor, after.map_or("", String::as_str), limit)
}

impl Roles {
    /// Shows the grants of the selected role; a new role starts at the top.
    fn follow_selection(&mut self) {
        let Some(view) = self.list.selected() else {
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

    fn reload(&mut self, cx: &mut Cx) {
        let result = if self.list.is_empty() {
            self.list.reset(&mut fetch(cx.service, cx.actor))
        } else {
            self.list.reload(&mut fetch(cx.service, cx.actor))
        };
        cx.attempt(result);
        self.follow_selection();
    }

    fn open_new_role(&mut self) {
        let yes_no = vec![
            ("no".to_string(), "no".to_string()),
            ("yes".to_string(), "yes".to_string()),
        ];
        let form = Form::new(
            "tui.admin.roles.new_title",
            vec![
                Field::new("tui.admin.roles.key", FieldKind::Line),
                Field::new("tui.admin.roles.label_fr", FieldKind::Line),
                Field::new("tui.admin.roles.label_en", FieldKind::Line),
                kit::choice("tui.admin.roles.handles_tickets", yes_no, "no"),
            ],
        );
        self.modal = Some(Modal::Form(Job::NewRole, form));
    }

    /// The grant form, on the selected grant when the grants have the keys.
    fn open_grant(&mut self) {
        let Some(role) = self.shown.clone() else {
            return;
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
        let form = Form::new(
            "tui.admin.roles.grant_title",
            vec![
                kit::choice("tui.admin.roles.capability", capabilities, cap),
                kit::choice("tui.admin.roles.scope", scopes, scope),
            ],
        );
        self.modal = Some(Modal::Form(Job::Grant(role), form));
    }

    fn ask_revoke(&mut self, cx: &Cx) {
        let (Some(role), Some(grant)) = (self.shown.clone(), self.grants.selected()) else {
            return;
        };
        let question = cx.i18n.render(
            &Msg::new("tui.admin.roles.ask_revoke")
                .arg("capability", grant.capability.key())
                .arg("role", &role),
        );
        let job = Job::Revoke(role, grant.capability);
        self.modal = Some(Modal::Confirm(job, Confirm::new(clean(&question))));
    }

    fn go(&mut self, cx: &mut Cx) {
        match self.modal.take() {
            Some(Modal::Form(job, form)) => {
                let outcome = save(&job, &form, cx);
                if kit::settle_form(&mut self.modal, job, form, outcome, cx) {
                    self.reload(cx);
                }
            }
            Some(Modal::Confirm(Job::Revoke(role, capability), _)) => {
                let done = cx.service.revoke(cx.actor, &role, capability.key());
                if cx.attempt(done).is_some() {
                    cx.info(
                        &Msg::new("tui.admin.roles.revoked")
                            .arg("capability", capability.key())
                            .arg("role", &role),
                    );
                }
                self.reload(cx);
            }
            _ => {}
        }
    }
}

fn save(job: &Job, form: &Form, cx: &mut Cx) -> service::Result<Msg> {
    match job {
        Job::NewRole => {
            let key = form.value(0);
            let new = NewRole {
                key: &key,
                label_fr: &form.value(1),
                label_en: &form.value(2),
                handles_tickets: form.value(3) == "yes",
            };
            cx.service.add_role(cx.actor, &new)?;
            Ok(Msg::new("tui.admin.roles.created").arg("role", key.trim()))
        }
        Job::Grant(role) => {
            let grant = format!("{}:{}", form.value(0), form.value(1));
            cx.service.grant(cx.actor, role, &grant)?;
            Ok(Msg::new("tui.admin.roles.granted")
                .arg("grant", grant)
                .arg("role", role))
        }
        Job::Revoke(..) => Ok(Msg::new("tui.admin.roles.created")),
    }
}

impl Pane for Roles {
    fn title(&self) -> &'static str {
        "tui.admin.section.roles"
    }

    fn actions(&self) -> &'static [Action] {
        match (&self.modal, self.in_grants) {
            (Some(_), _) => &[],
            (None, true) => GRANT_ACTIONS,
            (None, false) => ROLE_ACTIONS,
        }
    }

    fn hints(&self) -> &'static [Action] {
        if self.in_grants {
            &[Action::Toggle, Action::Delete, Action::Back]
        } else {
            &[Action::Open, Action::Toggle, Action::New, Action::FocusNext]
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.lang = cx.i18n.lang();
        self.reload(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if self.in_grants {
            if self.grants.navigate(action) {
                return true;
            }
        } else {
            let moved = kit::navigate(&mut self.list, action, &mut fetch(cx.service, cx.actor));
            if let Some(result) = moved {
                cx.attempt(result);
                self.follow_selection();
                return true;
            }
        }
        match action {
            Action::Open if !self.in_grants && self.shown.is_some() => self.in_grants = true,
            Action::Back if self.in_grants => self.in_grants = false,
            Action::New if !self.in_grants => self.open_new_role(),
            Action::New | Action::Edit | Action::Toggle => self.open_grant(),
            Action::Delete if self.in_grants => self.ask_revoke(cx),
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

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wide = area.width >= kit::WIDE;
        let split = if wide { 45 } else { 40 };
        let [left, right] = Layout::horizontal([
            Constraint::Percentage(split),
            Constraint::Percentage(100 - split),
        ])
        .areas(area);
        self.draw_roles(frame, left, view, wide);
        self.draw_grants(frame, right, view, wide);
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }
}

impl Roles {
    fn draw_roles(&self, frame: &mut Frame, area: Rect, view: &View, wide: bool) {
        let mut keys = vec!["tui.admin.roles.key", "tui.admin.roles.members"];
        let mut widths = vec![Constraint::Fill(1), Constraint::Length(7)];
        if wide {
            keys.insert(1, "tui.admin.roles.label");
            widths.insert(1, Constraint::Fill(1));
            keys.push("tui.admin.roles.tickets");
            widths.push(Constraint::Length(8));
        }
        let lang = self.lang;
        let marker = if self.in_grants { "" } else { "▸ " };
        let title = format!("{marker}{}", view.t("tui.admin.roles.title"));
        self.list.draw(
            frame,
            area,
            view,
            &title,
            (kit::header(view, &keys), &widths),
            |v| {
                let mut cells = vec![
                    clean(&v.role.key).into_owned(),
                    v.active_members.to_string(),
                ];
                if wide {
                    let label = match lang {
                        Lang::Fr => &v.role.label_fr,
                        Lang::En => &v.role.label_en,
                    };
                    cells.insert(1, clean(label).into_owned());
                    cells.push(if v.role.handles_tickets { "✓" } else { "–" }.into());
                }
                Row::new(cells)
            },
        );
    }

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
            (kit::header(view, &keys), &widths),
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
