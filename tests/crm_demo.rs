//! The CRM part of `guichet demo`: deterministic by seed, scaled by
//! `--clients`, holding every case the filters need, each row with its
//! audit entry and the chain intact.

mod support;

use support::crm::fingerprint;
use support::service::T0;

/// A demo site filled at T0 with `clients` CRM clients.
fn demo(dir: &std::path::Path, name: &str, (seed, clients): (u64, u64)) -> std::path::PathBuf {
    use guichet::service::{Service, Settings};
    use guichet::store::{OpenOptions, Store};
    let path = dir.join(name);
    let options = OpenOptions {
        busy_timeout: std::time::Duration::from_secs(5),
        now: T0,
        create: true,
    };
    let store = Store::open(&path, &options).unwrap();
    let settings = Settings {
        bcrypt_cost: 4,
        ..Settings::default()
    };
    let mut service = Service::new(store, settings, Box::new(|| T0));
    let summary = service
        .fill_demo_showing((20, clients), seed, &mut |_| {})
        .unwrap();
    assert_eq!(summary.crm.clients, clients);
    // The chain holds, CRM entries included.
    let store = service.store();
    let key = store.site_key().unwrap().chain_key();
    let verified = guichet::store::audit_verify::verify(store.conn(), &key, None).unwrap();
    assert!(verified.is_ok(), "{verified:?}");
    path
}

fn crm_rows(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    fingerprint(path)
        .into_iter()
        .filter(|(t, _)| ["crm_clients", "contracts", "events", "companies"].contains(&t.as_str()))
        .collect()
}

#[test]
fn the_demo_crm_is_deterministic_scales_and_holds_every_case_the_filters_need() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.db", (5, 200));
    let b = demo(dir.path(), "b.db", (5, 200));
    let other = demo(dir.path(), "c.db", (6, 200));
    assert_eq!(crm_rows(&a), crm_rows(&b), "same seed, same rows");
    assert_ne!(crm_rows(&a), crm_rows(&other));
    let q = |path: &std::path::Path, sql: &str| -> i64 {
        support::raw(path).query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(q(&a, "SELECT count(*) FROM crm_clients"), 200);
    assert_eq!(q(&a, "SELECT count(*) FROM contracts"), 400);
    assert_eq!(q(&a, "SELECT count(*) FROM events"), 300);
    let small = demo(dir.path(), "d.db", (5, 40));
    assert_eq!(q(&small, "SELECT count(*) FROM contracts"), 80);
    assert_eq!(q(&small, "SELECT count(*) FROM events"), 60);
    // Some unsigned, some unpaid, some paid; signed iff a time of signing.
    assert!(q(&a, "SELECT count(*) FROM contracts WHERE signed = 0") > 20);
    assert!(
        q(
            &a,
            "SELECT count(*) FROM contracts WHERE signed = 1 AND due_cents > 0"
        ) > 20
    );
    assert!(q(&a, "SELECT count(*) FROM contracts WHERE due_cents = 0") > 20);
    assert_eq!(
        q(
            &a,
            "SELECT count(*) FROM contracts WHERE signed <> (signed_at IS NOT NULL)"
        ),
        0
    );
    assert!(q(&a, "SELECT count(DISTINCT kind) FROM contracts") == 3);
    // Events only on signed event contracts; some without support, the
    // others with a support user; clients with a salesperson.
    let on_unsigned = "SELECT count(*) FROM events e JOIN contracts k ON k.id = e.contract_id
        WHERE k.signed = 0 OR k.kind <> 'event'";
    assert_eq!(q(&a, on_unsigned), 0);
    assert!(
        q(
            &a,
            "SELECT count(*) FROM events WHERE support_contact_id IS NULL"
        ) > 10
    );
    let wrong_support = "SELECT count(*) FROM events e JOIN users u ON u.id = e.support_contact_id
        WHERE u.role_key <> 'support'";
    assert_eq!(q(&a, wrong_support), 0);
    let wrong_sales = "SELECT count(*) FROM crm_clients c JOIN users u ON u.id = c.sales_contact_id
        WHERE u.role_key <> 'sales'";
    assert_eq!(q(&a, wrong_sales), 0);
    assert_eq!(
        q(
            &a,
            "SELECT count(*) FROM crm_clients WHERE sales_contact_id IS NULL"
        ),
        0
    );
    // Each creation has its audit entry.
    assert_eq!(
        q(
            &a,
            "SELECT count(*) FROM audit_log WHERE action = 'client.create'"
        ),
        200
    );
    assert_eq!(
        q(
            &a,
            "SELECT count(*) FROM audit_log WHERE action = 'contract.create'"
        ),
        400
    );
    assert_eq!(
        q(
            &a,
            "SELECT count(*) FROM audit_log WHERE action = 'event.create'"
        ),
        300
    );
}
