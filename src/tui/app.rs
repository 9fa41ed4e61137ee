//! The dashboard's state and how events change it. Drawing is in
//! `frame.rs`; the screens before sign-in are in `gate.rs`.

use super::action::Action;
use super::background::{Reader, Spawner};
use super::draft_offer::DraftOffer;
use super::event::Event;
use super::gate::Gate;
use super::keymap::{Keymap, Layer};
use super::pane::{Cx, Notice, Pane, View};
use super::theme::Theme;
use crate::i18n::I18n;
use crate::service::{Actor, Service};
use ratatui::crossterm::event::KeyEvent;
use std::sync::mpsc::Sender;

/// The file the dashboard runs on: how to open more connections to it
/// (sign-in runs bcrypt on its own thread, with its own connection), and
/// the demo's logins when it is a `--demo` file.
#[derive(Clone)]
pub struct Launch {
    pub reopen: crate::service::Reopen,
    /// The demo's logins and shared password, shown on the sign-in screen.
    pub demo: Option<super::gate::DemoLogins>,
    /// The tabs a session may have, in order: [`super::tabs::TABS`], or more in tests.
    pub tabs: &'static [super::pane::TabSpec],
    /// How background reads and jobs run (tests slow them down).
    pub tuning: super::background::Tuning,
}

/// What a pane gets to handle one event, as the session's actor.
fn cx<'a>(
    service: &'a mut Service,
    actor: &'a Actor,
    looks: &'a Looks,
    launch: &'a Launch,
    events: &'a Sender<Event>,
) -> Cx<'a> {
    Cx {
        service,
        actor,
        i18n: &looks.i18n,
        tz: looks.tz,
        notice: None,
        spawner: Spawner {
            reopen: &launch.reopen,
            events,
            tuning: &launch.tuning,
        },
        keys: &looks.keys,
    }
}

/// [`cx`] for a pane of `session`, from the app's fields (a macro, so that
/// the borrows of `self.screen` and of the other fields stay apart).
macro_rules! pane_cx {
    ($app:ident, $session:ident) => {
        $crate::tui::app::cx(
            &mut $app.service,
            &$session.actor,
            &$app.looks,
            &$app.launch,
            &$app.events,
        )
    };
}

/// A key that does nothing where it was pressed says so, rather than
/// nothing happening (or another action happening) unseen.
fn nothing_here(key: KeyEvent, i18n: &I18n) -> Option<Notice> {
    let label = super::keymap::Key::of(key).label();
    let named = matches!(key.code, ratatui::crossterm::event::KeyCode::Char(_)) || label != "?";
    named.then(|| {
        let key = super::pane::key_names(i18n, &label);
        Notice::Info(i18n.render(&crate::domain::Msg::new("tui.keys.nothing").arg("key", key)))
    })
}

/// "login · role", as the status line shows who is signed in. In French
/// the role goes by its French name (a key is English); in English by its
/// key, which the tests and people's habits read (its key if unreadable).
fn who(service: &Service, actor: &Actor, user: &crate::store::users::User, i18n: &I18n) -> String {
    // The role's label in the interface's language: a key never reaches the screen.
    let role = service.my_role(actor).map(|r| match i18n.lang() {
        crate::i18n::Lang::Fr => r.label_fr,
        crate::i18n::Lang::En => r.label_en,
    });
    format!(
        "{} · {}",
        user.login,
        role.unwrap_or_else(|_| user.role_key.clone())
    )
}

/// Look and feel, from the configuration.
pub struct Looks {
    pub i18n: I18n,
    pub theme: Theme,
    pub keys: Keymap,
    pub tz: chrono_tz::Tz,
    pub idle_lock_secs: i64,
    pub mouse: bool,
}

pub enum Screen {
    Gate(Gate),
    Main(Box<Session>),
}

/// A signed-in session: its tabs exist only while it does, so a lock or a
/// sign-out drops every piece of data they held.
pub struct Session {
    pub actor: Actor,
    /// "login · role", as the status line shows it.
    pub who: String,
    pub tabs: Vec<Box<dyn Pane>>,
    pub active: usize,
    pub overlay: Overlay,
    pub unread: i64,
    /// The unread count and the draft kept at the last lock are read off
    /// the UI thread, there (the draft once, at sign-in).
    unread_read: Reader<(), i64>,
    draft_read: Option<Reader<(), Option<crate::domain::draft::Draft>>>,
    data_version: i64,
    last_input: i64,
}

pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Notifications(Box<dyn Pane>),
    /// "My profile", from any tab.
    Profile(Box<super::panes::profile::ProfilePane>),
    ConfirmQuit,
    /// A form kept at the last signal or lock, offered back.
    Draft(Box<DraftOffer>),
}

pub struct App {
    pub service: Service,
    pub launch: Launch,
    pub looks: Looks,
    pub screen: Screen,
    pub notice: Option<Notice>,
    pub events: Sender<Event>,
    pub quit: bool,
    /// The signal that ended the dashboard, for the exit status.
    pub stopped_by: Option<i32>,
    /// Where tabs sit on the top line, as last drawn (for mouse clicks).
    pub tab_spans: std::cell::RefCell<Vec<(u16, u16)>>,
    pub pane_area: std::cell::Cell<ratatui::layout::Rect>,
}

impl App {
    pub fn new(service: Service, launch: Launch, looks: Looks, events: Sender<Event>) -> App {
        let gate = match service.needs_setup() {
            Ok(true) => Gate::setup(),
            _ => Gate::sign_in(None),
        };
        App {
            service,
            launch,
            looks,
            screen: Screen::Gate(gate),
            notice: None,
            events,
            quit: false,
            stopped_by: None,
            tab_spans: Default::default(),
            pane_area: Default::default(),
        }
    }

