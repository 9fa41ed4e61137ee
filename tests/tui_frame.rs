//! The dashboard's frame and gate, driven through the real `App` over a real
//! SQLite file: snapshots of the screens before a session (setup, sign-in,
//! `--demo` sign-in, lock) and of the help overlay, and the state changes a
//! person makes with keys — setup, sign-in failures and lockout, idle lock,
//! Ctrl-L, switching user at the lock gate, quitting, switching tabs, and
//! `[keys]` conflicts.

mod support;

use guichet::domain::signin::LockoutPolicy;
use guichet::i18n::{I18n, Lang};
use guichet::service::users::NewUser;
use guichet::service::{Actor, FrontEnd, Origin, Service, Settings};
use guichet::tui::app::{Overlay, Screen};
use guichet::tui::gate::GateKind;
use guichet::tui::tabs::TABS;
use guichet::tui::testing::{Harness, Setup, FIXED_NOW};
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use support::tui::setup;

const ADMIN_PW: &str = "Correct-horse-battery-9";
const USER_PW: &str = "Staple-lamp-window-42";
const WRONG_PW: &str = "Not-the-password-0000";

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("g.db")
}

/// The five looks every screen is checked in.
fn looks() -> Vec<(&'static str, Lang, ThemeKind, (u16, u16))> {
    vec![
        ("en_80x24", Lang::En, ThemeKind::Dark, (80, 24)),
        ("en_160x48", Lang::En, ThemeKind::Dark, (160, 48)),
        ("fr_80x24", Lang::Fr, ThemeKind::Dark, (80, 24)),
        ("fr_160x48", Lang::Fr, ThemeKind::Dark, (160, 48)),
        ("mono_80x24", Lang::En, ThemeKind::Mono, (80, 24)),
    ]
}

fn origin() -> Origin {
    Origin::of_this_process(FrontEnd::Tui)
}

/// Creates the first admin and a learner and a technician in the file at
/// `path`, through the service.
fn populate(path: &Path) {
    let mut h = Harness::open(path, Setup::default());
    let service = &mut h.app.service;
    let admin = service
        .init("admin", "Ada Admin", ADMIN_PW, &origin())
        .unwrap();
    for (login, name, role) in [
        ("lea", "Léa Lemaire", "learner"),
        ("tom", "Tom Tech", "technician"),
    ] {
        add(service, &admin, login, name, role);
    }
}

fn add(service: &mut Service, admin: &Actor, login: &str, name: &str, role: &str) {
    service
        .add_user(
            admin,
            &NewUser {
                login,
                full_name: name,
                role,
                email: None,
                phone: None,
                cohort: None,
                company: None,
                password: USER_PW,
            },
        )
        .unwrap();
}

/// A populated file, opened on the sign-in screen.
fn signed_out(dir: &tempfile::TempDir, setup: Setup) -> Harness {
    populate(&db(dir));
    Harness::open(&db(dir), setup)
}

/// A populated file with the admin signed in.
fn signed_in(dir: &tempfile::TempDir, setup: Setup) -> Harness {
    let mut h = signed_out(dir, setup);
    h.sign_in("admin", ADMIN_PW);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
    h
}

fn gate_kind(h: &Harness) -> Option<GateKind> {
    match &h.app.screen {
        Screen::Gate(g) => Some(g.kind.clone()),
        Screen::Main(_) => None,
    }
}

fn active_tab(h: &Harness) -> usize {
    match &h.app.screen {
        Screen::Main(s) => s.active,
        Screen::Gate(_) => panic!("no session"),
    }
}

/// The titles of the tabs `login` may use, in order, as the tab registry
/// and the service decide (whatever the panes are by now).
fn expected_tabs(h: &Harness, login: &str, lang: Lang) -> Vec<String> {
    let i18n = I18n::new(lang);
    let user = guichet::store::users::by_login(h.app.service.store().conn(), login)
        .unwrap()
        .unwrap();
    let actor = Actor {
        id: user.user.id,
        login: user.user.login,
    };
    TABS.iter()
        .filter(|spec| spec.shown_to(&h.app.service, &actor))
        .map(|spec| i18n.text((spec.make)().title()).to_string())
        .collect()
}

