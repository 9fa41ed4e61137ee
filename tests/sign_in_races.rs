//! Parallel guesses against the lockout, through the real binary: each
//! attempt is counted before its password is checked, so fifty processes
//! started at once get no more checks than the policy allows.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use support::cli::{code, Site, USER_PASSWORD};

/// `security.max_failed_attempts` of these sites.
const LIMIT: i64 = 5;
const GUESSES: usize = 50;
const WRONG: &str = "Wrong-password-123";

fn site() -> Arc<Site> {
    let site = Site::with_config(&format!(
        "max_failed_attempts = {LIMIT}\nlockout_minutes = 15\n"
    ));
    site.init();
    site.add_user("jdupont", "learner", &[]);
    Arc::new(site)
}

/// Signs in with each (login, password) on its own thread, all released
/// at the same instant; the exit codes in the same order.
fn at_once(site: &Arc<Site>, attempts: Vec<(String, String)>) -> Vec<i32> {
    let site = Arc::clone(site);
    let n = attempts.len();
    support::at_once(n, move |i| {
        let (login, password) = &attempts[i];
        code(&site.as_user(login, password, &["user", "list"]))
    })
}

fn wrong_guesses(login: &str) -> Vec<(String, String)> {
    (0..GUESSES)
        .map(|_| (login.to_string(), WRONG.to_string()))
        .collect()
}

/// How many attempts the journal holds of each outcome, for `user_id`
/// (`None`: unknown logins).
fn outcomes(site: &Site, user_id: Option<i64>) -> BTreeMap<String, i64> {
    let conn = site.raw();
    let mut stmt = conn
        .prepare(
            "SELECT outcome, count(*) FROM sign_in_journal WHERE user_id IS ?1 GROUP BY outcome",
        )
        .unwrap();
    let rows = stmt
        .query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// (failed_attempts, locked) of user `login`.
fn lock_of(site: &Site, login: &str) -> (i64, bool) {
    let conn = site.raw();
    conn.query_row(
        "SELECT failed_attempts, locked_until IS NOT NULL FROM users WHERE login = ?1",
        [login],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn user_id(site: &Site, login: &str) -> i64 {
    let conn = site.raw();
    conn.query_row("SELECT id FROM users WHERE login = ?1", [login], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn fifty_parallel_wrong_guesses_get_no_more_checks_than_the_limit() {
    let site = site();
    let codes = at_once(&site, wrong_guesses("jdupont"));
    assert!(codes.iter().all(|c| *c == 3), "{codes:?}");
    let id = user_id(&site, "jdupont");
    let seen = outcomes(&site, Some(id));
    assert_eq!(seen.get("bad_password"), Some(&LIMIT), "{seen:?}");
    assert_eq!(
        seen.get("locked"),
        Some(&(GUESSES as i64 - LIMIT)),
        "the others were refused before any check: {seen:?}"
    );
    assert_eq!(lock_of(&site, "jdupont"), (LIMIT, true));

    // While it is locked, a right password started among fifty more wrong
    // ones fails like them, and none of them is checked.
    let mut wave = wrong_guesses("jdupont");
    wave.insert(
        GUESSES / 2,
        ("jdupont".to_string(), USER_PASSWORD.to_string()),
    );
    let codes = at_once(&site, wave);
    assert!(codes.iter().all(|c| *c == 3), "{codes:?}");
    let seen = outcomes(&site, Some(id));
    assert_eq!(seen.get("bad_password"), Some(&LIMIT), "{seen:?}");
    assert_eq!(seen.get("success"), None, "{seen:?}");
    assert_eq!(seen.get("locked"), Some(&(2 * GUESSES as i64 + 1 - LIMIT)));

    // One lock, audited once, and an admin can lift it.
    let conn = site.raw();
    let locks: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'user.lock'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(locks, 1);
    assert_eq!(code(&site.admin(&["user", "unlock", "jdupont"])), 0);
    let back = site.as_user("jdupont", USER_PASSWORD, &["user", "list"]);
    assert_eq!(code(&back), 0);
}

#[test]
fn an_unknown_login_locks_after_as_many_parallel_guesses() {
    let site = site();
    let codes = at_once(&site, wrong_guesses("ghost"));
    assert!(codes.iter().all(|c| *c == 3), "{codes:?}");
    let seen = outcomes(&site, None);
    assert_eq!(seen.get("unknown_login"), Some(&(GUESSES as i64)));
    let conn = site.raw();
    let counters: Vec<(String, i64, bool)> = conn
        .prepare("SELECT login_mac, failed_attempts, locked_until IS NOT NULL FROM unknown_logins")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(counters.len(), 1, "{counters:?}");
    let (mac, failed, locked) = &counters[0];
    assert_eq!((*failed, *locked), (LIMIT, true), "{counters:?}");
    assert_eq!(mac.len(), 16);
    let journalled: i64 = conn
        .query_row(
            "SELECT count(*) FROM sign_in_journal WHERE login_mac = ?1",
            [mac],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journalled, GUESSES as i64, "the journal groups them by it");
}

/// More right-password sign-ins of one person at once than the limit (an
/// admin's scripts side by side) all get in: those that find the count full
/// of attempts still being checked wait for them instead of locking.
#[test]
fn parallel_right_passwords_beyond_the_limit_all_sign_in() {
    let site = site();
    let attempts = (0..3 * LIMIT)
        .map(|_| ("jdupont".to_string(), USER_PASSWORD.to_string()))
        .collect();
    let codes = at_once(&site, attempts);
    assert!(codes.iter().all(|c| *c == 0), "{codes:?}");
    let seen = outcomes(&site, Some(user_id(&site, "jdupont")));
    assert_eq!(seen.get("success"), Some(&(3 * LIMIT)), "{seen:?}");
    assert_eq!(lock_of(&site, "jdupont"), (0, false));
}

/// A reservation whose process was killed before it settled stays counted
/// (failing closed): a count left full by such attempts, once it has stayed
/// full for longer than any check takes, refuses even the right password,
/// and locks for the usual time instead of for ever.
#[test]
fn attempts_left_unsettled_count_as_failures_and_lock() {
    let site = site();
    let conn = site.raw();
    // What LIMIT processes killed between reserving and settling leave.
    conn.execute(
        "UPDATE users SET failed_attempts = ?1 WHERE login = 'jdupont'",
        [LIMIT],
    )
    .unwrap();
    drop(conn);
    let out = site.as_user("jdupont", USER_PASSWORD, &["user", "list"]);
    assert_eq!(code(&out), 3);
    assert_eq!(lock_of(&site, "jdupont"), (LIMIT, true));
    let seen = outcomes(&site, Some(user_id(&site, "jdupont")));
    assert_eq!(seen.get("locked"), Some(&1), "{seen:?}");
    assert_eq!(seen.get("bad_password"), None, "not checked: {seen:?}");
}
