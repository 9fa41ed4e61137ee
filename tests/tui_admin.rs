//! The Admin tab driven through the real app: sections, the new-user
//! form, confirmations, grants, categories, and hostile names.

mod support;

use guichet::domain::capability::Scope;
use guichet::domain::Capability;
use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{assert_no_escape_or_bell, open, open_with, DemoAdmin, HOSTILE, LOOKS};

fn admin(lang: Lang, theme: ThemeKind, size: (u16, u16)) -> DemoAdmin {
    let mut s = open(lang, theme, size);
    s.h.open_tab("tui.tab.admin");
    s
}

/// Snapshots of one state in every look; `go` brings the tab there.
fn snap_all(name: &str, go: impl Fn(&mut DemoAdmin)) {
    for (look, lang, theme, size) in LOOKS {
        let mut s = admin(lang, theme, size);
        go(&mut s);
        insta::assert_snapshot!(format!("{name}_{look}"), s.h.pane_screen());
    }
}

#[test]
fn snapshots_of_each_section() {
    snap_all("admin_users", |_| {});
    snap_all("admin_user_detail", |s| {
        s.h.key(KeyCode::Down).key(KeyCode::Enter);
    });
    snap_all("admin_roles", |s| {
        s.h.open_section("tui.admin.section.roles");
    });
    snap_all("admin_categories", |s| {
        s.h.open_section("tui.admin.section.categories");
    });
    snap_all("admin_policies", |s| {
        s.h.open_section("tui.admin.section.policies");
    });
    snap_all("admin_calendars", |s| {
        s.h.open_section("tui.admin.section.calendars");
    });
}

#[test]
fn snapshots_of_forms_and_questions() {
    snap_all("admin_new_user_error", |s| {
        s.h.keys("n").keys("zoe.martin").key(KeyCode::Tab);
        s.h.keys("Zoé Martin").key(KeyCode::Tab).key(KeyCode::Tab);
        s.h.keys("short").key(KeyCode::Tab).keys("short");
        s.h.ctrl('s');
    });
    snap_all("admin_confirm_deactivate", |s| {
        s.h.key(KeyCode::Down).keys("d");
    });
}

#[test]
fn the_new_user_form_creates_an_account_with_the_chosen_role() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (80, 24));
    s.h.keys("n").keys("zoe.martin").key(KeyCode::Tab);
    s.h.keys("Zoé Martin").key(KeyCode::Tab);
    // The roles in list_roles order: admin, caretaker, client, coach_hard…
    let roles = s.h.app.service.list_roles(&s.admin, "", 100).unwrap();
    let learner = roles.iter().position(|r| r.role.key == "learner").unwrap();
    let technician = roles
        .iter()
        .position(|r| r.role.key == "technician")
        .unwrap();
    for _ in learner..technician {
        s.h.key(KeyCode::Right);
    }
    assert!(s.h.screen().contains("(technician)"));
    s.h.key(KeyCode::Tab).keys("Correct horse battery 9");
    s.h.key(KeyCode::Tab).keys("Correct horse battery 9");
    s.h.ctrl('s');
    let screen = s.h.screen();
    assert!(screen.contains("zoe.martin"), "{screen}");
    assert!(screen.contains("User zoe.martin created"), "{screen}");
    let row = s.h.app.service.show_user(&s.admin, "zoe.martin").unwrap();
    assert_eq!(row.user.full_name, "Zoé Martin");
    assert_eq!(row.user.role_key, "technician");
}

#[test]
fn a_refused_form_keeps_every_character_typed() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (80, 24));
    s.h.keys("n").keys("zoe.martin").key(KeyCode::Tab);
    s.h.keys("Zoé Martin").key(KeyCode::Tab).key(KeyCode::Tab);
    s.h.keys("Correct horse battery 9").key(KeyCode::Tab);
    s.h.keys("Correct horse battery 8");
    s.h.ctrl('s');
    let screen = s.h.screen();
    assert!(screen.contains("passwords differ"), "{screen}");
    assert!(screen.contains("zoe.martin") && screen.contains("Zoé Martin"));
    assert!(s.h.app.service.show_user(&s.admin, "zoe.martin").is_err());
    // Correct the second password: the rest was kept.
    s.h.key(KeyCode::Backspace).keys("9").ctrl('s');
    assert!(s.h.app.service.show_user(&s.admin, "zoe.martin").is_ok());
}

