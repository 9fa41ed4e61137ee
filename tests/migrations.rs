//! "A migrated file equals a fresh one."
//!
//! A fresh database gets `schema.sql` in one go; an existing one gets the
//! frozen first release (`migrations/0001_foundation.sql`, version 1) and
//! then every later numbered migration (0002: SLA; 0003: search prefixes;
//! 0004: audit by action; 0005: keyed audit; 0006: unknown logins kept as
//! keyed hashes; 0007: sealed audit head; 0008: the site.backup
//! capability; 0009: notification opt-outs). Both roads must lead to
//! the same schema: editing `schema.sql` without adding a migration that
//! makes the same change MUST make `a_migrated_file_equals_a_fresh_one`
//! fail.

mod support;

use guichet::domain::{Capability, Scope};
use guichet::store::migrate::{MIGRATIONS, SCHEMA_VERSION};
use guichet::store::site_key::SiteKey;
use guichet::store::{journal, Store};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;
use support::store::{options, TestResult, APPLICATION_ID};

/// Collapses runs of whitespace into one space and drops SQL comments,
/// outside string literals and quoted identifiers (whose text is kept as
/// is): comments and layout are not structure.
fn normalise(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        let closing = match c {
            '\'' | '"' | '`' => Some(c),
            '[' => Some(']'),
            _ => None,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c == '-' && chars.peek() == Some(&'-') {
            chars.by_ref().find(|d| *d == '\n');
            space = true;
            continue;
        }
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut previous = ' ';
            for d in chars.by_ref() {
                if previous == '*' && d == '/' {
                    break;
                }
                previous = d;
            }
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if let Some(closing) = closing {
            for d in chars.by_ref() {
                out.push(d);
                if d == closing {
                    break;
                }
            }
        }
    }
    out
}

/// Every row of `sql`, every column as a SQLite value.
fn rows(conn: &Connection, sql: &str, arg: &str) -> rusqlite::Result<Vec<Vec<Value>>> {
    let mut stmt = conn.prepare(sql)?;
    let width = stmt.column_count();
    let rows = stmt.query_map([arg], |row| {
        (0..width).map(|i| row.get::<_, Value>(i)).collect()
    })?;
    rows.collect()
}

#[derive(Debug, PartialEq)]
struct Index {
    /// `PRAGMA index_list` without its `seq` (a position, not structure).
    list: Vec<Value>,
    xinfo: Vec<Vec<Value>>,
}

#[derive(Debug, PartialEq)]
struct Table {
    name: String,
    /// The CREATE statement, normalised: holds the CHECK constraints.
    sql: String,
    columns: Vec<Vec<Value>>,
    indexes: Vec<Index>,
    foreign_keys: Vec<Vec<Value>>,
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    user_version: i64,
    application_id: i64,
    tables: Vec<Table>,
    /// Indexes, triggers and views: (type, name, table, normalised SQL).
    others: Vec<(String, String, String, Option<String>)>,
    capabilities: Vec<(String, String)>,
}

