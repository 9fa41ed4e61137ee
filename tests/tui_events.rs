//! The Events tab (issue 15) through the harness on the demo's event
//! company: who sees the tab, the filter words, and each action by role
//! (offered or refused with its reason before any form opens).

mod support;

use guichet::domain::crm::ContractKind;
use guichet::i18n::Lang;
use guichet::service::crm_contracts::ContractFilter;
use guichet::service::crm_events::EventFilter;
use guichet::service::Actor;
use guichet::tui::testing::{Harness, Setup};
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use std::path::PathBuf;
use support::tui::{actor, demo_file, first_login, open_as, setup, LOOKS};

/// The demo (its event company) written once per test, and its logins.
struct Site {
    _dir: tempfile::TempDir,
    path: PathBuf,
    password: String,
    logins: Vec<(String, Vec<String>)>,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let demo = demo_file(&path, 20);
    Site {
        _dir: dir,
        path,
        password: demo.password,
        logins: demo.logins,
    }
}

impl Site {
    fn open(&self, role: &str, setup: Setup) -> Harness {
        let login = first_login(&self.logins, role);
        let mut h = open_as(&self.path, setup, &login, &self.password);
        h.open_tab("tui.tab.events");
        h.settle();
        h
    }

    fn en(&self, role: &str) -> Harness {
        self.open(role, setup(Lang::En, ThemeKind::Dark, (160, 48)))
    }
}

fn events(
    h: &Harness,
    who: &Actor,
    filter: &EventFilter,
) -> Vec<guichet::service::crm_events::Event> {
    h.app
        .service
        .events_matching(who, filter, None, 1000)
        .unwrap()
}

fn has_tab(h: &Harness, title: &str) -> bool {
    match &h.app.screen {
        guichet::tui::app::Screen::Main(s) => s.tabs.iter().any(|p| p.title() == title),
        guichet::tui::app::Screen::Gate(_) => false,
    }
}

#[test]
fn snapshots_of_the_list_and_its_forms() {
    let s = site();
    for (look, lang, theme, size) in LOOKS {
        let mut h = s.open("management", setup(lang, theme, size));
        insta::assert_snapshot!(format!("events_list_{look}"), h.pane_screen());
        h.keys("a");
        h.settle();
        insta::assert_snapshot!(format!("events_assign_{look}"), h.pane_screen());
        h.key(KeyCode::Esc);
        h.keys("e");
        h.settle();
        insta::assert_snapshot!(format!("events_edit_{look}"), h.pane_screen());
    }
}

#[test]
fn only_roles_that_read_events_see_the_tab() {
    let s = site();
    for role in ["management", "sales", "support", "admin"] {
        assert!(has_tab(&s.en(role), "tui.tab.events"), "{role}");
    }
    let login = first_login(&s.logins, "technician");
    let h = open_as(
        &s.path,
        setup(Lang::En, ThemeKind::Dark, (100, 30)),
        &login,
        &s.password,
    );
    assert!(!has_tab(&h, "tui.tab.events"));
}

#[test]
fn the_filter_words_keep_the_right_rows() {
    let s = site();
    let mut h = s.open("management", setup(Lang::Fr, ThemeKind::Dark, (160, 48)));
    let me = actor(&h);
    let none = EventFilter {
        without_support: true,
        ..EventFilter::default()
    };
    let without = events(&h, &me, &none);
    assert!(!without.is_empty(), "the demo has events without support");
    h.keys("/").keys("sanssupport").key(KeyCode::Enter);
    h.settle();
    let screen = h.pane_screen();
    // The first event without support is shown, the first with one is not.
    assert!(screen.contains(&without[0].name), "{screen}");
    let all = events(&h, &me, &EventFilter::default());
    let supported = all.iter().find(|e| e.support_login.is_some()).unwrap();
    assert!(!screen.contains(&supported.name) || without.iter().any(|e| e.name == supported.name));
    // A bad date says how to type it; nothing breaks.
    h.keys("/").key(KeyCode::Backspace);
    for _ in 0..20 {
        h.key(KeyCode::Backspace);
    }
    h.keys("du:hier");
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("AAAA-MM-JJ"), "{screen}");
}