/// The first line of the screen: the tab bar in a session.
fn top_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

fn tab_bar(titles: &[String]) -> String {
    titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!(" {} {t} ", i + 1))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- snapshots -----------------------------------------------------------

#[test]
fn snapshots_of_the_setup_screen() {
    for (name, lang, theme, size) in looks() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = Harness::open(&db(&dir), setup(lang, theme, size));
        assert_eq!(gate_kind(&h), Some(GateKind::Setup));
        insta::assert_snapshot!(format!("setup_{name}"), h.screen());
    }
}

#[test]
fn snapshots_of_the_sign_in_screen() {
    for (name, lang, theme, size) in looks() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = signed_out(&dir, setup(lang, theme, size));
        assert_eq!(gate_kind(&h), Some(GateKind::SignIn));
        insta::assert_snapshot!(format!("sign_in_{name}"), h.screen());
    }
}

#[test]
fn snapshots_of_the_demo_sign_in_screen() {
    for (name, lang, theme, size) in looks() {
        let dir = tempfile::tempdir().unwrap();
        let logins = {
            let mut h = Harness::open(&db(&dir), Setup::default());
            h.app.service.fill_demo(20, 1).unwrap().logins
        };
        let setup = Setup {
            // The real password is new each time; the snapshot needs one
            // that holds still.
            demo: Some(("Demo-password-shown-here".into(), logins)),
            ..setup(lang, theme, size)
        };
        let mut h = Harness::open(&db(&dir), setup);
        let screen = h.screen();
        assert!(screen.contains("Demo-password-shown-here"), "{screen}");
        insta::assert_snapshot!(format!("sign_in_demo_{name}"), screen);
    }
}

#[test]
fn snapshots_of_the_lock_screen() {
    for (name, lang, theme, size) in looks() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = signed_in(&dir, setup(lang, theme, size));
        h.ctrl('l');
        assert_eq!(gate_kind(&h), Some(GateKind::Locked("admin".into())));
        insta::assert_snapshot!(format!("locked_{name}"), h.screen());
    }
}

#[test]
fn snapshots_of_the_help_overlay() {
    for (name, lang, theme, size) in looks() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = signed_in(&dir, setup(lang, theme, size));
        h.keys("?");
        assert!(matches!(
            &h.app.screen,
            Screen::Main(s) if matches!(s.overlay, Overlay::Help { .. })
        ));
        let screen = h.screen();
        // Headings are whole, however long.
        let list = if lang == Lang::Fr {
            "Se déplacer dans la liste"
        } else {
            "Moving in the list"
        };
        assert!(size.1 < 48 || screen.contains(list), "{screen}");
        insta::assert_snapshot!(format!("help_{name}"), screen);
        // Any key closes it.
        h.key(KeyCode::Esc);
        assert!(matches!(
            &h.app.screen,
            Screen::Main(s) if matches!(s.overlay, Overlay::None)
        ));
    }
}

// ---- setup ---------------------------------------------------------------

/// Fills the setup form: the login field starts with "admin".
fn fill_setup(h: &mut Harness, login: &str, name: &str, pw: &str, again: &str) {
    for _ in 0.."admin".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys(login).key(KeyCode::Enter);
    h.keys(name).key(KeyCode::Enter);
    h.keys(pw).key(KeyCode::Enter);
    h.keys(again).key(KeyCode::Enter);
}

