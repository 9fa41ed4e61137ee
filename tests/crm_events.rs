//! Events through the service on a real file: only for signed event
//! contracts, times in the site's zone, support contacts, who is told of
//! what, the list's filters and their indexes, invalid input.

mod support;

use guichet::domain::crm::ContractKind;
use guichet::domain::money::Cents;
use guichet::domain::Capability;
use guichet::service::crm_contracts::NewContract;
use guichet::service::crm_events::{EventEdit, EventFilter, NewEvent};
use guichet::service::Actor;
use guichet::store::crm_events::{page_sql, EventQuery, Reach};
use support::crm_seed::{self, fingerprint};
use support::service::*;

struct Desk {
    w: World,
    mona: Actor,
    sam: Actor,
    sol: Actor,
    sid: Actor,
    sams: i64,
    /// A signed event contract of Sam's client.
    signed: i64,
}

fn desk() -> Desk {
    let mut w = World::new();
    let mona = w.add("mona", "management");
    let sam = w.add("sam", "sales");
    let sol = w.add("sol", "support");
    let sid = w.add("sid", "support");
    let sams = crm_seed::client(w.service.store().conn(), "Camille Roux", Some(sam.id), None);
    let signed = contract(&mut w, &mona, sams, true, ContractKind::Event);
    Desk {
        w,
        mona,
        sam,
        sol,
        sid,
        sams,
        signed,
    }
}

fn contract(w: &mut World, who: &Actor, client: i64, signed: bool, kind: ContractKind) -> i64 {
    let new = NewContract {
        client_id: client,
        total: Cents(100_000),
        due: None,
        kind,
        hours: (kind == ContractKind::HourPack).then_some(5),
        valid_from: None,
        valid_until: None,
        signed,
        sales: None,
    };
    w.service.add_contract(who, &new).unwrap()
}

fn event(contract: i64, name: &str, start: i64) -> NewEvent {
    NewEvent {
        contract_id: contract,
        name: name.into(),
        starts_at: start,
        ends_at: start + 4 * HOUR,
        location: "Lyon".into(),
        attendees: 80,
        notes: "Accueil à 9 h\nBadges".into(),
        support: None,
    }
}

