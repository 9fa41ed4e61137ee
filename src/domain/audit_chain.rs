//! The audit log's hash chain. Each entry's hash covers its own content and
//! the previous entry's hash, so editing, deleting or reordering any past
//! entry breaks every hash after it.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the very first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit entry says, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditContent<'a> {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_login: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub summary: &'a str,
}

/// SHA-256, hex, over each field length-prefixed (so no two different
/// entries can serialise alike) followed by the previous hash.
pub fn entry_hash(content: &AuditContent<'_>, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    let actor = content.actor_id.map(|a| a.to_string()).unwrap_or_default();
    let fields: [&str; 9] = [
        &content.id.to_string(),
        &content.at.to_string(),
        &actor,
        content.actor_login,
        content.action,
        content.object_type,
        content.object_id,
        content.summary,
        prev_hash,
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex(&hasher.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

/// Why a stored entry does not check out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainFault {
    /// Its `prev_hash` is not the hash of the entry before it (one was
    /// deleted, inserted or reordered).
    BrokenLink,
    /// Its content does not hash to its stored hash (it was edited).
    ContentAltered,
    /// The chain ends before the recorded head (entries were cut off the end).
    Truncated,
}

/// Checks one stored entry against the hash of the entry before it.
pub fn check_entry(
    content: &AuditContent<'_>,
    stored_prev: &str,
    stored_hash: &str,
    expected_prev: &str,
) -> Result<(), ChainFault> {
    if stored_prev != expected_prev {
        return Err(ChainFault::BrokenLink);
    }
    if entry_hash(content, stored_prev) != stored_hash {
        return Err(ChainFault::ContentAltered);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(summary: &str) -> AuditContent<'_> {
        AuditContent {
            id: 1,
            at: 1_700_000_000,
            actor_id: Some(3),
            actor_login: "admin",
            action: "user.create",
            object_type: "user",
            object_id: "7",
            summary,
        }
    }

    #[test]
    fn any_change_of_content_or_link_changes_the_hash() {
        let base = entry_hash(&sample("{}"), GENESIS);
        assert_eq!(base.len(), 64);
        assert_ne!(base, entry_hash(&sample("{ }"), GENESIS));
        assert_ne!(base, entry_hash(&sample("{}"), &base));
        let mut moved = sample("{}");
        moved.id = 2;
        assert_ne!(base, entry_hash(&moved, GENESIS));
    }

    #[test]
    fn check_entry_tells_edits_from_broken_links() {
        let hash = entry_hash(&sample("{}"), GENESIS);
        assert_eq!(check_entry(&sample("{}"), GENESIS, &hash, GENESIS), Ok(()));
        assert_eq!(
            check_entry(&sample("{\"x\":1}"), GENESIS, &hash, GENESIS),
            Err(ChainFault::ContentAltered)
        );
        assert_eq!(
            check_entry(&sample("{}"), GENESIS, &hash, &hash),
            Err(ChainFault::BrokenLink)
        );
    }
}
