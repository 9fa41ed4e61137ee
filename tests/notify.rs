//! Notifications of what people wait for, on a real database: the
//! assignee when a ticket is given to them, the requester when it is taken
//! in hand, resolved or answered, the staff when the requester speaks; never
//! one's own action; and each person's opt-outs.

mod support;

use guichet::domain::notify::NotifyKind;
use guichet::service::{Actor, Error};
use support::service::{assert_denied, status, World};

/// (kind, ticket) of `who`'s notifications, oldest first.
fn told(w: &World, who: &Actor) -> Vec<(String, Option<i64>)> {
    let mut list: Vec<_> = w
        .service
        .notifications(who, false, None, 200)
        .unwrap()
        .into_iter()
        .map(|n| (n.kind, n.ticket_id))
        .collect();
    list.reverse();
    list
}

fn kinds(w: &World, who: &Actor) -> Vec<String> {
    told(w, who).into_iter().map(|(k, _)| k).collect()
}

/// A learner, two technicians, and a ticket of the learner's given to t1.
fn desk() -> (World, Actor, Actor, Actor, i64) {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let t1 = w.add("t1", "technician");
    let t2 = w.add("t2", "technician");
    let id = w.open(&lea, "Écran noir", "technician", Some("t1"));
    (w, lea, t1, t2, id)
}

#[test]
fn the_assignee_is_told_when_given_a_ticket_by_someone_else() {
    let (mut w, lea, t1, t2, id) = desk();
    // Chosen by the learner at opening: t1 is told, with the ticket.
    assert_eq!(told(&w, &t1), [("ticket.assigned".to_string(), Some(id))]);
    let admin = w.admin.clone();
    w.service.assign(&admin, id, Some("t2"), None).unwrap();
    assert_eq!(kinds(&w, &t2), ["ticket.assigned"]);
    let body = &w.service.notifications(&t2, false, None, 5).unwrap()[0].body;
    assert_eq!(body, "Écran noir", "the text is the ticket's title");
    // Nobody else heard of it; the requester waits for other things.
    assert!(kinds(&w, &lea).is_empty());
    assert_eq!(kinds(&w, &t1), ["ticket.assigned"]);
}

#[test]
fn taking_an_unassigned_ticket_oneself_tells_nobody_of_an_assignment() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let id = w.open(&lea, "Wi-Fi", "technician", None);
    assert_eq!(w.ticket(id).assignee_id, None, "nobody in the role yet");
    let t1 = w.add("t1", "technician");
    // Taking it in hand makes it t1's: by t1, so t1 is not told.
    w.status(&t1, id, "in_progress");
    assert_eq!(w.ticket(id).assignee_login.as_deref(), Some("t1"));
    assert!(kinds(&w, &t1).is_empty(), "{:?}", kinds(&w, &t1));
    assert_eq!(kinds(&w, &lea), ["ticket.taken"]);
}

#[test]
fn the_requester_is_told_when_taken_in_hand_answered_and_resolved() {
    let (mut w, lea, t1, _t2, id) = desk();
    w.status(&t1, id, "in_progress");
    assert_eq!(told(&w, &lea), [("ticket.taken".to_string(), Some(id))]);
    // On hold and back is not "taken" again.
    w.status(&t1, id, "on_hold");
    w.status(&t1, id, "in_progress");
    assert_eq!(kinds(&w, &lea), ["ticket.taken"]);
    w.service.comment(&t1, id, "Quel câble ?", false).unwrap();
    w.service
        .comment(&t1, id, "Note pour l'équipe", true)
        .unwrap();
    assert_eq!(kinds(&w, &lea), ["ticket.taken", "ticket.answered"]);
    w.service
        .change_status(&t1, id, status("resolved"), Some("Câble changé"))
        .unwrap();
    assert_eq!(
        kinds(&w, &lea),
        ["ticket.taken", "ticket.answered", "ticket.resolved"],
        "one notification per change, the resolution"
    );
}

#[test]
fn an_internal_comment_tells_nobody() {
    let (mut w, lea, t1, t2, id) = desk();
    let before = (kinds(&w, &lea), kinds(&w, &t1), kinds(&w, &t2));
    w.service.comment(&t1, id, "Entre nous", true).unwrap();
    let admin = w.admin.clone();
    w.service.comment(&admin, id, "Vu", true).unwrap();
    assert_eq!((kinds(&w, &lea), kinds(&w, &t1), kinds(&w, &t2)), before);
}

#[test]
fn the_staff_on_the_ticket_hear_the_requester() {
    let (mut w, lea, t1, t2, id) = desk();
    w.service.comment(&lea, id, "Toujours noir", false).unwrap();
    assert_eq!(kinds(&w, &t1), ["ticket.assigned", "ticket.replied"]);
    w.service
        .request_closure(&lea, id, "Réglé tout seul")
        .unwrap();
    assert_eq!(
        told(&w, &t1).last(),
        Some(&("ticket.closure_requested".to_string(), Some(id)))
    );
    assert_eq!(kinds(&w, &t2), Vec::<String>::new(), "not t2's ticket");
}

