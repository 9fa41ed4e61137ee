//! The tamper battery: every way of changing the audit log that an
//! operator with write access to the database file (but not to its key)
//! has, each on its own copy of one site, through the real binary. Each
//! must make `audit verify` exit 7 with the right message; the battery
//! reports how many of them were caught and fails below 100%.

mod support;

use guichet::domain::audit_chain::{entry_hash, AuditContent, ChainKey};
use rusqlite::{params, Connection};
use support::cli::{code, stderr, stdout, Site};
use support::key_file;
use support::store::UNKEYED;

/// A site with a dozen entries, copied for each case.
fn site_with_history() -> Site {
    let site = Site::new();
    site.init();
    for i in 0..4 {
        site.add_user(&format!("user{i}"), "learner", &[]);
    }
    for name in ["Agence Lumière", "Atelier Nord", "Studio Sud"] {
        assert_eq!(code(&site.admin(&["company", "add", name])), 0);
    }
    site
}

/// Another site holding the same file and key (a copy of a site is both).
fn copy_of(site: &Site) -> Site {
    let copy = Site::new();
    std::fs::create_dir_all(copy.db.parent().unwrap()).unwrap();
    let conn = site.raw();
    // A consistent copy, WAL included.
    conn.execute("VACUUM INTO ?1", params![copy.db.to_str().unwrap()])
        .unwrap();
    std::fs::copy(key_file(site.path()), key_file(&copy.db)).unwrap();
    copy
}

fn last_id(conn: &Connection) -> i64 {
    conn.query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// A key that is not the site's: what a forger without the key file has.
const GUESSED: ChainKey = ChainKey {
    key: [0x42; 32],
    from: 1,
};

/// An entry as stored: id, at, actor id, actor, action, object type and
/// id, summary.
type StoredRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
);

