//! "My profile", over any tab (`P`): the signed-in person's name, email and
//! phone, their password (the current one asked first), and each kind of
//! notification on or off. Read off the UI thread; the writes go through
//! the same services as `user edit`, `user password` and `notifications`.

use crate::domain::Msg;
use crate::service::profile::MyProfile;
use crate::service::users::ProfileEdit;
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::keyed::KeyedForm;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// The rows before the notification kinds: the account, the password.
const FIXED_ROWS: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Job {
    Account,
    Password,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Email,
    Phone,
    Current,
    New,
    Again,
}

pub struct ProfilePane {
    read: Reader<(), MyProfile>,
    profile: Option<MyProfile>,
    selected: usize,
    form: Option<(Job, KeyedForm<Field>)>,
    /// Esc asked to close the overlay.
    pub closed: bool,
}

fn read_profile(service: &Service, actor: &Actor, _: &()) -> service::Result<MyProfile> {
    service.my_profile(actor)
}

pub fn make() -> Box<ProfilePane> {
    Box::new(ProfilePane {
        read: Reader::new(read_profile),
        profile: None,
        selected: 0,
        form: None,
        closed: false,
    })
}

fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

impl ProfilePane {
    fn rows(&self) -> usize {
        FIXED_ROWS + self.profile.as_ref().map_or(0, |p| p.notify.len())
    }

    fn take(&mut self, answer: Option<((), service::Result<MyProfile>)>, cx: &mut Cx) {
        match answer {
            Some(((), Ok(profile))) => self.profile = Some(profile),
            Some(((), Err(e))) => cx.fail(&e),
            None => {}
        }
    }

    fn read_again(&mut self, cx: &mut Cx) {
        let answer = self.read.ask((), cx);
        self.take(answer, cx);
    }

    fn open_selected(&mut self, cx: &mut Cx) {
        let Some(profile) = &self.profile else { return };
        match self.selected {
            0 => {
                let u = &profile.user;
                let form = KeyedForm::titled("tui.profile.account_title")
                    .line(Field::Name, "tui.profile.name", &u.full_name)
                    .line(Field::Email, "tui.profile.email", or_empty(&u.email))
                    .line(Field::Phone, "tui.profile.phone", or_empty(&u.phone));
                self.form = Some((Job::Account, form));
            }
            1 => {
                let form = KeyedForm::titled("tui.profile.password_title")
                    .secret(Field::Current, "tui.profile.current")
                    .secret(Field::New, "tui.profile.new")
                    .secret(Field::Again, "tui.profile.again");
                self.form = Some((Job::Password, form));
            }
            n => self.toggle(n - FIXED_ROWS, cx),
        }
    }

    /// Turns a kind of notification on or off at once (no form: one key,
    /// one change, said in the status line).
    fn toggle(&mut self, index: usize, cx: &mut Cx) {
        let Some(setting) = self
            .profile
            .as_ref()
            .and_then(|p| p.notify.get(index).copied())
        else {
            return;
        };
        let on = !setting.on;
        let done = cx.service.set_notify(cx.actor, None, &[setting.kind], on);
        if cx.attempt(done).is_some() {
            if let Some(p) = self.profile.as_mut() {
                p.notify[index].on = on;
            }
            let key = if on {
                "tui.profile.notify_on"
            } else {
                "tui.profile.notify_off"
            };
            let kind = cx.i18n.text(&setting.kind.label_key()).to_string();
            cx.info(&Msg::new(key).arg("kind", kind));
            self.read_again(cx);
        }
    }