#[test]
fn an_unassigned_tickets_requester_is_heard_by_the_role_members_who_read_it() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let id = w.open(&lea, "Projecteur", "technician", None);
    assert_eq!(w.ticket(id).assignee_id, None, "nobody in the role yet");
    let t1 = w.add("t1", "technician");
    let t2 = w.add("t2", "technician");
    w.service
        .comment(&lea, id, "Urgent, cours à 14 h", false)
        .unwrap();
    assert_eq!(kinds(&w, &t1), ["ticket.replied"]);
    assert_eq!(kinds(&w, &t2), ["ticket.replied"]);
    assert!(kinds(&w, &lea).is_empty(), "not told of one's own comment");
}

#[test]
fn nobody_is_told_of_their_own_action() {
    let mut w = World::new();
    let t1 = w.add("t1", "technician");
    // t1 opens a ticket for their own role: it goes to them, by them.
    let id = w.open(&t1, "Mon poste", "technician", Some("t1"));
    w.status(&t1, id, "in_progress");
    w.service.comment(&t1, id, "Je regarde", false).unwrap();
    w.status(&t1, id, "resolved");
    assert!(kinds(&w, &t1).is_empty(), "{:?}", kinds(&w, &t1));
}

#[test]
fn a_kind_turned_off_is_not_written_and_the_others_still_are() {
    let (mut w, lea, t1, _t2, id) = desk();
    let off = [NotifyKind::Resolved, NotifyKind::Answered];
    assert_eq!(w.service.set_notify(&lea, None, &off, false).unwrap(), 2);
    let settings = w.service.notify_settings(&lea, None).unwrap();
    let on: Vec<_> = settings.iter().filter(|s| !s.on).map(|s| s.kind).collect();
    assert_eq!(on, off);
    w.status(&t1, id, "in_progress");
    w.service.comment(&t1, id, "Quel câble ?", false).unwrap();
    w.status(&t1, id, "resolved");
    assert_eq!(kinds(&w, &lea), ["ticket.taken"]);
    // On again: the next one arrives.
    w.service
        .set_notify(&lea, None, &[NotifyKind::Answered], true)
        .unwrap();
    w.service
        .comment(&t1, id, "Et maintenant ?", false)
        .unwrap();
    assert_eq!(kinds(&w, &lea), ["ticket.taken", "ticket.answered"]);
    // Setting what is already so changes nothing, and says so.
    let again = w
        .service
        .set_notify(&lea, None, &[NotifyKind::Answered], true);
    assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");
}

#[test]
fn one_changes_ones_own_settings_and_only_admins_those_of_others() {
    let (mut w, lea, t1, _t2, _id) = desk();
    let mute = [NotifyKind::Assigned];
    // A technician may read profiles (user.read:all) but edit only their own.
    assert!(w.service.notify_settings(&t1, Some("lea")).is_ok());
    assert_denied(
        w.service.set_notify(&t1, Some("lea"), &mute, false),
        guichet::domain::Capability::UserUpdate,
    );
    // A learner sees only their own: someone else's looks like nobody.
    assert_denied(
        w.service.notify_settings(&lea, Some("t1")),
        guichet::domain::Capability::UserRead,
    );
    w.service.set_notify(&t1, None, &mute, false).unwrap();
    let admin = w.admin.clone();
    w.service
        .set_notify(&admin, Some("lea"), &[NotifyKind::Taken], false)
        .unwrap();
    let lea_off: Vec<_> = w
        .service
        .notify_settings(&admin, Some("lea"))
        .unwrap()
        .into_iter()
        .filter(|s| !s.on)
        .map(|s| s.kind)
        .collect();
    assert_eq!(lea_off, [NotifyKind::Taken]);
    // Each change is in the audit log, against the person it is about.
    let entries = w
        .service
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user.notifications'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(entries, 2);
}

#[test]
fn a_change_refused_inside_its_transaction_leaves_no_notification() {
    let (mut w, lea, t1, _t2, id) = desk();
    let other = w.other_process();
    // Another process changes the ticket between the checks and the write.
    let mut other = other;
    let t1_again = t1.clone();
    w.on_next_clock_read(move || {
        other
            .change_status(&t1_again, id, status("on_hold"), None)
            .unwrap();
    });
    let raced = w
        .service
        .change_status(&t1, id, status("in_progress"), None);
    assert!(matches!(raced, Err(Error::Conflict(_))), "{raced:?}");
    assert!(kinds(&w, &lea).is_empty(), "{:?}", kinds(&w, &lea));
}

#[test]
fn an_escalation_turned_off_is_not_written_for_that_person() {
    let (mut w, lea, t1, t2, first) = desk();
    let second = w.open(&lea, "Clavier", "technician", Some("t2"));
    w.service
        .set_notify(&t1, None, &[NotifyKind::Overdue], false)
        .unwrap();
    // Ten days later both tickets are long overdue (27 business hours).
    w.advance(10 * support::service::DAY);
    w.service.urgency_pass().unwrap();
    let overdue = |who: &Actor| -> Vec<Option<i64>> {
        told(&w, who)
            .into_iter()
            .filter(|(k, _)| k == "urgency.overdue")
            .map(|(_, t)| t)
            .collect()
    };
    assert_eq!(overdue(&t1), Vec::<Option<i64>>::new());
    assert_eq!(overdue(&t2), [Some(second)]);
    let admin = w.admin.clone();
    let mut admin_told = overdue(&admin);
    admin_told.sort();
    assert_eq!(admin_told, [Some(first), Some(second)]);
}