#[test]
fn deactivating_asks_first_and_reactivating_undoes_it() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (80, 24));
    let first = s.h.app.service.list_users(&s.admin, None, "", 1).unwrap();
    let login = first[0].user.login.clone();
    s.h.keys("d");
    assert!(s.h.screen().contains(&format!("Deactivate {login}?")));
    s.h.keys("n");
    assert!(
        s.h.app
            .service
            .show_user(&s.admin, &login)
            .unwrap()
            .user
            .active
    );
    s.h.keys("d").keys("y");
    assert!(
        !s.h.app
            .service
            .show_user(&s.admin, &login)
            .unwrap()
            .user
            .active
    );
    assert!(s.h.screen().contains(&format!("{login} deactivated")));
    // From the detail's menu this time: the last deed reactivates.
    s.h.key(KeyCode::Enter)
        .keys("jjjj")
        .key(KeyCode::Enter)
        .keys("y");
    assert!(
        s.h.app
            .service
            .show_user(&s.admin, &login)
            .unwrap()
            .user
            .active
    );
}

#[test]
fn a_capability_is_granted_then_revoked() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (80, 24));
    let roles = s.h.app.service.list_roles(&s.admin, "", 100).unwrap();
    let client = roles.iter().position(|r| r.role.key == "client").unwrap();
    s.h.open_section("tui.admin.section.roles");
    for _ in 0..client {
        s.h.key(KeyCode::Down);
    }
    // The first capability the client role lacks that may be held at "all".
    let before =
        s.h.app
            .service
            .show_role(&s.admin, "client")
            .unwrap()
            .grants;
    let kb = Capability::EVERY
        .iter()
        .position(|c| before.scope_of(*c).is_none() && c.allows_scope(Scope::All))
        .unwrap();
    let cap = Capability::EVERY[kb];
    s.h.keys(" ");
    for _ in 0..kb {
        s.h.key(KeyCode::Right);
    }
    s.h.ctrl('s');
    let grants =
        s.h.app
            .service
            .show_role(&s.admin, "client")
            .unwrap()
            .grants;
    assert_eq!(grants.scope_of(cap), Some(Scope::All));
    let screen = s.h.screen();
    let granted = format!("{}:all granted to client", cap.key());
    assert!(screen.contains(&granted), "{screen}");
    let at = grants.iter().position(|g| g.capability == cap).unwrap();
    s.h.key(KeyCode::Enter);
    for _ in 0..at {
        s.h.key(KeyCode::Down);
    }
    s.h.keys("d");
    let question = format!("Revoke {} from the role client?", cap.key());
    assert!(s.h.screen().contains(&question));
    s.h.keys("y");
    let grants =
        s.h.app
            .service
            .show_role(&s.admin, "client")
            .unwrap()
            .grants;
    assert_eq!(grants.scope_of(cap), None);
}

#[test]
fn a_category_is_added_and_renamed() {
    let mut s = admin(Lang::Fr, ThemeKind::Dark, (80, 24));
    s.h.open_section("tui.admin.section.categories");
    s.h.keys("n").keys("Audiovisuel").ctrl('s');
    let names = |s: &DemoAdmin| -> Vec<String> {
        let all = s.h.app.service.list_categories(&s.admin, "", 100).unwrap();
        all.into_iter().map(|c| c.name).collect()
    };
    assert!(names(&s).contains(&"Audiovisuel".to_string()));
    s.h.keys("g").keys("e");
    for _ in 0.."Administratif".chars().count() {
        s.h.key(KeyCode::Backspace);
    }
    s.h.keys("Administration").key(KeyCode::Enter);
    assert!(names(&s).contains(&"Administration".to_string()));
    assert!(s.h.screen().contains("Administration"));
}

