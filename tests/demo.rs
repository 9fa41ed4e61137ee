//! `guichet demo`: the real binary fills a new database that people can sign
//! in to and whose audit chain holds; the data is deterministic for a seed
//! and a fixed clock, and consistent (timestamps, who wrote what).

mod support;

use guichet::domain::ticket::Status;
use guichet::service::{Service, Settings};
use guichet::store::{OpenOptions, Store};
use rusqlite::types::Value;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;
use support::cli::{code, stdout, Site};
use support::raw;

const T0: i64 = 1_780_000_000;

/// The shared password, from the line that shows it.
fn printed_password(out: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.contains("shown only this once"))
        .unwrap_or_else(|| panic!("no password line in:\n{out}"));
    line.rsplit(' ').next().unwrap().to_string()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_binary_fills_a_new_database_that_admin_can_use() {
    let site = Site::new();
    let out = site.run(&["demo", "--tickets", "300", "--seed", "7"], None, None);
    assert_eq!(code(&out), 0, "{}", support::cli::stderr(&out));
    let text = stdout(&out);
    let password = printed_password(&text);
    assert!(guichet::domain::password::check(&password, &[]).is_ok());
    assert!(text.contains("admin (1): admin"), "{text}");

    let list = site.as_user(
        "admin",
        &password,
        &["user", "list", "--role", "technician"],
    );
    assert_eq!(code(&list), 0, "{}", support::cli::stderr(&list));
    let technicians = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("technician (5): "))
        .unwrap_or_else(|| panic!("no technician line in:\n{text}"));
    for login in technicians.split(", ") {
        assert!(stdout(&list).contains(login), "{login} not listed");
    }
    let verify = site.as_user("admin", &password, &["audit", "verify"]);
    assert_eq!(code(&verify), 0, "{}", support::cli::stderr(&verify));

    let conn = raw(site.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 300);
    for status in Status::EVERY {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM tickets WHERE status = ?1",
                [status.key()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 0, "no ticket is {status}");
    }
    // One ticket.create per ticket, by its requester.
    let creations = count(
        &conn,
        "SELECT count(*) FROM audit_log a JOIN tickets t ON t.id = CAST(a.object_id AS INTEGER)
         WHERE a.action = 'ticket.create' AND a.object_type = 'ticket' AND a.actor_id = t.requester_id",
    );
    assert_eq!(creations, 300);

    // A database that has users is refused, and left as it was.
    let again = site.run(&["demo", "--tickets", "5"], None, None);
    assert_eq!(code(&again), 6, "{}", stdout(&again));
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 300);
}

#[test]
fn an_initialised_database_is_refused() {
    let site = Site::new();
    site.init();
    let out = site.run(&["demo", "--tickets", "5"], None, None);
    assert_eq!(code(&out), 6, "{}", stdout(&out));
    assert!(support::cli::stderr(&out).contains("already has users"));
}

/// A service on a new file whose clock always says `T0`.
fn fixed_service(path: &Path) -> Service {
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: T0,
        create: true,
    };
    let store = Store::open(path, &options).unwrap();
    let settings = Settings {
        bcrypt_cost: 4,
        ..Settings::default()
    };
    Service::new(store, settings, Box::new(|| T0))
}

/// A digest of every row and column of the tickets table.
fn tickets_digest(path: &Path) -> String {
    let conn = raw(path);
    let mut stmt = conn.prepare("SELECT * FROM tickets ORDER BY id").unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut hasher = Sha256::new();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..columns {
            let value: Value = row.get(i).unwrap();
            hasher.update(format!("{value:?}|").as_bytes());
        }
        hasher.update(b"\n");
    }
    guichet::domain::audit_chain::hex(&hasher.finalize())
}

fn fill(dir: &Path, name: &str, seed: u64) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut service = fixed_service(&path);
    let summary = service.fill_demo(200, seed).unwrap();
    assert_eq!(summary.counts.tickets, 200);
    path
}

