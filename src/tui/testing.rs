//! Driving the dashboard without a terminal, for snapshot tests and the
//! benchmark: the real app over a real database file, keys fed as events,
//! frames drawn on ratatui's `TestBackend`.

use super::app::{App, Launch, Looks, Screen};
use super::event::Event;
use super::keymap::Keymap;
use super::theme::{Theme, ThemeKind};
use crate::i18n::{I18n, Lang};
use crate::service::{Clock, Service, Settings};
use crate::store::{OpenOptions, Store};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

pub struct Harness {
    pub app: App,
    events: Receiver<Event>,
    terminal: Terminal<TestBackend>,
}

/// What a harness is made of; the defaults suit snapshots.
pub struct Setup {
    pub lang: Lang,
    pub theme: ThemeKind,
    pub size: (u16, u16),
    pub idle_lock_secs: i64,
    /// Fixed by default (2026-11-22 10:00 UTC) so snapshots hold still.
    pub clock: Option<Clock>,
    pub settings: Settings,
    /// The demo's logins and password on the sign-in screen, as `--demo`.
    pub demo: Option<super::gate::DemoLogins>,
    /// The dashboard's tabs; a test may add one of its own.
    pub tabs: &'static [super::pane::TabSpec],
    /// How background reads run: a test holds them back with a hook.
    pub tuning: super::background::Tuning,
    /// The key bindings, as `[keys]` would give them.
    pub keys: Keymap,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            lang: Lang::En,
            theme: ThemeKind::Dark,
            size: (80, 24),
            idle_lock_secs: 600,
            clock: None,
            settings: Settings {
                bcrypt_cost: 4,
                ..Settings::default()
            },
            demo: None,
            tabs: super::tabs::TABS,
            tuning: Default::default(),
            keys: Keymap::defaults(),
        }
    }
}

pub const FIXED_NOW: i64 = 1_795_341_600;

