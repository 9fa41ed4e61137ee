//! The screens before a session: creating the first admin on an empty file,
//! signing in, and the lock screen (the same user's password, or another
//! user, which ends the first one's session).

use super::action::Action;
use super::event::Event;
use super::keymap::{Keymap, Layer};
use super::pane::View;
use super::widgets::form::{Field, FieldKind, Form, FormEvent};
use super::widgets::{centered, clean};
use crate::i18n::I18n;
use crate::service::{self, FrontEnd, Origin};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use std::sync::mpsc::Sender;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GateKind {
    Setup,
    SignIn,
    /// Locked while this user was signed in.
    Locked(String),
}

pub struct Gate {
    pub kind: GateKind,
    pub form: Form,
    /// bcrypt is running on another thread.
    pub busy: bool,
    quit: bool,
    /// "Quit?" is asked (Esc on an empty lock screen, or in a demo).
    pub asking_quit: bool,
}

/// Work that must not run on the UI thread.
pub enum Job {
    SignIn {
        login: String,
        password: String,
    },
    Setup {
        login: String,
        name: String,
        password: String,
    },
}

impl Job {
    pub fn spawn(self, reopen: &service::Reopen, events: Sender<Event>) {
        let reopen = reopen.clone();
        let fallback = events.clone();
        let spawned = std::thread::Builder::new()
            .name("sign-in".into())
            .spawn(move || {
                let result = reopen.open().and_then(|mut service| self.run(&mut service));
                let _ = events.send(Event::SignedIn(result));
            });
        if spawned.is_err() {
            // No thread to be had: say so through the same path.
            let _ = fallback.send(Event::SignedIn(Err(service::Error::Hashing(
                "no thread available".into(),
            ))));
        }
    }

    pub fn run(&self, service: &mut service::Service) -> service::Result<service::Actor> {
        let origin = Origin::of_this_process(FrontEnd::Tui);
        match self {
            Job::SignIn { login, password } => service.sign_in(&service::SignInAttempt {
                login,
                password,
                origin: &origin,
            }),
            Job::Setup {
                login,
                name,
                password,
            } => service.init(login, name, password, &origin),
        }
    }
}

impl Gate {
    pub fn setup() -> Gate {
        let fields = vec![
            Field::new("tui.gate.login", FieldKind::Line).with_text("admin"),
            Field::new("tui.gate.full_name", FieldKind::Line),
            Field::new("tui.gate.password", FieldKind::Secret),
            Field::new("tui.gate.password_again", FieldKind::Secret),
        ];
        Gate::of(GateKind::Setup, Form::new("tui.gate.setup_title", fields))
    }

    pub fn sign_in(locked_login: Option<String>) -> Gate {
        let login = Field::new("tui.gate.login", FieldKind::Line);
        let password = Field::new("tui.gate.password", FieldKind::Secret);
        match locked_login {
            Some(who) => {
                let mut form = Form::new(
                    "tui.gate.locked_title",
                    vec![login.with_text(&who), password],
                );
                form.focus = 1;
                Gate::of(GateKind::Locked(who), form)
            }
            None => Gate::of(
                GateKind::SignIn,
                Form::new("tui.gate.sign_in_title", vec![login, password]),
            ),
        }
    }

    fn of(kind: GateKind, form: Form) -> Gate {
        Gate {
            kind,
            form,
            busy: false,
            quit: false,
            asking_quit: false,
        }
    }

    pub fn wants_quit(&self) -> bool {
        self.quit
    }

    /// A key typed on the gate; a job to start when the form is complete.
    /// `demo`: quitting deletes the demo's database, so it asks first.
    pub fn on_key(&mut self, key: KeyEvent, i18n: &I18n, keys: &Keymap, demo: bool) -> Option<Job> {
        if self.busy {
            return None;
        }
        if self.asking_quit {
            self.asking_quit = false;
            self.quit = keys.action_in(Layer::Confirm, key) == Some(Action::Yes);
            return None;
        }
        let cancel = keys.action_in(Layer::Form, key) == Some(Action::Cancel);
        if cancel && self.kind != GateKind::Setup {
            self.on_cancel(demo);
            return None;
        }
        match self.form.on_key(key, keys) {
            FormEvent::Editing => None,
            FormEvent::Cancel => {
                self.quit = true;
                None
            }
            FormEvent::Submit => self.submit(i18n),
        }
    }

    /// Esc on the sign-in or lock screen: typed text is cleared first;
    /// then the lock screen (a session to lose) and a demo (a database to
    /// lose) ask before quitting, a plain sign-in quits.
    fn on_cancel(&mut self, demo: bool) {
        if self.form.is_dirty() {
            let locked = match &self.kind {
                GateKind::Locked(who) => Some(who.clone()),
                _ => None,
            };
            let error = self.form.error.take();
            self.form = Gate::sign_in(locked).form;
            self.form.error = error;
        } else if demo || matches!(self.kind, GateKind::Locked(_)) {
            self.asking_quit = true;
        } else {
            self.quit = true;
        }
    }

