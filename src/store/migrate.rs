//! Schema creation and numbered migrations under `PRAGMA user_version`.
//!
//! A new file gets `schema.sql` (the whole current schema) in one go. An
//! older file gets each migration after its version, in order, each in its
//! own transaction with an audit entry. `migrations/0001_foundation.sql` is
//! the first schema frozen as released: tests/migrations.rs replays it and
//! every later migration and checks the result equals `schema.sql`.

use super::site_key::SiteKey;
use super::{audit, open::APPLICATION_ID, roles, StoreError, StoreResult, Write};
use crate::domain::audit_action::AuditAction;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

pub const CURRENT_SCHEMA: &str = include_str!("../../schema.sql");

/// Migration N brings a file from version N-1 to version N.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_foundation.sql")),
    (2, include_str!("migrations/0002_sla.sql")),
    (3, include_str!("migrations/0003_search_prefixes.sql")),
    (4, include_str!("migrations/0004_audit_by_action.sql")),
    (5, include_str!("migrations/0005_keyed_audit.sql")),
    (6, include_str!("migrations/0006_journal_login_mac.sql")),
    (7, include_str!("migrations/0007_sealed_audit_head.sql")),
    // 8 is taken by another branch; the numbers are made to follow at merge.
    (8, include_str!("migrations/0008_site_backup.sql")),
    (9, include_str!("migrations/0009_notification_opt_outs.sql")),
    (10, include_str!("migrations/0010_role_audience.sql")),
    (11, include_str!("migrations/0011_find_needs.sql")),
    // 12 is taken by another branch; the numbers are made to follow at merge.
    (
        13,
        include_str!("migrations/0013_log_kinds_and_long_prefixes.sql"),
    ),
    // Issue 15, companies and clients (12 and 13 are other branches').
    (14, include_str!("migrations/0014_crm_clients.sql")),
    // Issue 15, contracts and events (12 to 14 are other branches').
    (15, include_str!("migrations/0015_contracts_events.sql")),
    // Issue 14, one reader's lists in order (16 is another branch's).
    (17, include_str!("migrations/0017_orders_of_one_reader.sql")),
];

/// From this version on the audit chain is keyed with the site key
/// ([`SiteKey`]); a file migrated past it gets its key then.
pub const KEYED_AUDIT_VERSION: i64 = 5;

/// From this version on the audit head carries a seal made with the key.
pub const SEALED_HEAD_VERSION: i64 = 7;

/// From this version on the journal keeps a keyed hash of an unknown login
/// instead of its text; the migration to it hashes older rows in Rust.
const JOURNAL_LOGIN_MAC_VERSION: i64 = 6;

/// The SQL function migration 0006 calls (SQL itself has no HMAC).
const LOGIN_MAC_FUNCTION: &str = "guichet_login_mac";

pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub fn bring_up_to_date(conn: &mut Connection, key_path: &Path, now: i64) -> StoreResult<()> {
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Another process may be creating or migrating the same file right now:
    // take the write lock, then look again.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = user_version(&tx)?;
    if found >= SCHEMA_VERSION {
        return Ok(());
    }
    // The key is written before the transaction commits, so that a process
    // that sees the new schema also finds its key. A key left by a deleted
    // database, or by a migration that then failed, is replaced.
    let key = if found < KEYED_AUDIT_VERSION {
        let from = if found == 0 { 1 } else { next_audit_id(&tx)? };
        let key = SiteKey::generate(from)?;
        key.save(key_path)?;
        Some(key)
    } else {
        SiteKey::load(key_path)?
    };
    let write = Write {
        tx,
        records: std::cell::Cell::new(0),
        key: key.as_ref(),
        key_path,
    };
    if found == 0 {
        create(&write, now)?;
    } else {
        migrate_from(&write, found, now)?;
    }
    write.tx.commit()?;
    Ok(())
}

/// The id the next audit entry gets: one past the last stored entry.
fn next_audit_id(conn: &Connection) -> StoreResult<i64> {
    Ok(audit::last_id(conn)? + 1)
}

fn user_version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn set_version(conn: &Connection, version: i64) -> StoreResult<()> {
    // PRAGMA takes no bound parameters; `version` is an integer we control.
    conn.execute_batch(&format!("PRAGMA user_version = {version}"))?;
    Ok(())
}

fn create(write: &Write, now: i64) -> StoreResult<()> {
    let conn = write.conn();
    conn.execute_batch(CURRENT_SCHEMA)?;
    conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    set_version(conn, SCHEMA_VERSION)?;
    roles::seed_defaults(write, now)?;
    let summary = serde_json::json!({ "schema_version": SCHEMA_VERSION }).to_string();
    audit::append(
        write,
        &audit::NewEntry::system(now, AuditAction::DatabaseCreate, "main", summary),
    )?;
    Ok(())
}

fn migrate_from(write: &Write, found: i64, now: i64) -> StoreResult<()> {
    if found < JOURNAL_LOGIN_MAC_VERSION {
        register_login_mac(write)?;
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        write.conn().execute_batch(sql)?;
        set_version(write.conn(), *version)?;
    }
    if found < JOURNAL_LOGIN_MAC_VERSION {
        write.conn().remove_function(LOGIN_MAC_FUNCTION, 1)?;
    }
    if found < SEALED_HEAD_VERSION {
        audit::seal_legacy_head(write)?;
    }
    // The first keyed entry says from where the key applies.
    let summary = match write.key {
        Some(key) if found < KEYED_AUDIT_VERSION => serde_json::json!({
            "from": found, "to": SCHEMA_VERSION, "keyed_from": key.audit_from()
        }),
        _ => serde_json::json!({ "from": found, "to": SCHEMA_VERSION }),
    }
    .to_string();
    audit::append(
        write,
        &audit::NewEntry::system(now, AuditAction::DatabaseMigrate, "main", summary),
    )?;
    if user_version(write.conn())? != SCHEMA_VERSION {
        return Err(StoreError::Corrupt(
            "migration did not reach the current version".into(),
        ));
    }
    Ok(())
}

/// Registers `guichet_login_mac(text)` on the migrating connection: the
/// journal's keyed hash of a login ([`super::journal::login_mac`]), or
/// NULL without a site key (the text is dropped all the same).
fn register_login_mac(write: &Write) -> StoreResult<()> {
    use rusqlite::functions::FunctionFlags;
    let key = write.key.map(|k| k.journal_key());
    write.conn().create_scalar_function(
        LOGIN_MAC_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let login: String = ctx.get(0)?;
            Ok(key.map(|k| super::journal::login_mac(&k, &login)))
        },
    )?;
    Ok(())
}
