//! The site's secret key, kept in a private file beside the database and
//! never inside it: whoever can edit the database file alone cannot
//! rebuild the audit chain (its hashes are keyed with it), nor turn the
//! journal's keyed hashes of mistyped logins back into text.
//!
//! The file is created with the database (or when an older database is
//! migrated to keyed entries) and says from which audit entry on the key
//! applies: entries before that id keep the plain hashes they were written
//! with. The file is 0600 and written once; backups must carry it.

use super::{StoreError, StoreResult};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fs;
use std::path::{Path, PathBuf};

/// What the key file says. The secret itself is only used through the
/// purpose keys derived from it, so one purpose's key never serves another.
#[derive(Clone)]
pub struct SiteKey {
    secret: [u8; 32],
    audit_from: i64,
}

impl std::fmt::Debug for SiteKey {
    // Never print the secret, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteKey")
            .field("audit_from", &self.audit_from)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    version: u32,
    audit_from: i64,
    secret: String,
}

const HEADER: &str = "# guichet site key: private (0600). Back it up with the database;\n\
# without it the audit log cannot be verified nor written.\n";

impl SiteKey {
    /// Where the key of the database at `db` lives: `guichet.db` → `guichet.db.key`.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".key");
        PathBuf::from(name)
    }

    /// A new random key applying from audit entry `audit_from` on.
    pub fn generate(audit_from: i64) -> StoreResult<SiteKey> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| {
            StoreError::Corrupt(format!("the system gave no random bytes for the key: {e}"))
        })?;
        Ok(SiteKey { secret, audit_from })
    }

    /// The first audit entry whose hash is keyed.
    pub fn audit_from(&self) -> i64 {
        self.audit_from
    }

    /// The key of the audit chain's HMAC.
    pub fn audit_key(&self) -> [u8; 32] {
        self.derive(b"guichet audit chain v1")
    }

    /// How the audit chain is keyed: with the audit key from
    /// [`SiteKey::audit_from`] on.
    pub fn chain_key(&self) -> crate::domain::audit_chain::ChainKey {
        crate::domain::audit_chain::ChainKey {
            key: self.audit_key(),
            from: self.audit_from,
        }
    }

    /// The key of the journal's hashes of unknown logins.
    pub fn journal_key(&self) -> [u8; 32] {
        self.derive(b"guichet sign-in journal v1")
    }

    fn derive(&self, purpose: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(purpose);
        mac.finalize().into_bytes().into()
    }

    /// Reads the key file; `None` if there is none.
    pub fn load(path: &Path) -> StoreResult<Option<SiteKey>> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let bad = |why: &str| {
            StoreError::Corrupt(format!(
                "{}: {why}; restore the key file from a backup",
                path.display()
            ))
        };
        let file: KeyFile = toml::from_str(&text).map_err(|_| bad("not a guichet key file"))?;
        if file.version != 1 || file.audit_from < 1 {
            return Err(bad("unknown key file version"));
        }
        let secret = unhex(&file.secret).ok_or_else(|| bad("the secret is not 64 hex digits"))?;
        Ok(Some(SiteKey {
            secret,
            audit_from: file.audit_from,
        }))
    }

    /// Writes the key file, 0600, through a temporary file renamed into
    /// place: a reader never sees half a key. Replaces a stale key left by
    /// a database that no longer exists (the caller holds the write lock of
    /// the new one).
    pub fn save(&self, path: &Path) -> StoreResult<()> {
        let body = toml::to_string(&KeyFile {
            version: 1,
            audit_from: self.audit_from,
            secret: crate::domain::audit_chain::hex(&self.secret),
        })
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut text = HEADER.to_string();
        text.push_str(&body);
        super::private_file::write_atomic(path, text.as_bytes())
    }
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// HMAC-SHA-256 of `message` under `key`, as hex.
pub fn mac_hex(key: &[u8; 32], message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    crate::domain::audit_chain::hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_key_loads_back_private_and_derives_distinct_purpose_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = SiteKey::path_for(&dir.path().join("g.db"));
        assert!(SiteKey::load(&path).unwrap().is_none());
        let key = SiteKey::generate(7).unwrap();
        key.save(&path).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let back = SiteKey::load(&path).unwrap().unwrap();
        assert_eq!(back.audit_from(), 7);
        assert_eq!(back.audit_key(), key.audit_key());
        assert_ne!(key.audit_key(), key.journal_key());
        assert!(!format!("{key:?}").contains(&crate::domain::audit_chain::hex(&key.secret)));
    }

    #[test]
    fn a_damaged_key_file_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db.key");
        fs::write(&path, "version = 1\naudit_from = 1\nsecret = \"zz\"\n").unwrap();
        let err = SiteKey::load(&path).unwrap_err().to_string();
        assert!(err.contains("g.db.key") && err.contains("64 hex"), "{err}");
    }
}