fn snapshot(conn: &Connection) -> rusqlite::Result<Snapshot> {
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0));
    let mut stmt =
        conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
    let names = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut tables = Vec::new();
    for (name, sql) in names {
        let mut indexes = Vec::new();
        let list = rows(
            conn,
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY name",
            &name,
        )?;
        for entry in list {
            let Some(Value::Text(index)) = entry.first() else {
                panic!("index without a name on {name}: {entry:?}");
            };
            let xinfo = rows(
                conn,
                "SELECT * FROM pragma_index_xinfo(?1) ORDER BY seqno",
                index,
            )?;
            indexes.push(Index { list: entry, xinfo });
        }
        tables.push(Table {
            sql: normalise(&sql),
            columns: rows(
                conn,
                "SELECT * FROM pragma_table_xinfo(?1) ORDER BY cid",
                &name,
            )?,
            indexes,
            foreign_keys: rows(
                conn,
                "SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                &name,
            )?,
            name,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema
         WHERE type IN ('index', 'trigger', 'view') ORDER BY type, name",
    )?;
    let others = stmt
        .query_map([], |r| {
            let sql: Option<String> = r.get(3)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                sql.as_deref().map(normalise),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare("SELECT key, scopes FROM capabilities ORDER BY key")?;
    let capabilities = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Snapshot {
        user_version: pragma("user_version")?,
        application_id: pragma("application_id")?,
        tables,
        others,
        capabilities,
    })
}

/// A file as the first release left it: 0001 applied, version 1.
fn write_first_release(path: &Path) -> TestResult {
    let (version, sql) = MIGRATIONS[0];
    assert_eq!(version, 1, "MIGRATIONS[0] is the frozen first release");
    let conn = Connection::open(path)?;
    conn.execute_batch(sql)?;
    conn.execute_batch(&format!(
        "PRAGMA user_version = 1; PRAGMA application_id = {APPLICATION_ID};"
    ))?;
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// A first-release file holding the technician `amina` (user 1), open.
fn first_release_with_a_technician(path: &Path) -> Result<Connection, Box<dyn std::error::Error>> {
    write_first_release(path)?;
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "INSERT INTO roles (key, label_fr, label_en, builtin, handles_tickets, created_at)
         VALUES ('technician', 'Technicien', 'Technician', 1, 1, 100);
         INSERT INTO users (id, login, full_name, role_key, password_hash, created_at, updated_at)
         VALUES (1, 'amina', 'Amina', 'technician', 'x', 100, 100);",
    )?;
    Ok(conn)
}

#[test]
fn a_migrated_file_equals_a_fresh_one() -> TestResult {
    let dir = tempfile::tempdir()?;
    let fresh = Store::open(&dir.path().join("fresh.db"), &options())?;
    let migrated_path = dir.path().join("migrated.db");
    write_first_release(&migrated_path)?;
    let migrated = Store::open(&migrated_path, &options())?;

    let want = snapshot(fresh.conn())?;
    let got = snapshot(migrated.conn())?;
    assert_eq!(want.user_version, SCHEMA_VERSION);
    assert_eq!(want.application_id, APPLICATION_ID);
    assert!(want.tables.len() > 10 && !want.others.is_empty() && !want.capabilities.is_empty());

    assert_eq!(got.user_version, want.user_version, "user_version");
    assert_eq!(got.application_id, want.application_id, "application_id");
    let names = |s: &Snapshot| s.tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "tables (migrated vs fresh)");
    for (g, w) in got.tables.iter().zip(&want.tables) {
        assert_eq!(g.sql, w.sql, "CREATE TABLE {} (with its CHECKs)", w.name);
        assert_eq!(g.columns, w.columns, "table_xinfo of {}", w.name);
        assert_eq!(g.indexes, w.indexes, "indexes of {}", w.name);
        assert_eq!(g.foreign_keys, w.foreign_keys, "foreign keys of {}", w.name);
    }
    assert_eq!(got.others, want.others, "indexes, triggers and views");
    assert_eq!(got.capabilities, want.capabilities, "capabilities rows");
    assert_eq!(got, want);

    // Bringing a file up records one `database.migrate` entry; none today.
    let migrations: i64 = migrated.conn().query_row(
        "SELECT count(*) FROM audit_log WHERE action = 'database.migrate'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(migrations, i64::from(SCHEMA_VERSION > 1));
    Ok(())
}

/// The comparison is not blind: an extra index, an added column or a
/// changed CHECK on top of the first release all show.
#[test]
fn the_comparison_sees_schema_differences() -> TestResult {
    let (_, sql) = MIGRATIONS[0];
    let build = |sql: &str| -> rusqlite::Result<Snapshot> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(sql)?;
        snapshot(&conn)
    };
    let base = build(sql)?;
    let index = build(&format!("{sql}\nCREATE INDEX extra ON users (email);"))?;
    let column = build(&format!("{sql}\nALTER TABLE users ADD COLUMN note TEXT;"))?;
    let check = "CHECK (minutes > 0 AND minutes <= 1440)";
    assert!(sql.contains(check));
    let changed = build(&sql.replace(check, "CHECK (minutes > 0 AND minutes <= 1441)"))?;
    let commented = build(&sql.replace("CREATE TABLE roles (", "CREATE TABLE roles ( -- hi\n"))?;
    assert_ne!(index, base, "an extra index");
    assert_ne!(column, base, "an added column");
    assert_ne!(changed, base, "a changed CHECK");
    assert_eq!(commented, base, "a comment or line break is not structure");
    assert_eq!(normalise("a  -- x\n(b /* y */,\t'c  d')"), "a (b , 'c  d')");
    Ok(())
}

#[test]
fn capabilities_table_matches_the_code() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("g.db"), &options())?;
    let mut stmt = store
        .conn()
        .prepare("SELECT key, scopes FROM capabilities")?;
    let in_db: BTreeMap<String, String> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut in_code = BTreeMap::new();
    for capability in Capability::EVERY {
        let scopes: Vec<&str> = capability.scopes().iter().map(|s| Scope::key(*s)).collect();
        let earlier = in_code.insert(capability.key().to_string(), scopes.join(","));
        assert!(earlier.is_none(), "{} twice in the code", capability.key());
    }
    for (key, scopes) in &in_code {
        assert_eq!(in_db.get(key), Some(scopes), "{key}: code vs database");
    }
    for (key, scopes) in &in_db {
        assert_eq!(in_code.get(key), Some(scopes), "{key}: database vs code");
    }
    Ok(())
}

