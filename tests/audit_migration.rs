//! A log written before the chain was keyed migrates: its entries keep
//! their plain hashes, the first keyed entry says from where the key
//! applies, the head gets its seal, and the whole verifies; a legacy log
//! already cut off is recorded as such by the migration.

mod support;

use guichet::domain::audit_chain::{entry_hash, AuditContent, GENESIS};
use guichet::store::audit_verify::verify;
use guichet::store::migrate::MIGRATIONS;
use guichet::store::Store;
use rusqlite::{params, Connection};
use std::path::Path;
use support::store::{options, TestResult, APPLICATION_ID, UNKEYED};

/// A first-release file with `n` entries hashed as it hashed them, and its
/// head at entry `head`.
fn legacy_log(path: &Path, n: i64, head: i64) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let conn = Connection::open(path)?;
    conn.execute_batch(MIGRATIONS[0].1)?;
    conn.execute_batch(&format!(
        "PRAGMA user_version = 1; PRAGMA application_id = {APPLICATION_ID};"
    ))?;
    let mut prev = GENESIS.to_string();
    let mut hashes = Vec::new();
    for id in 1..=n {
        let summary = format!("{{\"n\":{id}}}");
        let content = AuditContent {
            id,
            at: 1000 + id,
            actor_id: None,
            actor_login: "system",
            action: "company.create",
            object_type: "company",
            object_id: &id.to_string(),
            summary: &summary,
        };
        let hash = entry_hash(&content, &prev, &UNKEYED);
        conn.execute(
            "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, summary, prev_hash, hash)
             VALUES (?1, ?2, NULL, 'system', 'company.create', 'company', ?3, ?4, ?5, ?6)",
            params![id, 1000 + id, id.to_string(), summary, prev, hash],
        )?;
        prev.clone_from(&hash);
        hashes.push(hash);
    }
    let head_hash = &hashes[usize::try_from(head - 1)?];
    conn.execute(
        "INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?1, ?2)",
        params![head, head_hash],
    )?;
    Ok(hashes)
}

#[test]
fn a_legacy_log_migrates_keeps_its_hashes_and_verifies() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    let hashes = legacy_log(&path, 5, 5)?;
    let store = Store::open(&path, &options())?;
    let key = store.site_key()?.chain_key();
    assert_eq!(key.from, 6, "the key applies from the first new entry");
    let verified = verify(store.conn(), &key, None)?;
    assert!(verified.is_ok(), "{verified:?}");
    let kept: Vec<String> = store
        .conn()
        .prepare("SELECT hash FROM audit_log WHERE id <= 5 ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    assert_eq!(kept, hashes, "old entries keep their hashes");
    let (action, summary): (String, String) = store.conn().query_row(
        "SELECT action, summary FROM audit_log WHERE id = 6",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!(action, "database.migrate");
    let summary: serde_json::Value = serde_json::from_str(&summary)?;
    assert_eq!(summary["keyed_from"], 6);
    let sealed: Option<String> =
        store
            .conn()
            .query_row("SELECT seal FROM audit_head", [], |r| r.get(0))?;
    assert!(sealed.is_some());
    Ok(())
}

#[test]
fn a_legacy_log_already_cut_off_is_recorded_by_the_migration() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("cut.db");
    // The head says 7 entries; the table holds 5 (two were cut off).
    legacy_log(&path, 7, 7)?;
    let conn = Connection::open(&path)?;
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 5;")?;
    drop(conn);
    let store = Store::open(&path, &options())?;
    let key = store.site_key()?.chain_key();
    let action: String =
        store
            .conn()
            .query_row("SELECT action FROM audit_log WHERE id = 6", [], |r| {
                r.get(0)
            })?;
    assert_eq!(action, "audit.cut_off");
    let result = verify(store.conn(), &key, None)?;
    // The trigger is gone too, but the cut is what is named first.
    let broken = result.expect_err("a cut-off log does not verify");
    assert_eq!(broken.id, 6);
    assert_eq!(
        broken.fault,
        guichet::domain::audit_chain::ChainFault::CutOffRecorded
    );
    Ok(())
}
