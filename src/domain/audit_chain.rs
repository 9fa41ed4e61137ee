//! The audit log's hash chain. Each entry's hash covers its own content and
//! the previous entry's hash, so editing, deleting or reordering any past
//! entry breaks every hash after it. From the site key's first entry on,
//! the hash is an HMAC-SHA-256 with the audit key, kept outside the
//! database: whoever can write the file alone cannot rebuild the chain.

use hmac::{Hmac, Mac};
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

/// How the chain is keyed: entries from `from` on are HMACs with `key`;
/// the entries before it (written before the site had a key) keep their
/// plain SHA-256.
#[derive(Clone, Copy)]
pub struct ChainKey {
    pub key: [u8; 32],
    pub from: i64,
}

impl std::fmt::Debug for ChainKey {
    // The key never reaches a log, even a debug one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainKey")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl ChainKey {
    fn mac(&self) -> Hmac<Sha256> {
        match <Hmac<Sha256> as Mac>::new_from_slice(&self.key) {
            Ok(mac) => mac,
            // HMAC takes keys of any length; a 32-byte key always fits.
            Err(_) => unreachable!("HMAC-SHA-256 accepts a 32-byte key"),
        }
    }
}

/// The entry's hash, hex: over each field length-prefixed (so no two
/// different entries can serialise alike) followed by the previous hash;
/// an HMAC with the audit key from the key's first entry on, a plain
/// SHA-256 before it.
pub fn entry_hash(content: &AuditContent<'_>, prev_hash: &str, key: &ChainKey) -> String {
    if content.id >= key.from {
        let mut mac = key.mac();
        feed(content, prev_hash, |bytes| mac.update(bytes));
        hex(&mac.finalize().into_bytes())
    } else {
        let mut hasher = Sha256::new();
        feed(content, prev_hash, |bytes| hasher.update(bytes));
        hex(&hasher.finalize())
    }
}

/// The seal of the chain's head (its last id and hash), so that the head
/// cannot be moved back to an earlier entry without the key.
pub fn head_seal(last_id: i64, last_hash: &str, key: &ChainKey) -> String {
    let mut mac = key.mac();
    mac.update(b"guichet audit head v1");
    mac.update(&last_id.to_be_bytes());
    mac.update(last_hash.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn feed(content: &AuditContent<'_>, prev_hash: &str, mut update: impl FnMut(&[u8])) {
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
        update(&(field.len() as u64).to_be_bytes());
        update(field.as_bytes());
    }
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

/// Why the log does not check out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainFault {
    /// Its `prev_hash` is not the hash of the entry before it (one was
    /// deleted, inserted or reordered).
    BrokenLink,
    /// Its content does not hash to its stored hash (it was edited, or the
    /// chain was rebuilt without the key).
    ContentAltered,
    /// The chain ends before the recorded head (entries were cut off the end).
    Truncated,
    /// Entries exist but the record of the chain's head is gone.
    HeadMissing,
    /// The head's seal does not match it (it was moved without the key).
    HeadForged,
    /// When writing resumed, the head disagreed with the table: entries had
    /// been cut off, and the entry at this id records what was found.
    CutOffRecorded,
    /// An append-only trigger is missing or no longer refuses changes.
    TriggerAltered(String),
    /// The anchor written down elsewhere is no longer in the log.
    AnchorLost,
}

/// Checks one stored entry against the hash of the entry before it.
pub fn check_entry(
    content: &AuditContent<'_>,
    stored: (&str, &str),
    expected_prev: &str,
    key: &ChainKey,
) -> Result<(), ChainFault> {
    let (stored_prev, stored_hash) = stored;
    if stored_prev != expected_prev {
        return Err(ChainFault::BrokenLink);
    }
    if entry_hash(content, stored_prev, key) != stored_hash {
        return Err(ChainFault::ContentAltered);
    }
    Ok(())
}

/// A point of the chain written down outside the database (`audit
/// anchor`): an entry's id and hash, as `ID:HASH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub hash: String,
}

impl std::str::FromStr for Anchor {
    type Err = ();

    fn from_str(text: &str) -> Result<Anchor, ()> {
        let (id, hash) = text.trim().split_once(':').ok_or(())?;
        let id: i64 = id.parse().map_err(|_| ())?;
        let hash = hash.to_ascii_lowercase();
        let valid = id > 0 && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then_some(Anchor { id, hash }).ok_or(())
    }
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.id, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: ChainKey = ChainKey {
        key: [7; 32],
        from: 1,
    };

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
        let base = entry_hash(&sample("{}"), GENESIS, &KEY);
        assert_eq!(base.len(), 64);
        assert_ne!(base, entry_hash(&sample("{ }"), GENESIS, &KEY));
        assert_ne!(base, entry_hash(&sample("{}"), &base, &KEY));
        let mut moved = sample("{}");
        moved.id = 2;
        assert_ne!(base, entry_hash(&moved, GENESIS, &KEY));
    }

    #[test]
    fn keyed_entries_need_the_key_and_older_ones_keep_plain_hashes() {
        let other = ChainKey {
            key: [8; 32],
            from: 1,
        };
        let keyed = entry_hash(&sample("{}"), GENESIS, &KEY);
        assert_ne!(keyed, entry_hash(&sample("{}"), GENESIS, &other));
        // Before the key's first entry the hash is the same whatever the key.
        let late = ChainKey {
            key: [7; 32],
            from: 2,
        };
        let late_other = ChainKey {
            key: [8; 32],
            from: 2,
        };
        let plain = entry_hash(&sample("{}"), GENESIS, &late);
        assert_eq!(plain, entry_hash(&sample("{}"), GENESIS, &late_other));
        assert_ne!(plain, keyed);
    }

    #[test]
    fn the_head_seal_binds_id_hash_and_key() {
        let seal = head_seal(5, "ab", &KEY);
        assert_ne!(seal, head_seal(4, "ab", &KEY));
        assert_ne!(seal, head_seal(5, "ac", &KEY));
        let other = ChainKey {
            key: [8; 32],
            from: 1,
        };
        assert_ne!(seal, head_seal(5, "ab", &other));
    }

    #[test]
    fn check_entry_tells_edits_from_broken_links() {
        let hash = entry_hash(&sample("{}"), GENESIS, &KEY);
        assert_eq!(
            check_entry(&sample("{}"), (GENESIS, &hash), GENESIS, &KEY),
            Ok(())
        );
        assert_eq!(
            check_entry(&sample("{\"x\":1}"), (GENESIS, &hash), GENESIS, &KEY),
            Err(ChainFault::ContentAltered)
        );
        assert_eq!(
            check_entry(&sample("{}"), (GENESIS, &hash), &hash, &KEY),
            Err(ChainFault::BrokenLink)
        );
    }

    #[test]
    fn anchors_read_back_what_they_print() {
        let anchor = Anchor {
            id: 42,
            hash: "a".repeat(64),
        };
        assert_eq!(anchor.to_string().parse::<Anchor>(), Ok(anchor));
        assert!("42".parse::<Anchor>().is_err());
        assert!("0:".parse::<Anchor>().is_err());
        assert!(format!("x:{}", "a".repeat(64)).parse::<Anchor>().is_err());
        assert!(format!("3:{}", "g".repeat(64)).parse::<Anchor>().is_err());
    }
}