#[test]
fn a_fresh_connection_has_the_safe_pragmas() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("g.db"), &options())?;
    let conn = store.conn();
    let text =
        |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, String>(0));
    let int = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0));
    assert_eq!(text("journal_mode")?.to_lowercase(), "wal");
    assert_eq!(int("foreign_keys")?, 1);
    assert_eq!(int("synchronous")?, 2, "FULL");
    assert_eq!(int("secure_delete")?, 1);
    assert_eq!(int("trusted_schema")?, 0);
    Ok(())
}

/// Migration 0002 rebuilds each ticket's status history from the audit log
/// of a first-release file, and leaves its SLA state for the next pass.
#[test]
fn migration_0002_takes_status_history_from_the_audit_log() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let conn = first_release_with_a_technician(&path)?;
    conn.execute_batch(
        "INSERT INTO tickets (id, title, requester_id, handling_role, status, created_at, updated_at)
         VALUES (7, 'Old ticket', 1, 'technician', 'on_hold', 1000, 3000);
         INSERT INTO audit_log (at, actor_login, action, object_type, object_id, summary, prev_hash, hash) VALUES
           (1000, 'amina', 'ticket.create', 'ticket', '7', '{\"title\":\"Old ticket\"}', printf('%064d', 0), printf('%064d', 1)),
           (1500, 'amina', 'ticket.comment', 'ticket', '7', '{\"text\":\"hi\"}', printf('%064d', 1), printf('%064d', 2)),
           (2000, 'amina', 'ticket.status', 'ticket', '7', '{\"status\":{\"old\":\"waiting\",\"new\":\"in_progress\"}}', printf('%064d', 2), printf('%064d', 3)),
           (3000, 'amina', 'ticket.status', 'ticket', '7', '{\"status\":{\"old\":\"in_progress\",\"new\":\"on_hold\"}}', printf('%064d', 3), printf('%064d', 4)),
           (3500, 'amina', 'ticket.status', 'ticket', '99', '{\"status\":{\"old\":\"waiting\",\"new\":\"closed\"}}', printf('%064d', 4), printf('%064d', 5));
         INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, 5, printf('%064d', 5));",
    )?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let mut stmt = store
        .conn()
        .prepare("SELECT ticket_id, at, status FROM ticket_status_log ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<(i64, i64, String)>>>()?;
    assert_eq!(
        rows,
        vec![
            (7, 1000, "waiting".to_string()),
            (7, 2000, "in_progress".to_string()),
            (7, 3000, "on_hold".to_string()),
        ],
        "the comment is no status, and ticket 99 no longer exists"
    );
    let pending: i64 = store.conn().query_row(
        "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(pending, 1, "its SLA state waits for the next pass");
    Ok(())
}

/// Migration 0003 builds the search index again with prefix indexes: what
/// an older file held is still found, each text in its own column (internal
/// comments apart from public ones), and the triggers keep working on it.
#[test]
fn migration_0003_keeps_every_ticket_searchable() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let conn = first_release_with_a_technician(&path)?;
    conn.execute_batch(
        "INSERT INTO tickets (id, title, description, requester_id, handling_role, status, created_at, updated_at)
         VALUES (7, 'Salle informatique', 'Écran noir', 1, 'technician', 'waiting', 1000, 1000),
                (8, 'Projecteur', 'Câble', 1, 'technician', 'waiting', 1000, 1000);
         INSERT INTO ticket_comments (ticket_id, author_id, body, visibility, created_at)
         VALUES (7, 1, 'imprimante bloquée', 'public', 1100),
                (8, 1, 'fournisseur retardataire', 'internal', 1200);",
    )?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let found = |expression: &str| -> rusqlite::Result<Vec<i64>> {
        let mut stmt = store.conn().prepare(
            "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1 ORDER BY rowid",
        )?;
        let ids = stmt.query_map([expression], |r| r.get(0))?;
        ids.collect()
    };
    assert_eq!(found("\"sal\"*")?, vec![7], "a title, by a 3-letter prefix");
    assert_eq!(
        found("\"ecra\"*")?,
        vec![7],
        "a description, accents folded"
    );
    assert_eq!(found("public_comments : \"impri\"*")?, vec![7]);
    assert_eq!(found("internal_comments : \"fourn\"*")?, vec![8]);
    assert_eq!(found("public_comments : \"fourn\"*")?, Vec::<i64>::new());
    store.conn().execute(
        "INSERT INTO ticket_comments (ticket_id, author_id, body, visibility, created_at)
         VALUES (8, 1, 'salle voisine', 'public', 1300)",
        [],
    )?;
    assert_eq!(
        found("\"sal\"*")?,
        vec![7, 8],
        "the comment trigger writes into it"
    );
    Ok(())
}

