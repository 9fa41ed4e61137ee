//! Signing in: lockout after the configured number of failures, one
//! message for every failure, a journal of every attempt, and passwords
//! never stored or printed.

mod support;

use support::cli::{code, stderr, Site, ADMIN_PASSWORD, USER_PASSWORD};

fn locking_site() -> Site {
    let site = Site::with_config("max_failed_attempts = 3\nlockout_minutes = 15\n");
    site.init();
    site.add_user("jdupont", "learner", &[]);
    site
}

#[test]
fn wrong_passwords_lock_the_account_after_the_configured_count() {
    let site = locking_site();
    for _ in 0..3 {
        let out = site.as_user("jdupont", "Wrong-password-123", &["user", "list"]);
        assert_eq!(code(&out), 3);
    }
    // Locked: even the right password is refused, with the same message.
    let locked = site.as_user("jdupont", USER_PASSWORD, &["user", "list"]);
    assert_eq!(code(&locked), 3);
    let unknown = site.as_user("nobody", USER_PASSWORD, &["user", "list"]);
    assert_eq!(code(&unknown), 3);
    let wrong = site.as_user("admin", "Wrong-password-123", &["user", "list"]);
    assert_eq!(stderr(&locked), stderr(&unknown));
    assert_eq!(stderr(&locked), stderr(&wrong));
    // The lock is audited, and an admin can lift it.
    let audit = support::cli::json(&site.admin(&["audit", "tail", "--format", "json"]));
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "user.lock" && e["actor"] == "system"));
    assert_eq!(code(&site.admin(&["user", "unlock", "jdupont"])), 0);
    assert_eq!(
        code(&site.as_user("jdupont", USER_PASSWORD, &["user", "list"])),
        0
    );
}

#[test]
fn the_journal_records_every_attempt_and_its_outcome() {
    let site = locking_site();
    site.as_user("jdupont", "Wrong-password-123", &["user", "list"]);
    site.as_user("ghost", "Wrong-password-123", &["user", "list"]);
    let mut cmd_env = site.command();
    cmd_env
        .args(["--as", "jdupont", "user", "list"])
        .env("GUICHET_PASSWORD", USER_PASSWORD)
        .env("SSH_CONNECTION", "192.0.2.7 50022 192.0.2.1 22");
    assert_eq!(cmd_env.output().unwrap().status.code(), Some(0));
    let journal = support::cli::json(&site.admin(&["journal", "--format", "json"]));
    let rows = journal.as_array().unwrap();
    let outcome = |login: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["login"] == login)
            .map(|r| r["outcome"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(outcome("jdupont"), vec!["success", "bad_password"]);
    // An unknown login is journalled by a keyed hash and its length only.
    assert!(outcome("ghost").is_empty());
    let ghost: Vec<_> = rows
        .iter()
        .filter(|r| r["outcome"] == "unknown_login")
        .collect();
    assert_eq!(ghost.len(), 1);
    let shown = ghost[0]["login"].as_str().unwrap();
    assert!(
        shown.starts_with("unknown login (#") && shown.ends_with(", 5 chars)"),
        "{shown}"
    );
    let ssh = rows
        .iter()
        .find(|r| r["login"] == "jdupont" && r["outcome"] == "success")
        .unwrap();
    assert_eq!(ssh["remote_addr"], "192.0.2.7:50022");
    for row in rows {
        for field in ["host", "os_user", "terminal", "front_end", "at"] {
            assert!(
                row[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} in {row}"
            );
        }
    }
    // A learner sees only their own attempts.
    let own = support::cli::json(&site.as_user(
        "jdupont",
        USER_PASSWORD,
        &["journal", "--format", "json"],
    ));
    assert!(own
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["login"] == "jdupont"));
}

#[test]
fn passwords_never_reach_the_file_the_audit_or_the_output() {
    let site = locking_site();
    site.as_user("jdupont", "Mistyped-secret-999", &["user", "list"]);
    let new = "Brand-new-secret-4242";
    let out = site.run(
        &[
            "--as",
            "jdupont",
            "user",
            "passwd",
            "jdupont",
            "--password-stdin",
        ],
        Some(USER_PASSWORD),
        Some(&format!("{new}\n")),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(code(&site.as_user("jdupont", new, &["user", "list"])), 0);
    // Checkpoint the WAL so every byte written is in the main file.
    let conn = site.raw();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(site.path()).unwrap();
    for secret in [ADMIN_PASSWORD, USER_PASSWORD, "Mistyped-secret-999", new] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is in the file"
        );
    }
    let audit = site.admin(&["audit", "tail", "--limit", "100", "--format", "json"]);
    let text = support::cli::stdout(&audit);
    assert!(text.contains("[redacted]"));
    assert!(!text.contains(new) && !text.contains(USER_PASSWORD));
}

