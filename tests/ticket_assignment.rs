//! Who gets a ticket: the least loaded member of the handling role, ties
//! by least recently assigned; explicit choices; reassignment by those
//! holding `ticket.assign`.

mod support;

use guichet::domain::Capability;
use guichet::service::tickets::HandlingRole;
use guichet::service::Actor;
use support::service::{assert_denied, key, World};

fn assignee(w: &World, id: i64) -> Option<String> {
    w.ticket(id).assignee_login
}

/// (login, open tickets) of a handling role's members, as listed.
fn loads(roles: &[HandlingRole], key: &str) -> Vec<(String, i64)> {
    roles
        .iter()
        .find(|r| r.role.key == key)
        .unwrap_or_else(|| panic!("role {key} not listed"))
        .members
        .iter()
        .map(|m| (m.login.clone(), m.open_tickets))
        .collect()
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(l, n)| (l.to_string(), *n)).collect()
}

#[test]
fn equal_loads_take_turns() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    w.add("t1", "technician");
    w.add("t2", "technician");
    let mut got = Vec::new();
    for n in 0..4 {
        w.advance(1);
        let id = w.open(&lea, &format!("Panne {n}"), "technician", None);
        got.push(assignee(&w, id).unwrap());
    }
    assert_eq!(got, ["t1", "t2", "t1", "t2"]);
    let roles = w.service.handling_roles(&lea).unwrap();
    assert_eq!(loads(&roles, "technician"), pairs(&[("t1", 2), ("t2", 2)]));
    let history = w.history(&w.admin, 1).unwrap();
    assert!(history[0]
        .summary
        .contains(r#""assigned_by":"least_loaded""#));
}

#[test]
fn ties_go_to_the_least_recently_assigned() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    w.add("t1", "technician");
    w.add("t2", "technician");
    // t2 (the higher id) is chosen first, by hand; then t1 by load.
    w.advance(1);
    let a = w.open(&lea, "A", "technician", Some("t2"));
    w.advance(1);
    let b = w.open(&lea, "B", "technician", None);
    assert_eq!(assignee(&w, a).as_deref(), Some("t2"));
    assert_eq!(assignee(&w, b).as_deref(), Some("t1"));
    // Both hold one ticket; t2 waited longer, so t2 (not the lower id).
    w.advance(1);
    let c = w.open(&lea, "C", "technician", None);
    assert_eq!(assignee(&w, c).as_deref(), Some("t2"));
    // Closed tickets weigh nothing: t2 closes both, and is least loaded.
    let t2 = Actor {
        id: w.ticket(a).assignee_id.unwrap(),
        login: "t2".into(),
    };
    w.status(&t2, a, "closed");
    w.status(&t2, c, "resolved");
    let roles = w.service.handling_roles(&lea).unwrap();
    assert_eq!(loads(&roles, "technician"), pairs(&[("t2", 0), ("t1", 1)]));
    w.advance(1);
    let d = w.open(&lea, "D", "technician", None);
    assert_eq!(assignee(&w, d).as_deref(), Some("t2"));
}

#[test]
fn an_explicit_assignee_must_be_an_active_member_of_the_role() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    w.add("t1", "technician");
    w.add("t2", "technician");
    w.add("k1", "caretaker");
    let before = w.audit_count();
    for who in ["k1", "nobody", "lea", "admin"] {
        let err = w
            .try_open(&lea, "Fuite", "technician", Some(who), None)
            .unwrap_err();
        let msg = err.message();
        assert_eq!(msg.key, "error.not_a_member", "{who}");
        assert_eq!(msg.get("role"), Some("technician"));
    }
    let admin = w.admin.clone();
    w.service.set_active(&admin, "t2", false).unwrap();
    let before_t2 = w.audit_count();
    assert_eq!(
        key(w.try_open(&lea, "Fuite", "technician", Some("t2"), None)),
        "error.not_a_member"
    );
    assert_eq!(w.audit_count(), before_t2);
    assert_eq!(before_t2, before + 1);
    // The least loaded never picks an inactive member.
    for n in 0..3 {
        let id = w.open(&lea, &format!("Fuite {n}"), "technician", None);
        assert_eq!(assignee(&w, id).as_deref(), Some("t1"));
    }
    let id = w.open(&lea, "Ampoule", "caretaker", Some(" K1 "));
    assert_eq!(assignee(&w, id).as_deref(), Some("k1"));
    let history = w.history(&admin, id).unwrap();
    assert!(history[0].summary.contains(r#""assigned_by":"choice""#));
    // A role nobody is in: the ticket waits with no assignee.
    let id = w.open(&lea, "Projet", "coach_hard", None);
    assert_eq!(assignee(&w, id), None);
    // Roles that handle no tickets are refused.
    assert_eq!(
        key(w.try_open(&lea, "Vente", "sales", None, None)),
        "error.role_handles_no_tickets"
    );
}

#[test]
fn handling_roles_list_members_with_their_open_tickets() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let t1 = w.add("t1", "technician");
    w.add("t2", "technician");
    w.add("k1", "caretaker");
    let a = w.open(&lea, "A", "technician", Some("t1"));
    w.open(&lea, "B", "technician", Some("t1"));
    w.open(&lea, "C", "caretaker", None);
    w.status(&t1, a, "resolved");

    let roles = w.service.handling_roles(&lea).unwrap();
    let keys: Vec<&str> = roles.iter().map(|r| r.role.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "admin",
            "caretaker",
            "coach_hard",
            "coach_soft",
            "referent",
            "supervisor",
            "technician"
        ]
    );
    assert_eq!(loads(&roles, "technician"), pairs(&[("t2", 0), ("t1", 1)]));
    assert_eq!(loads(&roles, "caretaker"), pairs(&[("k1", 1)]));
    assert_eq!(loads(&roles, "admin"), pairs(&[("admin", 0)]));
    assert!(loads(&roles, "coach_soft").is_empty());
    // Sales hold no ticket.create: they get no list.
    let seller = w.add("seller", "sales");
    assert_denied(w.service.handling_roles(&seller), Capability::TicketCreate);
}