/// Recomputes every entry's links and hashes with `key`, as a forger
/// rebuilding the chain after an edit would, and points the head at the
/// new end.
fn rebuild_chain(conn: &Connection, key: &ChainKey) {
    conn.execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update;")
        .unwrap();
    let rows: Vec<StoredRow> = conn
        .prepare("SELECT id, at, actor_id, actor_login, action, object_type, object_id, summary FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = guichet::domain::audit_chain::GENESIS.to_string();
    for row in &rows {
        let content = AuditContent {
            id: row.0,
            at: row.1,
            actor_id: row.2,
            actor_login: &row.3,
            action: &row.4,
            object_type: &row.5,
            object_id: &row.6,
            summary: &row.7,
        };
        let hash = entry_hash(&content, &prev, key);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            params![prev, hash, row.0],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute(
        "UPDATE audit_head SET last_id = ?1, last_hash = ?2",
        params![rows.last().unwrap().0, prev],
    )
    .unwrap();
}

/// One way of tampering: what it does to the copy, and a word the
/// refusal must contain.
struct Case {
    name: &'static str,
    tamper: fn(&Connection),
    says: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "edit a summary",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = '{}' WHERE id = 4;")
                .unwrap()
        },
        says: "entry 4 was altered",
    },
    Case {
        name: "edit actor and time",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_login = 'x', at = at - 60 WHERE id = 5;")
                .unwrap()
        },
        says: "entry 5",
    },
    Case {
        name: "delete an entry",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;")
                .unwrap()
        },
        says: "entry 4",
    },
    Case {
        name: "swap two entries' contents",
        tamper: |c| {
            c.execute_batch(
                "DROP TRIGGER audit_log_no_update;
                 UPDATE audit_log SET summary = (SELECT summary FROM audit_log WHERE id = 6),
                        object_id = (SELECT object_id FROM audit_log WHERE id = 6) WHERE id = 7;",
            )
            .unwrap()
        },
        says: "entry 7",
    },
    Case {
        name: "insert a forged entry in the middle",
        tamper: |c| {
            // Shift every id after 4 up by one and slip an entry in, with a
            // hash made with a guessed key.
            c.execute_batch(
                "DROP TRIGGER audit_log_no_update;
                 UPDATE audit_log SET id = -id WHERE id > 4;
                 UPDATE audit_log SET id = 1 - id WHERE id < 0;",
            )
            .unwrap();
            let prev: String = c
                .query_row("SELECT hash FROM audit_log WHERE id = 4", [], |r| r.get(0))
                .unwrap();
            let content = AuditContent {
                id: 5,
                at: 1,
                actor_id: None,
                actor_login: "admin",
                action: "user.create",
                object_type: "user",
                object_id: "99",
                summary: "{}",
            };
            let hash = entry_hash(&content, &prev, &GUESSED);
            c.execute(
                "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash)
                 VALUES (5, 1, NULL, 'admin', 'user.create', 'user', '99', '{}', ?1, ?2)",
                params![prev, hash],
            )
            .unwrap();
        },
        says: "entry 5",
    },
    Case {
        name: "append a forged entry at the end",
        tamper: |c| {
            let (id, prev): (i64, String) = c
                .query_row(
                    "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            let content = AuditContent {
                id: id + 1,
                at: 2,
                actor_id: None,
                actor_login: "admin",
                action: "user.create",
                object_type: "user",
                object_id: "99",
                summary: "{}",
            };
            let hash = entry_hash(&content, &prev, &GUESSED);
            c.execute(
                "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash)
                 VALUES (?1, 2, NULL, 'admin', 'user.create', 'user', '99', '{}', ?2, ?3)",
                params![id + 1, prev, hash],
            )
            .unwrap();
            c.execute(
                "UPDATE audit_head SET last_id = ?1, last_hash = ?2",
                params![id + 1, hash],
            )
            .unwrap();
        },
        says: "altered",
    },
    Case {
        name: "cut entries off the end, head kept",
        tamper: |c| {
            c.execute_batch(
                "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= 8;",
            )
            .unwrap()
        },
        says: "cut off the end",
    },
    Case {
        name: "cut entries off the end and delete the head",
        tamper: |c| {
            c.execute_batch(
                "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= 8; DELETE FROM audit_head;",
            )
            .unwrap()
        },
        says: "record of its last entry is gone",
    },
    Case {
        name: "cut entries off the end and move the head back",
        tamper: |c| {
            c.execute_batch(
                "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= 8;
                 UPDATE audit_head SET last_id = 7, last_hash = (SELECT hash FROM audit_log WHERE id = 7);",
            )
            .unwrap()
        },
        says: "rewritten without the site key",
    },
    Case {
        name: "delete only the head",
        tamper: |c| c.execute_batch("DELETE FROM audit_head;").unwrap(),
        says: "record of its last entry is gone",
    },
    Case {
        name: "rebuild the whole chain without the key",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = '{}' WHERE id = 4;")
                .unwrap();
            rebuild_chain(c, &UNKEYED);
        },
        says: "entry 1 was altered",
    },
    Case {
        name: "rebuild the whole chain with a guessed key",
        tamper: |c| rebuild_chain(c, &GUESSED),
        says: "entry 1 was altered",
    },
    Case {
        name: "drop a trigger",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER audit_log_no_delete;")
                .unwrap()
        },
        says: "audit_log_no_delete",
    },
    Case {
        name: "defuse a trigger (WHEN 0)",
        tamper: |c| {
            c.execute_batch(
                "DROP TRIGGER audit_log_no_update;
                 CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN 0
                 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
            )
            .unwrap()
        },
        says: "audit_log_no_update",
    },
    Case {
        name: "drop the journal's trigger",
        tamper: |c| {
            c.execute_batch("DROP TRIGGER sign_in_journal_no_delete;")
                .unwrap()
        },
        says: "sign_in_journal_no_delete",
    },
];