#[test]
fn weak_passwords_are_refused_with_the_reason() {
    let site = Site::new();
    let cases = [
        ("short-1", "at least 12"),
        ("motdepasse2025", "most common"),
        (&"é".repeat(36), "72"),
    ];
    for (password, reason) in cases {
        let out = site.run(
            &["init", "--password-stdin"],
            None,
            Some(&format!("{password}\n")),
        );
        assert_eq!(code(&out), 6, "{password}");
        let err = stderr(&out);
        assert!(
            err.contains(reason) || err.contains("71"),
            "{password}: {err}"
        );
    }
    // 71 bytes is the most bcrypt takes whole.
    let longest = format!("{}x", "Ab3-".repeat(17) + "xy");
    assert_eq!(longest.len(), 71);
    let out = site.run(
        &["init", "--password-stdin"],
        None,
        Some(&format!("{longest}\n")),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(code(&site.as_user("admin", &longest, &["user", "list"])), 0);
    // Init runs once: there is no second way in.
    let again = site.run(
        &["init", "--password-stdin"],
        None,
        Some(&format!("{ADMIN_PASSWORD}\n")),
    );
    assert_eq!(code(&again), 6);
}

/// A password typed into the login field is never kept: the journal holds
/// only a keyed hash of the text (the same for the same text, so repeats
/// group together) and its length, in every format and language.
#[test]
fn an_unknown_login_is_journalled_by_a_keyed_hash_and_its_length_only() {
    let site = locking_site();
    let typed = "Hunter2secret";
    for login in [typed, typed, "Other-text"] {
        assert_eq!(
            code(&site.as_user(login, USER_PASSWORD, &["user", "list"])),
            3
        );
    }
    let journal = support::cli::json(&site.admin(&["journal", "--format", "json"]));
    let unknown: Vec<String> = journal
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "unknown_login")
        .map(|r| r["login"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(unknown.len(), 3, "{journal}");
    // Newest first: "Other-text", then the text typed twice.
    assert_eq!(unknown[1], unknown[2], "the same text, the same hash");
    assert_ne!(unknown[0], unknown[1]);
    let hash = unknown[1]
        .strip_prefix("unknown login (#")
        .and_then(|rest| rest.strip_suffix(", 13 chars)"))
        .unwrap_or_else(|| panic!("{}", unknown[1]));
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    assert!(unknown[0].ends_with(", 10 chars)"), "{}", unknown[0]);

    let table = support::cli::stdout(&site.admin(&["journal"]));
    let mut french = site.command();
    french
        .args(["--as", "admin", "journal"])
        .env("GUICHET_PASSWORD", support::cli::ADMIN_PASSWORD)
        .env("LC_ALL", "fr_FR.UTF-8");
    let french = french.output().unwrap();
    let french = support::cli::ok(french);
    assert!(
        table.contains(&format!("unknown login (#{hash}, 13 chars)")),
        "{table}"
    );
    assert!(
        french.contains(&format!("identifiant inconnu (#{hash}, 13 caractères)")),
        "{french}"
    );
    let csv = support::cli::stdout(&site.admin(&["journal", "--format", "csv"]));
    // Checkpoint the WAL so every byte written is in the main file.
    let conn = site.raw();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(site.path()).unwrap();
    for text in ["hunter2secret", "other-text"] {
        for shown in [&table, &french, &csv, &journal.to_string()] {
            assert!(!shown.to_lowercase().contains(text), "{text} in {shown}");
        }
        assert!(
            !bytes.windows(text.len()).any(|w| w == text.as_bytes()),
            "{text} is in the file"
        );
    }
}

/// The minimum length counts what a person sees: zero-width padding does
/// not count, and an accent typed as a combining mark joins its letter.
#[test]
fn invisible_padding_does_not_make_a_password_long_enough() {
    let site = locking_site();
    let passwd = |new: &str| {
        site.run(
            &[
                "--as",
                "jdupont",
                "user",
                "passwd",
                "jdupont",
                "--password-stdin",
            ],
            Some(USER_PASSWORD),
            Some(&format!("{new}\n")),
        )
    };
    for pad in ["\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}"] {
        let padded = format!("Kqzvmtr{}", pad.repeat(8));
        let out = passwd(&padded);
        assert_eq!(code(&out), 6, "{padded:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("has 7 characters"),
            "{padded:?}: {}",
            stderr(&out)
        );
    }
    let combined = "e\u{301}".repeat(5);
    let out = passwd(&format!("{combined}Kqzvmt"));
    assert!(
        stderr(&out).contains("has 11 characters"),
        "{}",
        stderr(&out)
    );
    let accepted = format!("{combined}Kqzvmtr");
    assert_eq!(code(&passwd(&accepted)), 0);
    assert_eq!(
        code(&site.as_user("jdupont", &accepted, &["user", "list"])),
        0
    );
}