fn told(d: &Desk, kind: &str) -> Vec<i64> {
    let conn = d.w.service.store().conn();
    let mut stmt = conn
        .prepare("SELECT user_id FROM notifications WHERE kind = ?1 ORDER BY user_id")
        .unwrap();
    stmt.query_map([kind], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_event_needs_a_signed_event_contract() {
    let mut d = desk();
    let mona = d.mona.clone();
    let unsigned = contract(&mut d.w, &mona, d.sams, false, ContractKind::Event);
    let pack = contract(&mut d.w, &mona, d.sams, true, ContractKind::HourPack);
    let before = fingerprint(d.w.service.store().conn());
    let refused = d.w.service.add_event(&mona, &event(unsigned, "Gala", T0));
    assert_eq!(key(refused), "error.contract_not_signed");
    let refused = d.w.service.add_event(&mona, &event(pack, "Gala", T0));
    assert_eq!(key(refused), "error.contract_not_for_events");
    let refused = d.w.service.add_event(&mona, &event(9_999, "Gala", T0));
    assert_eq!(key(refused), "error.not_found");
    assert_eq!(fingerprint(d.w.service.store().conn()), before);
    let id =
        d.w.service
            .add_event(&mona, &event(d.signed, "Gala", T0))
            .unwrap();
    let e = d.w.service.event(&d.sol, id).unwrap();
    assert_eq!(e.client_name.as_deref(), Some("Camille Roux"));
    assert_eq!(e.client_email.as_deref(), Some("camille.roux@example.fr"));
    assert_eq!(e.notes, "Accueil à 9 h\nBadges");
}

#[test]
fn invalid_events_are_refused_and_change_nothing() {
    let mut d = desk();
    let mona = d.mona.clone();
    let base = event(d.signed, "Gala", T0);
    let before = fingerprint(d.w.service.store().conn());
    let cases = [
        (
            NewEvent {
                ends_at: T0,
                ..base.clone()
            },
            "error.event_end_before_start",
        ),
        (
            NewEvent {
                ends_at: T0 - HOUR,
                ..base.clone()
            },
            "error.event_end_before_start",
        ),
        (
            NewEvent {
                name: "x".repeat(10_000),
                ..base.clone()
            },
            "error.field_too_long",
        ),
        (
            NewEvent {
                name: "Gala\u{1b}[2J".into(),
                ..base.clone()
            },
            "error.control_chars",
        ),
        (
            NewEvent {
                name: "  ".into(),
                ..base.clone()
            },
            "error.empty_field",
        ),
        (
            NewEvent {
                notes: "a\u{7}b".into(),
                ..base.clone()
            },
            "error.control_chars",
        ),
        (
            NewEvent {
                location: "y".repeat(10_000),
                ..base.clone()
            },
            "error.field_too_long",
        ),
        (
            NewEvent {
                attendees: -1,
                ..base.clone()
            },
            "error.attendees_range",
        ),
        (
            NewEvent {
                support: Some("sam".into()),
                ..base.clone()
            },
            "error.not_event_support",
        ),
        (
            NewEvent {
                support: Some("ghost".into()),
                ..base.clone()
            },
            "error.not_found",
        ),
    ];
    for (new, expected) in cases {
        assert_eq!(key(d.w.service.add_event(&mona, &new)), expected, "{new:?}");
    }
    assert_eq!(fingerprint(d.w.service.store().conn()), before);
}

#[test]
fn times_are_typed_in_the_site_zone() {
    let d = desk();
    // 2026-06-01 10:00 in Paris is 08:00 UTC.
    let start =
        d.w.service
            .event_instant("start", "2026-06-01 10:00")
            .unwrap();
    assert_eq!(start, 1_780_300_800);
    let bad = d.w.service.event_instant("start", "01/06/2026 10h");
    assert_eq!(key(bad), "error.invalid_datetime");
    let day_end =
        d.w.service
            .event_bound("until", "2026-06-01", true)
            .unwrap();
    assert_eq!(day_end, start - 10 * HOUR + DAY);
}

#[test]
fn who_is_told_of_an_event() {
    let mut d = desk();
    let (mona, sam) = (d.mona.clone(), d.sam.clone());
    // Without support: management is told (the admin; Mona created it).
    let id =
        d.w.service
            .add_event(&sam, &event(d.signed, "Gala", T0))
            .unwrap();
    assert_eq!(
        told(&d, "event.without_support"),
        vec![d.w.admin.id, d.mona.id]
    );
    // Given to Sol: Sol is told it is theirs, Sam that it changed.
    d.w.service.assign_event(&mona, id, Some("sol")).unwrap();
    assert_eq!(told(&d, "event.assigned"), vec![d.sol.id]);
    assert_eq!(told(&d, "event.changed"), vec![d.sam.id]);
    // Sol edits it: Sam is told; Sol, who did it, is not.
    let sol = d.sol.clone();
    let edit = EventEdit {
        attendees: Some(120),
        ..EventEdit::default()
    };
    d.w.service.edit_event(&sol, id, &edit).unwrap();
    assert_eq!(told(&d, "event.changed"), vec![d.sam.id, d.sam.id]);
    // Handed to Sid: Sid gets it, Sol and Sam hear of the change.
    d.w.service.assign_event(&mona, id, Some("sid")).unwrap();
    assert_eq!(told(&d, "event.assigned"), vec![d.sol.id, d.sid.id]);
    assert_eq!(
        told(&d, "event.changed"),
        vec![d.sam.id, d.sam.id, d.sam.id, d.sol.id]
    );
    // One who turned the kind off is not told.
    let sid = d.sid.clone();
    let off = [guichet::domain::notify::NotifyKind::EventChanged];
    d.w.service.set_notify(&sid, None, &off, false).unwrap();
    let renamed = EventEdit {
        name: Some("Grand gala".into()),
        ..EventEdit::default()
    };
    d.w.service.edit_event(&mona, id, &renamed).unwrap();
    assert!(!told(&d, "event.changed").contains(&d.sid.id));
    // The notification names the event and shows in the list of `!`.
    let sams = d.w.service.notifications(&sam, false, None, 50).unwrap();
    assert_eq!(sams[0].event_id, Some(id));
    assert_eq!(sams[0].body, "Grand gala");
    // Removing it keeps the notifications, no longer pointing at it.
    d.w.service.remove_event(&mona, id).unwrap();
    let sams = d.w.service.notifications(&sam, false, None, 50).unwrap();
    assert!(sams.iter().all(|n| n.event_id.is_none()), "{sams:?}");
    assert_eq!(sams[0].body, "Grand gala");
}

#[test]
fn support_edits_only_its_own_events_and_sales_edits_none() {
    let mut d = desk();
    let mona = d.mona.clone();
    let mut given = event(d.signed, "Gala", T0);
    given.support = Some("sol".into());
    let id = d.w.service.add_event(&mona, &given).unwrap();
    let edit = EventEdit {
        location: Some("Paris".into()),
        ..EventEdit::default()
    };
    let (sid, sam, sol) = (d.sid.clone(), d.sam.clone(), d.sol.clone());
    let before = fingerprint(d.w.service.store().conn());
    assert_denied(
        d.w.service.edit_event(&sid, id, &edit),
        Capability::EventUpdate,
    );
    assert_denied(
        d.w.service.edit_event(&sam, id, &edit),
        Capability::EventUpdate,
    );
    assert_denied(
        d.w.service.assign_event(&sol, id, None),
        Capability::EventAssign,
    );
    assert_eq!(fingerprint(d.w.service.store().conn()), before);
    d.w.service.edit_event(&sol, id, &edit).unwrap();
    assert_eq!(d.w.service.event(&sam, id).unwrap().location, "Paris");
    let rights = d.w.service.event_rights(&sol, id).unwrap();
    assert!(rights.edit && !rights.assign && !rights.remove);
}

fn listed(d: &Desk, who: &Actor, filter: &EventFilter) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = d.w.service.events_matching(who, filter, after, 2).unwrap();
        let Some(last) = page.last() else { break };
        after = Some((last.starts_at, last.id));
        ids.extend(page.iter().map(|e| e.id));
    }
    ids
}

