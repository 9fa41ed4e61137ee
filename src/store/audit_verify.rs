//! Verifying the audit log: the append-only triggers, every entry's keyed
//! hash and link, the sealed head, the records of a head found cut off,
//! and optionally an anchor written down elsewhere.

use super::audit::{self, check_head, page_after, read_head, Filter, HeadFound, CUT_OFF_ACTION};
use super::StoreResult;
use crate::domain::audit_chain::{self, Anchor, ChainFault, ChainKey, GENESIS};
use rusqlite::{params, Connection, OptionalExtension};

/// Where the log first goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenAt {
    /// The first entry that does not check out (for a truncation, the
    /// recorded head that is missing; 0 when no entry is to blame, as for
    /// a trigger).
    pub id: i64,
    pub fault: ChainFault,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub last_id: i64,
    pub last_hash: String,
}

/// The triggers that keep the log and the journal append-only, with the
/// body each must have (whitespace aside).
const APPEND_ONLY: [(&str, &str); 4] = [
    (
        "audit_log_no_update",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "audit_log_no_delete",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "sign_in_journal_no_update",
        "CREATE TRIGGER sign_in_journal_no_update BEFORE UPDATE ON sign_in_journal BEGIN SELECT RAISE(ABORT, 'the connection journal is append-only'); END",
    ),
    (
        "sign_in_journal_no_delete",
        "CREATE TRIGGER sign_in_journal_no_delete BEFORE DELETE ON sign_in_journal BEGIN SELECT RAISE(ABORT, 'the connection journal is append-only'); END",
    ),
];

/// Checks the whole log in pages (constant memory) and names the first
/// thing that does not check out.
pub fn verify(
    conn: &Connection,
    key: &ChainKey,
    anchor: Option<&Anchor>,
) -> StoreResult<Result<Verified, BrokenAt>> {
    let verified = match walk(conn, key)? {
        Ok(verified) => verified,
        Err(broken) => return Ok(Err(broken)),
    };
    let head = read_head(conn)?;
    let head_id = head.as_ref().map_or(0, |h| h.0);
    match check_head(head, verified.last_id, &verified.last_hash, key) {
        None => {}
        Some(HeadFound::Missing) => {
            return Ok(Err(broken(verified.last_id, ChainFault::HeadMissing)))
        }
        Some(HeadFound::Moved) if head_id > verified.last_id => {
            return Ok(Err(broken(head_id, ChainFault::Truncated)))
        }
        // Entries past the head were not written through guichet.
        Some(HeadFound::Moved) if head_id < verified.last_id => {
            return Ok(Err(broken(head_id + 1, ChainFault::BrokenLink)))
        }
        Some(HeadFound::Moved | HeadFound::Forged) => {
            return Ok(Err(broken(head_id, ChainFault::HeadForged)))
        }
    }
    if let Some(id) = first_cut_off(conn)? {
        return Ok(Err(broken(id, ChainFault::CutOffRecorded)));
    }
    if let Some(anchor) = anchor {
        if hash_of(conn, anchor.id)?.as_deref() != Some(anchor.hash.as_str()) {
            return Ok(Err(broken(anchor.id, ChainFault::AnchorLost)));
        }
    }
    // Last, so that an edit made by dropping a trigger is named by the
    // entry it changed.
    if let Some(name) = altered_trigger(conn)? {
        return Ok(Err(broken(0, ChainFault::TriggerAltered(name))));
    }
    Ok(Ok(verified))
}

fn broken(id: i64, fault: ChainFault) -> BrokenAt {
    BrokenAt { id, fault }
}

/// Every entry from the first: ids one after another, each linked to the
/// one before and hashing (keyed) to its stored hash.
fn walk(conn: &Connection, key: &ChainKey) -> StoreResult<Result<Verified, BrokenAt>> {
    let mut expected_prev = GENESIS.to_string();
    let mut count = 0u64;
    let mut previous_id = 0;
    loop {
        let page = page_after(conn, &Filter::default(), previous_id, 1000)?;
        if page.is_empty() {
            break;
        }
        for entry in &page {
            // Ids are handed out one after another; a gap is a deleted entry.
            if entry.id != previous_id + 1 {
                return Ok(Err(broken(entry.id, ChainFault::BrokenLink)));
            }
            let stored = (entry.prev_hash.as_str(), entry.hash.as_str());
            if let Err(fault) =
                audit_chain::check_entry(&entry.content(), stored, &expected_prev, key)
            {
                return Ok(Err(broken(entry.id, fault)));
            }
            expected_prev.clone_from(&entry.hash);
            previous_id = entry.id;
            count += 1;
        }
    }
    Ok(Ok(Verified {
        entries: count,
        last_id: previous_id,
        last_hash: expected_prev,
    }))
}

/// The first append-only trigger that is missing or differs from its
/// expected SQL.
fn altered_trigger(conn: &Connection) -> StoreResult<Option<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1")?;
    for (name, expected) in APPEND_ONLY {
        let sql: Option<String> = stmt.query_row(params![name], |r| r.get(0)).optional()?;
        if sql.as_deref().map(squeeze) != Some(squeeze(expected)) {
            return Ok(Some(name.to_string()));
        }
    }
    Ok(None)
}

/// Runs of whitespace as one space, and none before `;` or after `(`.
fn squeeze(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ;", ";")
        .replace("( ", "(")
}

fn first_cut_off(conn: &Connection) -> StoreResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT min(id) FROM audit_log WHERE action = ?1")?
        .query_row(params![CUT_OFF_ACTION.key()], |r| r.get(0))?)
}

fn hash_of(conn: &Connection, id: i64) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT hash FROM audit_log WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()?)
}

/// The chain's last entry as an anchor to write down elsewhere (none for
/// an empty log).
pub fn anchor(conn: &Connection) -> StoreResult<Option<Anchor>> {
    let (id, hash) = audit::last_link(conn)?;
    Ok((id > 0).then_some(Anchor { id, hash }))
}

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn squeezing_ignores_layout_only() {
        assert_eq!(
            squeeze(
                "CREATE TRIGGER t BEFORE DELETE ON x\nBEGIN\n    SELECT RAISE(ABORT, 'a  b');\nEND"
            ),
            "CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT RAISE(ABORT, 'a b'); END"
        );
        assert_ne!(
            squeeze("CREATE TRIGGER t BEFORE DELETE ON x WHEN 0 BEGIN SELECT 1; END"),
            squeeze("CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT 1; END")
        );
    }
}
