//! The Logs tab: the audit log followed live (whichever process writes),
//! filtered, paused and resumed; the connection journal beside it.

mod support;

use guichet::i18n::Lang;
use guichet::service::tickets::NewTicket;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::*;

#[test]
fn the_audit_log_journal_filter_pause_and_entry_in_every_look() {
    let d = desk(300);
    let admin = d.login("admin");
    for (name, lang, theme, size) in LOOKS {
        let mut h = open_as(&d.copy(), setup(lang, theme, size), &admin, &d.password);
        h.open_tab("tui.tab.logs");
        insta::assert_snapshot!(format!("logs_audit_{name}"), screen(&mut h));
        h.keys("/actor:admin action:user.*");
        insta::assert_snapshot!(format!("logs_filter_typing_{name}"), screen(&mut h));
        h.key(KeyCode::Enter);
        insta::assert_snapshot!(format!("logs_filtered_{name}"), screen(&mut h));
        h.key(KeyCode::Esc).key(KeyCode::PageUp);
        insta::assert_snapshot!(format!("logs_paused_{name}"), screen(&mut h));
        h.key(KeyCode::Enter);
        insta::assert_snapshot!(format!("logs_entry_{name}"), screen(&mut h));
        h.key(KeyCode::Esc).keys("l");
        insta::assert_snapshot!(format!("logs_journal_{name}"), screen(&mut h));
    }
}

/// Another process opens a ticket: an audit entry with its title.
fn write_elsewhere(d: &Desk, title: &str) {
    let mut other = second_service(&d.path, None);
    let admin = sign_in(&mut other, &d.login("admin"), &d.password);
    let new = NewTicket {
        title,
        description: "x",
        priority: guichet::domain::ticket::Priority::Normal,
        category: None,
        handling_role: "technician",
        assignee: None,
        requester: None,
    };
    other.open_ticket(&admin, &new, "elsewhere").unwrap();
}

#[test]
fn an_entry_written_by_another_connection_appears_at_the_next_tick() {
    let d = desk(100);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.logs");
    assert!(!screen(&mut h).contains("ticket:101"));
    write_elsewhere(&d, "Kettle on fire");
    h.tick();
    let shown = screen(&mut h);
    let last_row = shown
        .lines()
        .rfind(|l| l.contains("ticket opened"))
        .unwrap_or_default();
    assert!(last_row.contains("ticket:101"), "{shown}");
    assert!(
        last_row.contains('▶'),
        "following keeps the newest selected: {shown}"
    );
}

#[test]
fn a_pause_counts_new_entries_and_resuming_shows_them() {
    let d = desk(100);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.keys("4p");
    assert!(screen(&mut h).contains("paused: 0 new"));
    write_elsewhere(&d, "Kettle on fire");
    write_elsewhere(&d, "Toaster on fire");
    h.tick();
    let paused = screen(&mut h);
    assert!(paused.contains("paused: 2 new"), "{paused}");
    assert!(!paused.contains("ticket:101"), "{paused}");
    h.keys("p");
    let resumed = screen(&mut h);
    assert!(resumed.contains("following"), "{resumed}");
    assert!(
        resumed.contains("ticket:101") && resumed.contains("ticket:102"),
        "{resumed}"
    );
    // Scrolling up pauses by itself; G resumes.
    h.key(KeyCode::Up);
    assert!(screen(&mut h).contains("paused"));
    write_elsewhere(&d, "Fridge on fire");
    h.tick();
    assert!(!screen(&mut h).contains("ticket:103"));
    h.keys("G");
    assert!(screen(&mut h).contains("ticket:103"));
}

