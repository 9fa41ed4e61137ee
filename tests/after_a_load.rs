//! What a load leaves behind: `guichet demo` shows its steps as it goes,
//! skips no check that its file would fail, and leaves no SLA state for
//! the first command to compute; after an upgrade that leaves SLA state to
//! compute, a person's command does one batch of it, not all.

mod support;

use rusqlite::Connection;
use support::cli::{code, stderr, stdout, Site, ADMIN_PASSWORD};

const CLOCK: &str = "2026-05-28 10:00:00";

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The shared password, from the line that shows it.
fn printed_password(out: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.contains("shown only this once"))
        .unwrap_or_else(|| panic!("no password line in:\n{out}"));
    line.rsplit(' ').next().unwrap().to_string()
}

/// A demo of 300 tickets at [`CLOCK`]; gives its password and stderr.
fn demo(site: &Site) -> (String, String) {
    let out = site.run_at(
        CLOCK,
        &["demo", "--tickets", "300", "--seed", "5"],
        None,
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (printed_password(&stdout(&out)), stderr(&out))
}

#[test]
fn off_a_terminal_the_demo_shows_one_line_per_step() {
    let site = Site::new();
    let (_, err) = demo(&site);
    let steps: Vec<&str> = err.lines().filter(|l| l.starts_with("Demo: ")).collect();
    let names = [
        "accounts and organisation",
        "tickets and their history",
        "indexes",
        "search index",
        "writing to disk",
    ];
    assert_eq!(steps.len(), names.len(), "{err}");
    for (line, name) in steps.iter().zip(names) {
        let timed = line
            .strip_prefix(&format!("Demo: {name} in "))
            .and_then(|rest| rest.strip_suffix(" s."))
            .and_then(|seconds| seconds.parse::<f64>().ok());
        assert!(timed.is_some(), "not the step {name} with its time: {line}");
    }
    assert!(
        !err.contains('\r'),
        "a line drawn again off a terminal: {err:?}"
    );
}

/// The load writes rows without foreign key or CHECK constraints checked
/// one by one: the file passes both checks afterwards.
#[test]
fn a_demo_file_passes_the_checks_its_load_skipped() {
    let site = Site::new();
    demo(&site);
    let conn = support::raw(site.path());
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").unwrap();
    let broken: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(broken.is_empty(), "rows pointing nowhere, in {broken:?}");
    // integrity_check reads every CHECK constraint again.
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

/// Who spoke last is written with each ticket: what recomputing it from the
/// comments gives.
#[test]
fn who_spoke_last_is_what_the_comments_say() {
    let site = Site::new();
    demo(&site);
    let conn = support::raw(site.path());
    let wrong = count(
        &conn,
        "SELECT count(*) FROM tickets t WHERE awaiting_staff IS NOT coalesce((
            SELECT c.author_id = t.requester_id FROM ticket_comments c
            WHERE c.ticket_id = t.id AND c.visibility = 'public'
            ORDER BY c.id DESC LIMIT 1), 1)",
    );
    assert_eq!(wrong, 0);
    for value in [0, 1] {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM tickets WHERE awaiting_staff = {value}"),
        );
        assert!(n > 0, "no ticket with awaiting_staff = {value}");
    }
}

#[test]
fn the_first_command_after_a_demo_has_no_sla_state_to_compute() {
    let site = Site::new();
    let (password, _) = demo(&site);
    let conn = support::raw(site.path());
    let unset = "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL";
    assert_eq!(count(&conn, unset), 0, "every ticket has its SLA state");
    let entries = "SELECT count(*) FROM audit_log";
    let before = count(&conn, entries);
    let late = count(&conn, "SELECT count(*) FROM tickets WHERE urgency <> 'ok'");
    let changes = count(
        &conn,
        "SELECT count(*) FROM audit_log WHERE action = 'ticket.urgency'",
    );
    assert!(late > 0, "the demo has late tickets");
    assert_eq!(changes, late, "one level change logged per late ticket");
    let list = site.run_at(
        CLOCK,
        &["--as", "admin", "ticket", "list", "--limit", "5"],
        Some(&password),
        None,
    );
    assert_eq!(code(&list), 0, "{}", stderr(&list));
    assert_eq!(
        count(&conn, entries),
        before,
        "the first command recorded a computation"
    );
}

/// Open tickets with no SLA state, as an upgrade that adds it leaves them.
fn pending_tickets(conn: &Connection, n: i64) {
    conn.execute(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
         INSERT INTO tickets (title, requester_id, handling_role, status, created_at, updated_at)
         SELECT 'Old ticket ' || i, 1, 'technician', 'waiting', 1780000000 + i, 1780000000 + i
         FROM k",
        [n],
    )
    .unwrap();
}

#[test]
fn after_an_upgrade_a_command_computes_one_batch_and_the_worker_the_rest() {
    let site = Site::new();
    site.init();
    let conn = support::raw(site.path());
    pending_tickets(&conn, 2_500);
    let unset = "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL";
    assert_eq!(count(&conn, unset), 2_500);
    let list = site.admin(&["ticket", "list", "--limit", "5"]);
    assert_eq!(code(&list), 0, "{}", stderr(&list));
    assert_eq!(count(&conn, unset), 500, "one batch of 2,000, not all");
    let pass = site.run(
        &["--as", "admin", "urgency", "run", "--once"],
        Some(ADMIN_PASSWORD),
        None,
    );
    assert_eq!(code(&pass), 0, "{}", stderr(&pass));
    assert_eq!(
        count(&conn, unset),
        0,
        "the worker's pass computes the rest"
    );
}
