//! The store's test level: database files opened with `Store::open`
//! directly, or written by hand as an older release or another program
//! would have left them.

use guichet::domain::audit_chain::ChainKey;
use guichet::store::OpenOptions;
use std::time::Duration;

/// What a store test returns: any error fails it, with its message.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// `APPLICATION_ID` in src/store/open.rs ("GUIC"), which is not public
/// outside the crate: keep the two equal.
pub const APPLICATION_ID: i64 = 0x4755_4943;

/// Plain SHA-256, as the audit chain was hashed before it was keyed (the
/// first release).
pub const UNKEYED: ChainKey = ChainKey {
    key: [0; 32],
    from: i64::MAX,
};

/// Opening options of the store tests: create the file, at a fixed instant.
pub fn options() -> OpenOptions {
    OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: 1_700_000_000,
        create: true,
    }
}
