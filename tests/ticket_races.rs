//! Two processes on one file: a use case must check its rules against the
//! row it writes, not against a copy read before its write transaction.
//! The other process acts at a chosen instant: when this one reads its
//! clock, after its checks and before its write.

mod support;

use guichet::service::ticket_work::TicketEdit;
use support::service::World;

#[test]
fn a_status_change_is_checked_against_the_status_it_replaces() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let tom = w.add("tom", "technician");
    let id = w.open(&lea, "Salle 4 sans chauffage", "technician", Some("tom"));
    // Another process closes the ticket while tom's change is under way:
    // after tom's service read the ticket, before it writes.
    let mut other = w.other_process();
    let admin = w.admin.clone();
    w.on_next_clock_read(move || {
        other
            .change_status(&admin, id, guichet::domain::ticket::Status::Closed, None)
            .unwrap();
    });
    let result =
        w.service
            .change_status(&tom, id, guichet::domain::ticket::Status::InProgress, None);
    let t = w.ticket(id);
    let statuses: Vec<String> = w
        .history(&w.admin, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "ticket.status")
        .map(|e| e.summary)
        .collect();
    // Closed is final: the late change must be refused, not reopen it, and
    // the log must not record a move from "waiting" that never happened.
    assert!(result.is_err(), "accepted; history: {statuses:?}");
    assert_eq!(t.status, guichet::domain::ticket::Status::Closed);
    assert_eq!(statuses.len(), 1, "{statuses:?}");
}

#[test]
fn a_requester_edit_is_checked_against_the_ticket_it_changes() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let tom = w.add("tom", "technician");
    let id = w.open(&lea, "Vidéoprojecteur", "technician", Some("tom"));
    // Tom takes the ticket in hand while lea's edit is under way.
    let mut other = w.other_process();
    w.on_next_clock_read(move || {
        other
            .change_status(&tom, id, guichet::domain::ticket::Status::InProgress, None)
            .unwrap();
    });
    let edit = TicketEdit {
        title: Some("Tout autre chose"),
        ..Default::default()
    };
    let result = w.service.edit_ticket(&lea, id, &edit);
    let t = w.ticket(id);
    assert_eq!(t.status, guichet::domain::ticket::Status::InProgress);
    assert!(t.taken_at.is_some());
    // Taken: from then on the requester only comments.
    assert!(result.is_err(), "the edit landed on a taken ticket");
    assert_eq!(t.title, "Vidéoprojecteur");
}