#[test]
fn admins_and_managers_assign_others_may_not() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let t1 = w.add("t1", "technician");
    w.add("t2", "technician");
    w.add("k1", "caretaker");
    let boss = w.add("boss", "management");
    let admin = w.admin.clone();
    let id = w.open(&lea, "Écran", "technician", Some("t1"));

    assert_eq!(
        w.service.assign(&admin, id, Some("t2"), None).unwrap(),
        Some("t2".to_string())
    );
    assert_eq!(assignee(&w, id).as_deref(), Some("t2"));
    assert_eq!(
        key(w.service.assign(&admin, id, Some("t2"), None)),
        "error.already_assigned"
    );
    assert_eq!(
        key(w.service.assign(&boss, id, Some("k1"), None)),
        "error.not_a_member"
    );
    assert_eq!(
        w.service.assign(&boss, id, Some("t1"), None).unwrap(),
        Some("t1".to_string())
    );
    // Moving it to another role: to that role's least loaded member.
    assert_eq!(
        w.service
            .assign(&boss, id, None, Some("caretaker"))
            .unwrap(),
        Some("k1".to_string())
    );
    let t = w.ticket(id);
    assert_eq!(
        (t.handling_role.as_str(), t.assignee_login.as_deref()),
        ("caretaker", Some("k1"))
    );

    let other = w.open(&lea, "Clavier", "technician", Some("t1"));
    let before = w.audit_count();
    assert_denied(
        w.service.assign(&lea, other, Some("t2"), None),
        Capability::TicketAssign,
    );
    // Technicians handle tickets but do not hold ticket.assign.
    assert_denied(
        w.service.assign(&t1, other, Some("t2"), None),
        Capability::TicketAssign,
    );
    assert_eq!(w.audit_count(), before);
    assert_eq!(assignee(&w, other).as_deref(), Some("t1"));

    w.status(&t1, other, "closed");
    assert_eq!(
        key(w.service.assign(&admin, other, Some("t2"), None)),
        "error.ticket_not_open"
    );
    let summaries: Vec<String> = w
        .history(&admin, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "ticket.assign")
        .map(|e| e.actor_login + " " + &e.summary)
        .collect();
    assert_eq!(summaries.len(), 3);
    assert!(summaries[0].starts_with("admin "));
    assert!(summaries[0].contains(r#""assignee":{"new":"t2","old":"t1"}"#));
    assert!(summaries[2].starts_with("boss "));
    assert!(summaries[2].contains(r#""handling_role":{"new":"caretaker","old":"technician"}"#));
}

#[test]
fn every_role_offered_to_requesters_can_work_the_tickets_it_gets() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let offered: Vec<String> = w
        .service
        .handling_roles(&lea)
        .unwrap()
        .into_iter()
        .map(|r| r.role.key)
        .collect();
    let mut cannot = Vec::new();
    for role in &offered {
        let login = format!("m-{}", role.replace('_', "-"));
        let member = if role == "admin" {
            w.admin.clone()
        } else {
            w.add(&login, role)
        };
        let id = w.open(&lea, "Besoin d'aide", role, Some(&member.login));
        let works = w.service.show_ticket(&member, id).is_ok()
            && w.service.comment(&member, id, "Je regarde", false).is_ok()
            && w.service
                .change_status(
                    &member,
                    id,
                    guichet::domain::ticket::Status::InProgress,
                    None,
                )
                .is_ok();
        if !works {
            cannot.push(role.clone());
        }
    }
    assert_eq!(offered.len(), 7, "{offered:?}");
    assert_eq!(cannot, Vec::<String>::new());
}
