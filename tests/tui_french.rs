//! The dashboard walked in French (demo desk, its administrator): every
//! screen a person reaches on the way shows no English key, field name or
//! value.

mod support;

use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{open, screen};

/// Keys and English words that must not reach a French screen. Words are
/// matched whole (`closed` is not in `closedness`), keys as they are.
const ENGLISH: &[&str] = &[
    "waiting",
    "in_progress",
    "on_hold",
    "resolved",
    "cancelled",
    "status:",
    "priority",
    "technician",
    "coach_hard",
    "coach_soft",
    "caretaker",
    "learner",
    "None",
    "null",
    "Aucun(e)",
    "loading",
    "least_loaded",
];

fn english_on(screen: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|w| {
            screen.match_indices(w).any(|(at, _)| {
                let before = screen[..at].chars().next_back();
                let after = screen[at + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .collect()
}

fn check(place: &str, shown: &str, found: &mut Vec<String>) {
    let english = english_on(shown);
    if !english.is_empty() {
        found.push(format!("{place}: {english:?}\n{shown}"));
    }
}

#[test]
fn the_dashboard_in_french_shows_no_english_key_or_word() {
    let mut s = open(Lang::Fr, ThemeKind::Dark, (160, 48));
    let mut found = Vec::new();
    let h = &mut s.h;
    h.open_tab("tui.tab.tickets");
    check("tickets list", &screen(h), &mut found);
    let frame = h.screen();
    assert!(
        frame.contains("· Administrateur"),
        "the role by its name:
{frame}"
    );
    h.key(KeyCode::Down).key(KeyCode::Enter);
    // The detail with its history, scrolled to its end.
    for _ in 0..40 {
        h.key(KeyCode::PageDown);
    }
    check("ticket detail", &screen(h), &mut found);
    h.key(KeyCode::Esc);
    h.keys("?");
    check("help", &h.screen(), &mut found);
    h.key(KeyCode::Esc);
    h.keys("n");
    check("new ticket form", &h.screen(), &mut found);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    for tab in ["tui.tab.urgency", "tui.tab.logs", "tui.tab.promos"] {
        h.open_tab(tab);
        h.settle();
        check(tab, &screen(h), &mut found);
    }
    h.open_tab("tui.tab.admin");
    for section in [
        "tui.admin.section.users",
        // Roles is left out: its first column is each role's key, the
        // name an administrator types in `guichet role grant KEY`.
        "tui.admin.section.categories",
        "tui.admin.section.policies",
        "tui.admin.section.calendars",
    ] {
        h.open_section(section);
        h.settle();
        check(section, &screen(h), &mut found);
    }
    assert!(found.is_empty(), "{}", found.join("\n\n"));
}