#[test]
fn setup_with_two_different_passwords_says_so_and_keeps_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::open(&db(&dir), Setup::default());
    fill_setup(
        &mut h,
        "boss",
        "Ada Lovelace",
        ADMIN_PW,
        "Something-else-123",
    );
    let screen = h.screen();
    assert!(screen.contains("The two passwords differ"), "{screen}");
    assert!(screen.contains("boss"), "{screen}");
    assert!(screen.contains("Ada Lovelace"), "{screen}");
    let Screen::Gate(gate) = &h.app.screen else {
        panic!("left the setup screen")
    };
    assert_eq!(gate.kind, GateKind::Setup);
    assert_eq!(gate.form.value(0), "boss");
    assert_eq!(gate.form.value(1), "Ada Lovelace");
    assert_eq!(gate.form.value(2), ADMIN_PW);
    assert_eq!(gate.form.value(3), "Something-else-123");
    assert!(h.app.service.needs_setup().unwrap());
}

#[test]
fn setup_opens_a_session_with_the_tabs_of_the_role() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::open(&db(&dir), Setup::default());
    fill_setup(&mut h, "boss", "Ada Lovelace", ADMIN_PW, ADMIN_PW);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
    assert!(!h.app.service.needs_setup().unwrap());
    let screen = h.screen();
    let expected = expected_tabs(&h, "boss", Lang::En);
    assert!(!expected.is_empty());
    assert_eq!(top_line(&screen).trim_end(), tab_bar(&expected).trim_end());
    assert!(screen.contains("boss · Administrator"), "{screen}");

    // A learner gets exactly the tabs their role may use.
    let admin = Actor {
        id: 1,
        login: "boss".into(),
    };
    add(&mut h.app.service, &admin, "lea", "Léa Lemaire", "learner");
    h.ctrl('l');
    h.key(KeyCode::BackTab);
    for _ in 0.."boss".len() {
        h.key(KeyCode::Backspace);
    }
    h.sign_in("lea", USER_PW);
    let screen = h.screen();
    let expected = expected_tabs(&h, "lea", Lang::En);
    assert_eq!(top_line(&screen).trim_end(), tab_bar(&expected).trim_end());
    assert!(screen.contains("lea · Learner"), "{screen}");
}

// ---- sign-in -------------------------------------------------------------

#[test]
fn a_wrong_password_says_so_clears_only_the_password_and_is_journaled() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_out(&dir, Setup::default());
    h.sign_in("lea", WRONG_PW);
    let screen = h.screen();
    assert!(screen.contains("Sign-in failed"), "{screen}");
    let Screen::Gate(gate) = &h.app.screen else {
        panic!("signed in with a wrong password")
    };
    assert_eq!(gate.form.value(0), "lea");
    assert_eq!(gate.form.value(1), "");
    assert_eq!(gate.form.focus, 1);
    assert!(screen.contains("lea"), "{screen}");

    // The attempt is in the connection journal, from the dashboard.
    let admin = admin_actor(&h);
    let journal = h.app.service.journal(&admin, i64::MAX, 10).unwrap();
    let last = journal.first().expect("an attempt journaled");
    assert_eq!(
        last.login,
        guichet::domain::signin::LoginTried::Account("lea".into())
    );
    assert_eq!(last.outcome, "bad_password");
    assert_eq!(last.front_end, FrontEnd::Tui.key());

    // The right password now works: only the password had to be retyped.
    h.keys(USER_PW).key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
}

fn admin_actor(h: &Harness) -> Actor {
    let user = guichet::store::users::by_login(h.app.service.store().conn(), "admin")
        .unwrap()
        .unwrap();
    Actor {
        id: user.user.id,
        login: user.user.login,
    }
}

