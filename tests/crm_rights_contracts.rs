//! Who may do what to contracts and events: every action × every default
//! role × an object within the role's reach (the actor's own client and
//! contract, their company's, an event in their care) and one outside it
//! (another salesperson's, another company's, another's event). The
//! expectations are written out by hand from the issue's "Who may do
//! what"; every refusal must be a `Denied` naming a right of the action's
//! family, and must change no row of any table (not even an audit entry).

mod support;

use guichet::domain::crm::ContractKind;
use guichet::domain::money::Cents;
use guichet::domain::roles::DEFAULT_ROLES;
use guichet::service::crm_contracts::{ContractEdit, ContractFilter, NewContract};
use guichet::service::crm_events::{EventEdit, EventFilter, NewEvent};
use guichet::service::{Actor, Error};
use support::crm_seed::{self, fingerprint};
use support::service::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    ContractRead,
    ContractList,
    ContractAdd,
    ContractEdit,
    ContractSign,
    ContractPay,
    ContractRemove,
    EventRead,
    EventList,
    EventAdd,
    EventEdit,
    EventAssign,
    EventRemove,
}

use Action as A;

const ACTIONS: [Action; 13] = [
    A::ContractRead,
    A::ContractList,
    A::ContractAdd,
    A::ContractEdit,
    A::ContractSign,
    A::ContractPay,
    A::ContractRemove,
    A::EventRead,
    A::EventList,
    A::EventAdd,
    A::EventEdit,
    A::EventAssign,
    A::EventRemove,
];

/// The issue's table: whether `role` may do `action` to an object within
/// its reach (`inside`) or outside it.
fn expected(role: &str, action: Action, inside: bool) -> bool {
    let reads = matches!(
        action,
        A::ContractRead | A::ContractList | A::EventRead | A::EventList
    );
    match role {
        "admin" | "management" => true,
        // Everyone in the three departments reads everything.
        "sales" if reads => true,
        "sales" => {
            inside
                && matches!(
                    action,
                    A::ContractAdd
                        | A::ContractEdit
                        | A::ContractSign
                        | A::ContractPay
                        | A::EventAdd
                )
        }
        "support" if reads => true,
        "support" => inside && action == A::EventEdit,
        // The agency's client reads its company's contracts, nothing else.
        "client" => inside && matches!(action, A::ContractRead | A::ContractList),
        _ => false,
    }
}

/// The objects one action is tried on, made afresh for it.
struct Objects {
    client: i64,
    /// Signed, of the kind event.
    signed: i64,
    unsigned: i64,
    event: i64,
}

struct Bench {
    w: World,
    actor: Actor,
    /// Another salesperson and support contact, of another company.
    zed: i64,
    zoe: i64,
}

fn bench(role: &str) -> Bench {
    let mut w = World::new();
    w.company("Acme");
    w.company("Other");
    let actor = w.add_in(&format!("u_{role}"), role, Some("Acme"));
    let zed = w.add_in("zed", "sales", Some("Other")).id;
    let zoe = w.add_in("zoe", "support", Some("Other")).id;
    w.add("sol", "support");
    Bench { w, actor, zed, zoe }
}

fn objects(b: &mut Bench, inside: bool) -> Objects {
    let conn = b.w.service.store().conn();
    let (sales, company, support) = if inside {
        (b.actor.id, crm_seed::company_id(conn, "Acme"), b.actor.id)
    } else {
        (b.zed, crm_seed::company_id(conn, "Other"), b.zoe)
    };
    let client = crm_seed::client(conn, "Camille Roux", Some(sales), Some(company));
    let admin = b.w.admin.clone();
    let mut contract = |signed| {
        let new = NewContract {
            client_id: client,
            total: Cents(10_000),
            due: None,
            kind: ContractKind::Event,
            hours: None,
            valid_from: None,
            valid_until: None,
            signed,
            sales: None,
        };
        b.w.service.add_contract(&admin, &new).unwrap()
    };
    let (signed, unsigned) = (contract(true), contract(false));
    let event = b.w.service.add_event(&admin, &new_event(signed)).unwrap();
    // In the object's support contact's care, whatever their role (the
    // service checks that only when someone assigns).
    b.w.service
        .store()
        .conn()
        .execute(
            "UPDATE events SET support_contact_id = ?1 WHERE id = ?2",
            [support, event],
        )
        .unwrap();
    Objects {
        client,
        signed,
        unsigned,
        event,
    }
}