#[test]
fn a_filter_narrows_the_log_and_a_wrong_word_keeps_the_line() {
    let d = desk(100);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.keys("4/object:ticket:7 colour:red");
    h.key(KeyCode::Enter);
    let refused = screen(&mut h);
    assert!(
        refused.contains("“colour:red” is not a filter"),
        "{refused}"
    );
    assert!(refused.contains("object:ticket:7 colour:red"), "{refused}");
    for _ in 0.."colour:red".len() + 1 {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    let shown = screen(&mut h);
    let rows: Vec<_> = shown.lines().filter(|l| l.contains("ticket:")).collect();
    assert!(!rows.is_empty(), "{shown}");
    assert!(rows.iter().all(|l| l.contains("ticket:7 ")), "{shown}");
    // Dates: nothing before the demo's first day, everything after it.
    h.keys("/");
    for _ in 0..30 {
        h.key(KeyCode::Backspace);
    }
    h.keys("until:2000-01-01");
    h.key(KeyCode::Enter);
    assert!(screen(&mut h).contains("nothing here"));
    h.key(KeyCode::Esc);
    assert!(!screen(&mut h).contains("nothing here"));
}

#[test]
fn hostile_text_is_inert_in_the_audit_log_its_entry_and_the_journal() {
    let d = desk(100);
    plant_hostile(&d.path, 7);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.logs");
    assert_inert(&screen(&mut h));
    h.key(KeyCode::Enter);
    assert_inert(&screen(&mut h));
    h.key(KeyCode::Esc).keys("l");
    // The journal's columns are narrow: the escape shows as text, cut.
    let journal = screen(&mut h);
    assert!(journal.contains("\\x1b[2J"), "{journal}");
    assert!(!journal.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn the_journal_alone_for_those_who_may_read_only_their_own() {
    let d = desk(50);
    let learner = d.login("learner");
    let mut h = open_as(&d.path, setup_en(), &learner, &d.password);
    let tabs = h.screen();
    let logs = tabs.lines().next().unwrap().to_string();
    assert!(logs.contains("Logs"), "{tabs}");
    let n = logs
        .split("  ")
        .find(|t| t.contains("Logs"))
        .and_then(|t| t.trim().split(' ').next().map(str::to_string))
        .unwrap();
    h.keys(&n);
    let shown = screen(&mut h);
    assert!(shown.contains("Connection journal"), "{shown}");
    assert!(!shown.contains("Audit log"), "{shown}");
    assert!(shown.contains(&learner), "{shown}");
    assert!(!shown.contains(&d.login("admin")), "{shown}");
}

/// A login that named no account shows as its keyed hash and length, in
/// both languages; the text typed is nowhere on the screen.
#[test]
fn the_journal_shows_an_unknown_login_by_its_hash_and_length() {
    let d = desk(20);
    let mut other = second_service(&d.path, None);
    let origin = guichet::service::Origin::of_this_process(guichet::service::FrontEnd::Cli);
    for _ in 0..2 {
        let attempt = guichet::service::SignInAttempt {
            login: "Hunter2secret",
            password: "whatever-it-was",
            origin: &origin,
        };
        assert!(other.sign_in(&attempt).is_err());
    }
    // Closing checkpoints the WAL into the file the copies are made of.
    drop(other);
    let admin = d.login("admin");
    for (lang, shown) in [(Lang::En, "13 chars"), (Lang::Fr, "13 car.")] {
        let mut h = open_as(
            &d.copy(),
            setup(lang, ThemeKind::Dark, (120, 30)),
            &admin,
            &d.password,
        );
        let attempts = h.app.service.journal(&actor(&h), i64::MAX, 50).unwrap();
        let macs: Vec<String> = attempts
            .iter()
            .filter_map(|a| match &a.login {
                guichet::domain::signin::LoginTried::Unknown { mac, .. } => mac.clone(),
                guichet::domain::signin::LoginTried::Account(_) => None,
            })
            .collect();
        assert_eq!(macs.len(), 2);
        assert_eq!(macs[0], macs[1], "the same text, the same hash");
        h.open_tab("tui.tab.logs").key(KeyCode::Right);
        let text = h.screen();
        let cell = format!("#{} ({shown})", macs[0]);
        assert_eq!(text.matches(&cell).count(), 2, "{cell} in\n{text}");
        assert!(!text.to_lowercase().contains("hunter2"), "{text}");
    }
}
