//! A ticket's life at the service level, on a real database file with a
//! clock the test moves: the reopen window and automatic closure, editing
//! until taken, closure requests, ratings, history and time entries.

mod support;

use guichet::domain::Capability;
use guichet::service::ticket_work::{TicketEdit, TimeEdit};
use guichet::service::{Actor, Error};
use support::service::{assert_denied, key, World, DAY, HOUR, REOPEN_WINDOW, T0};

/// A learner `lea`, technicians `tom` and `tina`; the admin.
fn desk() -> (World, Actor, Actor, Actor) {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let tom = w.add("tom", "technician");
    let tina = w.add("tina", "technician");
    (w, lea, tom, tina)
}

fn title(text: &str) -> TicketEdit<'_> {
    TicketEdit {
        title: Some(text),
        ..Default::default()
    }
}

#[test]
fn the_requester_reopens_within_the_window_and_staff_after_it() {
    let (mut w, lea, tom, _) = desk();
    let id = w.open(&lea, "Écran noir salle 3", "technician", Some("tom"));
    w.status(&tom, id, "resolved");
    w.advance(6 * DAY);
    w.status(&lea, id, "in_progress");
    w.status(&tom, id, "resolved");
    let resolved_at = w.ticket(id).resolved_at.unwrap();
    assert_eq!(resolved_at, w.now());

    // The last second of the window still lets the requester reopen.
    w.set_clock(resolved_at + REOPEN_WINDOW);
    w.status(&lea, id, "in_progress");
    w.status(&tom, id, "resolved");

    let resolved_at = w.ticket(id).resolved_at.unwrap();
    w.set_clock(resolved_at + REOPEN_WINDOW + 1);
    let err = w
        .service
        .change_status(&lea, id, guichet::domain::ticket::Status::InProgress, None)
        .unwrap_err();
    let msg = err.message();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert_eq!(msg.key, "error.reopen_window_passed");
    assert_eq!(msg.get("days"), Some("7"));
    assert_eq!(
        w.ticket(id).status,
        guichet::domain::ticket::Status::Resolved
    );
    // Staff may still reopen it.
    w.status(&tom, id, "in_progress");
    assert_eq!(
        w.ticket(id).status,
        guichet::domain::ticket::Status::InProgress
    );

    // Past the window the requester may still close, just not reopen.
    let other = w.open(&lea, "Souris", "technician", Some("tom"));
    w.status(&tom, other, "resolved");
    w.advance(REOPEN_WINDOW + 1);
    assert_eq!(
        key(w.service.change_status(
            &lea,
            other,
            guichet::domain::ticket::Status::InProgress,
            None
        )),
        "error.reopen_window_passed"
    );
    w.status(&lea, other, "closed");
}