#[test]
fn the_filters_return_exactly_the_right_events() {
    let mut d = desk();
    let mona = d.mona.clone();
    let sue = d.w.add("sue", "sales");
    let sues = crm_seed::client(
        d.w.service.store().conn(),
        "Élise Durand",
        Some(sue.id),
        None,
    );
    let sues_contract = contract(&mut d.w, &mona, sues, true, ContractKind::Event);
    // (contract, start in days from T0, support)
    let plan = [
        (d.signed, 3, Some("sol")),
        (d.signed, 1, None),
        (sues_contract, 2, Some("sid")),
        (sues_contract, 5, None),
        (d.signed, 4, Some("sol")),
    ];
    let mut ids = Vec::new();
    for (i, (contract, days, support)) in plan.into_iter().enumerate() {
        let mut e = event(contract, &format!("Event {i}"), T0 + days * DAY);
        e.support = support.map(String::from);
        ids.push(d.w.service.add_event(&mona, &e).unwrap());
    }
    // By start: 1, 2, 0, 4, 3.
    let by_start = |picked: &[usize]| picked.iter().map(|&i| ids[i]).collect::<Vec<_>>();
    let all = EventFilter::default();
    assert_eq!(listed(&d, &mona, &all), by_start(&[1, 2, 0, 4, 3]));
    let without = EventFilter {
        without_support: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &without), by_start(&[1, 3]));
    let mine = EventFilter {
        mine: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &d.sol, &mine), by_start(&[0, 4]));
    assert_eq!(listed(&d, &sue, &mine), by_start(&[2, 3]));
    let window = EventFilter {
        from: Some(T0 + 2 * DAY),
        until: Some(T0 + 4 * DAY),
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &window), by_start(&[2, 0]));
    let client = EventFilter {
        client_id: Some(sues),
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &client), by_start(&[2, 3]));
    let text = EventFilter {
        text: Some("elise".into()),
        ..all
    };
    assert_eq!(listed(&d, &mona, &text), by_start(&[2, 3]));
}

fn plan(d: &Desk, q: &EventQuery) -> String {
    let (sql, values) = page_sql(q, Some((T0, 3)), 50);
    let conn = d.w.service.store().conn();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.collect::<Result<Vec<_>, _>>().unwrap().join("\n")
}

#[test]
fn every_filter_of_the_list_is_served_by_an_index() {
    let d = desk();
    let cases = [
        (EventQuery::default(), "events_by_start"),
        (
            EventQuery {
                without_support: true,
                ..Default::default()
            },
            "events_by_support (support_contact_id=?",
        ),
        (
            EventQuery {
                from: Some(T0),
                until: Some(T0 + DAY),
                ..Default::default()
            },
            "events_by_start",
        ),
        (
            EventQuery {
                support_contact_id: Some(3),
                ..Default::default()
            },
            "events_by_support",
        ),
        (
            EventQuery {
                sales_contact_id: Some(3),
                ..Default::default()
            },
            "events_by_sales",
        ),
        (
            EventQuery {
                reach: Reach::OwnContracts(3),
                ..Default::default()
            },
            "events_by_sales",
        ),
        (
            EventQuery {
                reach: Reach::Assigned(3),
                ..Default::default()
            },
            "events_by_support",
        ),
        (
            EventQuery {
                client_id: Some(1),
                ..Default::default()
            },
            "events_by_contract",
        ),
    ];
    for (q, index) in cases {
        let plan = plan(&d, &q);
        assert!(plan.contains(index), "{q:?}: {plan}");
        assert!(!plan.contains("SCAN e"), "{q:?}: {plan}");
    }
}

#[test]
fn an_event_follows_its_contract_to_another_sales_contact() {
    let mut d = desk();
    let mona = d.mona.clone();
    let sue = d.w.add("sue", "sales");
    let id =
        d.w.service
            .add_event(&mona, &event(d.signed, "Gala", T0))
            .unwrap();
    let mine = EventFilter {
        mine: true,
        ..EventFilter::default()
    };
    assert_eq!(listed(&d, &d.sam, &mine), vec![id]);
    let to_sue = guichet::service::crm_contracts::ContractEdit {
        sales: Some("sue".into()),
        ..Default::default()
    };
    d.w.service.edit_contract(&mona, d.signed, &to_sue).unwrap();
    assert_eq!(listed(&d, &d.sam, &mine), Vec::<i64>::new());
    assert_eq!(listed(&d, &sue, &mine), vec![id]);
    assert_eq!(
        d.w.service.event(&sue, id).unwrap().sales_contact_id,
        Some(sue.id)
    );
}