    fn submit(&mut self, i18n: &I18n) -> Option<Job> {
        let login = self.form.value(0).trim().to_string();
        if login.is_empty() {
            self.form.focus = 0;
            self.form.fail(i18n.text("tui.gate.login_needed").into());
            return None;
        }
        let job = if self.kind == GateKind::Setup {
            let password = self.form.value(2);
            if password != self.form.value(3) {
                self.form.focus = 3;
                self.form
                    .fail(i18n.text("tui.gate.passwords_differ").into());
                return None;
            }
            Job::Setup {
                login,
                name: self.form.value(1),
                password,
            }
        } else {
            Job::SignIn {
                login,
                password: self.form.value(1),
            }
        };
        self.busy = true;
        self.form.error = None;
        Some(job)
    }

    /// The job failed: say why, and let the person try again. The password
    /// of a failed sign-in is cleared; a setup form keeps everything.
    pub fn failed(&mut self, message: &str) {
        self.busy = false;
        if self.kind != GateKind::Setup {
            self.form.fields[1] = Field::new("tui.gate.password", FieldKind::Secret);
            self.form.focus = 1;
        }
        self.form.fail(message.to_string());
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View, demo: Option<&DemoLogins>) {
        let side = demo.map_or(0, |_| 44.min(area.width / 2));
        let [main, aside] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(side)]).areas(area);
        let hint = match &self.kind {
            _ if self.asking_quit => self.quit_question(view, demo.is_some()),
            GateKind::Setup => view.t("tui.gate.setup_hint").to_string(),
            GateKind::SignIn => view.t("tui.gate.sign_in_hint").to_string(),
            GateKind::Locked(_) => view.t("tui.gate.locked_hint").to_string(),
        };
        let hint = hint.as_str();
        // The title, the hint as wrapped, and "Checking…" while busy: a
        // fixed height cut the hint (and hid "Checking…") on 80 columns.
        let banner_height = 1 + wrapped_lines(hint, main.width) + u16::from(self.busy);
        let [banner, body] =
            Layout::vertical([Constraint::Length(banner_height), Constraint::Min(5)]).areas(main);
        let mut intro = vec![Line::from(Span::styled("guichet", view.theme.title))];
        intro.push(Line::from(Span::styled(hint, view.theme.dim)));
        if self.busy {
            intro.push(Line::from(Span::styled(
                view.t("tui.gate.checking"),
                view.theme.info,
            )));
        }
        frame.render_widget(
            Paragraph::new(intro)
                .wrap(Wrap { trim: true })
                .style(view.theme.base),
            banner,
        );
        self.form.draw(frame, centered(body, 60, body.height), view);
        if let Some(demo) = demo {
            draw_demo(frame, aside, view, demo);
        }
    }
}

impl Gate {
    /// What quitting from here loses, and the keys that answer.
    fn quit_question(&self, view: &View, demo: bool) -> String {
        let what = match (&self.kind, demo) {
            (_, true) => "tui.gate.quit_demo",
            (GateKind::Locked(_), false) => "tui.gate.quit_locked",
            _ => "tui.gate.quit_plain",
        };
        let yes = view.key_label_in(Layer::Confirm, Action::Yes);
        let no = view.key_label_in(Layer::Confirm, Action::No);
        view.i18n
            .render(&crate::domain::Msg::new(what).arg("yes", yes).arg("no", no))
    }
}

/// How many lines `text` takes once word-wrapped to `width` columns.
fn wrapped_lines(text: &str, width: u16) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let mut lines = 1u16;
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines = lines.saturating_add(1);
            used = 0;
        }
        used += if used == 0 { w } else { 1 + w };
        // A word longer than the line is broken over several.
        while used > width {
            lines = lines.saturating_add(1);
            used -= width;
        }
    }
    lines
}

/// The demo's shared password and its logins by role.
pub type DemoLogins = (String, Vec<(String, Vec<String>)>);

fn draw_demo(frame: &mut Frame, area: Rect, view: &View, (password, logins): &DemoLogins) {
    let mut lines = vec![
        Line::from(view.t("tui.gate.demo_password")),
        Line::from(Span::styled(clean(password).into_owned(), view.theme.key)),
        Line::from(""),
    ];
    for (role, names) in logins {
        let shown: Vec<_> = names
            .iter()
            .take(3)
            .map(|n| clean(n).into_owned())
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", clean(role)), view.theme.header),
            Span::raw(shown.join(", ")),
        ]));
    }
    let block = crate::tui::widgets::boxed(view, view.t("tui.gate.demo_title"), false);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