#[test]
fn lockout_after_the_configured_failures_is_the_clis() {
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        settings: Settings {
            bcrypt_cost: 4,
            lockout: LockoutPolicy {
                max_failures: 3,
                lock_secs: 15 * 60,
            },
            ..Settings::default()
        },
        ..Setup::default()
    };
    let mut h = signed_out(&dir, setup);
    h.sign_in("lea", WRONG_PW);
    let wrong = gate_error(&h);
    assert!(wrong.starts_with("Sign-in failed"), "{wrong}");
    for _ in 0..2 {
        h.keys(WRONG_PW).key(KeyCode::Enter);
    }
    // Locked: the right password is refused with the very same message as
    // a wrong one, or an unknown login.
    h.keys(USER_PW).key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Gate(_)));
    assert_eq!(gate_error(&h), wrong);
    let admin = admin_actor(&h);
    let outcomes: Vec<_> = h
        .app
        .service
        .journal(&admin, i64::MAX, 10)
        .unwrap()
        .into_iter()
        .map(|a| a.outcome)
        .collect();
    assert_eq!(
        outcomes,
        ["locked", "bad_password", "bad_password", "bad_password"]
    );
    let user = guichet::store::users::by_login(h.app.service.store().conn(), "lea")
        .unwrap()
        .unwrap();
    assert!(user.user.lock.locked_until.is_some());
    let mut other = Harness::open(&db(&dir), Setup::default());
    other.sign_in("nobody", USER_PW);
    assert_eq!(gate_error(&other), wrong);
}

fn gate_error(h: &Harness) -> String {
    match &h.app.screen {
        Screen::Gate(g) => g.form.error.clone().unwrap_or_default(),
        Screen::Main(_) => panic!("signed in"),
    }
}

// ---- locking -------------------------------------------------------------

/// Strings of the admin's session that must be gone once locked.
fn session_marks(h: &Harness) -> Vec<String> {
    let mut marks = expected_tabs(h, "admin", Lang::En);
    marks.push("admin · Administrator".into());
    marks.push("✉".into());
    marks
}

fn assert_locked_and_blank(h: &mut Harness, marks: &[String]) {
    assert_eq!(gate_kind(h), Some(GateKind::Locked("admin".into())));
    let screen = h.screen();
    for mark in marks {
        assert!(
            !screen.contains(mark.as_str()),
            "{mark:?} left on\n{screen}"
        );
    }
    assert!(screen.contains("Locked: sign in again"), "{screen}");
}

#[test]
fn idle_lock_drops_the_session_and_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let now = Arc::new(AtomicI64::new(FIXED_NOW));
    let clock = now.clone();
    let setup = Setup {
        idle_lock_secs: 300,
        clock: Some(Box::new(move || clock.load(Ordering::SeqCst))),
        ..Setup::default()
    };
    let mut h = signed_in(&dir, setup);
    let marks = session_marks(&h);
    let before = h.screen();
    for mark in &marks {
        assert!(before.contains(mark.as_str()), "{mark:?} not on\n{before}");
    }
    // Not yet: a key keeps the session alive.
    now.store(FIXED_NOW + 299, Ordering::SeqCst);
    h.tick();
    assert!(matches!(h.app.screen, Screen::Main(_)));
    h.keys("2");
    now.store(FIXED_NOW + 299 + 299, Ordering::SeqCst);
    h.tick();
    assert!(matches!(h.app.screen, Screen::Main(_)));
    now.store(FIXED_NOW + 299 + 300, Ordering::SeqCst);
    h.tick();
    assert_locked_and_blank(&mut h, &marks);
    // The same person goes on with the password alone.
    h.keys(ADMIN_PW).key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
    assert_eq!(active_tab(&h), 0, "a new session starts on the first tab");
}

#[test]
fn ctrl_l_locks_at_once_from_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, Setup::default());
    let marks = session_marks(&h);
    h.keys("?");
    h.ctrl('l');
    assert_locked_and_blank(&mut h, &marks);
    // A wrong password keeps it locked, and says so.
    h.keys(WRONG_PW).key(KeyCode::Enter);
    assert_locked_and_blank(&mut h, &marks);
    assert!(h.screen().contains("Sign-in failed"));
}

