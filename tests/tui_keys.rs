//! Key layers seen from the dashboard: a key rebound for one layer is the
//! one that layer's hints and `?` show and the one that works there, and
//! only there; a clash inside one layer stops the start naming both.

use guichet::i18n::{I18n, Lang};
use guichet::tui::app::Screen;
use guichet::tui::keymap::Keymap;
use guichet::tui::testing::{Harness, Setup};
use ratatui::crossterm::event::KeyCode;

/// A demo site signed in as its administrator, with these `[keys]`.
fn admin_with_keys(dir: &tempfile::TempDir, keys_toml: &str) -> Harness {
    let config = guichet::config::parse(&format!("[keys]\n{keys_toml}")).unwrap();
    let setup = Setup {
        keys: Keymap::new(&config.keys).unwrap(),
        size: (160, 40),
        ..Setup::default()
    };
    let mut h = Harness::open(&dir.path().join("guichet.db"), setup);
    let demo = h.app.service.fill_demo(50, 1).unwrap();
    let login = demo
        .logins
        .iter()
        .find(|(role, _)| role == "admin")
        .map(|(_, logins)| logins[0].clone())
        .unwrap();
    h.app.lock();
    h.sign_in(&login, &demo.password);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
    h
}

fn hint_line(h: &mut Harness) -> String {
    let screen = h.screen();
    let lines: Vec<_> = screen.lines().collect();
    lines[lines.len() - 2].to_string()
}

/// The line of `?` that describes `words`.
fn help_line(h: &mut Harness, words: &str) -> String {
    h.keys("?");
    let screen = h.screen();
    h.key(KeyCode::Esc);
    screen
        .lines()
        .find(|l| l.contains(words))
        .unwrap_or_else(|| panic!("no “{words}” in ?:\n{screen}"))
        .to_string()
}

#[test]
fn a_key_rebound_in_one_layer_shows_and_works_there_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = admin_with_keys(&dir, "calendars.toggle = \"x\"\n");
    h.open_tab("tui.tab.admin")
        .open_section("tui.admin.section.calendars");

    assert!(
        hint_line(&mut h).contains("x close a day"),
        "{}",
        hint_line(&mut h)
    );
    let line = help_line(&mut h, "Close a day of the selected calendar");
    assert!(line.contains("│x "), "{line}");
    // Moving is the list layer's, page keys included.
    assert!(help_line(&mut h, "One screen down").contains("pgdn, ctrl-f"));

    h.keys(" ");
    assert!(
        !h.screen().contains("Close a day "),
        "space is no longer bound here"
    );
    h.keys("x");
    assert!(h.screen().contains("Close a day"), "{}", h.screen());
    h.key(KeyCode::Esc);

    // The same action in another layer keeps its keys and its words.
    h.open_section("tui.admin.section.roles");
    let line = help_line(&mut h, "Toggle the selected item");
    assert!(line.contains("│space "), "{line}");
}

#[test]
fn an_action_alone_is_rebound_wherever_it_is_bound() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = admin_with_keys(&dir, "new = \"+\"\n");
    assert!(hint_line(&mut h).contains("+ new"), "{}", hint_line(&mut h));
    h.open_tab("tui.tab.admin")
        .open_section("tui.admin.section.categories");
    assert!(hint_line(&mut h).contains("+ new"), "{}", hint_line(&mut h));
    h.keys("+");
    assert!(h.screen().contains("New category"), "{}", h.screen());
}

#[test]
fn a_clash_inside_one_layer_stops_the_start_naming_both_actions() {
    // `e` edits in Calendars: giving it to toggle there clashes.
    let config = guichet::config::parse("[keys]\ncalendars.toggle = \"e\"\n").unwrap();
    let problems = match guichet::tui::looks_from(&config) {
        Ok(_) => panic!("a clash in one layer was accepted"),
        Err(problems) => problems,
    };
    for (lang, layer) in [
        (Lang::En, "calendars keys"),
        (Lang::Fr, "touches « calendars »"),
    ] {
        let text = I18n::new(lang).render(&problems[0]);
        for word in ["edit", "toggle", layer] {
            assert!(text.contains(word), "{lang:?}: {text}");
        }
    }
    // The same key for the same action in a layer that never meets it is fine.
    let fine = guichet::config::parse("[keys]\npolicies.toggle = \"t\"\n").unwrap();
    assert!(guichet::tui::looks_from(&fine).is_ok());
}
