//! The Promos tab: programmes → cohorts → learners, their forms, and
//! hostile names.

mod support;

use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{assert_no_escape_or_bell, open, open_with, DemoAdmin, HOSTILE, LOOKS};

fn promos(lang: Lang, theme: ThemeKind, size: (u16, u16)) -> DemoAdmin {
    let mut s = open(lang, theme, size);
    s.h.open_tab("tui.tab.promos");
    s
}

fn snap_all(name: &str, go: impl Fn(&mut DemoAdmin)) {
    for (look, lang, theme, size) in LOOKS {
        let mut s = promos(lang, theme, size);
        go(&mut s);
        insta::assert_snapshot!(format!("{name}_{look}"), s.h.pane_screen());
    }
}

#[test]
fn snapshots_of_the_lists_and_a_form() {
    snap_all("promos_programmes", |_| {});
    snap_all("promos_learners", |s| {
        s.h.keys("l").key(KeyCode::Down).keys("l");
    });
    snap_all("promos_new_cohort", |s| {
        s.h.keys("l").keys("n").keys("Promo 2027 A");
    });
}

#[test]
fn the_learners_are_those_of_the_selected_cohort() {
    let mut s = promos(Lang::En, ThemeKind::Dark, (160, 48));
    let programmes = s.h.app.service.list_programmes(&s.admin, "", 1).unwrap();
    let cohorts =
        s.h.app
            .service
            .list_cohorts(&s.admin, Some(&programmes[0].name), ("", 0), 1)
            .unwrap();
    let members =
        s.h.app
            .service
            .list_cohort_members(&s.admin, cohorts[0].id, "", 100)
            .unwrap();
    assert!(!members.is_empty());
    assert!(members
        .iter()
        .all(|m| m.cohort.as_ref() == Some(&cohorts[0].name)));
    let screen = s.h.screen();
    assert!(screen.contains(&members[0].user.full_name), "{screen}");
}

#[test]
fn a_cohort_and_a_programme_are_created_and_edited() {
    let mut s = promos(Lang::Fr, ThemeKind::Dark, (80, 24));
    s.h.keys("n").keys("Cybersécurité").ctrl('s');
    let names = |s: &DemoAdmin| -> Vec<String> {
        let all = s.h.app.service.list_programmes(&s.admin, "", 100).unwrap();
        all.into_iter().map(|p| p.name).collect()
    };
    assert!(
        names(&s).contains(&"Cybersécurité".to_string()),
        "{}",
        s.h.screen()
    );
    // The new programme is selected where it sorts; its cohorts are empty.
    let at = names(&s).iter().position(|n| n == "Cybersécurité").unwrap();
    s.h.keys("g");
    for _ in 0..at {
        s.h.key(KeyCode::Down);
    }
    s.h.keys("l")
        .keys("n")
        .keys("Promo 2027 A")
        .key(KeyCode::Tab);
    s.h.keys("2027-01-04")
        .key(KeyCode::Tab)
        .keys("2027-09-30")
        .ctrl('s');
    let cohorts =
        s.h.app
            .service
            .list_cohorts(&s.admin, Some("Cybersécurité"), ("", 0), 10)
            .unwrap();
    assert_eq!(cohorts.len(), 1, "{}", s.h.screen());
    assert_eq!(cohorts[0].start_date.as_deref(), Some("2027-01-04"));
    assert!(s.h.screen().contains("Promo 2027 A"));
    // A bad date keeps the form open with its text.
    s.h.keys("e").key(KeyCode::Tab).keys("x").ctrl('s');
    assert!(s.h.screen().contains("2027-01-04x"), "{}", s.h.screen());
    s.h.key(KeyCode::Backspace).key(KeyCode::Tab);
    for _ in 0.."2027-09-30".len() {
        s.h.key(KeyCode::Backspace);
    }
    s.h.ctrl('s');
    let cohorts =
        s.h.app
            .service
            .list_cohorts(&s.admin, Some("Cybersécurité"), ("", 0), 10)
            .unwrap();
    assert_eq!(cohorts[0].end_date, None);
    s.h.keys("h").keys("e").keys(" et réseaux").ctrl('s');
    assert!(names(&s).contains(&"Cybersécurité et réseaux".to_string()));
}

#[test]
fn a_hostile_programme_name_is_inert_on_screen() {
    let mut s = open_with(Lang::En, ThemeKind::Dark, (160, 48), |path| {
        let conn = support::raw(path);
        conn.execute(
            "UPDATE programmes SET name = ?1 WHERE id = (SELECT min(id) FROM programmes)",
            [HOSTILE],
        )
        .unwrap();
        conn.execute(
            "UPDATE users SET full_name = ?1 WHERE cohort_id IS NOT NULL",
            [HOSTILE],
        )
        .unwrap();
    });
    s.h.open_tab("tui.tab.promos");
    // Control characters sort first: the hostile programme is selected.
    assert_no_escape_or_bell(&s.h.screen());
    s.h.keys("e");
    assert_no_escape_or_bell(&s.h.screen());
}