#[test]
fn another_user_at_the_lock_gate_gets_their_own_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, Setup::default());
    h.open_tab("tui.tab.urgency");
    h.ctrl('l');
    // The login field holds the locked user's login: change it.
    h.key(KeyCode::BackTab);
    for _ in 0.."admin".len() {
        h.key(KeyCode::Backspace);
    }
    h.sign_in("tom", USER_PW);
    let Screen::Main(session) = &h.app.screen else {
        panic!("not signed in: {}", h.screen())
    };
    assert_eq!(session.actor.login, "tom");
    assert_eq!(session.active, 0);
    let screen = h.screen();
    assert!(screen.contains("tom · Technician"), "{screen}");
    assert!(!screen.contains("admin"), "{screen}");
    let expected = expected_tabs(&h, "tom", Lang::En);
    assert_eq!(top_line(&screen).trim_end(), tab_bar(&expected).trim_end());
}

// ---- quitting and tabs ---------------------------------------------------

#[test]
fn q_quits_a_session_without_unsaved_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, Setup::default());
    assert!(!h.app.quit);
    h.keys("q");
    assert!(h.app.quit);
}

#[test]
fn esc_on_an_empty_sign_in_screen_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_out(&dir, Setup::default());
    h.key(KeyCode::Esc);
    assert!(h.app.quit);
}

#[test]
fn tab_shift_tab_and_digits_switch_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, Setup::default());
    let count = expected_tabs(&h, "admin", Lang::En).len();
    assert!(count >= 2, "the admin sees several tabs");
    assert_eq!(active_tab(&h), 0);
    h.key(KeyCode::Tab);
    assert_eq!(active_tab(&h), 1);
    h.key_with(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(active_tab(&h), 0);
    h.key_with(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(active_tab(&h), count - 1, "wraps to the last");
    h.key(KeyCode::Tab);
    assert_eq!(active_tab(&h), 0, "wraps to the first");
    for n in 1..=count {
        h.keys(&n.to_string());
        assert_eq!(active_tab(&h), n - 1);
    }
    // A digit past the last tab does nothing.
    h.keys("9");
    assert_eq!(active_tab(&h), count - 1);
}

#[test]
fn a_keys_conflict_is_refused_naming_both_actions() {
    let config = guichet::config::parse("[keys]\nlock = \"q\"\n").unwrap();
    let problems = match guichet::tui::looks_from(&config) {
        Ok(_) => panic!("a conflicting [keys] table was accepted"),
        Err(problems) => problems,
    };
    for lang in [Lang::En, Lang::Fr] {
        let i18n = I18n::new(lang);
        let text: Vec<_> = problems.iter().map(|m| i18n.render(m)).collect();
        let text = text.join("; ");
        assert!(text.contains("quit"), "{text}");
        assert!(text.contains("lock"), "{text}");
    }
    let good = guichet::config::parse("[keys]\nlock = \"ctrl-x\"\n").unwrap();
    assert!(guichet::tui::looks_from(&good).is_ok());
}

/// A tab key rebound in `[keys]` is the one the tab bar shows, and the one
/// that opens the tab.
#[test]
fn the_tab_bar_shows_rebound_tab_keys() {
    let keys: std::collections::BTreeMap<String, guichet::config::KeyEntry> =
        toml::from_str("tab_1 = \"f2\"\ntab_2 = \"f3\"\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        keys: guichet::tui::keymap::Keymap::new(&keys).unwrap(),
        ..setup(Lang::En, ThemeKind::Dark, (80, 24))
    };
    let mut h = signed_in(&dir, setup);
    let bar = h.screen().lines().next().unwrap_or_default().to_string();
    assert!(bar.contains(" f2 Tickets "), "{bar}");
    assert!(bar.contains(" f3 Urgency "), "{bar}");
    assert!(bar.contains(" 3 "), "the others keep theirs: {bar}");
    h.key(KeyCode::F(3));
    assert_eq!(active_tab(&h), 1);
    h.keys("1");
    assert_eq!(active_tab(&h), 1, "1 opens nothing now");
}