fn new_event(contract: i64) -> NewEvent {
    NewEvent {
        contract_id: contract,
        name: "Gala".into(),
        starts_at: T0 + DAY,
        ends_at: T0 + DAY + 3 * HOUR,
        ..NewEvent::default()
    }
}

/// Runs `action` as the bench's actor; Ok, or the refusal.
fn attempt(b: &mut Bench, action: Action, o: &Objects) -> Result<(), Error> {
    let (s, me) = (&mut b.w.service, &b.actor);
    match action {
        A::ContractRead => s.contract(me, o.signed).map(drop),
        A::ContractList => {
            let page = s.contracts_matching(me, &ContractFilter::default(), None, 500)?;
            listed(page.iter().any(|c| c.id == o.signed))
        }
        A::ContractAdd => {
            let new = NewContract {
                client_id: o.client,
                total: Cents(500),
                due: None,
                kind: ContractKind::Event,
                hours: None,
                valid_from: None,
                valid_until: None,
                signed: false,
                sales: None,
            };
            s.add_contract(me, &new).map(drop)
        }
        A::ContractEdit => {
            let edit = ContractEdit {
                total: Some(Cents(20_000)),
                ..ContractEdit::default()
            };
            s.edit_contract(me, o.signed, &edit)
        }
        A::ContractSign => s.sign_contract(me, o.unsigned).map(drop),
        A::ContractPay => s.pay_contract(me, o.signed, Cents(100)).map(drop),
        A::ContractRemove => s.remove_contract(me, o.unsigned),
        A::EventRead => s.event(me, o.event).map(drop),
        A::EventList => {
            let page = s.events_matching(me, &EventFilter::default(), None, 500)?;
            listed(page.iter().any(|e| e.id == o.event))
        }
        A::EventAdd => s.add_event(me, &new_event(o.signed)).map(drop),
        A::EventEdit => {
            let edit = EventEdit {
                attendees: Some(42),
                ..EventEdit::default()
            };
            s.edit_event(me, o.event, &edit)
        }
        A::EventAssign => s.assign_event(me, o.event, Some("sol")),
        A::EventRemove => s.remove_event(me, o.event),
    }
}

/// A list that leaves the object out refuses it as far as this test goes.
fn listed(found: bool) -> Result<(), Error> {
    if found {
        Ok(())
    } else {
        Err(Error::Denied(guichet::domain::Capability::ContractRead))
    }
}

#[test]
fn every_role_may_do_exactly_what_the_issue_says_and_refusals_write_nothing() {
    let mut wrong = Vec::new();
    for role in DEFAULT_ROLES.iter().map(|r| r.key) {
        let mut b = bench(role);
        for inside in [true, false] {
            for action in ACTIONS {
                let o = objects(&mut b, inside);
                let before = fingerprint(b.w.service.store().conn());
                let result = attempt(&mut b, action, &o);
                let want = expected(role, action, inside);
                match (&result, want) {
                    (Ok(()), true) => {}
                    (Err(Error::Denied(cap)), false) => {
                        let family = format!("{action:?}").to_lowercase();
                        let (head, _) = cap.key().split_once('.').unwrap_or_default();
                        if !family.starts_with(head) {
                            wrong.push(format!("{role} {action:?} {inside}: refused for {cap}"));
                        }
                        if fingerprint(b.w.service.store().conn()) != before {
                            wrong.push(format!("{role} {action:?} {inside}: a refusal wrote"));
                        }
                    }
                    (other, _) => {
                        wrong.push(format!("{role} {action:?} inside={inside}: {other:?}"))
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_dashboard_is_offered_what_the_use_cases_allow() {
    let mut b = bench("sales");
    let inside = objects(&mut b, true);
    let outside = objects(&mut b, false);
    let me = b.actor.clone();
    let mine = b.w.service.contract_rights(&me, inside.unsigned).unwrap();
    assert!(mine.edit && mine.sign && mine.pay && !mine.remove && !mine.add_event);
    let signed = b.w.service.contract_rights(&me, inside.signed).unwrap();
    assert!(signed.add_event && !signed.sign);
    let theirs = b.w.service.contract_rights(&me, outside.signed).unwrap();
    assert!(!theirs.edit && !theirs.sign && !theirs.pay && !theirs.add_event);
    let event = b.w.service.event_rights(&me, inside.event).unwrap();
    assert!(!event.edit && !event.assign && !event.remove);
}
