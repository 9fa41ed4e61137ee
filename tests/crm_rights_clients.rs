//! The rights matrix of companies and clients: every action × every
//! default role × an object within the role's scope and one outside it,
//! against the table below, written by hand from issue 15's "Who may do
//! what" (and 002/004). Each refusal must be a permission refusal and
//! leave every row of every table as it was (not even an audit entry);
//! each allowed change must write its audit entry.

mod support;

use guichet::domain::roles::DEFAULT_ROLES;
use guichet::service::clients::{ClientEdit, ClientQuery, NewClient};
use guichet::service::companies::{CompanyEdit, CompanyFilter};
use guichet::service::{Actor, Error};
use support::crm::fingerprint;
use support::service::World;

/// The actions, in the order they run (each role on a fresh site). Each
/// is tried on the object in scope (the actor's own client or company)
/// then, where it has one, on one outside it (a colleague's client,
/// another company).
const ACTIONS: [&str; 12] = [
    "client.add",
    "client.list",
    "client.show",
    "client.edit",
    "client.reassign",
    "client.remove",
    "company.list",
    "company.show",
    "company.edit",
    "company.archive",
    "company.unarchive",
    "company.remove",
];

/// Per role, per action: `y` allowed, `n` refused; two letters where the
/// action has an object in scope and one outside.
fn expected(role: &str) -> [&'static str; 12] {
    const ALL: [&str; 12] = [
        "yy", "y", "yy", "yy", "yy", "yy", "y", "yy", "yy", "yy", "yy", "y",
    ];
    const NONE: [&str; 12] = [
        "nn", "n", "nn", "nn", "nn", "nn", "n", "nn", "nn", "nn", "nn", "n",
    ];
    match role {
        "admin" | "management" => ALL,
        "sales" => [
            "yn", "y", "yy", "yn", "nn", "nn", "y", "yy", "nn", "nn", "nn", "n",
        ],
        "support" => [
            "nn", "y", "yy", "nn", "nn", "nn", "y", "yy", "nn", "nn", "nn", "n",
        ],
        "technician" | "caretaker" | "coach_hard" | "coach_soft" | "supervisor" | "referent" => [
            "nn", "n", "nn", "nn", "nn", "nn", "y", "yy", "nn", "nn", "nn", "n",
        ],
        "client" => [
            "nn", "n", "nn", "nn", "nn", "nn", "y", "yn", "nn", "nn", "nn", "n",
        ],
        "learner" => NONE,
        other => panic!("role {other} has no line in the table"),
    }
}

/// A fresh site: the actor of `role` in company Acme, another company
/// Zeta (held by nothing), salespeople sam and sue, a client the actor is
/// the sales contact of and one of sue's.
struct Site {
    w: World,
    me: Actor,
    mine: i64,
    theirs: i64,
}

fn site(role: &str) -> Site {
    let mut w = World::new();
    w.company("Acme");
    w.company("Zeta");
    let me = w.add_in("actor", role, Some("Acme"));
    let sue = w.add("sue", "sales");
    w.add("sam", "sales");
    let admin = w.admin.clone();
    let add = |w: &mut World, name: &str| {
        let new = NewClient {
            full_name: name,
            ..NewClient::default()
        };
        w.service.add_client(&admin, &new).unwrap().id
    };
    let (mine, theirs) = (add(&mut w, "Mine"), add(&mut w, "Theirs"));
    // Set by hand: not every role may be named a sales contact.
    let conn = support::raw(w.service.store().path());
    conn.execute(
        "UPDATE crm_clients SET sales_contact_id = ?1 WHERE id = ?2",
        [me.id, mine],
    )
    .unwrap();
    conn.execute(
        "UPDATE crm_clients SET sales_contact_id = ?1 WHERE id = ?2",
        [sue.id, theirs],
    )
    .unwrap();
    Site {
        w,
        me,
        mine,
        theirs,
    }
}

type Outcome = Result<(), Error>;

/// Runs one action on the object in scope (`inside`) or outside it.
fn run(s: &mut Site, action: &str, inside: bool) -> Outcome {
    let me = s.me.clone();
    let client = if inside { s.mine } else { s.theirs };
    let company = if inside { "Acme" } else { "Zeta" };
    let svc = &mut s.w.service;
    match action {
        "client.add" => {
            let new = NewClient {
                full_name: "New",
                sales: (!inside).then_some("sue"),
                ..NewClient::default()
            };
            svc.add_client(&me, &new).map(drop)
        }
        "client.list" => svc
            .clients_matching(&me, &ClientQuery::default(), 0, 10)
            .map(drop),
        "client.show" => svc.client(&me, client).map(drop),
        "client.edit" => {
            let edit = ClientEdit {
                phone: Some("01 23 45 67 89"),
                ..ClientEdit::default()
            };
            svc.edit_client(&me, client, &edit).map(drop)
        }
        "client.reassign" => {
            let edit = ClientEdit {
                sales: Some("sam"),
                ..ClientEdit::default()
            };
            svc.edit_client(&me, client, &edit).map(drop)
        }
        "client.remove" => svc.remove_client(&me, client),
        "company.list" => svc
            .list_companies_matching(&me, &CompanyFilter::default(), "", 10)
            .map(drop),
        "company.show" => svc.company(&me, company).map(drop),
        "company.edit" => {
            let edit = CompanyEdit {
                phone: Some("01 98 76 54 32"),
                ..CompanyEdit::default()
            };
            svc.edit_company(&me, company, &edit).map(drop)
        }
        "company.archive" => svc.archive_company(&me, company).map(drop),
        "company.unarchive" => svc.unarchive_company(&me, company).map(drop),
        "company.remove" => svc.remove_company(&me, "Zeta"),
        other => panic!("unknown action {other}"),
    }
}

fn audit_count(s: &Site) -> i64 {
    support::raw(s.w.service.store().path())
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn writes(action: &str) -> bool {
    !matches!(
        action,
        "client.list" | "client.show" | "company.list" | "company.show"
    )
}

#[test]
fn every_action_of_every_default_role_on_objects_in_and_out_of_scope() {
    let mut failures = Vec::new();
    let mut tried = 0;
    for role in DEFAULT_ROLES {
        let mut s = site(role.key);
        for (action, want) in ACTIONS.iter().zip(expected(role.key)) {
            for (letter, inside) in want.chars().zip([true, false]) {
                tried += 1;
                let before = fingerprint(s.w.service.store().path());
                let audits = audit_count(&s);
                let outcome = run(&mut s, action, inside);
                let after = fingerprint(s.w.service.store().path());
                let place = if inside { "in scope" } else { "out of scope" };
                let case = format!("{} {action} {place}", role.key);
                match (letter, outcome) {
                    ('y', Ok(())) if writes(action) && audit_count(&s) == audits => {
                        failures.push(format!("{case}: allowed but wrote no audit entry"));
                    }
                    ('y', Ok(())) => {}
                    ('n', Err(Error::Denied(_))) if after != before => {
                        failures.push(format!("{case}: refused but wrote something"));
                    }
                    ('n', Err(Error::Denied(_))) => {}
                    (_, outcome) => {
                        failures.push(format!("{case}: wanted {letter}, got {outcome:?}"))
                    }
                }
            }
        }
    }
    assert!(tried > 200, "only {tried} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
