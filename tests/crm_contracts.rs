//! Contracts through the service on a real file: defaults taken from the
//! client, amounts, signing and payments, the list's filters (and the
//! indexes that serve them), invalid input that changes nothing.

mod support;

use guichet::domain::crm::ContractKind;
use guichet::domain::money::Cents;
use guichet::domain::Capability;
use guichet::service::crm_contracts::{ContractEdit, ContractFilter, NewContract};
use guichet::service::{Actor, Error};
use guichet::store::crm_contracts::{page_sql, ContractQuery};
use support::crm_seed::{self, fingerprint};
use support::service::*;

struct Desk {
    w: World,
    mona: Actor,
    sam: Actor,
    sue: Actor,
    /// Sam's client, of the company Acme.
    sams: i64,
    /// Sue's client, without a company.
    sues: i64,
}

fn desk() -> Desk {
    let mut w = World::new();
    w.company("Acme");
    let mona = w.add("mona", "management");
    let sam = w.add("sam", "sales");
    let sue = w.add("sue", "sales");
    let conn = w.service.store().conn();
    let acme = crm_seed::company_id(conn, "Acme");
    let sams = crm_seed::client(conn, "Camille Roux", Some(sam.id), Some(acme));
    let sues = crm_seed::client(conn, "Élise Durand", Some(sue.id), None);
    Desk {
        w,
        mona,
        sam,
        sue,
        sams,
        sues,
    }
}

fn new(client: i64, total: i64) -> NewContract {
    NewContract {
        client_id: client,
        total: Cents(total),
        due: None,
        kind: ContractKind::Event,
        hours: None,
        valid_from: None,
        valid_until: None,
        signed: false,
        sales: None,
    }
}

