//! The dashboard's test level: the real app through
//! `guichet::tui::testing::Harness` over a real database file, without a
//! terminal (the real binary in a terminal is `tmux`). A demo desk on the
//! fixed clock, a demo administrator signed in, the snapshot looks, and the
//! masks that keep snapshots still.

use guichet::i18n::Lang;
use guichet::service::demo::DemoSummary;
use guichet::service::{Actor, Clock, FrontEnd, Origin, Service, SignInAttempt};
use guichet::store::{OpenOptions, Store};
use guichet::tui::app::Screen;
use guichet::tui::testing::{Harness, Setup, FIXED_NOW};
use guichet::tui::theme::ThemeKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The looks every pane snapshot is taken in: (name suffix, lang, theme,
/// size).
pub const LOOKS: [(&str, Lang, ThemeKind, (u16, u16)); 5] = [
    ("en_80", Lang::En, ThemeKind::Dark, (80, 24)),
    ("fr_80", Lang::Fr, ThemeKind::Dark, (80, 24)),
    ("en_160", Lang::En, ThemeKind::Dark, (160, 48)),
    ("fr_160", Lang::Fr, ThemeKind::Dark, (160, 48)),
    ("mono_80", Lang::En, ThemeKind::Mono, (80, 24)),
];

/// The string every "inert on screen" test stores.
pub const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";

pub fn setup(lang: Lang, theme: ThemeKind, size: (u16, u16)) -> Setup {
    Setup {
        lang,
        theme,
        size,
        ..Setup::default()
    }
}

/// English, dark, 100×30: the look of the tests that read the screen
/// without a snapshot.
pub fn setup_en() -> Setup {
    setup(Lang::En, ThemeKind::Dark, (100, 30))
}

/// The first login the demo made for `role`.
pub fn first_login(logins: &[(String, Vec<String>)], role: &str) -> String {
    logins
        .iter()
        .find(|(r, _)| r == role)
        .and_then(|(_, l)| l.first().cloned())
        .unwrap_or_else(|| panic!("no {role} in the demo"))
}

/// A demo database of `tickets` tickets (seed 1, the harness's fixed
/// clock) written at `path`.
pub fn demo_file(path: &Path, tickets: u64) -> DemoSummary {
    Harness::open(path, Setup::default())
        .app
        .service
        .fill_demo(tickets, 1)
        .unwrap()
}

/// The dashboard on `path`, signed in as `login`.
pub fn open_as(path: &Path, setup: Setup, login: &str, password: &str) -> Harness {
    let mut h = Harness::open(path, setup);
    h.sign_in(login, password);
    assert!(
        matches!(h.app.screen, Screen::Main(_)),
        "{login} did not sign in"
    );
    h
}

/// A demo desk of the Urgency, Logs and notifications tests: the demo on
/// the fixed clock, its levels computed.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub password: String,
    /// The logins of each role, by role key.
    pub logins: Vec<(String, Vec<String>)>,
}

impl Desk {
    pub fn login(&self, role: &str) -> String {
        first_login(&self.logins, role)
    }
}

/// A demo of `tickets` tickets with its urgency computed.
pub fn desk(tickets: u64) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut h = Harness::open(&path, Setup::default());
    let demo = h.app.service.fill_demo(tickets, 1).unwrap();
    h.app.service.urgency_pass().unwrap();
    Desk {
        dir,
        path,
        password: demo.password,
        logins: demo.logins,
    }
}

static COPIES: AtomicUsize = AtomicUsize::new(0);

impl Desk {
    /// A copy of the desk's file, so that each screen starts from the same
    /// data (a sign-in writes to the journal).
    pub fn copy(&self) -> PathBuf {
        let n = COPIES.fetch_add(1, Ordering::Relaxed);
        // Same file name in its own folder: the status line shows it.
        let folder = self.dir.path().join(format!("copy{n}"));
        std::fs::create_dir(&folder).unwrap();
        let to = folder.join("desk.db");
        std::fs::copy(&self.path, &to).unwrap();
        std::fs::copy(super::key_file(&self.path), super::key_file(&to)).unwrap();
        to
    }
}

/// Another connection to the file, as another process would open, on the
/// fixed clock (or `clock`).
pub fn second_service(path: &Path, clock: Option<Clock>) -> Service {
    let options = OpenOptions {
        busy_timeout: std::time::Duration::from_secs(5),
        now: FIXED_NOW,
        create: false,
    };
    let store = Store::open(path, &options).unwrap();
    let settings = guichet::service::Settings {
        bcrypt_cost: 4,
        attachment_dir: path.with_extension("attachments"),
        ..Default::default()
    };
    Service::new(
        store,
        settings,
        clock.unwrap_or_else(|| Box::new(|| FIXED_NOW)),
    )
}

pub fn sign_in(service: &mut Service, login: &str, password: &str) -> Actor {
    let origin = Origin::of_this_process(FrontEnd::Cli);
    service
        .sign_in(&SignInAttempt {
            login,
            password,
            origin: &origin,
        })
        .unwrap()
}

/// The signed-in actor of the dashboard.
pub fn actor(h: &Harness) -> Actor {
    match &h.app.screen {
        Screen::Main(s) => s.actor.clone(),
        Screen::Gate(_) => panic!("not signed in"),
    }
}

