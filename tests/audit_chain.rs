//! The audit log is append-only and tamper-evident: raw-SQL edits,
//! deletions and truncations (after dropping the triggers) make
//! `audit verify` exit 7 and name the first bad entry. The whole tamper
//! battery is in tests/audit_tamper.rs.

mod support;

use support::cli::{code, stderr, stdout, Site};

fn site_with_history() -> Site {
    let site = Site::new();
    site.init();
    for i in 0..4 {
        site.add_user(&format!("user{i}"), "learner", &[]);
    }
    assert_eq!(code(&site.admin(&["company", "add", "Agence Lumière"])), 0);
    site
}

fn verify(site: &Site) -> std::process::Output {
    site.admin(&["audit", "verify"])
}

#[test]
fn an_untouched_log_verifies() {
    let site = site_with_history();
    let out = verify(&site);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("7 entries"), "{}", stdout(&out));
}

#[test]
fn triggers_refuse_update_and_delete() {
    let site = site_with_history();
    let conn = site.raw();
    let update = conn.execute("UPDATE audit_log SET summary = '{}' WHERE id = 3", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_log WHERE id = 3", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let journal = conn.execute("DELETE FROM sign_in_journal", []);
    assert!(journal.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn an_edited_entry_is_named() {
    let site = site_with_history();
    let conn = site.raw();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET summary = json_set(summary, '$.role', 'admin') WHERE id = 4;",
    )
    .unwrap();
    let out = verify(&site);
    assert_eq!(code(&out), 7, "{}", stderr(&out));
    assert!(stderr(&out).contains("entry 4"), "{}", stderr(&out));
    assert!(stderr(&out).contains("altered"), "{}", stderr(&out));
}

#[test]
fn an_edited_actor_or_time_is_named_too() {
    let site = site_with_history();
    site.raw()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor_login = 'someone_else', at = at - 3600 WHERE id = 5;",
        )
        .unwrap();
    let out = verify(&site);
    assert_eq!(code(&out), 7);
    assert!(stderr(&out).contains("entry 5"), "{}", stderr(&out));
}

#[test]
fn a_deleted_entry_is_named_by_the_one_after_it() {
    let site = site_with_history();
    site.raw()
        .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;")
        .unwrap();
    let out = verify(&site);
    assert_eq!(code(&out), 7);
    assert!(stderr(&out).contains("entry 4"), "{}", stderr(&out));
}

#[test]
fn tail_shows_the_newest_entries_with_filters_and_json() {
    let site = site_with_history();
    let out = site.admin(&["audit", "tail", "--limit", "2", "--format", "json"]);
    let entries = support::cli::json(&out);
    let ids: Vec<i64> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![6, 7]);
    let out = site.admin(&["audit", "tail", "--actor", "system", "--format", "json"]);
    let actions: Vec<String> = support::cli::json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, vec!["database.create", "user.create"]);
    let out = site.admin(&["audit", "tail", "--since", "5", "--format", "json"]);
    assert_eq!(support::cli::json(&out).as_array().unwrap().len(), 2);
}