fn notifications(d: &Desk, kind: &str) -> Vec<(i64, Option<i64>, String)> {
    let conn = d.w.service.store().conn();
    let mut stmt = conn
        .prepare(
            "SELECT user_id, contract_id, body FROM notifications WHERE kind = ?1 ORDER BY user_id",
        )
        .unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_contract_takes_its_company_and_sales_contact_from_its_client() {
    let mut d = desk();
    let audits = d.w.audit_count();
    let id =
        d.w.service
            .add_contract(&d.sam, &new(d.sams, 123_456))
            .unwrap();
    let c = d.w.service.contract(&d.sam, id).unwrap();
    assert_eq!(c.client_name.as_deref(), Some("Camille Roux"));
    assert_eq!(c.company.as_deref(), Some("Acme"));
    assert_eq!(c.sales_contact_id, Some(d.sam.id));
    assert_eq!((c.total, c.due), (Cents(123_456), Cents(123_456)));
    assert_eq!(c.signed_at, None);
    assert_eq!(c.valid_from, None, "an event contract has no validity");
    assert_eq!(d.w.audit_count(), audits + 1);
    let summary: String =
        d.w.service
            .store()
            .conn()
            .query_row(
                "SELECT summary FROM audit_log WHERE action = 'contract.create' AND object_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .unwrap();
    assert!(summary.contains("\"total\":\"1234.56\""), "{summary}");
}

#[test]
fn an_hour_pack_is_valid_a_year_from_its_purchase_by_default() {
    let mut d = desk();
    let pack = NewContract {
        kind: ContractKind::HourPack,
        hours: Some(10),
        ..new(d.sams, 50_000)
    };
    let id = d.w.service.add_contract(&d.sam, &pack).unwrap();
    let c = d.w.service.contract(&d.sam, id).unwrap();
    // T0 is 2026-05-28 in Paris.
    assert_eq!(c.valid_from.as_deref(), Some("2026-05-28"));
    assert_eq!(c.valid_until.as_deref(), Some("2027-05-28"));
    assert_eq!(c.hours_bought, Some(10));
    let hosting = NewContract {
        kind: ContractKind::Hosting,
        valid_until: "2027-01-31".parse().ok(),
        ..new(d.sams, 9_900)
    };
    let id = d.w.service.add_contract(&d.mona, &hosting).unwrap();
    let c = d.w.service.contract(&d.mona, id).unwrap();
    assert_eq!(c.kind, ContractKind::Hosting);
    assert_eq!(c.valid_until.as_deref(), Some("2027-01-31"));
}

#[test]
fn invalid_contracts_are_refused_and_change_nothing() {
    let mut d = desk();
    let before = fingerprint(d.w.service.store().conn());
    let cases: Vec<(NewContract, &str)> = vec![
        (
            NewContract {
                due: Some(Cents(2)),
                ..new(d.sams, 1)
            },
            "error.due_above_total",
        ),
        (new(d.sams, -5), "error.money_negative"),
        (new(9_999, 100), "error.not_found"),
        (
            NewContract {
                hours: Some(5),
                ..new(d.sams, 100)
            },
            "error.hours_only_packs",
        ),
        (
            NewContract {
                kind: ContractKind::HourPack,
                ..new(d.sams, 100)
            },
            "error.hours_needed",
        ),
        (
            NewContract {
                kind: ContractKind::Hosting,
                valid_from: "2026-06-01".parse().ok(),
                valid_until: "2026-05-01".parse().ok(),
                ..new(d.sams, 100)
            },
            "error.validity_reversed",
        ),
        (
            NewContract {
                sales: Some("nobody".into()),
                ..new(d.sams, 100)
            },
            "error.not_found",
        ),
    ];
    let mona = d.mona.clone();
    for (contract, expected) in cases {
        assert_eq!(key(d.w.service.add_contract(&mona, &contract)), expected);
    }
    assert_eq!(fingerprint(d.w.service.store().conn()), before);
}

#[test]
fn a_sales_contact_must_be_someone_who_handles_contracts() {
    let mut d = desk();
    d.w.add("sol", "support");
    let other = NewContract {
        sales: Some("sol".into()),
        ..new(d.sams, 100)
    };
    let mona = d.mona.clone();
    assert_eq!(
        key(d.w.service.add_contract(&mona, &other)),
        "error.not_a_salesperson"
    );
    let to_sue = NewContract {
        sales: Some("sue".into()),
        ..new(d.sams, 100)
    };
    let id = d.w.service.add_contract(&mona, &to_sue).unwrap();
    assert_eq!(
        d.w.service.contract(&mona, id).unwrap().sales_contact_id,
        Some(d.sue.id)
    );
    // A salesperson cannot give a contract to someone else.
    let sam = d.sam.clone();
    assert_denied(
        d.w.service.add_contract(&sam, &to_sue),
        Capability::ContractCreate,
    );
}

#[test]
fn signing_is_once_and_tells_the_sales_contacts_and_management() {
    let mut d = desk();
    let id =
        d.w.service
            .add_contract(&d.sam, &new(d.sams, 1_000))
            .unwrap();
    let mona = d.mona.clone();
    let signed = d.w.service.sign_contract(&mona, id).unwrap();
    assert_eq!(signed.signed_at, Some(d.w.now()));
    let told = notifications(&d, "contract.signed");
    // Sam (the sales contact) and the admin (management: event.assign:all);
    // not Mona, who signed.
    let body = "Camille Roux".to_string();
    assert_eq!(
        told,
        vec![
            (d.w.admin.id, Some(id), body.clone()),
            (d.sam.id, Some(id), body)
        ]
    );
    assert_eq!(
        key(d.w.service.sign_contract(&mona, id)),
        "error.contract_already_signed"
    );
    // Signing at creation is the same audited action, told the same way.
    let at_once = NewContract {
        signed: true,
        ..new(d.sues, 500)
    };
    let sue = d.sue.clone();
    let id2 = d.w.service.add_contract(&sue, &at_once).unwrap();
    let actions: i64 = d
        .w
        .service
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE object_id = ?1 AND action IN ('contract.create', 'contract.sign')",
            [id2.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actions, 2);
    let told = notifications(&d, "contract.signed");
    assert!(
        told.contains(&(d.mona.id, Some(id2), "Élise Durand".into())),
        "{told:?}"
    );
}

#[test]
fn a_payment_lowers_what_is_due_and_never_below_nothing() {
    let mut d = desk();
    let id =
        d.w.service
            .add_contract(&d.sam, &new(d.sams, 10_000))
            .unwrap();
    let sam = d.sam.clone();
    let c = d.w.service.pay_contract(&sam, id, Cents(2_550)).unwrap();
    assert_eq!(c.due, Cents(7_450));
    let before = fingerprint(d.w.service.store().conn());
    assert_eq!(
        key(d.w.service.pay_contract(&sam, id, Cents(7_451))),
        "error.payment_above_due"
    );
    assert_eq!(
        key(d.w.service.pay_contract(&sam, id, Cents(0))),
        "error.payment_not_positive"
    );
    assert_eq!(fingerprint(d.w.service.store().conn()), before);
    let c = d.w.service.pay_contract(&sam, id, Cents(7_450)).unwrap();
    assert_eq!(c.due, Cents(0));
}

#[test]
fn edits_keep_due_within_the_total_and_say_when_nothing_changes() {
    let mut d = desk();
    let id =
        d.w.service
            .add_contract(&d.sam, &new(d.sams, 10_000))
            .unwrap();
    let sam = d.sam.clone();
    let above = ContractEdit {
        due: Some(Cents(10_001)),
        ..ContractEdit::default()
    };
    assert_eq!(
        key(d.w.service.edit_contract(&sam, id, &above)),
        "error.due_above_total"
    );
    let same = ContractEdit {
        total: Some(Cents(10_000)),
        ..ContractEdit::default()
    };
    assert_eq!(
        key(d.w.service.edit_contract(&sam, id, &same)),
        "error.nothing_to_change"
    );
    let lower = ContractEdit {
        total: Some(Cents(8_000)),
        due: Some(Cents(8_000)),
        ..ContractEdit::default()
    };
    d.w.service.edit_contract(&sam, id, &lower).unwrap();
    let summary: String =
        d.w.service
            .store()
            .conn()
            .query_row(
                "SELECT summary FROM audit_log WHERE action = 'contract.edit'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(
        summary,
        r#"{"due":{"new":"80.00","old":"100.00"},"total":{"new":"80.00","old":"100.00"}}"#
    );
}

#[test]
fn a_contract_with_events_is_not_removed() {
    let mut d = desk();
    let mona = d.mona.clone();
    let signed = NewContract {
        signed: true,
        ..new(d.sams, 100)
    };
    let id = d.w.service.add_contract(&mona, &signed).unwrap();
    let event = guichet::service::crm_events::NewEvent {
        contract_id: id,
        name: "Salon".into(),
        starts_at: T0 + DAY,
        ends_at: T0 + DAY + HOUR,
        ..Default::default()
    };
    let event_id = d.w.service.add_event(&mona, &event).unwrap();
    assert_eq!(
        key(d.w.service.remove_contract(&mona, id)),
        "error.contract_has_events"
    );
    d.w.service.remove_event(&mona, event_id).unwrap();
    d.w.service.remove_contract(&mona, id).unwrap();
    assert!(matches!(
        d.w.service.contract(&mona, id),
        Err(Error::NotFound(_))
    ));
}

/// Every id of the list with `filter`, paging by two.
fn listed(d: &Desk, who: &Actor, filter: &ContractFilter) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut before = None;
    loop {
        let page =
            d.w.service
                .contracts_matching(who, filter, before, 2)
                .unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        ids.extend(page.iter().map(|c| c.id));
    }
    ids
}

#[test]
fn the_filters_return_exactly_the_right_contracts() {
    let mut d = desk();
    let mona = d.mona.clone();
    let mut made = Vec::new();
    // (client, total, paid, signed, kind)
    let plan = [
        (d.sams, 100, 0, false, ContractKind::Event),
        (d.sams, 100, 100, true, ContractKind::Event),
        (d.sues, 300, 50, true, ContractKind::Event),
        (d.sues, 400, 400, false, ContractKind::Event),
        (d.sams, 500, 0, true, ContractKind::HourPack),
    ];
    for (client, total, paid, signed, kind) in plan {
        let c = NewContract {
            signed,
            kind,
            hours: (kind == ContractKind::HourPack).then_some(5),
            due: Some(Cents(total - paid)),
            ..new(client, total)
        };
        made.push(d.w.service.add_contract(&mona, &c).unwrap());
    }
    let newest_first = |picked: &[usize]| picked.iter().rev().map(|&i| made[i]).collect::<Vec<_>>();
    let all = ContractFilter::default();
    assert_eq!(listed(&d, &mona, &all), newest_first(&[0, 1, 2, 3, 4]));
    let unsigned = ContractFilter {
        unsigned: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &unsigned), newest_first(&[0, 3]));
    let unpaid = ContractFilter {
        unpaid: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &unpaid), newest_first(&[0, 2, 4]));
    let both = ContractFilter {
        unpaid: true,
        unsigned: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &both), newest_first(&[0]));
    let mine = ContractFilter {
        mine: true,
        ..all.clone()
    };
    assert_eq!(listed(&d, &d.sam, &mine), newest_first(&[0, 1, 4]));
    assert_eq!(listed(&d, &mona, &mine), Vec::<i64>::new());
    let packs = ContractFilter {
        kind: Some(ContractKind::HourPack),
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &packs), newest_first(&[4]));
    let sues = ContractFilter {
        client_id: Some(d.sues),
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &sues), newest_first(&[2, 3]));
    let text = ContractFilter {
        text: Some("elise".into()),
        ..all.clone()
    };
    assert_eq!(listed(&d, &mona, &text), newest_first(&[2, 3]));
    let acme = ContractFilter {
        text: Some("ACME".into()),
        ..all
    };
    assert_eq!(listed(&d, &mona, &acme), newest_first(&[0, 1, 4]));
}

