//! Several processes of the real binary writing to one database file at
//! once: WAL, busy_timeout and BEGIN IMMEDIATE must make every write land,
//! each with its audit entry, and keep the chain whole.

mod support;

use std::sync::Arc;
use support::at_once;
use support::cli::{code, stderr, Site, ADMIN_PASSWORD, USER_PASSWORD};

const PROCESSES: usize = 8;
const USERS_EACH: usize = 12;

#[test]
fn eight_processes_adding_users_at_once_lose_nothing() {
    let site = Arc::new(Site::new());
    site.init();
    let writer = Arc::clone(&site);
    let failures: Vec<String> = at_once(PROCESSES, move |p| {
        let mut failures = Vec::new();
        for u in 0..USERS_EACH {
            let login = format!("p{p}-u{u}");
            let args = [
                "--as",
                "admin",
                "user",
                "add",
                "--login",
                &login,
                "--name",
                &login,
                "--role",
                "learner",
                "--password-stdin",
            ];
            let out = writer.run(
                &args,
                Some(ADMIN_PASSWORD),
                Some(&format!("{USER_PASSWORD}\n")),
            );
            if code(&out) != 0 {
                failures.push(format!("{login}: {}", stderr(&out)));
            }
        }
        failures
    })
    .concat();
    assert!(failures.is_empty(), "{failures:#?}");

    let conn = site.raw();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let expected = (PROCESSES * USERS_EACH) as i64;
    assert_eq!(
        count("SELECT count(*) FROM users WHERE role_key = 'learner'"),
        expected
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM audit_log WHERE action = 'user.create' AND actor_login = 'admin'"
        ),
        expected
    );
    // Every user has exactly one creation entry, pointing at its own row.
    assert_eq!(
        count(
            "SELECT count(*) FROM users u WHERE u.role_key = 'learner' AND 1 = (SELECT count(*) FROM audit_log a
             WHERE a.action = 'user.create' AND a.object_id = CAST(u.id AS TEXT))"
        ),
        expected
    );
    assert_eq!(
        count("SELECT count(*) FROM sign_in_journal WHERE outcome = 'success'"),
        expected
    );
    let verify = site.admin(&["audit", "verify"]);
    assert_eq!(code(&verify), 0, "{}", stderr(&verify));
}

#[test]
fn eight_processes_initialising_a_new_file_at_once_make_one_admin() {
    let site = Arc::new(Site::new());
    let runner = Arc::clone(&site);
    let results: Vec<(i32, String)> = at_once(PROCESSES, move |p| {
        let login = format!("admin{p}");
        let out = runner.run(
            &["init", "--admin", &login, "--password-stdin"],
            None,
            Some(&format!("{ADMIN_PASSWORD}\n")),
        );
        (code(&out), stderr(&out))
    });
    let winners = results.iter().filter(|(c, _)| *c == 0).count();
    assert_eq!(winners, 1, "{results:#?}");
    for (c, err) in results.iter().filter(|(c, _)| *c != 0) {
        assert_eq!(*c, 6, "only 'already initialised' may refuse: {err}");
        assert!(err.contains("already has users"), "{err}");
    }
    let conn = site.raw();
    let admins: i64 = conn
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    let created: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'database.create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((admins, created), (1, 1));
}
