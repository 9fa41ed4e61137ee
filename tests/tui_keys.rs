//! Key layers seen from the dashboard: a key rebound for one layer is the
//! one that layer's hints and `?` show and the one that works there, and
//! only there; a clash inside one layer stops the start naming both.

mod support;

use guichet::i18n::{I18n, Lang};
use guichet::tui::keymap::Keymap;
use guichet::tui::testing::{Harness, Setup};
use ratatui::crossterm::event::KeyCode;
use support::tui::{demo_admin, DemoAdmin};

/// A demo site signed in as its administrator, with these `[keys]`.
fn admin_with_keys(keys_toml: &str) -> DemoAdmin {
    let config = guichet::config::parse(&format!("[keys]\n{keys_toml}")).unwrap();
    let setup = Setup {
        keys: Keymap::new(&config.keys).unwrap(),
        size: (160, 40),
        ..Setup::default()
    };
    demo_admin(setup, 50, |_| {})
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
    let mut site = admin_with_keys("calendars.toggle = \"x\"\n");
    let h = &mut site.h;
    h.open_tab("tui.tab.admin")
        .open_section("tui.admin.section.calendars");

    assert!(hint_line(h).contains("x close a day"), "{}", hint_line(h));
    let line = help_line(h, "Close a day of the selected calendar");
    assert!(line.contains("│x "), "{line}");
    // Moving is the list layer's, page keys included.
    assert!(help_line(h, "One screen down").contains("pgdn, ctrl-f"));

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
    let line = help_line(h, "Toggle the selected item");
    assert!(line.contains("│space "), "{line}");
}

#[test]
fn an_action_alone_is_rebound_wherever_it_is_bound() {
    let mut site = admin_with_keys("new = \"+\"\n");
    let h = &mut site.h;
    assert!(hint_line(h).contains("+ new"), "{}", hint_line(h));
    h.open_tab("tui.tab.admin")
        .open_section("tui.admin.section.categories");
    assert!(hint_line(h).contains("+ new"), "{}", hint_line(h));
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

#[test]
fn a_key_that_does_nothing_here_says_so() {
    let mut site = admin_with_keys("");
    let h = &mut site.h;
    h.open_tab("tui.tab.admin");
    h.keys("b");
    assert!(
        hint_line(h).contains("b does nothing here"),
        "{}",
        hint_line(h)
    );
    // A key bound in the layer clears it again.
    h.keys("j");
    assert!(!hint_line(h).contains("does nothing"), "{}", hint_line(h));
}