/// The plan of the list's statement with `q`.
fn plan(d: &Desk, q: &ContractQuery) -> String {
    let (sql, values) = page_sql(q, Some(1_000), 50);
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
        (ContractQuery::default(), "USING INTEGER PRIMARY KEY"),
        (
            ContractQuery {
                unsigned: true,
                ..Default::default()
            },
            "contracts_unsigned",
        ),
        (
            ContractQuery {
                unpaid: true,
                ..Default::default()
            },
            "contracts_unpaid",
        ),
        (
            ContractQuery {
                sales_contact_id: Some(2),
                ..Default::default()
            },
            "contracts_by_sales",
        ),
        (
            ContractQuery {
                kind: Some(ContractKind::Hosting),
                ..Default::default()
            },
            "contracts_by_kind",
        ),
        (
            ContractQuery {
                client_id: Some(1),
                ..Default::default()
            },
            "contracts_by_client",
        ),
        (
            ContractQuery {
                reach_company: Some(1),
                ..Default::default()
            },
            "contracts_by_company",
        ),
    ];
    for (q, index) in cases {
        let plan = plan(&d, &q);
        let first = plan.lines().next().unwrap_or_default();
        assert!(first.contains(index), "{q:?}: {plan}");
        assert!(!first.starts_with("SCAN k"), "{q:?}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{q:?} sorts: {plan}");
    }
}

/// The rights of a listed page, read with the actor's grants once, are
/// those asked contract by contract, for each role and contract.
#[test]
fn a_pages_rights_are_each_contracts_own() {
    let mut d = desk();
    let (mona, sam) = (d.mona.clone(), d.sam.clone());
    let mut ids = Vec::new();
    for (client, total) in [(d.sams, 10_000), (d.sues, 20_000), (d.sams, 0)] {
        ids.push(
            d.w.service
                .add_contract(&mona, &new(client, total))
                .unwrap(),
        );
    }
    d.w.service.sign_contract(&mona, ids[0]).unwrap();
    let support = d.w.add("sol", "support");
    for who in [&mona, &sam, &d.sue.clone(), &support] {
        let listed =
            d.w.service
                .contracts_matching(who, &ContractFilter::default(), None, 50)
                .unwrap();
        let batch = d.w.service.contract_rights_of(who, &listed).unwrap();
        for (c, rights) in listed.iter().zip(&batch) {
            let one = d.w.service.contract_rights(who, c.id).unwrap();
            assert_eq!(*rights, one, "{} on contract {}", who.login, c.id);
        }
    }
}
