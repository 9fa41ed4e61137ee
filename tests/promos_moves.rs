//! Cohorts join the programme chosen in their form, move between
//! programmes, and cohorts and programmes are removed, refused with the
//! reason while learners (or cohorts) belong: through the service, the
//! binary and the dashboard.

mod support;

use guichet::domain::audit_action::AuditAction;
use guichet::i18n::Lang;
use guichet::service::org::NewCohort;
use guichet::service::users::NewUser;
use guichet::service::Error;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::cli::{code, json, ok, stderr, Site};
use support::service::{key, World, PASSWORD};
use support::tui::{open, DemoAdmin};

fn cohort(w: &mut World, name: &str, programme: &str) -> i64 {
    let admin = w.admin.clone();
    let new = NewCohort {
        name,
        programme,
        start: None,
        end: None,
    };
    w.service.add_cohort(&admin, &new).unwrap()
}

fn learner_in(w: &mut World, login: &str, cohort: &str) {
    let admin = w.admin.clone();
    let new = NewUser {
        login,
        full_name: login,
        role: "learner",
        email: None,
        phone: None,
        cohort: Some(cohort),
        company: None,
        password: PASSWORD,
    };
    w.service.add_user(&admin, &new).unwrap();
}

fn last_action(w: &World) -> String {
    let conn = support::raw(w.service.store().path());
    conn.query_row(
        "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn the_service_moves_and_removes_with_reasons_and_audit() {
    let mut w = World::new();
    let admin = w.admin.clone();
    w.service.add_programme(&admin, "Web").unwrap();
    w.service.add_programme(&admin, "Data").unwrap();
    let a = cohort(&mut w, "Promo A", "Web");
    learner_in(&mut w, "lea", "Promo A");
    // Move: the cohort and its learner now follow Data.
    w.service.move_cohort(&admin, a, "Data").unwrap();
    assert_eq!(last_action(&w), AuditAction::CohortMove.key());
    let moved = w.service.cohort(&admin, a).unwrap();
    assert_eq!(moved.programme, "Data");
    assert_eq!(moved.learners, 1);
    assert_eq!(
        key(w.service.move_cohort(&admin, a, "Data")),
        "error.nothing_to_change"
    );
    // Removing a cohort with a learner is refused, saying how many.
    let refused = w.service.remove_cohort(&admin, a);
    match &refused {
        Err(Error::Conflict(msg)) => assert_eq!(msg.key, "error.cohort_has_learners"),
        other => panic!("{other:?}"),
    }
    let text = guichet::i18n::I18n::new(Lang::En).render(&refused.unwrap_err().message());
    assert!(
        text.contains("1 learner") && text.contains("Promo A"),
        "{text}"
    );
    // So is a programme with a cohort.
    assert_eq!(
        key(w.service.remove_programme(&admin, "Data")),
        "error.programme_has_cohorts"
    );
    // The empty ones go, each with its audit entry.
    let b = cohort(&mut w, "Promo B", "Web");
    w.service.remove_cohort(&admin, b).unwrap();
    assert_eq!(last_action(&w), AuditAction::CohortRemove.key());
    w.service.remove_programme(&admin, "Web").unwrap();
    assert_eq!(last_action(&w), AuditAction::ProgrammeRemove.key());
    let names: Vec<String> = w
        .service
        .list_programmes(&admin, "", 10)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Data".to_string()]);
    // Someone without cohort.manage may not.
    let tech = w.add("lea2", "learner");
    support::service::assert_denied(
        w.service.remove_cohort(&tech, a),
        guichet::domain::Capability::CohortManage,
    );
}

#[test]
fn the_binary_moves_edits_and_removes() {
    let site = Site::new();
    site.init();
    ok(site.admin(&["programme", "add", "Web"]));
    ok(site.admin(&["programme", "add", "Data"]));
    let made = json(&site.admin(&[
        "cohort",
        "add",
        "Promo A",
        "--programme",
        "Web",
        "--format",
        "json",
    ]));
    let id = made["id"].to_string();
    site.add_user("lea", "learner", &["--cohort", "Promo A"]);
    let moved = json(&site.admin(&["cohort", "move", &id, "Data", "--format", "json"]));
    assert_eq!(moved["programme"], "Data", "{moved}");
    let edited = json(&site.admin(&[
        "cohort",
        "edit",
        &id,
        "--name",
        "Promo A1",
        "--start",
        "2027-01-04",
        "--format",
        "json",
    ]));
    assert_eq!(edited["name"], "Promo A1", "{edited}");
    assert_eq!(edited["start_date"], "2027-01-04", "{edited}");
    let out = site.admin(&["cohort", "remove", &id]);
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 learner"), "{}", stderr(&out));
    let out = site.admin(&["programme", "remove", "Data"]);
    assert!(stderr(&out).contains("1 cohort"), "{}", stderr(&out));
    ok(site.admin(&["programme", "rename", "Web", "Web et mobile"]));
    ok(site.admin(&["programme", "remove", "Web et mobile"]));
    let list = json(&site.admin(&["programme", "list", "--format", "json"]));
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}

fn promos() -> DemoAdmin {
    let mut s = open(Lang::En, ThemeKind::Dark, (160, 48));
    s.h.open_tab("tui.tab.promos");
    s
}

fn programmes(s: &DemoAdmin) -> Vec<String> {
    let all = s.h.app.service.list_programmes(&s.admin, "", 100).unwrap();
    all.into_iter().map(|p| p.name).collect()
}

fn cohorts_of(s: &DemoAdmin, programme: &str) -> Vec<guichet::service::org::Cohort> {
    s.h.app
        .service
        .list_cohorts(&s.admin, Some(programme), ("", 0), 100)
        .unwrap()
}

#[test]
fn a_new_cohort_joins_the_programme_chosen_in_its_form() {
    let mut s = promos();
    let names = programmes(&s);
    let (first, second) = (names[0].clone(), names[1].clone());
    // The first programme is selected; the form's choice goes to the second.
    s.h.keys("l").keys("n").keys("Promo choisie");
    s.h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab);
    s.h.key(KeyCode::Right).ctrl('s');
    let in_second = cohorts_of(&s, &second);
    assert!(
        in_second.iter().any(|c| c.name == "Promo choisie"),
        "{}",
        s.h.screen()
    );
    assert!(!cohorts_of(&s, &first)
        .iter()
        .any(|c| c.name == "Promo choisie"));
}