    fn save(&mut self, job: Job, form: &KeyedForm<Field>, cx: &mut Cx) -> service::Result<Msg> {
        match job {
            Job::Account => {
                let Some(profile) = &self.profile else {
                    return Err(service::Error::Conflict(Msg::new(
                        "error.nothing_to_change",
                    )));
                };
                let u = &profile.user;
                let name = form.changed(Field::Name, &u.full_name);
                let email = form.changed(Field::Email, or_empty(&u.email));
                let phone = form.changed(Field::Phone, or_empty(&u.phone));
                let edit = ProfileEdit {
                    full_name: name.as_deref(),
                    email: email.as_deref(),
                    phone: phone.as_deref(),
                    cohort: None,
                    company: None,
                };
                cx.service.edit_user(cx.actor, &u.login, &edit)?;
                Ok(Msg::new("tui.profile.saved"))
            }
            Job::Password => {
                let (current, new, again) = (
                    form.value(Field::Current),
                    form.value(Field::New),
                    form.value(Field::Again),
                );
                cx.service
                    .change_own_password(cx.actor, &current, &new, &again)?;
                Ok(Msg::new("tui.profile.password_changed"))
            }
        }
    }
}

impl Pane for ProfilePane {
    fn title(&self) -> &'static str {
        "tui.profile.title"
    }

    fn layer(&self) -> Layer {
        if self.form.is_some() {
            Layer::Form
        } else {
            Layer::Profile
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.read_again(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        let last = self.rows().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open | Action::Edit | Action::Toggle => self.open_selected(cx),
            Action::Refresh => self.read_again(cx),
            Action::Back => self.closed = true,
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some((job, mut form)) = self.form.take() else {
            return false;
        };
        match form.on_key(key, cx.keys) {
            FormEvent::Editing => self.form = Some((job, form)),
            FormEvent::Cancel => {}
            FormEvent::Submit => match self.save(job, &form, cx) {
                Ok(msg) => {
                    cx.info(&msg);
                    self.read_again(cx);
                }
                // Refused: the form stays, with what was typed.
                Err(e) => {
                    form.fail(cx.i18n.render(&e.message()));
                    self.form = Some((job, form));
                }
            },
        }
        true
    }

    fn typing(&self) -> bool {
        self.form.is_some()
    }

    fn unsaved(&self) -> bool {
        self.form.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    fn collect(&mut self, cx: &mut Cx) {
        let answer = self.read.take();
        self.take(answer, cx);
    }

    fn waiting(&self) -> bool {
        self.read.waiting()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let mut lines: Vec<Line> = Vec::new();
        let mark = |i: usize| if i == self.selected { "▶ " } else { "  " };
        match &self.profile {
            None => lines.push(Line::from(view.t("tui.profile.loading"))),
            Some(p) => {
                let u = &p.user;
                let account = format!(
                    "{}{}: {} · {}: {} · {}: {}",
                    mark(0),
                    view.t("tui.profile.name"),
                    clean(&u.full_name),
                    view.t("tui.profile.email"),
                    clean(or_empty(&u.email)),
                    view.t("tui.profile.phone"),
                    clean(or_empty(&u.phone)),
                );
                lines.push(Line::from(account));
                lines.push(Line::from(format!(
                    "{}{}",
                    mark(1),
                    view.t("tui.profile.change_password")
                )));
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(
                    view.t("tui.profile.notifications").to_string(),
                    view.theme.header,
                )));
                for (i, s) in p.notify.iter().enumerate() {
                    let state = if s.on {
                        view.t("tui.profile.on")
                    } else {
                        view.t("tui.profile.off")
                    };
                    lines.push(Line::from(format!(
                        "{}[{state}] {}",
                        mark(i + FIXED_ROWS),
                        view.t(&s.kind.about_key())
                    )));
                }
            }
        }
        let height = (lines.len() as u16 + 2).min(area.height);
        let width = 90.min(area.width);
        let rect = crate::tui::widgets::centered(area, width, height);
        frame.render_widget(Clear, rect);
        let title = match &self.profile {
            Some(p) => view
                .i18n
                .with("tui.profile.title_of", &[("login", &clean(&p.user.login))]),
            None => view.t("tui.profile.title").to_string(),
        };
        let block = crate::tui::widgets::boxed(view, format!(" {title} "), true);
        frame.render_widget(
            Paragraph::new(lines).block(block).style(view.theme.base),
            rect,
        );
        if let Some((_, form)) = &self.form {
            form.draw(frame, area, view);
        }
    }
}