impl Harness {
    /// The dashboard on the database at `path` (created if missing).
    pub fn open(path: &Path, setup: Setup) -> Harness {
        let options = OpenOptions {
            busy_timeout: Duration::from_secs(5),
            now: FIXED_NOW,
            create: true,
        };
        let store = Store::open(path, &options).unwrap_or_else(|e| panic!("open {path:?}: {e:?}"));
        let settings = Settings {
            attachment_dir: path.with_extension("attachments"),
            // Beside the file too: a draft kept in one test (at a lock)
            // must not be offered to the same login in another.
            drafts_dir: path.with_extension("drafts"),
            ..setup.settings
        };
        // One clock for the UI's service and the background readers'.
        let clock = std::sync::Mutex::new(setup.clock.unwrap_or_else(|| Box::new(|| FIXED_NOW)));
        let shared: crate::service::SharedClock = std::sync::Arc::new(move || match clock.lock() {
            Ok(clock) => clock(),
            Err(poisoned) => (poisoned.into_inner())(),
        });
        let ui_clock = std::sync::Arc::clone(&shared);
        let service = Service::new(store, settings.clone(), Box::new(move || ui_clock()));
        let launch = Launch {
            reopen: crate::service::Reopen {
                path: path.to_path_buf(),
                options,
                settings,
            },
            demo: setup.demo,
            tabs: setup.tabs,
            tuning: super::background::Tuning {
                clock: Some(shared),
                ..setup.tuning
            },
        };
        let looks = Looks {
            i18n: I18n::new(setup.lang).with_currency(launch.reopen.settings.currency.clone()),
            theme: Theme::of(setup.theme),
            keys: setup.keys,
            tz: chrono_tz::Europe::Paris,
            idle_lock_secs: setup.idle_lock_secs,
            mouse: true,
        };
        let (tx, events) = mpsc::channel();
        let app = App::new(service, launch, looks, tx);
        let terminal = Terminal::new(TestBackend::new(setup.size.0, setup.size.1))
            .unwrap_or_else(|e| panic!("test backend: {e}"));
        Harness {
            app,
            events,
            terminal,
        }
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Harness {
        self.key_with(code, KeyModifiers::NONE)
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Harness {
        self.app.handle(Event::Key(KeyEvent::new(code, modifiers)));
        self.settle();
        self
    }

    /// Handles a key without waiting for what it started in the
    /// background (the benchmark times the frame that follows at once).
    pub fn key_now(&mut self, code: KeyCode) -> &mut Harness {
        self.app
            .handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Harness {
        self.key_with(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Types text one character at a time, as a person would.
    pub fn keys(&mut self, text: &str) -> &mut Harness {
        for c in text.chars() {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.key_with(KeyCode::Char(c), modifiers);
        }
        self
    }

    /// A left click at this cell of the screen (after a draw, as a person
    /// clicks on what they see).
    pub fn click(&mut self, column: u16, row: u16) -> &mut Harness {
        use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
        self.draw();
        self.app.handle(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }));
        self.settle();
        self
    }

    /// A tick, and what it started in the background (a pane read again
    /// after a change elsewhere) lands.
    pub fn tick(&mut self) -> &mut Harness {
        self.app.handle(Event::Tick);
        self.settle();
        self
    }

    /// Waits for background jobs (a sign-in's bcrypt, a pane's search) and
    /// applies them.
    pub fn settle(&mut self) {
        let busy = |app: &App| {
            matches!(&app.screen, super::app::Screen::Gate(g) if g.busy) || app.background_pending()
        };
        while busy(&self.app) {
            match self.events.recv_timeout(Duration::from_secs(30)) {
                Ok(event) => self.app.handle(event),
                Err(_) => return,
            }
        }
        while let Ok(event) = self.events.try_recv() {
            self.app.handle(event);
        }
    }

    /// Applies what background work has sent so far (answers, progress),
    /// without waiting for the rest: a test of a slow read sees the frames
    /// drawn meanwhile.
    pub fn pump(&mut self) -> &mut Harness {
        while let Ok(event) = self.events.try_recv() {
            self.app.handle(event);
        }
        self
    }

    /// Signs in through the sign-in screen, as a person would.
    pub fn sign_in(&mut self, login: &str, password: &str) -> &mut Harness {
        self.keys(login)
            .key(KeyCode::Enter)
            .keys(password)
            .key(KeyCode::Enter)
    }

    pub fn draw(&mut self) -> &Buffer {
        let app = &self.app;
        self.terminal
            .draw(|f| super::frame::draw(app, f))
            .unwrap_or_else(|e| panic!("draw: {e}"));
        self.terminal.backend().buffer()
    }

    /// The screen as text, one line per row, for snapshots.
    pub fn screen(&mut self) -> String {
        buffer_text(self.draw())
    }

    /// The screen below the tab bar (the pane, its hints and the status
    /// line), for a pane's snapshots: adding a tab changes none of them.
    /// The whole screen while signed out.
    pub fn pane_screen(&mut self) -> String {
        let text = self.screen();
        match &self.app.screen {
            Screen::Main(_) => text.split_inclusive('\n').skip(1).collect(),
            Screen::Gate(_) => text,
        }
    }

    /// Goes to the tab of this title (its language-file key), whatever
    /// its number for the signed-in role, with its default key.
    pub fn open_tab(&mut self, title: &str) -> &mut Harness {
        let index = match &self.app.screen {
            Screen::Main(session) => session.tabs.iter().position(|p| p.title() == title),
            Screen::Gate(_) => None,
        };
        let index = index.unwrap_or_else(|| panic!("no tab {title} for this session"));
        self.keys(&(index + 1).to_string())
    }

    /// Goes to the section of this title within the current tab (Admin's
    /// Users, Roles…), moving right as a person would.
    pub fn open_section(&mut self, title: &str) -> &mut Harness {
        for _ in 0..16 {
            if self.section() == Some(title) {
                return self;
            }
            self.key(KeyCode::Right);
        }
        panic!("no section {title} in this tab (at {:?})", self.section())
    }

    fn section(&self) -> Option<&'static str> {
        match &self.app.screen {
            Screen::Main(session) => session.tabs[session.active].section(),
            Screen::Gate(_) => None,
        }
    }
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let mut out = String::new();
    for (i, cell) in buffer.content.iter().enumerate() {
        out.push_str(cell.symbol());
        if (i + 1) % width == 0 {
            out.push('\n');
        }
    }
    out
}
