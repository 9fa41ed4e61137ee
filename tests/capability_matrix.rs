//! Every default role against every capability and every scope.
//!
//! The table below is the specification, written out by hand from the seed
//! documents (000: training centre, 001: agency, 002/004: event CRM). The
//! test checks it against the roles a new database really holds, and asks
//! for every (role, capability, scope) whether the role's grant reaches it.

mod support;

use guichet::domain::roles::{default_grants, DEFAULT_ROLES};
use guichet::domain::{Capability, Relation, Scope};
use guichet::store::{roles, Store};
use std::collections::BTreeMap;
use support::store::options;

const SELF: &str = "user.read:own user.update:own user.password:own journal.read:own kb.read:all";
const STAFF: &str = "user.read:all ticket.create:own ticket.read:assigned ticket.update:assigned \
    ticket.comment:assigned ticket.comment_internal:assigned time.log:assigned time.read:assigned \
    programme.read:all programme.manage:all cohort.read:all cohort.manage:all company.read:all";
const CRM: &str = "client.read:all contract.read:all event.read:all company.read:all";

fn expected() -> BTreeMap<&'static str, String> {
    let staff = |extra: &str| format!("{SELF} {STAFF} {extra}");
    let admin: Vec<String> = Capability::EVERY
        .iter()
        .map(|c| format!("{}:{}", c.key(), c.widest_scope()))
        .collect();
    BTreeMap::from([
        ("admin", admin.join(" ")),
        (
            "learner",
            format!(
                "{SELF} ticket.create:own ticket.read:own ticket.update:own ticket.comment:own \
                 ticket.rate:own programme.read:all cohort.read:all"
            ),
        ),
        ("technician", staff("kb.manage:all inventory.read:all inventory.manage:all")),
        ("coach_hard", staff("")),
        ("coach_soft", staff("")),
        ("supervisor", staff("")),
        ("referent", staff("")),
        ("caretaker", staff("inventory.read:all")),
        (
            "management",
            format!(
                "{SELF} {CRM} user.read:all user.create:all user.update:all user.access:all \
                 user.password:all role.read:all role.assign:all company.manage:all client.create:all \
                 client.update:all client.delete:all contract.create:all contract.update:all \
                 contract.delete:all event.create:all event.update:all event.assign:all event.delete:all \
                 ticket.read:all ticket.assign:all time.read:all report.read:all programme.read:all \
                 cohort.read:all"
            ),
        ),
        (
            "sales",
            format!(
                "{SELF} {CRM} user.read:all client.create:own client.update:own contract.create:own \
                 contract.update:own event.create:own"
            ),
        ),
        ("support", format!("{SELF} {CRM} user.read:all event.update:assigned")),
        (
            "client",
            format!(
                "{SELF} company.read:company ticket.create:own ticket.read:company ticket.update:own \
                 ticket.comment:company ticket.rate:own contract.read:company time.read:company \
                 report.read:company"
            ),
        ),
    ])
}

/// `cap:scope` words into a map; a later word for the same capability wins
/// (so role lists can widen what self-service gives).
fn parse(spec: &str) -> BTreeMap<Capability, Scope> {
    let mut map = BTreeMap::new();
    for word in spec.split_whitespace() {
        let (cap, scope) = word.split_once(':').unwrap();
        let cap = Capability::parse(cap).unwrap_or_else(|| panic!("unknown capability {cap}"));
        let scope = Scope::parse(scope).unwrap_or_else(|| panic!("unknown scope {scope}"));
        map.insert(cap, scope);
    }
    map
}

fn seeded_database() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("g.db"), &options()).unwrap();
    (dir, store)
}

#[test]
fn the_specification_names_every_default_role() {
    let spec = expected();
    let shipped: Vec<&str> = DEFAULT_ROLES.iter().map(|r| r.key).collect();
    assert_eq!(spec.keys().copied().collect::<Vec<_>>(), {
        let mut s = shipped.clone();
        s.sort();
        s
    });
}

#[test]
fn every_role_capability_and_scope() {
    let (_dir, store) = seeded_database();
    let mut checked = 0;
    for (role, spec) in expected() {
        let want = parse(&spec);
        let in_code = default_grants(role);
        let in_db = roles::grants(store.conn(), role).unwrap();
        assert_eq!(
            in_code, in_db,
            "{role}: the database holds what the code seeds"
        );
        for capability in Capability::EVERY {
            for scope in Scope::EVERY {
                let expected = want
                    .get(capability)
                    .is_some_and(|held| held.includes(scope));
                let actual = in_db
                    .scope_of(*capability)
                    .is_some_and(|held| held.includes(scope));
                assert_eq!(
                    actual,
                    expected,
                    "{role} {}:{}",
                    capability.key(),
                    scope.key()
                );
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        DEFAULT_ROLES.len() * Capability::EVERY.len() * Scope::EVERY.len()
    );
}

#[test]
fn scopes_reach_exactly_the_objects_they_name() {
    let own = Relation {
        own: true,
        ..Relation::default()
    };
    let assigned = Relation {
        assigned: true,
        ..Relation::default()
    };
    let company = Relation {
        same_company: true,
        ..Relation::default()
    };
    let stranger = Relation::default();
    let table = [
        (Scope::Own, [true, false, false, false]),
        (Scope::Assigned, [true, true, false, false]),
        (Scope::Company, [true, false, true, false]),
        (Scope::All, [true, true, true, true]),
    ];
    for (scope, reaches) in table {
        let got = [own, assigned, company, stranger].map(|r| scope.reaches(r));
        assert_eq!(got, reaches, "{scope}");
    }
}

#[test]
fn least_privilege_between_crm_departments() {
    // 002: every collaborator reads; each department writes only its own.
    let sales = default_grants("sales");
    let support = default_grants("support");
    let mine = Relation {
        own: true,
        ..Relation::default()
    };
    let theirs = Relation::default();
    assert!(sales.permits(Capability::ClientUpdate, mine));
    assert!(!sales.permits(Capability::ClientUpdate, theirs));
    assert!(!sales.permits(Capability::ClientDelete, mine));
    assert!(!sales.permits(Capability::EventUpdate, mine));
    assert!(support.permits(
        Capability::EventUpdate,
        Relation {
            assigned: true,
            ..Relation::default()
        }
    ));
    assert!(!support.permits(Capability::EventUpdate, theirs));
    assert!(!support.permits(Capability::ClientCreate, mine));
    for role in ["management", "sales", "support"] {
        let g = default_grants(role);
        for read in [
            Capability::ClientRead,
            Capability::ContractRead,
            Capability::EventRead,
        ] {
            assert!(g.permits(read, theirs), "{role} reads {read}");
        }
    }
}
