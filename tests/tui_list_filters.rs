//! `/` in every list section and the notifications: what is typed after
//! it filters the list as it is typed and never runs a command of the
//! list (typing `jbseck` in Admin › Users once moved with `j` and opened
//! the edit form with `e`).

mod support;

use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{open, open_with, DemoAdmin};

fn audit_count(s: &DemoAdmin) -> i64 {
    s.h.app
        .service
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// The demo in Admin › Users, and the full name of its user `jbseck`.
fn with_jbseck(lang: Lang) -> (DemoAdmin, String) {
    let mut s = open(lang, ThemeKind::Dark, (100, 30));
    let name = s.h.app.service.show_user(&s.admin, "jbseck").unwrap();
    s.h.open_tab("tui.tab.admin");
    (s, name.user.full_name)
}

#[test]
fn typing_jbseck_in_users_filters_and_edits_nothing() {
    let (mut s, name) = with_jbseck(Lang::En);
    let before = audit_count(&s);
    let first = s.h.app.service.list_users(&s.admin, None, "", 1).unwrap();
    let first = first[0].user.clone();
    s.h.keys("/jbseck");
    let screen = s.h.screen();
    assert!(screen.contains("Users — /jbseck"), "{screen}");
    assert!(screen.contains(&name), "{screen}");
    assert!(!screen.contains(&first.login), "{screen}");
    // No form opened, nothing written, the first user unchanged.
    assert!(
        !screen.contains("Ctrl-S") && !screen.contains("ctrl-s"),
        "{screen}"
    );
    assert_eq!(audit_count(&s), before);
    let again = s.h.app.service.show_user(&s.admin, &first.login).unwrap();
    assert_eq!(again.user.full_name, first.full_name);
    // Enter keeps the filter and gives the keys back to the list.
    s.h.key(KeyCode::Enter);
    let kept = s.h.screen();
    assert!(kept.contains("Users — /jbseck"), "{kept}");
    assert!(!kept.contains(&first.login), "{kept}");
    // `/` opens it again on the text; Esc clears it: the whole list.
    s.h.keys("/").key(KeyCode::Esc);
    let all = s.h.screen();
    assert!(!all.contains("—  /"), "{all}");
    assert!(all.contains(&first.login), "{all}");
    assert_eq!(audit_count(&s), before);
}

#[test]
fn users_match_by_name_and_role_label_whatever_the_case_and_accents() {
    let (mut s, name) = with_jbseck(Lang::En);
    // A part of the name, in capitals.
    let part: String = name.split_whitespace().last().unwrap().to_uppercase();
    s.h.keys("/").keys(&part);
    assert!(s.h.screen().contains("jbseck"));
    // Ctrl-U empties the line; the role's English label, not its key.
    s.h.ctrl('u').keys("hard-skills");
    let screen = s.h.screen();
    let coaches =
        s.h.app
            .service
            .list_users(&s.admin, Some("coach_hard"), "", 100);
    let coaches = coaches.unwrap();
    assert!(!coaches.is_empty());
    for c in &coaches {
        assert!(
            screen.contains(&c.user.login),
            "{} missing:\n{screen}",
            c.user.login
        );
    }
    assert!(!screen.contains("jbseck"), "{screen}");
    // Nothing matches: the list says so.
    s.h.ctrl('u').keys("zzqq");
    let none = s.h.screen();
    assert!(none.contains("nothing matches «zzqq»"), "{none}");
}

#[test]
fn roles_filter_by_key_and_label() {
    let mut s = open(Lang::En, ThemeKind::Dark, (100, 30));
    s.h.open_tab("tui.tab.admin");
    s.h.open_section("tui.admin.section.roles");
    let before = audit_count(&s);
    // `n` (new) and `e` (edit) are letters of the filter here.
    s.h.keys("/hard-skills");
    let screen = s.h.screen();
    assert!(screen.contains("Roles — /hard-skills"), "{screen}");
    assert!(screen.contains("coach_hard"), "{screen}");
    assert!(!screen.contains("coach_soft"), "{screen}");
    assert!(!screen.contains("technician"), "{screen}");
    s.h.ctrl('u').keys("techn");
    let by_key = s.h.screen();
    assert!(by_key.contains("technician"), "{by_key}");
    assert!(!by_key.contains("coach_hard"), "{by_key}");
    assert_eq!(audit_count(&s), before);
}

#[test]
fn categories_filter_by_name_accents_folded_in_french() {
    let mut s = open(Lang::Fr, ThemeKind::Dark, (100, 30));
    s.h.open_tab("tui.tab.admin");
    s.h.open_section("tui.admin.section.categories");
    let before = audit_count(&s);
    s.h.keys("/PEDAGO");
    let screen = s.h.screen();
    assert!(screen.contains("Pédagogie"), "{screen}");
    let all = s.h.app.service.list_categories(&s.admin, "", 100).unwrap();
    let other = all.iter().find(|c| c.name != "Pédagogie").unwrap();
    assert!(!screen.contains(&other.name), "{screen}");
    s.h.ctrl('u').keys("zzqq");
    let none = s.h.screen();
    assert!(none.contains("rien ne correspond à «zzqq»"), "{none}");
    assert_eq!(audit_count(&s), before);
}

#[test]
fn programmes_and_cohorts_filter_by_name() {
    let mut s = open_with(Lang::En, ThemeKind::Dark, (160, 48), |_| {});
    s.h.open_tab("tui.tab.promos");
    s.h.keys("/reseau");
    let screen = s.h.screen();
    assert!(screen.contains("Technicien Réseau"), "{screen}");
    assert!(!screen.contains("Data Analyst"), "{screen}");
    s.h.key(KeyCode::Enter);
    // The cohorts follow the one programme left; filter them too.
    let cohorts =
        s.h.app
            .service
            .list_cohorts(&s.admin, Some("Technicien Réseau"), ("", 0), 10)
            .unwrap();
    assert_eq!(cohorts.len(), 2);
    s.h.keys("l").keys("/").keys(&cohorts[1].name);
    let screen = s.h.screen();
    assert!(screen.contains(&cohorts[1].name), "{screen}");
    assert!(!screen.contains(&cohorts[0].name), "{screen}");
}

#[test]
fn notifications_filter_by_their_text() {
    let mut s = open(Lang::En, ThemeKind::Dark, (100, 30));
    let conn = s.h.app.service.store().conn();
    let me: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE login = ?1",
            [&s.admin.login],
            |r| r.get(0),
        )
        .unwrap();
    for body in ["Ticket about the Wi-Fi", "Ticket about the printer"] {
        conn.execute(
            "INSERT INTO notifications (user_id, kind, body, created_at) VALUES (?1, 'urgency.urgent', ?2, 1)",
            rusqlite::params![me, body],
        )
        .unwrap();
    }
    s.h.keys("!");
    let both = s.h.screen();
    assert!(both.contains("Wi-Fi") && both.contains("printer"), "{both}");
    // `m` would mark one read: here it is a letter of the filter.
    s.h.keys("/wi-fi m");
    let none = s.h.screen();
    assert!(none.contains("nothing matches «wi-fi m»"), "{none}");
    s.h.key(KeyCode::Backspace).key(KeyCode::Backspace);
    let one = s.h.screen();
    assert!(one.contains("Wi-Fi") && !one.contains("printer"), "{one}");
    let unread: i64 =
        s.h.app
            .service
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
                [me],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(unread, 2, "nothing was marked read");
}

#[test]
fn policies_and_calendars_filter_by_name() {
    let mut s = open(Lang::En, ThemeKind::Dark, (160, 48));
    let policies = s.h.app.service.sla_policies(&s.admin).unwrap();
    let calendars = s.h.app.service.sla_calendars(&s.admin).unwrap();
    s.h.open_tab("tui.tab.admin");
    s.h.open_section("tui.admin.section.policies");
    s.h.keys("/zzqq");
    let none = s.h.screen();
    assert!(none.contains("nothing matches «zzqq»"), "{none}");
    // A rule's name finds it.
    s.h.ctrl('u').keys(&policies[0].name).key(KeyCode::Enter);
    let screen = s.h.screen();
    assert!(screen.contains(&policies[0].name), "{screen}");
    assert!(!screen.contains("nothing matches"), "{screen}");
    s.h.open_section("tui.admin.section.calendars");
    s.h.keys("/zzqq");
    let none = s.h.screen();
    assert!(none.contains("nothing matches «zzqq»"), "{none}");
    s.h.ctrl('u').keys(&calendars[0].name);
    assert!(s.h.screen().contains(&calendars[0].name));
}
