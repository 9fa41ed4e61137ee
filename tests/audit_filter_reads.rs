//! The Logs filters read through the indexes give what the plain conditions
//! give: an action prefix read action by action and merged (store
//! `audit_query.rs`), and the index chosen by the most narrowing filter,
//! against the same filter written as plain SQL, on every page shape.

mod support;

use guichet::service::audit::AuditFilter;
use rusqlite::types::Value;
use support::tui::{demo_file, first_login, second_service, sign_in};

/// The ids of the plain query: every condition as written, no index hint,
/// the prefix as `substr`.
fn plain(raw: &rusqlite::Connection, f: &AuditFilter, bounds: &str, desc: bool) -> Vec<i64> {
    let mut sql = String::from("SELECT id FROM audit_log WHERE 1 = 1");
    let mut values: Vec<Value> = Vec::new();
    let mut cond = |text: &str, v: Value| {
        sql.push_str(text);
        values.push(v);
    };
    if let Some(a) = &f.actor_login {
        cond(" AND actor_login = ?", Value::Text(a.clone()));
    }
    if let Some(t) = &f.object_type {
        cond(" AND object_type = ?", Value::Text(t.clone()));
    }
    if let Some(i) = &f.object_id {
        cond(" AND object_id = ?", Value::Text(i.clone()));
    }
    match f.action.as_deref().map(|a| (a, a.strip_suffix('*'))) {
        Some((_, Some(prefix))) => {
            cond(
                " AND substr(action, 1, length(?))",
                Value::Text(prefix.into()),
            );
            cond(" = ?", Value::Text(prefix.into()));
        }
        Some((exact, None)) => cond(" AND action = ?", Value::Text(exact.into())),
        None => {}
    }
    sql.push_str(bounds);
    sql.push_str(if desc {
        " ORDER BY id DESC LIMIT 50"
    } else {
        " ORDER BY id LIMIT 50"
    });
    let mut ids: Vec<i64> = raw
        .prepare(&sql)
        .unwrap()
        .query_map(rusqlite::params_from_iter(values), |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    if desc {
        ids.reverse();
    }
    ids
}

#[test]
fn every_filter_shape_reads_what_the_plain_condition_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let demo = demo_file(&path, 150);
    let mut service = second_service(&path, None);
    let admin = sign_in(
        &mut service,
        &first_login(&demo.logins, "admin"),
        &demo.password,
    );
    let raw = support::raw(&path);
    let end: i64 = raw
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let technician = first_login(&demo.logins, "technician");
    let actors = [
        None,
        Some("system".to_string()),
        Some(technician),
        Some("nobody".into()),
    ];
    let actions = [
        None,
        Some("ticket.*".to_string()),
        Some("user.*".into()),
        Some("t*".into()),
        Some("nothing.*".into()),
        Some("ticket.status".into()),
    ];
    let objects = [
        (None, None),
        (Some("ticket".to_string()), None),
        (Some("user".to_string()), None),
        (Some("ticket".to_string()), Some("12".to_string())),
    ];
    let mut nonempty = 0;
    for actor_login in &actors {
        for action in &actions {
            for (object_type, object_id) in &objects {
                let f = AuditFilter {
                    actor_login: actor_login.clone(),
                    action: action.clone(),
                    object_type: object_type.clone(),
                    object_id: object_id.clone(),
                    ..AuditFilter::default()
                };
                let ids = |e: Vec<guichet::store::audit::Entry>| -> Vec<i64> {
                    e.into_iter().map(|e| e.id).collect()
                };
                let tail = ids(service.audit_tail(&admin, &f, 50).unwrap());
                assert_eq!(tail, plain(&raw, &f, "", true), "newest: {f:?}");
                let middle = end / 2;
                let before = ids(service.audit_between(&admin, &f, 0, middle, 50).unwrap());
                let bounds = format!(" AND id > 0 AND id <= {middle}");
                assert_eq!(before, plain(&raw, &f, &bounds, true), "before: {f:?}");
                let after = ids(service.audit_after(&admin, &f, middle, 50).unwrap());
                let bounds = format!(" AND id > {middle}");
                assert_eq!(after, plain(&raw, &f, &bounds, false), "after: {f:?}");
                nonempty += usize::from(!tail.is_empty());
            }
        }
    }
    assert!(nonempty > 20, "most shapes should find entries");
}

/// One actor and one action are read through `(actor_login, action, id)`
/// (migration 0017), and an action prefix beside an actor action by
/// action through it: a busy actor's rare action read every entry of the
/// actor before.
#[test]
fn an_actor_with_an_action_is_read_through_their_own_index() {
    use guichet::store::audit::{plan, Filter, Page};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    demo_file(&path, 20);
    let raw = support::raw(&path);
    let of = |action: &str| Filter {
        actor_login: Some("system".into()),
        action: Some(action.into()),
        ..Filter::default()
    };
    for page in [
        Page::Newest,
        Page::After(3),
        Page::Between { above: 1, upto: 90 },
    ] {
        let exact = plan(&raw, &of("database.migrate"), page, 50)
            .unwrap()
            .join("\n");
        assert!(exact.contains("audit_by_actor_action"), "{exact}");
        assert!(!exact.contains("TEMP B-TREE"), "{exact}");
        let prefix = plan(&raw, &of("ticket.*"), page, 50).unwrap().join("\n");
        assert!(prefix.contains("actions, merged by id"), "{prefix}");
        assert!(prefix.contains("audit_by_actor_action"), "{prefix}");
    }
}