/// The screen with what the real clock and machine wrote masked: the
/// gate's sign-in runs on its own connection with the system clock, so
/// its journal row carries today's time and this host's name.
pub fn screen(h: &mut Harness) -> String {
    let mut text = mask_hashes(&h.pane_screen());
    let Ok(attempts) = h.app.service.journal(&actor(h), i64::MAX, 50) else {
        return text;
    };
    for a in attempts.iter().filter(|a| a.front_end == "tui") {
        let at = chrono::DateTime::from_timestamp(a.at, 0)
            .unwrap()
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if line.contains(&at) {
                    mask_row(&line.replace(&at, "YYYY-MM-DD hh:mm"))
                } else {
                    line.to_string()
                }
            })
            .collect();
        text = lines.join("\n") + "\n";
    }
    text
}

/// Hides the audit entries' hashes: they are keyed with the site key,
/// drawn at random for each desk. Any run of 16 or more hex digits is one.
fn mask_hashes(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 16 {
            out.push_str(&"#".repeat(run.chars().count()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in screen.chars() {
        if c.is_ascii_digit() || ('a'..='f').contains(&c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Hides everything after the `tui` column of a journal row up to the
/// section's border: the host, OS user and terminal of this machine.
fn mask_row(line: &str) -> String {
    let Some(via) = line.find(" tui ") else {
        return line.to_string();
    };
    let start = via + " tui ".len();
    let end = line[start..].find('│').map_or(line.len(), |e| start + e);
    let stars = "*".repeat(line[start..end].chars().count());
    format!("{}{stars}{}", &line[..start], &line[end..])
}

/// The unread counter of the status line: `✉ 3`.
pub fn unread_shown(screen: &str) -> String {
    let at = screen.find('✉').expect("no counter");
    screen[at..].split('│').next().unwrap().trim().to_string()
}

/// Writes what the services refuse, as an older version or a hand-edited
/// file might hold it: a hostile title on ticket `id`, an audit entry by a
/// hostile login about it, a sign-in attempt under that login, and an
/// unknown login's hash as hostile text.
pub fn plant_hostile(path: &Path, id: i64) {
    let conn = super::raw(path);
    conn.execute(
        "UPDATE tickets SET title = ?1 WHERE id = ?2",
        rusqlite::params![format!("Printer {HOSTILE} jam"), id],
    )
    .unwrap();
    let summary = serde_json::json!({ "title": HOSTILE }).to_string();
    conn.execute(
        "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash)
         SELECT max(id) + 1, ?1, NULL, ?2, 'ticket.update', 'ticket', ?3, ?4, ?5, ?5 FROM audit_log",
        rusqlite::params![FIXED_NOW, HOSTILE, id.to_string(), summary, "0".repeat(64)],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO sign_in_journal (at, login_tried, user_id, outcome, front_end, os_user, host, terminal)
         VALUES (?1, ?2, NULL, 'locked', 'cli', ?2, ?2, ?2)",
        rusqlite::params![FIXED_NOW, HOSTILE],
    )
    .unwrap();
    // An unknown login shows its keyed hash: hostile too in a hand-edited file.
    conn.execute(
        "INSERT INTO sign_in_journal (at, login_mac, login_chars, user_id, outcome, front_end, os_user, host, terminal)
         VALUES (?1, ?2, 3, NULL, 'unknown_login', 'cli', 'x', 'x', 'x')",
        rusqlite::params![FIXED_NOW, HOSTILE],
    )
    .unwrap();
}

/// No escape or control character reached the screen, and the text did.
pub fn assert_inert(screen: &str) {
    assert!(screen.contains("pwned"), "{screen}");
    assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "{screen:?}"
    );
}

/// A demo site (its own folder) signed in as the demo's administrator, for
/// the Admin and Promos tests.
pub struct DemoAdmin {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub h: Harness,
    pub admin: Actor,
}

/// A demo of `tickets` tickets made by the dashboard of `setup`, signed in
/// as the demo's administrator; `before_sign_in` may change the data.
pub fn demo_admin(setup: Setup, tickets: u64, before_sign_in: impl FnOnce(&Path)) -> DemoAdmin {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guichet.db");
    let mut h = Harness::open(&path, setup);
    let demo = h.app.service.fill_demo(tickets, 1).unwrap();
    before_sign_in(&path);
    let login = first_login(&demo.logins, "admin");
    // The harness opened on an empty file: show the sign-in screen now.
    h.app.lock();
    h.sign_in(&login, &demo.password);
    let admin = match &h.app.screen {
        Screen::Main(session) => session.actor.clone(),
        Screen::Gate(_) => panic!("the demo admin could not sign in"),
    };
    DemoAdmin {
        dir,
        path,
        h,
        admin,
    }
}

/// A demo of 300 tickets, signed in as its administrator, in this look.
pub fn open_with(
    lang: Lang,
    theme: ThemeKind,
    size: (u16, u16),
    before_sign_in: impl FnOnce(&Path),
) -> DemoAdmin {
    demo_admin(setup(lang, theme, size), 300, before_sign_in)
}

pub fn open(lang: Lang, theme: ThemeKind, size: (u16, u16)) -> DemoAdmin {
    open_with(lang, theme, size, |_| {})
}

/// Neither an escape nor a bell reached the screen, and the name did (the
/// Admin and Promos tests; `assert_inert` refuses every control character).
pub fn assert_no_escape_or_bell(screen: &str) {
    assert!(
        !screen.contains('\u{1b}'),
        "escape reached the screen:\n{screen}"
    );
    assert!(
        !screen.contains('\u{7}'),
        "bell reached the screen:\n{screen}"
    );
    assert!(screen.contains("pwned"), "the name is not shown:\n{screen}");
}
