//! The demo obeys its own rules: every ticket (open ones above all) goes
//! to someone who can read it, every ticket's handling role serves its requester, and the
//! urgency queue opens on tickets late by days or weeks, not by a year.

mod support;

use guichet::domain::roles::Audience;
use guichet::domain::Capability;
use guichet::service::{Actor, Service};
use guichet::tui::testing::FIXED_NOW;
use support::cli::{code, stderr, stdout, Site};
use support::tui::{desk, second_service};

const DAY: i64 = 86_400;

/// (ticket id, status, assignee id and login, handling role, requester id).
type Row = (i64, String, Option<i64>, Option<String>, String, i64);

fn tickets(path: &std::path::Path) -> Vec<Row> {
    let conn = support::raw(path);
    let mut stmt = conn
        .prepare(
            "SELECT t.id, t.status, t.assignee_id, u.login, t.handling_role, t.requester_id
             FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id ORDER BY t.id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn admin(service: &mut Service, path: &std::path::Path) -> Actor {
    let conn = support::raw(path);
    let id: i64 = conn
        .query_row("SELECT id FROM users WHERE login = 'admin'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let actor = Actor {
        id,
        login: "admin".into(),
    };
    assert!(service.show_user(&actor, "admin").is_ok());
    actor
}

#[test]
fn every_assigned_ticket_goes_to_someone_who_can_read_it() {
    let d = desk(300);
    let service = second_service(&d.path, None);
    let open = ["waiting", "in_progress", "on_hold"];
    let (mut checked, mut open_checked) = (0, 0);
    for (id, status, assignee, login, _, _) in tickets(&d.path) {
        let (Some(assignee), Some(login)) = (assignee, login) else {
            continue;
        };
        open_checked += usize::from(open.contains(&status.as_str()));
        let actor = Actor {
            id: assignee,
            login,
        };
        if let Err(e) = service.show_ticket(&actor, id) {
            panic!(
                "#{id} is assigned to {} who cannot read it: {e:?}",
                actor.login
            );
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} assigned tickets");
    assert!(
        open_checked > 3,
        "only {open_checked} open assigned tickets"
    );
}

#[test]
fn every_ticket_is_handled_by_a_role_that_serves_its_requester() {
    let d = desk(300);
    let mut service = second_service(&d.path, None);
    let admin = admin(&mut service, &d.path);
    let conn = support::raw(&d.path);
    for (id, _, _, _, role, requester) in tickets(&d.path) {
        let (login, company): (String, Option<i64>) = conn
            .query_row(
                "SELECT login, company_id FROM users WHERE id = ?1",
                [requester],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let user = service.show_user(&admin, &login).unwrap().user;
        let reads = service
            .show_role(&admin, &user.role_key)
            .unwrap()
            .grants
            .scope_of(Capability::TicketRead);
        let kind = Audience::of_requester(company.is_some(), reads);
        let serves = service.show_role(&admin, &role).unwrap().role.serves;
        assert!(
            serves.serves(kind),
            "#{id}: {role} serves {serves:?}, not {login} ({kind:?})"
        );
    }
}

#[test]
fn the_urgency_queue_opens_on_tickets_late_by_weeks_not_months() {
    let d = desk(300);
    let mut service = second_service(&d.path, None);
    let admin = admin(&mut service, &d.path);
    let first = service.urgency_queue(&admin, None, None, 10).unwrap();
    assert!(!first.is_empty(), "the demo queue is empty");
    for t in &first {
        let due = [t.sla.first_response_due, t.sla.resolution_due]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(FIXED_NOW);
        let late = FIXED_NOW - due;
        assert!(
            late <= 6 * 7 * DAY,
            "#{} opens the queue {} days late",
            t.id,
            late / DAY
        );
    }
}

/// Through the binary: the assignee of an agency ticket reads it and
/// lists their tickets (the demo gave such tickets to `support`, who may
/// read none: exit 4).
#[test]
fn the_demo_binary_gives_agency_tickets_to_someone_who_can_read_them() {
    let site = Site::new();
    let out = site.run(&["demo", "--tickets", "200", "--seed", "3"], None, None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let password = text
        .lines()
        .find(|l| l.contains("shown only this once"))
        .and_then(|l| l.rsplit(' ').next())
        .unwrap_or_else(|| panic!("no password in:\n{text}"))
        .to_string();
    let conn = support::raw(site.path());
    let (id, login): (i64, String) = conn
        .query_row(
            "SELECT t.id, u.login FROM tickets t JOIN users u ON u.id = t.assignee_id
             WHERE t.company_id IS NOT NULL ORDER BY t.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let list = site.as_user(&login, &password, &["ticket", "list"]);
    assert_eq!(code(&list), 0, "{login}: {}", stderr(&list));
    let show = site.as_user(&login, &password, &["ticket", "show", &id.to_string()]);
    assert_eq!(code(&show), 0, "{login} on #{id}: {}", stderr(&show));
    let nobody: i64 = conn
        .query_row(
            "SELECT count(*) FROM tickets t JOIN users u ON u.id = t.assignee_id
             WHERE u.role_key = 'support'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(nobody, 0, "tickets are assigned to support");
}
