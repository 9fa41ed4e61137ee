//! A demo site signed in as its administrator, for the Admin and Promos
//! tab tests.
#![allow(dead_code)]

use guichet::i18n::Lang;
use guichet::service::Actor;
use guichet::tui::app::Screen;
use guichet::tui::testing::{Harness, Setup};
use guichet::tui::theme::ThemeKind;
use std::path::PathBuf;

pub struct Site {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub h: Harness,
    pub admin: Actor,
}

/// A demo database (300 tickets, seed 1, the harness's fixed clock), signed
/// in as the demo's administrator; `before_sign_in` may change the data.
pub fn open_with(
    lang: Lang,
    theme: ThemeKind,
    size: (u16, u16),
    before_sign_in: impl FnOnce(&std::path::Path),
) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guichet.db");
    let mut h = Harness::open(
        &path,
        Setup {
            lang,
            theme,
            size,
            ..Setup::default()
        },
    );
    let demo = h.app.service.fill_demo(300, 1).unwrap();
    before_sign_in(&path);
    let login = demo
        .logins
        .iter()
        .find(|(role, _)| role == "admin")
        .map(|(_, logins)| logins[0].clone())
        .unwrap();
    // The harness opened on an empty file: show the sign-in screen now.
    h.app.lock();
    h.sign_in(&login, &demo.password);
    let admin = match &h.app.screen {
        Screen::Main(session) => session.actor.clone(),
        Screen::Gate(_) => panic!("the demo admin could not sign in"),
    };
    Site {
        dir,
        path,
        h,
        admin,
    }
}

pub fn open(lang: Lang, theme: ThemeKind, size: (u16, u16)) -> Site {
    open_with(lang, theme, size, |_| {})
}

/// Goes to a tab by its title, whatever its number for this role.
pub fn open_tab(h: &mut Harness, title: &str) {
    h.open_tab(title);
}

/// The variants every snapshot is taken in: sizes, languages, mono.
pub const LOOKS: [(&str, Lang, ThemeKind, (u16, u16)); 5] = [
    ("en_80", Lang::En, ThemeKind::Dark, (80, 24)),
    ("en_160", Lang::En, ThemeKind::Dark, (160, 48)),
    ("fr_80", Lang::Fr, ThemeKind::Dark, (80, 24)),
    ("fr_160", Lang::Fr, ThemeKind::Dark, (160, 48)),
    ("mono_80", Lang::En, ThemeKind::Mono, (80, 24)),
];

/// The string every "inert on screen" test stores.
pub const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";

pub fn assert_inert(screen: &str) {
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