#[test]
fn a_calendar_and_a_policy_are_made_through_their_forms() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (160, 48));
    s.h.open_section("tui.admin.section.calendars");
    s.h.keys("n").keys("Atelier").key(KeyCode::Tab);
    s.h.key(KeyCode::Tab)
        .keys("mon-fri 08:00-12:00; sat 09:00-12:00");
    s.h.ctrl('s');
    let calendars = s.h.app.service.sla_calendars(&s.admin).unwrap();
    assert!(
        calendars.iter().any(|c| c.name == "Atelier"),
        "{}",
        s.h.screen()
    );
    s.h.open_section("tui.admin.section.policies")
        .keys("n")
        .keys("Urgent network")
        .key(KeyCode::Tab);
    s.h.keys("priority=critical").key(KeyCode::Tab).keys("30m");
    s.h.key(KeyCode::Tab).keys("4h").ctrl('s');
    let policies = s.h.app.service.sla_policies(&s.admin).unwrap();
    let made = policies.iter().find(|p| p.name == "Urgent network");
    assert!(made.is_some(), "{}", s.h.screen());
    s.h.keys("g").keys("d").keys("y");
    let policies = s.h.app.service.sla_policies(&s.admin).unwrap();
    assert!(policies.iter().all(|p| p.name != "Urgent network"));
}

#[test]
fn a_hostile_full_name_is_inert_on_screen() {
    // Validation refuses control characters: the name arrives as an older
    // version or another tool could have written it.
    let mut s = open_with(Lang::En, ThemeKind::Dark, (160, 48), |path| {
        let conn = support::raw(path);
        conn.execute(
            "UPDATE users SET full_name = ?1 WHERE login = (SELECT min(login) FROM users)",
            [HOSTILE],
        )
        .unwrap();
    });
    s.h.open_tab("tui.tab.admin");
    assert_no_escape_or_bell(&s.h.screen());
    s.h.key(KeyCode::Enter);
    assert_no_escape_or_bell(&s.h.screen());
    s.h.keys("e");
    assert_no_escape_or_bell(&s.h.screen());
}

/// The line of the screen holding `text`.
fn line_of(screen: &str, text: &str) -> u16 {
    let at = screen.lines().position(|l| l.contains(text));
    u16::try_from(at.unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"))).unwrap()
}

#[test]
fn a_click_selects_the_row_under_it_in_any_section() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (80, 24));
    let users = s.h.app.service.list_users(&s.admin, None, "", 3).unwrap();
    let third = &users[2].user.login;
    let row = line_of(&s.h.screen(), third);
    s.h.click(10, row);
    assert!(s.h.screen().contains(" 3 / "), "{}", s.h.screen());
    // The header line above the rows selects nothing.
    let header = line_of(&s.h.screen(), "Login");
    s.h.click(10, header);
    assert!(s.h.screen().contains(" 3 / "), "{}", s.h.screen());
    s.h.open_section("tui.admin.section.calendars");
    let calendars = s.h.app.service.sla_calendars(&s.admin).unwrap();
    assert!(calendars.len() >= 2, "the demo site has calendars");
    let row = line_of(&s.h.screen(), &calendars[1].name);
    s.h.click(10, row);
    assert!(s.h.screen().contains(" 2 / "), "{}", s.h.screen());
}

/// Sections say what their keys really do: `space` closes a day in
/// Calendars and moves a policy in Policies, in `?` and in the hints.
#[test]
fn help_and_hints_use_each_sections_own_words() {
    let mut s = admin(Lang::En, ThemeKind::Dark, (160, 48));
    s.h.open_section("tui.admin.section.calendars");
    let hints = s.h.screen();
    assert!(hints.contains("close a day"), "{hints}");
    s.h.keys("?");
    let help = s.h.screen();
    assert!(
        help.contains("Close a day of the selected calendar"),
        "{help}"
    );
    assert!(help.contains("Reopen a day closed"), "{help}");
    assert!(!help.contains("Toggle the selected item"), "{help}");
    s.h.key(KeyCode::Esc);
    s.h.open_section("tui.admin.section.policies");
    s.h.keys("?");
    let help = s.h.screen();
    assert!(help.contains("Move the selected policy"), "{help}");
    assert!(!help.contains("Toggle the selected item"), "{help}");
}