#[test]
fn the_tamper_battery_is_detected_every_time() {
    let site = site_with_history();
    let intact = site.admin(&["audit", "verify"]);
    assert_eq!(code(&intact), 0, "{}", stderr(&intact));
    let mut missed = Vec::new();
    for case in CASES {
        let copy = copy_of(&site);
        (case.tamper)(&copy.raw());
        let out = copy.admin(&["audit", "verify"]);
        if code(&out) != 7 || !stderr(&out).contains(case.says) {
            missed.push(format!(
                "{}: exit {}, {}{}",
                case.name,
                code(&out),
                stdout(&out),
                stderr(&out)
            ));
        }
    }
    let caught = CASES.len() - missed.len();
    println!("tamper battery: {caught} of {} detected", CASES.len());
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

#[test]
fn after_a_cut_off_writes_go_on_and_the_cut_stays_detected() {
    let site = site_with_history();
    let conn = site.raw();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= 8; DELETE FROM audit_head;")
        .unwrap();
    // Put the trigger back, as a careful forger would.
    conn.execute_batch(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN
             SELECT RAISE(ABORT, 'the audit log is append-only');
         END;",
    )
    .unwrap();
    drop(conn);
    // Writing still works: the next id comes from the table.
    let out = site.admin(&["company", "add", "Après coup"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let conn = site.raw();
    let (action, id): (String, i64) = conn
        .query_row("SELECT action, id FROM audit_log WHERE id = 8", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((action.as_str(), id), ("audit.cut_off", 8));
    assert!(last_id(&conn) > 8);
    // The head moved on, yet the cut is still named.
    let out = site.admin(&["audit", "verify"]);
    assert_eq!(code(&out), 7, "{}", stdout(&out));
    assert!(stderr(&out).contains("before entry 8"), "{}", stderr(&out));
}

#[test]
fn an_anchor_written_down_catches_a_replayed_head() {
    let site = site_with_history();
    let out = site.admin(&["audit", "anchor", "--format", "json"]);
    let printed = support::cli::json(&out);
    let anchor = printed[0]["anchor"].as_str().unwrap().to_string();
    let anchor_id = printed[0]["id"].as_i64().unwrap();
    assert_eq!(
        anchor,
        format!("{anchor_id}:{}", printed[0]["hash"].as_str().unwrap())
    );
    let ok = site.admin(&["audit", "verify", "--anchor", &anchor]);
    assert_eq!(code(&ok), 0, "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains(&format!("anchor #{anchor_id}")),
        "{}",
        stdout(&ok)
    );

    // The forger kept an old sealed head, writes go on, then cuts the log
    // back to the old head and puts it back: only the anchor tells.
    let conn = site.raw();
    let old_head: (i64, String, String) = conn
        .query_row("SELECT last_id, last_hash, seal FROM audit_head", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    drop(conn);
    site.add_user("later", "learner", &[]);
    let out = site.admin(&["audit", "anchor", "--format", "json"]);
    let later = support::cli::json(&out)[0]["anchor"]
        .as_str()
        .unwrap()
        .to_string();
    let conn = site.raw();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE id > ?1", params![old_head.0])
        .unwrap();
    conn.execute(
        "UPDATE audit_head SET last_id = ?1, last_hash = ?2, seal = ?3",
        params![old_head.0, old_head.1, old_head.2],
    )
    .unwrap();
    conn.execute_batch(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN
             SELECT RAISE(ABORT, 'the audit log is append-only');
         END;",
    )
    .unwrap();
    drop(conn);
    let out = site.admin(&["audit", "verify", "--anchor", &later]);
    assert_eq!(code(&out), 7, "{}", stdout(&out));
    assert!(stderr(&out).contains("anchor entry"), "{}", stderr(&out));
}

#[test]
fn a_mistyped_anchor_is_refused_with_its_form() {
    let site = site_with_history();
    let out = site.admin(&["audit", "verify", "--anchor", "12"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("ID:HASH"), "{}", stderr(&out));
}

#[test]
fn without_its_key_file_the_log_is_neither_verified_nor_written() {
    let site = site_with_history();
    std::fs::remove_file(key_file(site.path())).unwrap();
    let out = site.admin(&["audit", "verify"]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains(".key is missing"), "{}", stderr(&out));
    let out = site.admin(&["company", "add", "Sans clé"]);
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("restore it from the backup"),
        "{}",
        stderr(&out)
    );
}
