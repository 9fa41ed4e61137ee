//! Several processes of the real binary writing to one database file at
//! once: WAL, busy_timeout and BEGIN IMMEDIATE must make every write land,
//! each with its audit entry, and keep the chain whole.

mod common;

use common::{code, stderr, Site, ADMIN_PASSWORD, USER_PASSWORD};
use std::sync::{Arc, Barrier};

const PROCESSES: usize = 8;
const USERS_EACH: usize = 12;

#[test]
fn eight_processes_adding_users_at_once_lose_nothing() {
    let site = Arc::new(Site::new());
    site.init();
    let start = Arc::new(Barrier::new(PROCESSES));
    let workers: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let (site, start) = (Arc::clone(&site), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
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
                    let out = site.run(
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
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");

    let conn = rusqlite::Connection::open(site.path()).unwrap();
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
    let start = Arc::new(Barrier::new(PROCESSES));
    let workers: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let (site, start) = (Arc::clone(&site), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                let login = format!("admin{p}");
                let out = site.run(
                    &["init", "--admin", &login, "--password-stdin"],
                    None,
                    Some(&format!("{ADMIN_PASSWORD}\n")),
                );
                (code(&out), stderr(&out))
            })
        })
        .collect();
    let results: Vec<(i32, String)> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    let winners = results.iter().filter(|(c, _)| *c == 0).count();
    assert_eq!(winners, 1, "{results:#?}");
    for (c, err) in results.iter().filter(|(c, _)| *c != 0) {
        assert_eq!(*c, 6, "only 'already initialised' may refuse: {err}");
        assert!(err.contains("already has users"), "{err}");
    }
    let conn = rusqlite::Connection::open(site.path()).unwrap();
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