#[test]
fn a_cohort_is_moved_by_its_form_and_removed_only_when_empty() {
    let mut s = promos();
    let names = programmes(&s);
    let (first, second) = (names[0].clone(), names[1].clone());
    let full = cohorts_of(&s, &first)[0].clone();
    assert!(full.learners > 0);
    // `d` on a cohort with learners says why at once, and asks nothing.
    s.h.keys("l").keys("g").keys("d");
    let screen = s.h.screen();
    assert!(screen.contains("still belong"), "{screen}");
    assert!(cohorts_of(&s, &first).iter().any(|c| c.id == full.id));
    // Its form moves it to the second programme.
    s.h.keys("e");
    s.h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab);
    s.h.key(KeyCode::Right).ctrl('s');
    assert!(
        cohorts_of(&s, &second).iter().any(|c| c.id == full.id),
        "{}",
        s.h.screen()
    );
    // An empty cohort is removed after a yes.
    s.h.keys("n").keys("Promo vide").ctrl('s');
    assert!(
        cohorts_of(&s, &first)
            .iter()
            .any(|c| c.name == "Promo vide"),
        "created in the selected programme"
    );
    s.h.keys("g");
    while !s.h.screen().contains("▸ Promo vide") && !s.h.screen().contains("Remove the promo") {
        let before = s.h.screen();
        s.h.key(KeyCode::Down);
        if s.h.screen() == before {
            break;
        }
    }
    s.h.keys("d");
    assert!(
        s.h.screen().contains("Remove the promo"),
        "{}",
        s.h.screen()
    );
    s.h.keys("y");
    assert!(!cohorts_of(&s, &first)
        .iter()
        .any(|c| c.name == "Promo vide"));
}