#[test]
fn support_edits_only_its_own_events() {
    let s = site();
    let mut h = s.en("support");
    let me = actor(&h);
    let mine = EventFilter {
        mine: true,
        ..EventFilter::default()
    };
    let own = events(&h, &me, &mine);
    assert!(!own.is_empty(), "the demo's support has events");
    // The first row (all events by start) is someone else's or not: the
    // key follows the row's rights.
    let all = events(&h, &me, &EventFilter::default());
    let first_own = all[0].support_contact_id == Some(me.id);
    h.keys("e");
    h.settle();
    let screen = h.screen();
    if first_own {
        assert!(screen.contains("Edit the event"), "{screen}");
        h.key(KeyCode::Esc);
    } else {
        assert!(screen.contains("You may not edit this event"), "{screen}");
    }
    // With `mine`, the first row is theirs: edit it, notes on two lines.
    h.keys("/").keys("mine").key(KeyCode::Enter);
    h.settle();
    h.keys("e");
    h.settle();
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.keys("first line")
        .key(KeyCode::Enter)
        .keys("second line")
        .ctrl('s');
    h.settle();
    let after = h.app.service.event(&me, own[0].id).unwrap();
    assert!(
        after.notes.contains("first line\nsecond line"),
        "{:?}\n{}",
        after.notes,
        h.screen()
    );
    // Support creates nothing, assigns nothing, removes nothing: refused at once.
    for (key, says) in [
        ("n", "may not create events"),
        ("a", "may not choose"),
        ("d", "may not remove"),
    ] {
        h.keys(key);
        let screen = h.screen();
        assert!(screen.contains(says), "{key}: {screen}");
    }
}

#[test]
fn management_assigns_support_and_removes() {
    let s = site();
    let mut h = s.en("management");
    let me = actor(&h);
    let all = events(&h, &me, &EventFilter::default());
    let first = &all[0];
    // Choose "none", the first option, then save.
    h.keys("a");
    h.settle();
    let before = first.support_login.clone();
    // The choice is "none", then the support logins; it opens on the
    // current one: back to "none".
    let logins = h.app.service.event_support_logins(&me, "", 500).unwrap();
    let at = before
        .as_ref()
        .and_then(|l| logins.iter().position(|x| x == l));
    for _ in 0..at.map_or(0, |i| i + 1) {
        h.key(KeyCode::Left);
    }
    h.ctrl('s');
    h.settle();
    let after = h.app.service.event(&me, first.id).unwrap();
    assert_eq!(
        after.support_contact_id,
        None,
        "was {before:?}\n{}",
        h.screen()
    );
    // Then to the first support contact offered.
    h.keys("a");
    h.settle();
    h.key(KeyCode::Right).ctrl('s');
    h.settle();
    let after = h.app.service.event(&me, first.id).unwrap();
    assert!(after.support_login.is_some(), "{}", h.screen());
    // Remove asks first; no keeps it, yes removes it.
    h.keys("d").keys("n");
    h.settle();
    assert!(h.app.service.event(&me, first.id).is_ok());
    h.keys("d").keys("y");
    h.settle();
    assert!(
        h.app.service.event(&me, first.id).is_err(),
        "{}",
        h.screen()
    );
}