/// Migration 0006 keeps no text of the logins that named no account (a
/// password typed into the login field): each old row gets the keyed hash
/// a new attempt of the same text would get, and its length.
#[test]
fn migration_0006_replaces_unknown_logins_by_their_keyed_hash() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let conn = first_release_with_a_technician(&path)?;
    conn.execute_batch(
        "INSERT INTO sign_in_journal (at, login_tried, user_id, outcome, front_end, os_user, host, terminal)
         VALUES (100, 'hunter2secret', NULL, 'unknown_login', 'cli', 'u', 'h', 't'),
                (101, 'amina', 1, 'bad_password', 'cli', 'u', 'h', 't'),
                (102, 'hunter2secret', NULL, 'unknown_login', 'tui', 'u', 'h', 't'),
                (103, 'élodie', NULL, 'unknown_login', 'cli', 'u', 'h', 't');",
    )?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let key = SiteKey::load(&SiteKey::path_for(&path))?.ok_or("no key after migration")?;
    let mac = |text: &str| journal::login_mac(&key.journal_key(), text);
    let mut stmt = store.conn().prepare(
        "SELECT at, login_tried, login_mac, login_chars, outcome FROM sign_in_journal ORDER BY id",
    )?;
    type Row = (i64, Option<String>, Option<String>, Option<i64>, String);
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    let unknown = |at, text: &str, chars| {
        (
            at,
            None,
            Some(mac(text)),
            Some(chars),
            "unknown_login".to_string(),
        )
    };
    assert_eq!(
        rows,
        vec![
            unknown(100, "hunter2secret", 13),
            (101, Some("amina".into()), None, None, "bad_password".into()),
            unknown(102, "hunter2secret", 13),
            unknown(103, "élodie", 6),
        ]
    );
    // The journal is append-only again, and refuses an unknown login's text.
    assert!(store
        .conn()
        .execute("UPDATE sign_in_journal SET at = 0", [])
        .is_err());
    let text_kept = store.conn().execute(
        "INSERT INTO sign_in_journal (at, login_tried, login_chars, outcome, front_end, os_user, host, terminal)
         VALUES (104, 'secret', 6, 'unknown_login', 'cli', 'u', 'h', 't')",
        [],
    );
    assert!(text_kept.is_err());
    drop(stmt);
    drop(store);
    let conn = Connection::open(&path)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(conn);
    let bytes = std::fs::read(&path)?;
    assert!(
        !bytes.windows(13).any(|w| w == b"hunter2secret"),
        "the old text is gone from the file"
    );
    Ok(())
}

/// Migration 0008 lists `site.backup` and gives it to the admin role of an
/// existing site (a fresh one gets it from the seeds): its admins can take
/// backups, and nobody else gains anything.
#[test]
fn migration_0008_gives_site_backup_to_the_admin_role() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let conn = first_release_with_a_technician(&path)?;
    conn.execute_batch(
        "INSERT INTO roles (key, label_fr, label_en, builtin, handles_tickets, created_at)
         VALUES ('admin', 'Administrateur', 'Administrator', 1, 0, 100);",
    )?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let mut stmt = store.conn().prepare(
        "SELECT role_key, scope FROM role_capabilities WHERE capability = 'site.backup'",
    )?;
    let holders = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    assert_eq!(holders, vec![("admin".to_string(), "all".to_string())]);
    let fresh = Store::open(&dir.path().join("fresh.db"), &options())?;
    let scope: String = fresh.conn().query_row(
        "SELECT scope FROM role_capabilities WHERE role_key = 'admin' AND capability = 'site.backup'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(scope, "all");
    Ok(())
}

/// Migration 0009 adds the table of the kinds of notification people turn
/// off, empty: after an upgrade everyone still gets every kind, and the
/// notifications already written stay.
#[test]
fn migration_0009_adds_an_empty_opt_out_table_and_keeps_notifications() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let conn = first_release_with_a_technician(&path)?;
    conn.execute_batch(
        "INSERT INTO notifications (user_id, kind, body, created_at)
         VALUES (1, 'urgency.overdue', 'Écran noir', 100);",
    )?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let count = |sql: &str| store.conn().query_row(sql, [], |r| r.get::<_, i64>(0));
    assert_eq!(count("SELECT count(*) FROM notification_opt_outs")?, 0);
    assert_eq!(
        count("SELECT count(*) FROM notifications WHERE user_id = 1")?,
        1
    );
    let (last, _) = MIGRATIONS[MIGRATIONS.len() - 1];
    assert!(last >= 9 && SCHEMA_VERSION == last);
    Ok(())
}