    pub fn view(&self) -> View<'_> {
        View {
            i18n: &self.looks.i18n,
            theme: &self.looks.theme,
            keys: &self.looks.keys,
            tz: self.looks.tz,
            now: self.service.now(),
            instant: std::time::Instant::now(),
        }
    }

    /// Handles one event; an error it puts on the status line also goes to
    /// the error log (every pane's refusals and failures end up there).
    pub fn handle(&mut self, event: Event) {
        let before = self.notice.clone();
        self.dispatch(event);
        if let Some(Notice::Error(text)) = &self.notice {
            if before.as_ref() != self.notice.as_ref() {
                crate::errlog::shown(text, None);
            }
        }
    }

    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Mouse(mouse) => self.on_mouse(mouse),
            Event::Resize => {}
            Event::Tick => self.on_tick(),
            Event::Signal(signal) => {
                self.keep_draft();
                self.stopped_by = Some(signal);
                self.quit = true;
            }
            Event::SignedIn(result) => self.on_signed_in(result),
            // The worker writes through its own connection: its report
            // wakes the check of the data version at once, without waiting
            // for the tick.
            Event::Worker(_) => self.on_tick(),
            Event::Background => self.collect_background(),
            Event::Progress(progress) => {
                if let Screen::Main(session) = &mut self.screen {
                    for pane in &mut session.tabs {
                        pane.on_progress(&progress);
                    }
                }
            }
        }
    }

    /// A pane's background read finished: every pane takes what is its own
    /// (a tab left meanwhile shows its answer when it comes back).
    fn collect_background(&mut self) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let mut cx = pane_cx!(self, session);
        for pane in &mut session.tabs {
            pane.collect(&mut cx);
        }
        if let Overlay::Notifications(pane) = &mut session.overlay {
            pane.collect(&mut cx);
        }
        if let Overlay::Profile(pane) = &mut session.overlay {
            pane.collect(&mut cx);
        }
        if let Some((_, read)) = session.unread_read.take() {
            session.unread = read.unwrap_or(0);
        }
        if cx.notice.is_some() {
            self.notice = cx.notice;
        }
        self.take_draft();
    }

    /// Some pane waits for a background read (tests wait for it to land).
    pub fn background_pending(&self) -> bool {
        match &self.screen {
            Screen::Main(session) => {
                session.tabs.iter().any(|p| p.waiting())
                    || matches!(&session.overlay, Overlay::Notifications(p) if p.waiting())
                    || matches!(&session.overlay, Overlay::Profile(p) if p.waiting())
                    || session.unread_read.waiting()
                    || session.draft_read.as_ref().is_some_and(Reader::waiting)
            }
            Screen::Gate(_) => false,
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        if let Screen::Gate(gate) = &mut self.screen {
            let demo = self.launch.demo.is_some();
            let job = gate.on_key(key, &self.looks.i18n, &self.looks.keys, demo);
            if let Some(job) = job {
                job.spawn(&self.launch.reopen, self.events.clone());
            }
            if gate.wants_quit() {
                self.quit = true;
            }
            return;
        }
        let now = self.service.now();
        if let Screen::Main(session) = &mut self.screen {
            session.last_input = now;
        }
        // Lock works in every layer: the keymap refuses a layer that
        // would hide it.
        if self.looks.keys.action_in(Layer::Global, key) == Some(Action::Lock) {
            return self.lock_keeping_draft();
        }
        self.notice = None;
        self.on_session_key(key, None);
    }

    /// A key, or a move that is not one (`wheel`: the mouse wheel's).
    fn on_session_key(&mut self, key: KeyEvent, wheel: Option<Action>) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let mut cx = pane_cx!(self, session);
        match &mut session.overlay {
            Overlay::ConfirmQuit => {
                match super::widgets::confirm::Confirm::new("").on_key(key, cx.keys) {
                    super::widgets::confirm::Answer::Yes => self.quit = true,
                    super::widgets::confirm::Answer::No => session.overlay = Overlay::None,
                    super::widgets::confirm::Answer::Pending => {}
                }
                return;
            }
            Overlay::Help { scroll } => {
                match wheel.or_else(|| cx.keys.action_in(Layer::List, key)) {
                    Some(Action::Down) => *scroll = scroll.saturating_add(1),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    _ => session.overlay = Overlay::None,
                }
                return;
            }
            Overlay::Draft(offer) => {
                let step = offer.on_key(key);
                drop(cx);
                return self.on_offer(step);
            }
            Overlay::Notifications(pane) => {
                let found = match wheel {
                    Some(a) => Some((a, Layer::List)),
                    None => cx.keys.resolve(pane.layer(), key),
                };
                let taken = (pane.typing() && pane.on_key(key, &mut cx))
                    || found.is_some_and(|(a, layer)| {
                        layer != Layer::Global && pane.on_action(a, &mut cx)
                    });
                let action = found.map(|(a, _)| a);
                if !taken && matches!(action, Some(Action::Back | Action::Notifications)) {
                    session.overlay = Overlay::None;
                }
                // Marking read writes through this connection, which
                // `data_version` does not report: count again here (asked
                // after the write, so the answer counts it).
                if taken {
                    if let Some((_, read)) = session.unread_read.ask((), &cx) {
                        session.unread = read.unwrap_or(0);
                    }
                }
                self.notice = cx.notice;
                return;
            }
            Overlay::Profile(pane) => {
                let found = cx.keys.resolve(pane.layer(), key);
                let taken = (pane.typing() && pane.on_key(key, &mut cx))
                    || found.is_some_and(|(a, layer)| {
                        layer != Layer::Global && pane.on_action(a, &mut cx)
                    });
                let action = found.map(|(a, _)| a);
                let closing = !taken && matches!(action, Some(Action::Back | Action::Profile));
                if pane.closed || closing {
                    session.overlay = Overlay::None;
                }
                self.notice = cx.notice;
                return;
            }
            Overlay::None => {}
        }
        let pane = &mut session.tabs[session.active];
        if pane.typing() && pane.on_key(key, &mut cx) {
            self.notice = cx.notice;
            return;
        }
        let found = match wheel {
            Some(a) => Some((a, Layer::List)),
            None => cx.keys.resolve(pane.layer(), key),
        };
        let Some((action, layer)) = found else {
            self.notice = nothing_here(key, cx.i18n);
            return;
        };
        if layer != Layer::Global {
            // Not offered here: say why now, rather than open a form that
            // the service would refuse after the typing.
            if let Some(why) = pane.refused(action) {
                self.notice = Some(Notice::Error(cx.i18n.render(&why)));
                return;
            }
            let taken = pane.on_action(action, &mut cx);
            self.notice = match cx.notice {
                None if !taken => nothing_here(key, cx.i18n),
                notice => notice,
            };
            return;
        }
        drop(cx);
        self.on_global(action);
    }

    fn on_global(&mut self, action: Action) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let count = session.tabs.len();
        match action {
            Action::Quit if session.tabs.iter().any(|p| p.unsaved()) => {
                session.overlay = Overlay::ConfirmQuit
            }
            Action::Quit => self.quit = true,
            Action::Help => session.overlay = Overlay::Help { scroll: 0 },
            Action::NextTab => {
                let next = (session.active + 1) % count;
                self.show_tab(next)
            }
            Action::PrevTab => {
                let previous = (session.active + count - 1) % count;
                self.show_tab(previous)
            }
            Action::Profile => {
                let mut pane = super::panes::profile::make();
                let mut cx = pane_cx!(self, session);
                pane.refresh(&mut cx);
                self.notice = cx.notice;
                session.overlay = Overlay::Profile(pane);
            }
            Action::Notifications => {
                let mut pane = (super::panes::notifications::make)();
                let mut cx = pane_cx!(self, session);
                pane.refresh(&mut cx);
                self.notice = cx.notice;
                session.overlay = Overlay::Notifications(pane);
            }
            other => {
                if let Some(index) = other.tab_index().filter(|i| *i < count) {
                    self.show_tab(index);
                }
            }
        }
    }

    /// Shows a tab and reads its data afresh: only the visible pane is kept
    /// up to date.
    pub fn show_tab(&mut self, index: usize) {
        if let Screen::Main(session) = &mut self.screen {
            if index < session.tabs.len() {
                session.active = index;
                self.refresh_visible();
            }
        }
    }

    pub fn refresh_visible(&mut self) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let mut cx = pane_cx!(self, session);
        match &mut session.overlay {
            Overlay::Notifications(pane) => pane.refresh(&mut cx),
            Overlay::Profile(pane) => pane.refresh(&mut cx),
            _ => session.tabs[session.active].refresh(&mut cx),
        }
        if let Some((_, read)) = session.unread_read.ask((), &cx) {
            session.unread = read.unwrap_or(0);
        }
        if cx.notice.is_some() {
            self.notice = cx.notice;
        }
    }

    fn on_tick(&mut self) {
        let now = self.service.now();
        let version = self.service.data_version().unwrap_or(0);
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        if now - session.last_input >= self.looks.idle_lock_secs {
            return self.lock_keeping_draft();
        }
        if version != session.data_version {
            session.data_version = version;
            // A deactivated account is signed out at once; a new role shows.
            match self.service.me(&session.actor) {
                Ok(u) => session.who = who(&self.service, &session.actor, &u, &self.looks.i18n),
                Err(_) => return self.lock(),
            }
            self.refresh_visible();
        }
    }

    /// Drops the session and everything its panes held; the gate asks for
    /// the same user's password, or another user's.
    pub fn lock(&mut self) {
        let login = match &self.screen {
            Screen::Main(s) => Some(s.actor.login.clone()),
            Screen::Gate(_) => None,
        };
        self.notice = None;
        crate::errlog::set_login(None);
        self.screen = Screen::Gate(Gate::sign_in(login));
    }

    fn on_signed_in(&mut self, result: crate::service::Result<Actor>) {
        let Screen::Gate(gate) = &mut self.screen else {
            return;
        };
        match result {
            Err(e) => gate.failed(&self.looks.i18n.render(&e.message())),
            Ok(actor) => self.open_session(actor),
        }
    }

    pub fn open_session(&mut self, actor: Actor) {
        crate::errlog::set_login(Some(&actor.login));
        let who = match self.service.me(&actor) {
            Ok(user) => who(&self.service, &actor, &user, &self.looks.i18n),
            Err(_) => actor.login.clone(),
        };
        let tabs: Vec<Box<dyn Pane>> = self
            .launch
            .tabs
            .iter()
            .filter(|spec| spec.shown_to(&self.service, &actor))
            .map(|spec| (spec.make)())
            .collect();
        let now = self.service.now();
        self.screen = Screen::Main(Box::new(Session {
            actor,
            who,
            tabs,
            active: 0,
            overlay: Overlay::None,
            unread: 0,
            unread_read: Reader::new(super::panes::notifications::read_unread),
            draft_read: None,
            data_version: self.service.data_version().unwrap_or(0),
            last_input: now,
        }));
        self.refresh_visible();
        self.offer_draft();
    }
}

mod drafts;
mod mouse;