#[test]
fn resolutions_older_than_the_window_close_themselves() {
    let (mut w, lea, tom, _) = desk();
    let early = w.open(&lea, "Clavier", "technician", Some("tom"));
    let later = w.open(&lea, "Souris", "technician", Some("tom"));
    let open = w.open(&lea, "Écran", "technician", Some("tom"));
    w.status(&tom, early, "resolved");
    w.advance(3 * DAY);
    w.status(&tom, later, "resolved");
    w.status(&tom, open, "in_progress");

    // Nothing due: nothing closed, nothing written.
    let before = w.audit_count();
    w.set_clock(T0 + REOPEN_WINDOW);
    assert_eq!(w.service.close_expired_resolutions().unwrap(), 0);
    assert_eq!(w.audit_count(), before);

    w.set_clock(T0 + REOPEN_WINDOW + 1);
    assert_eq!(w.service.close_expired_resolutions().unwrap(), 1);
    assert_eq!(w.service.close_expired_resolutions().unwrap(), 0);
    assert_eq!(w.audit_count(), before + 1);
    let closed = w.ticket(early);
    assert_eq!(closed.status, guichet::domain::ticket::Status::Closed);
    assert_eq!(closed.closed_at, Some(T0 + REOPEN_WINDOW + 1));
    assert_eq!(
        w.ticket(later).status,
        guichet::domain::ticket::Status::Resolved
    );

    w.set_clock(T0 + 3 * DAY + REOPEN_WINDOW + 1);
    assert_eq!(w.service.close_expired_resolutions().unwrap(), 1);
    assert_eq!(
        w.ticket(later).status,
        guichet::domain::ticket::Status::Closed
    );
    assert_eq!(
        w.ticket(open).status,
        guichet::domain::ticket::Status::InProgress
    );

    for id in [early, later] {
        let history = w.history(&w.admin, id).unwrap();
        let auto: Vec<_> = history
            .iter()
            .filter(|e| e.action == "ticket.auto_close")
            .collect();
        assert_eq!(auto.len(), 1, "ticket {id}: {history:?}");
        assert_eq!(auto[0].actor_login, "system");
        assert_eq!(auto[0].actor_id, None);
        assert!(auto[0].summary.contains(r#""new":"closed""#));
    }
    assert_eq!(w.service.close_expired_resolutions().unwrap(), 0);
    assert_eq!(w.audit_count(), before + 2);
    // Closed is final, for the requester as for staff.
    assert_eq!(
        key(w.service.change_status(
            &lea,
            early,
            guichet::domain::ticket::Status::InProgress,
            None
        )),
        "error.no_transition"
    );
}

#[test]
fn the_requester_edits_until_staff_takes_the_ticket() {
    let (mut w, lea, tom, _) = desk();
    let id = w.open(&lea, "Imprimante", "technician", Some("tom"));
    w.service
        .edit_ticket(&lea, id, &title("Imprimante salle 2"))
        .unwrap();
    let priority = TicketEdit {
        priority: Some(guichet::domain::ticket::Priority::High),
        description: Some("Bourrage papier"),
        ..Default::default()
    };
    w.service.edit_ticket(&lea, id, &priority).unwrap();
    let t = w.ticket(id);
    assert_eq!(
        (t.title.as_str(), t.priority.key(), t.taken_at),
        ("Imprimante salle 2", "high", None)
    );

    w.status(&tom, id, "in_progress");
    w.status(&tom, id, "waiting");
    let before = w.audit_count();
    let err = w
        .service
        .edit_ticket(&lea, id, &title("Autre titre"))
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(err.message().key, "error.ticket_taken");
    assert_eq!(w.audit_count(), before);
    assert_eq!(w.ticket(id).title, "Imprimante salle 2");
    // Comments are still the requester's way in.
    w.service
        .comment(&lea, id, "Toujours en panne", false)
        .unwrap();

    // Staff edit while the ticket is open, not after.
    w.service
        .edit_ticket(&tom, id, &title("Imprimante HS"))
        .unwrap();
    w.status(&tom, id, "on_hold");
    w.service
        .edit_ticket(&tom, id, &title("Imprimante 2"))
        .unwrap();
    w.status(&tom, id, "resolved");
    assert_eq!(
        key(w.service.edit_ticket(&tom, id, &title("Trop tard"))),
        "error.ticket_not_open"
    );
    let edits = w
        .history(&w.admin, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "ticket.edit")
        .map(|e| e.actor_login)
        .collect::<Vec<_>>();
    assert_eq!(edits, ["lea", "lea", "tom", "tom"]);
}

#[test]
fn a_closure_request_waits_for_staff() {
    let (mut w, lea, tom, _) = desk();
    let id = w.open(&lea, "Wifi", "technician", Some("tom"));
    w.status(&tom, id, "in_progress");
    assert_eq!(
        key(w.service.request_closure(&lea, id, "  ")),
        "error.empty_field"
    );
    assert_denied(
        w.service.request_closure(&tom, id, "Je ferme"),
        Capability::TicketUpdate,
    );
    w.service
        .request_closure(&lea, id, "Ça remarche, merci")
        .unwrap();
    let view = w.view(id);
    assert!(view.ticket.closure_requested);
    let last = view.comments.last().unwrap();
    assert_eq!(
        (
            last.body.as_str(),
            last.author_login.as_str(),
            last.internal
        ),
        ("Ça remarche, merci", "lea", false)
    );
    let before = w.audit_count();
    let err = w.service.request_closure(&lea, id, "Encore").unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(err.message().key, "error.closure_already_requested");
    assert_eq!(w.audit_count(), before);
    assert_eq!(w.view(id).comments.len(), 1);

    w.status(&tom, id, "closed");
    let t = w.ticket(id);
    assert_eq!((t.status.key(), t.closure_requested), ("closed", false));
    assert_eq!(
        key(w.service.request_closure(&lea, id, "Fermé ?")),
        "error.ticket_not_open"
    );

    // Staff may instead carry on with it, which also answers the request.
    let other = w.open(&lea, "Wifi encore", "technician", Some("tom"));
    w.service
        .request_closure(&lea, other, "Plus besoin")
        .unwrap();
    assert!(w.ticket(other).closure_requested);
    w.status(&tom, other, "in_progress");
    let t = w.ticket(other);
    assert_eq!(
        (t.status.key(), t.closure_requested),
        ("in_progress", false)
    );
    let actions: Vec<String> = w
        .history(&w.admin, other)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["ticket.create", "ticket.closure_request", "ticket.status"]
    );
}

#[test]
fn only_the_requester_rates_a_resolved_ticket_for_a_day() {
    let (mut w, lea, tom, _) = desk();
    let leo = w.add("leo", "learner");
    let id = w.open(&lea, "Vidéoprojecteur", "technician", Some("tom"));
    w.status(&tom, id, "in_progress");
    assert_eq!(
        key(w.service.rate(&lea, id, 4, None)),
        "error.rating_not_resolved"
    );
    w.status(&tom, id, "resolved");
    assert_denied(w.service.rate(&tom, id, 5, None), Capability::TicketRate);
    // Another learner cannot even read it: it looks missing.
    assert_eq!(key(w.service.rate(&leo, id, 5, None)), "error.not_found");
    let admin = w.admin.clone();
    assert_denied(w.service.rate(&admin, id, 5, None), Capability::TicketRate);
    for score in [0, 6, -1] {
        assert_eq!(
            key(w.service.rate(&lea, id, score, None)),
            "error.rating_range"
        );
    }
    assert_eq!(w.ticket(id).rating, None);

    w.service.rate(&lea, id, 3, Some("Lent")).unwrap();
    let first = w.now();
    w.advance(23 * HOUR);
    w.service
        .rate(&lea, id, 5, Some("Finalement parfait"))
        .unwrap();
    let t = w.ticket(id);
    assert_eq!(
        (t.rating, t.rating_comment.as_deref(), t.rated_at),
        (Some(5), Some("Finalement parfait"), Some(first))
    );
    w.set_clock(first + 24 * HOUR);
    w.service.rate(&lea, id, 4, None).unwrap();
    w.set_clock(first + 24 * HOUR + 1);
    let before = w.audit_count();
    assert_eq!(
        key(w.service.rate(&lea, id, 1, None)),
        "error.rating_frozen"
    );
    assert_eq!(w.audit_count(), before);
    assert_eq!(w.ticket(id).rating, Some(4));

    // Closed tickets are rated too; cancelled ones are not.
    let closed = w.open(&lea, "Câble", "technician", Some("tom"));
    w.status(&tom, closed, "closed");
    w.service.rate(&lea, closed, 2, None).unwrap();
    let cancelled = w.open(&lea, "Erreur", "technician", Some("tom"));
    w.status(&lea, cancelled, "cancelled");
    assert_eq!(
        key(w.service.rate(&lea, cancelled, 2, None)),
        "error.rating_not_resolved"
    );
}

#[test]
fn the_history_lists_every_step_in_order_with_its_actor() {
    let (mut w, lea, _, tina) = desk();
    let admin = w.admin.clone();
    let id = w.open(&lea, "Session bloquée", "technician", Some("tom"));
    assert_eq!(
        w.service.assign(&admin, id, Some("tina"), None).unwrap(),
        Some("tina".to_string())
    );
    w.status(&tina, id, "in_progress");
    w.service
        .comment(&tina, id, "Mot de passe réinitialisé", false)
        .unwrap();
    w.service
        .log_time(&tina, id, 20, None, Some("Reset"))
        .unwrap();
    w.status(&tina, id, "resolved");
    w.service.rate(&lea, id, 5, None).unwrap();

    let steps: Vec<(String, String)> = w
        .history(&admin, id)
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor_login))
        .collect();
    let expected = [
        ("ticket.create", "lea"),
        ("ticket.assign", "admin"),
        ("ticket.status", "tina"),
        ("ticket.comment", "tina"),
        ("ticket.time", "tina"),
        ("ticket.status", "tina"),
        ("ticket.rate", "lea"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, l)| (a.to_string(), l.to_string()))
        .collect();
    assert_eq!(steps, expected);
    // The learner reads the same history without the time spent.
    let lea_steps: Vec<String> = w
        .history(&lea, id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    let without_time: Vec<String> = expected
        .iter()
        .filter(|(a, _)| a != "ticket.time")
        .map(|(a, _)| a.clone())
        .collect();
    assert_eq!(lea_steps, without_time);
    // Paging: after the second entry, the rest.
    let second = w.history(&admin, id).unwrap()[1].id;
    let rest = w.service.ticket_history(&admin, id, second, 2).unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0].action, "ticket.status");
}