#[test]
fn the_same_seed_and_clock_give_the_same_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let a = tickets_digest(&fill(dir.path(), "a.db", 7));
    let b = tickets_digest(&fill(dir.path(), "b.db", 7));
    let c = tickets_digest(&fill(dir.path(), "c.db", 8));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_data_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = fill(dir.path(), "g.db", 3);
    let conn = raw(&path);
    let bad = |what: &str, sql: &str| {
        let n = count(&conn, sql);
        assert_eq!(n, 0, "{n} tickets break: {what}");
    };
    bad(
        "time order",
        &format!(
            "SELECT count(*) FROM tickets WHERE created_at > updated_at OR updated_at > {T0}
             OR created_at < {T0} - 366 * 86400 OR taken_at < created_at OR closed_at < created_at"
        ),
    );
    bad(
        "taken in hand once in progress",
        "SELECT count(*) FROM tickets WHERE (status IN ('in_progress', 'on_hold') AND taken_at IS NULL)
         OR (status = 'waiting' AND taken_at IS NOT NULL)",
    );
    bad(
        "resolved and closed stamps",
        "SELECT count(*) FROM tickets WHERE (status = 'resolved') <> (resolved_at IS NOT NULL AND closed_at IS NULL)
         OR (status IN ('closed', 'cancelled')) <> (closed_at IS NOT NULL)",
    );
    bad(
        "resolved within the reopen window (else guichet closes it)",
        &format!("SELECT count(*) FROM tickets WHERE status = 'resolved' AND resolved_at < {T0} - 7 * 86400"),
    );
    bad(
        "ratings only once resolved",
        "SELECT count(*) FROM tickets WHERE rating IS NOT NULL AND status NOT IN ('resolved', 'closed')",
    );
    bad(
        "closure requested only while open",
        "SELECT count(*) FROM tickets WHERE closure_requested = 1 AND status NOT IN ('waiting', 'on_hold')",
    );
    bad(
        "agency tickets belong to the client's company",
        "SELECT count(*) FROM tickets t JOIN users u ON u.id = t.requester_id
         WHERE t.company_id IS NOT u.company_id",
    );
    assert_eq!(
        0,
        count(
            &conn,
            "SELECT count(*) FROM ticket_comments c JOIN users u ON u.id = c.author_id
             WHERE c.visibility = 'internal' AND u.role_key IN ('learner', 'client')"
        ),
        "only staff write internal comments"
    );
    assert_eq!(
        0,
        count(
            &conn,
            "SELECT count(*) FROM time_entries e JOIN users u ON u.id = e.author_id
             WHERE e.minutes NOT BETWEEN 5 AND 240 OR u.role_key IN ('learner', 'client')"
        ),
        "time is logged by staff, 5 to 240 minutes"
    );
    for table in ["ticket_comments", "time_entries"] {
        assert!(count(&conn, &format!("SELECT count(*) FROM {table}")) > 100);
    }
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE rating IS NOT NULL"
        ) > 20
    );
    let roles = count(&conn, "SELECT count(DISTINCT role_key) FROM users");
    assert_eq!(roles, 12, "every default role has members");
}

#[test]
fn a_ticket_history_starts_with_its_creation_by_the_requester() {
    let dir = tempfile::tempdir().unwrap();
    let path = fill(dir.path(), "h.db", 5);
    let service = fixed_service(&path);
    let conn = service.store().conn();
    let (id, requester): (i64, i64) = conn
        .query_row(
            "SELECT id, requester_id FROM tickets WHERE status = 'closed' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let admin_id: i64 = count(conn, "SELECT id FROM users WHERE login = 'admin'");
    let admin = guichet::service::Actor {
        id: admin_id,
        login: "admin".into(),
    };
    let history = service.ticket_history(&admin, id, 0, 100).unwrap();
    assert_eq!(history[0].action, "ticket.create");
    assert_eq!(history[0].actor_id, Some(requester));
    assert!(history.iter().any(|e| e.action == "ticket.status"));
    let closing = history.last().unwrap();
    assert!(
        closing.summary.contains("\"new\":\"closed\""),
        "{closing:?}"
    );
}

/// Every index and trigger, as defined.
fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_bulk_load_leaves_the_schema_and_the_search_index_as_normal_use_would() {
    let dir = tempfile::tempdir().unwrap();
    let demo = fill(dir.path(), "demo.db", 3);
    let fresh = dir.path().join("fresh.db");
    drop(fixed_service(&fresh));
    assert_eq!(
        schema(&demo),
        schema(&fresh),
        "indexes and triggers restored verbatim"
    );
    // The index built in one pass answers like the triggers' would: a word
    // of each ticket's title finds that ticket, and after the load the
    // triggers keep it up to date again.
    let conn = raw(&demo);
    let unindexed = count(
        &conn,
        "SELECT count(*) FROM tickets t WHERE t.id NOT IN (SELECT rowid FROM ticket_search
          WHERE ticket_search MATCH '\"' || replace(substr(t.title, 1, instr(t.title || ' ', ' ') - 1), '\"', '') || '\"')",
    );
    assert_eq!(unindexed, 0);
    let mut service = fixed_service(&demo);
    let admin = guichet::service::Actor {
        id: 1,
        login: "admin".into(),
    };
    let id = service.comment(&admin, 1, "zygomorphe", true).unwrap();
    assert!(id > 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM ticket_search WHERE ticket_search MATCH 'zygomorphe'"
        ),
        1
    );
}

/// The demo writes the SLA state a rebuild would: at the same instant,
/// `sla rebuild` changes no ticket, closed ones included.
#[test]
fn a_rebuild_right_after_the_demo_changes_nothing() {
    let site = Site::new();
    let clock = "2026-05-28 10:00:00";
    let out = site.run_at(
        clock,
        &["demo", "--tickets", "300", "--seed", "11"],
        None,
        None,
    );
    assert_eq!(code(&out), 0, "{}", support::cli::stderr(&out));
    let password = printed_password(&stdout(&out));
    let conn = raw(&site.db);
    let unset = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL",
    );
    let closed = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE status NOT IN ('waiting', 'in_progress', 'on_hold')",
    );
    drop(conn);
    assert!(closed > 0, "the demo has closed tickets");
    let before = tickets_digest(&site.db);
    let rebuild = site.run_at(
        clock,
        &["--as", "admin", "sla", "rebuild"],
        Some(&password),
        None,
    );
    assert_eq!(code(&rebuild), 0, "{}", support::cli::stderr(&rebuild));
    assert_eq!(
        tickets_digest(&site.db),
        before,
        "sla rebuild changed the demo's tickets ({unset} had no SLA state)"
    );
}
