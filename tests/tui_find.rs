//! Finding what needs doing from the dashboard (issue 13): the filter
//! words `assignee:none`, `closure`, `waiting:staff` (and their French),
//! and `R`, which resolves the selected ticket and selects the next one
//! of the filtered list.

mod support;

use guichet::domain::ticket::{Priority, Status};
use guichet::i18n::Lang;
use guichet::service::tickets::{NewTicket, TicketFilter};
use guichet::service::Actor;
use guichet::tui::testing::Harness;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{demo_admin, first_login, open_as, setup, setup_en, DemoAdmin};

/// The id in the open detail's title, read by opening the selected row.
fn selected_id(h: &mut Harness) -> i64 {
    h.key(KeyCode::Enter);
    let screen = h.screen();
    h.key(KeyCode::Esc);
    let after = screen
        .split("#")
        .nth(1)
        .unwrap_or_else(|| panic!("no ticket open:\n{screen}"));
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no id in the detail:\n{screen}"))
}

fn open_tickets(d: &mut DemoAdmin, titles: &[&str]) -> Vec<i64> {
    titles
        .iter()
        .map(|title| {
            let new = NewTicket {
                title,
                description: "",
                priority: Priority::Normal,
                category: None,
                handling_role: "technician",
                assignee: None,
                requester: None,
            };
            d.h.app.service.open_ticket(&d.admin, &new, "lab").unwrap()
        })
        .collect()
}

fn status_of(d: &DemoAdmin, id: i64) -> Status {
    d.h.app
        .service
        .show_ticket(&d.admin, id)
        .unwrap()
        .ticket
        .status
}

#[test]
fn assignee_none_lists_the_unassigned_tickets_in_both_languages() {
    for lang in [Lang::En, Lang::Fr] {
        let mut d = demo_admin(setup(lang, ThemeKind::Dark, (100, 30)), 300, |_| {});
        let admin: Actor = d.admin.clone();
        let filter = TicketFilter {
            unassigned: true,
            ..Default::default()
        };
        let expected =
            d.h.app
                .service
                .list_tickets(&admin, &filter, None, 2)
                .unwrap();
        assert!(!expected.is_empty(), "the demo has unassigned tickets");
        let words = if lang == Lang::En {
            "/assignee:none"
        } else {
            "/assigné:aucun"
        };
        d.h.keys(words).key(KeyCode::Enter);
        let screen = d.h.screen();
        assert!(screen.contains(&words[1..]), "{screen}");
        assert_eq!(selected_id(&mut d.h), expected[0].id, "{lang:?}");
        d.h.key(KeyCode::Down);
        let second = selected_id(&mut d.h);
        if let Some(t) = expected.get(1) {
            assert_eq!(second, t.id);
        }
        let shown = d.h.app.service.show_ticket(&admin, second).unwrap();
        assert!(shown.ticket.assignee_id.is_none());
    }
}

#[test]
fn resolve_and_next_moves_to_the_next_ticket_and_keeps_the_filter() {
    let mut d = demo_admin(setup_en(), 300, |_| {});
    // Newest first: trois, deux, un.
    let ids = open_tickets(&mut d, &["Zorglub un", "Zorglub deux", "Zorglub trois"]);
    let (un, deux, trois) = (ids[0], ids[1], ids[2]);
    d.h.keys("/zorglub status:open").key(KeyCode::Enter);
    assert_eq!(selected_id(&mut d.h), trois);
    d.h.key(KeyCode::Down);
    assert_eq!(selected_id(&mut d.h), deux);
    // `R` opens the resolve form (comment optional); Enter saves it.
    d.h.keys("R").key(KeyCode::Enter);
    assert_eq!(status_of(&d, deux), Status::Resolved, "{}", d.h.screen());
    let screen = d.h.screen();
    assert!(screen.contains("zorglub status:open"), "{screen}");
    assert!(!screen.contains("Zorglub deux"), "{screen}");
    // The one after it is selected.
    assert_eq!(selected_id(&mut d.h), un);
    // The last one: the one before it is selected.
    d.h.keys("R").key(KeyCode::Enter);
    assert_eq!(status_of(&d, un), Status::Resolved);
    assert_eq!(selected_id(&mut d.h), trois);
    assert_eq!(status_of(&d, trois), Status::Waiting);
}

#[test]
fn resolve_and_next_without_a_status_filter_steps_over_the_resolved_one() {
    let mut d = demo_admin(setup_en(), 300, |_| {});
    let ids = open_tickets(&mut d, &["Zorglub un", "Zorglub deux", "Zorglub trois"]);
    d.h.keys("/zorglub").key(KeyCode::Enter);
    d.h.key(KeyCode::Down);
    d.h.keys("R").keys("Remplacé").key(KeyCode::Enter);
    assert_eq!(status_of(&d, ids[1]), Status::Resolved);
    // The resolved ticket stays in this list; the selection is past it.
    assert!(d.h.screen().contains("Zorglub deux"));
    assert_eq!(selected_id(&mut d.h), ids[0]);
    let view = d.h.app.service.show_ticket(&d.admin, ids[1]).unwrap();
    assert_eq!(
        view.comments.last().map(|c| c.body.as_str()),
        Some("Remplacé")
    );
}

#[test]
fn cancelling_the_resolve_form_leaves_the_selection() {
    let mut d = demo_admin(setup_en(), 300, |_| {});
    let ids = open_tickets(&mut d, &["Zorglub un", "Zorglub deux"]);
    d.h.keys("/zorglub").key(KeyCode::Enter);
    d.h.keys("R").key(KeyCode::Esc);
    assert_eq!(status_of(&d, ids[1]), Status::Waiting);
    assert_eq!(selected_id(&mut d.h), ids[1]);
}

#[test]
fn a_role_that_may_not_resolve_is_told_so_before_any_form() {
    for (lang, said) in [
        (Lang::En, "Your role may not resolve tickets."),
        (
            Lang::Fr,
            "Votre rôle ne permet pas de résoudre des tickets.",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let summary = support::tui::demo_file(&path, 300);
        let learner = first_login(&summary.logins, "learner");
        let look = setup(lang, ThemeKind::Dark, (100, 30));
        let mut h = open_as(&path, look, &learner, &summary.password);
        h.keys("R");
        let screen = h.screen();
        assert!(screen.contains(said), "{screen}");
        // No form opened: `q` would quit at once, `Esc` does nothing here.
        assert!(!h.app.service.store().path().as_os_str().is_empty());
        assert!(
            !screen.contains("┌ Move to") && !screen.contains("Passer à"),
            "{screen}"
        );
    }
}
