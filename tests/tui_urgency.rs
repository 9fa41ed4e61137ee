//! The Urgency tab: the queue by level (symbol and colour), the breach
//! forecast, the SLA detail, and the notifications overlay its escalations
//! feed.

mod support;

use guichet::service::tickets::NewTicket;
use guichet::tui::testing::{Harness, FIXED_NOW};
use ratatui::crossterm::event::KeyCode;
use support::tui::*;

/// Three days on: the tickets due in two days have become overdue.
const LATER: i64 = FIXED_NOW + 3 * 86_400;

#[test]
fn the_queue_its_forecast_and_a_ticket_detail_in_every_look() {
    let d = desk(300);
    let admin = d.login("admin");
    for (name, lang, theme, size) in LOOKS {
        let mut h = open_as(&d.copy(), setup(lang, theme, size), &admin, &d.password);
        h.open_tab("tui.tab.urgency");
        insta::assert_snapshot!(format!("urgency_queue_{name}"), screen(&mut h));
        h.keys("f");
        insta::assert_snapshot!(format!("urgency_forecast_{name}"), screen(&mut h));
        h.key(KeyCode::Enter);
        insta::assert_snapshot!(format!("urgency_detail_{name}"), screen(&mut h));
    }
}

fn rows_shown(screen: &str) -> usize {
    screen.lines().filter(|l| l.contains(" #")).count()
}

#[test]
fn the_forecast_keeps_only_what_breaches_soon_and_toggles_back() {
    let d = desk(300);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.urgency");
    let all = screen(&mut h);
    h.keys("f");
    let forecast = screen(&mut h);
    assert!(forecast.contains("Breach forecast"), "{forecast}");
    assert!(
        rows_shown(&forecast) < rows_shown(&all),
        "{forecast}\n{all}"
    );
    assert!(!forecast.contains("· ok"), "{forecast}");
    assert!(all.contains("· ok"), "{all}");
    h.keys("f");
    assert_eq!(rows_shown(&screen(&mut h)), rows_shown(&all));
    // The detail closes with Esc and leaves the queue as it was.
    h.key(KeyCode::Enter);
    assert!(screen(&mut h).contains("Resolution due"));
    h.key(KeyCode::Esc);
    assert_eq!(screen(&mut h), all);
}

#[test]
fn a_level_change_by_another_process_shows_at_the_next_tick() {
    let d = desk(300);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.urgency");
    let before = screen(&mut h);
    let mut other = second_service(&d.path, Some(Box::new(|| LATER)));
    let report = other.urgency_pass().unwrap();
    assert!(!report.changes.is_empty());
    h.tick();
    let after = screen(&mut h);
    assert!(
        after.matches("● overdue").count() > before.matches("● overdue").count(),
        "{after}"
    );
}

#[test]
fn a_hostile_title_is_inert_in_the_queue_and_its_detail() {
    let d = desk(300);
    plant_hostile(&d.path, 299);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.urgency");
    for _ in 0..40 {
        let s = screen(&mut h);
        if s.lines().any(|l| l.contains('▶') && l.contains("pwned")) {
            break;
        }
        h.key(KeyCode::Down);
    }
    assert_inert(&screen(&mut h));
    h.key(KeyCode::Enter);
    let detail = screen(&mut h);
    assert!(detail.contains("Resolution due"), "{detail}");
    assert_inert(&detail);
}

/// A desk three days on, where escalations notified the assignee of #299;
/// gives the desk and that assignee's login.
fn notified_desk() -> (Desk, String) {
    let d = desk(300);
    let mut other = second_service(&d.path, Some(Box::new(|| LATER)));
    let admin = sign_in(&mut other, &d.login("admin"), &d.password);
    let assignee = other
        .show_ticket(&admin, 299)
        .unwrap()
        .ticket
        .assignee_login
        .unwrap();
    // Two more tickets for the same person, opened now, overdue by then.
    let mut now = second_service(&d.path, None);
    let admin_now = sign_in(&mut now, &d.login("admin"), &d.password);
    for title in ["Écran noir en salle 3", "Imprimante bloquée"] {
        let new = NewTicket {
            title,
            description: "x",
            priority: guichet::domain::ticket::Priority::Critical,
            category: None,
            handling_role: "technician",
            assignee: Some(&assignee),
            requester: None,
        };
        now.open_ticket(&admin_now, &new, "test").unwrap();
    }
    now.urgency_pass().unwrap();
    other.urgency_pass().unwrap();
    (d, assignee)
}

fn open_later(
    path: &std::path::Path,
    s: guichet::tui::testing::Setup,
    login: &str,
    pw: &str,
) -> Harness {
    let s = guichet::tui::testing::Setup {
        clock: Some(Box::new(|| LATER)),
        ..s
    };
    open_as(path, s, login, pw)
}

#[test]
fn the_notifications_overlay_in_every_look() {
    let (d, who) = notified_desk();
    for (name, lang, theme, size) in LOOKS {
        let mut h = open_later(&d.copy(), setup(lang, theme, size), &who, &d.password);
        h.keys("!");
        insta::assert_snapshot!(format!("notifications_{name}"), screen(&mut h));
    }
}

#[test]
fn marking_read_lowers_the_counter_and_m_marks_them_all() {
    let (d, who) = notified_desk();
    let mut h = open_later(&d.path, setup_en(), &who, &d.password);
    let first = screen(&mut h);
    let count: i64 = unread_shown(&first)[4..].trim().parse().unwrap();
    assert!(count >= 2, "{first}");
    h.keys("!");
    let overlay = screen(&mut h);
    assert!(overlay.contains("● unread"), "{overlay}");
    h.keys("m");
    let after = screen(&mut h);
    assert_eq!(unread_shown(&after), format!("✉ {}", count - 1), "{after}");
    assert!(after.contains("○ read"), "{after}");
    // Marking a read one again does nothing and says nothing wrong.
    h.keys("m");
    assert_eq!(unread_shown(&screen(&mut h)), format!("✉ {}", count - 1));
    h.keys("M");
    let all = screen(&mut h);
    assert_eq!(unread_shown(&all), "✉ 0", "{all}");
    assert!(!all.contains("● unread"), "{all}");
    // Esc closes the overlay; `!` opens and closes it too.
    h.key(KeyCode::Esc);
    assert!(!screen(&mut h).contains("Notifications ·"));
    h.keys("!");
    assert!(screen(&mut h).contains("Notifications ·"));
    h.keys("!");
    assert!(!screen(&mut h).contains("Notifications ·"));
}