#[test]
fn sales_creates_an_event_on_a_signed_contract_and_not_on_an_unsigned_one() {
    let s = site();
    let mut h = s.en("sales");
    let me = actor(&h);
    // Sales edits no event: refused before any form.
    h.keys("e");
    assert!(
        h.screen().contains("You may not edit this event"),
        "{}",
        h.screen()
    );
    let count = |h: &Harness| events(h, &me, &EventFilter::default()).len();
    let before = count(&h);
    h.keys("n");
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("New event"), "{screen}");
    // The actor's event contracts, newest first: the pick lists only the
    // signed ones; an unsigned one's number typed is refused with why.
    let filter = ContractFilter {
        kind: Some(ContractKind::Event),
        mine: true,
        ..ContractFilter::default()
    };
    let mine = h
        .app
        .service
        .contracts_matching(&me, &filter, None, 500)
        .unwrap();
    let unsigned = mine.iter().find(|c| !c.signed()).expect("an unsigned one");
    let signed = mine.iter().find(|c| c.signed()).expect("a signed one");
    h.keys(&unsigned.id.to_string());
    assert!(
        h.screen().contains("Nothing matches what is typed"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Tab).keys("Gala");
    h.key(KeyCode::Tab).keys("2027-03-01 18:00");
    h.key(KeyCode::Tab).keys("2027-03-01 23:00");
    h.key(KeyCode::Tab).keys("Lyon");
    h.key(KeyCode::Tab).keys("120");
    h.ctrl('s');
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("must be signed first"), "{screen}");
    // What was typed is kept through the refusal.
    assert!(screen.contains("Lyon"), "{screen}");
    assert_eq!(count(&h), before);
    // Back to the contract field: the signed one's client name lists
    // its signed contracts; its number picks it.
    for _ in 0..5 {
        h.key(KeyCode::BackTab);
    }
    for _ in 0..unsigned.id.to_string().len() {
        h.key(KeyCode::Backspace);
    }
    let client = signed.client_name.clone().expect("a client");
    h.keys(&client);
    let screen = h.screen();
    assert!(screen.contains("▸ #"), "{screen}");
    assert!(screen.contains(&format!(" · {client}")), "{screen}");
    for _ in 0..client.chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.keys(&format!("#{}", signed.id));
    let screen = h.screen();
    assert!(
        screen.contains(&format!("▸ #{} · {client}", signed.id)),
        "{screen}"
    );
    h.ctrl('s');
    h.settle();
    assert_eq!(count(&h), before + 1, "{}", h.screen());
    let made = events(&h, &me, &EventFilter::default());
    let gala = made.iter().find(|e| e.name == "Gala").unwrap();
    assert_eq!((gala.location.as_str(), gala.attendees), ("Lyon", 120));
}

#[test]
fn the_event_form_checks_dates_and_attendees_as_you_type() {
    let s = site();
    let mut h = s.en("management");
    let me = actor(&h);
    let first = events(&h, &me, &EventFilter::default()).remove(0);
    h.keys("e");
    h.settle();
    // To the end field; an end before the start is said before any save.
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..16 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2020-01-01 10:00");
    let screen = h.screen();
    assert!(screen.contains("not after the start"), "{screen}");
    // Half a date says how to type one.
    h.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace);
    assert!(
        h.screen().contains("is not a date and time"),
        "{}",
        h.screen()
    );
    // Put right, the message goes.
    h.keys(":00");
    for _ in 0..16 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2030-01-01 10:00");
    let screen = h.screen();
    assert!(
        !screen.contains("not after the start") && !screen.contains("not a date"),
        "{screen}"
    );
    // Attendees that are not a number.
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    h.keys("x");
    assert!(h.screen().contains("whole number"), "{}", h.screen());
    // Nothing was saved meanwhile.
    assert_eq!(h.app.service.event(&me, first.id).unwrap(), first);
}

#[test]
fn the_rights_read_with_a_page_are_those_of_each_event() {
    let s = site();
    for role in ["management", "sales", "support", "admin"] {
        let h = s.en(role);
        let me = actor(&h);
        let page = events(&h, &me, &EventFilter::default());
        let of_page = h.app.service.event_rights_of(&me, &page).unwrap();
        for (e, rights) in page.iter().zip(&of_page) {
            let one = h.app.service.event_rights(&me, e.id).unwrap();
            assert_eq!(*rights, one, "{role}, event {}", e.id);
        }
        let offered = of_page.iter().filter(|r| r.edit).count();
        match role {
            "sales" => assert_eq!(offered, 0, "sales edits no event"),
            "support" => assert!(offered > 0 && offered < page.len(), "{offered}"),
            _ => assert_eq!(offered, page.len(), "{role}"),
        }
    }
}
