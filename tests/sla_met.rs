//! A first response given shows as met, with when and after how long, in
//! the service's explanation, the dashboard's SLA block and `ticket show`
//! (it used to keep showing "0m of 1h, 1h left").

mod support;

use guichet::domain::ticket::Status;
use guichet::tui::testing::Setup;
use ratatui::crossterm::event::KeyCode;
use support::cli::{act, json, ok, ticket_number, Site};
use support::service::World;
use support::tui::{actor, demo_file, first_login, open_as};

#[test]
fn the_explanation_says_the_first_response_was_met_and_when() {
    let mut w = World::new();
    let tech = w.add("tech1", "technician");
    let lea = w.add("lea", "learner");
    let id = w.open(&lea, "Écran noir", "technician", Some("tech1"));
    let before = w.service.explain_sla(&tech, id).unwrap();
    assert_eq!(before.first_answer, None);
    w.advance(12 * 60);
    w.service
        .change_status(&tech, id, Status::InProgress, None)
        .unwrap();
    w.service.comment(&tech, id, "J'arrive.", false).unwrap();
    let answered_at = w.now();
    w.advance(3 * 3600);
    let e = w.service.explain_sla(&tech, id).unwrap();
    let answer = e.first_answer.expect("the first response is recorded");
    assert_eq!(answer.at, answered_at);
    assert!(answer.in_time, "{e:?}");
    assert!(answer.after <= 12 * 60, "{e:?}");
}

#[test]
fn ticket_show_says_met() {
    let site = Site::new();
    site.init();
    site.add_user("tech1", "technician", &[]);
    site.add_user("lea", "learner", &[]);
    let out = ok(act(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Souris",
            "--role",
            "technician",
            "--assignee",
            "tech1",
        ],
    ));
    let id = ticket_number(&out);
    let shown = json(&act(
        &site,
        "tech1",
        &["ticket", "show", &id, "--format", "json"],
    ));
    assert_eq!(shown["first_response_state"], "pending", "{shown}");
    ok(act(
        &site,
        "tech1",
        &["ticket", "status", &id, "in_progress"],
    ));
    ok(act(
        &site,
        "tech1",
        &["ticket", "comment", &id, "--text", "Je regarde."],
    ));
    let shown = json(&act(
        &site,
        "tech1",
        &["ticket", "show", &id, "--format", "json"],
    ));
    assert_eq!(shown["first_response_state"], "met", "{shown}");
    assert!(shown["first_responded_at"].is_string(), "{shown}");
    let text = ok(act(&site, "tech1", &["ticket", "show", &id]));
    assert!(text.contains("met"), "{text}");
}

#[test]
fn the_detail_shows_the_first_response_met() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 50);
    let login = first_login(&summary.logins, "technician");
    let learner = first_login(&summary.logins, "learner");
    let mut h = open_as(&path, Setup::default(), &login, &summary.password);
    let me = actor(&h);
    let new = guichet::service::tickets::NewTicket {
        title: "Clavier bloqué",
        description: "",
        priority: guichet::domain::ticket::Priority::High,
        category: None,
        handling_role: "technician",
        assignee: Some(&login),
        requester: Some(&learner),
    };
    let admin_login = first_login(&summary.logins, "admin");
    let admin = support::tui::sign_in(&mut h.app.service, &admin_login, &summary.password);
    let id = h.app.service.open_ticket(&admin, &new, "lab-pc-1").unwrap();
    h.app
        .service
        .change_status(&me, id, Status::InProgress, None)
        .unwrap();
    h.app.service.comment(&me, id, "Je passe.", false).unwrap();
    h.key(KeyCode::F(5));
    let list = h.screen();
    assert!(list.contains("Clavier bloqué"), "{list}");
    h.key(KeyCode::Enter);
    let screen = (0..60)
        .map(|_| {
            h.key(KeyCode::Down);
            h.screen()
        })
        .find(|s| s.contains("met at"));
    let screen = screen.unwrap_or_else(|| h.screen());
    assert!(screen.contains("met at"), "{screen}");
    assert!(!screen.contains("First response    0m of"), "{screen}");
}