/// The site's calendar day (Europe/Paris) at `at`, as YYYY-MM-DD.
fn local_day(at: i64, days: i64) -> String {
    let t = chrono::DateTime::from_timestamp(at + days * DAY, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Paris);
    t.date_naive().to_string()
}

#[test]
fn time_is_logged_for_past_days_and_edited_only_by_its_author() {
    let (mut w, lea, tom, tina) = desk();
    let id = w.open(&lea, "Réseau lent", "technician", Some("tom"));
    let today = local_day(w.now(), 0);
    assert_eq!(today, "2026-05-28");

    let entry = w
        .service
        .log_time(&tom, id, 45, Some("2026-05-20"), Some("Diagnostic"))
        .unwrap();
    w.service.log_time(&tom, id, 1, None, None).unwrap();
    w.service
        .log_time(&tom, id, 1440, Some(&today), None)
        .unwrap();
    let before = w.audit_count();
    assert_eq!(
        key(w
            .service
            .log_time(&tom, id, 30, Some(&local_day(w.now(), 1)), None)),
        "error.date_in_future"
    );
    for minutes in [0, 1441, -5] {
        assert_eq!(
            key(w.service.log_time(&tom, id, minutes, None, None)),
            "error.minutes_range"
        );
    }
    assert_denied(
        w.service.log_time(&lea, id, 10, None, None),
        Capability::TimeLog,
    );
    assert_eq!(w.audit_count(), before);
    let view = w.view(id);
    assert_eq!(view.total_minutes, Some(45 + 1 + 1440));
    let time = view.time.unwrap();
    assert_eq!(
        (time[0].worked_on.as_str(), time[1].worked_on.as_str()),
        ("2026-05-20", today.as_str())
    );

    // Just after midnight in Paris (still the day before in UTC), the
    // local day is today.
    w.set_clock(T0 + 2 * HOUR + 4 * 60);
    let utc_day = chrono::DateTime::from_timestamp(w.now(), 0).unwrap();
    assert_eq!(utc_day.date_naive().to_string(), "2026-05-28");
    let local_today = local_day(w.now(), 0);
    assert_eq!(local_today, "2026-05-29");
    w.service
        .log_time(&tom, id, 15, Some(&local_today), None)
        .unwrap();

    let edit = TimeEdit {
        minutes: Some(60),
        note: Some("Diagnostic et câblage"),
        ..Default::default()
    };
    let err = w.service.edit_time(&tina, entry, &edit).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(err.message().key, "error.not_your_entry");
    let admin = w.admin.clone();
    assert_eq!(
        key(w.service.edit_time(&admin, entry, &edit)),
        "error.not_your_entry"
    );
    assert_denied(w.service.edit_time(&lea, entry, &edit), Capability::TimeLog);
    let future = TimeEdit {
        date: Some("2030-01-01"),
        ..Default::default()
    };
    assert_eq!(
        key(w.service.edit_time(&tom, entry, &future)),
        "error.date_in_future"
    );
    w.service.edit_time(&tom, entry, &edit).unwrap();
    let time = w.view(id).time.unwrap();
    assert_eq!(
        (time[0].minutes, time[0].note.as_str()),
        (60, "Diagnostic et câblage")
    );

    let edits: Vec<serde_json::Value> = w
        .history(&admin, id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "ticket.time_edit")
        .map(|e| serde_json::from_str(&e.summary).unwrap())
        .collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["minutes"],
        serde_json::json!({"old": 45, "new": 60})
    );
    assert_eq!(
        edits[0]["note"],
        serde_json::json!({"old": "Diagnostic", "new": "Diagnostic et câblage"})
    );
    assert_eq!(edits[0]["time_entry_id"], serde_json::json!(entry));
}

#[test]
fn what_show_ticket_offers_the_requester_respects_the_reopen_window() {
    let (mut w, lea, tom, _) = desk();
    let id = w.open(&lea, "Badge refusé", "technician", Some("tom"));
    w.status(&tom, id, "resolved");
    let offered = |w: &World| -> Vec<&'static str> {
        let view = w.service.show_ticket(&lea, id).unwrap();
        view.next_statuses.iter().map(|s| s.key()).collect()
    };
    assert_eq!(offered(&w), ["in_progress", "closed"]);
    w.advance(REOPEN_WINDOW + 1);
    assert_eq!(
        key(w
            .service
            .change_status(&lea, id, guichet::domain::ticket::Status::InProgress, None)),
        "error.reopen_window_passed"
    );
    // What is offered is what would be accepted.
    assert_eq!(offered(&w), ["closed"]);
}
