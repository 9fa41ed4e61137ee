//! What the integration tests share, one module per test level:
//!
//! - `service`: a `Service` on a real file in a temporary folder, with a
//!   clock the test moves (`World`);
//! - `cli`: the real binary on a temporary site (`Site`), its output, and
//!   libfaketime to run it at a chosen instant;
//! - `store`: database files opened with `Store::open` directly;
//! - `tui`: the dashboard through `guichet::tui::testing::Harness`, without
//!   a terminal (demo desks, the snapshot looks, masks);
//! - `tmux`: the real binary's dashboard in a real terminal.
//!
//! Each test file says `mod support;` and `use support::cli::*` (or the
//! level it needs); what a file does not use is compiled in it all the
//! same, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod cli;
// Issue 15, the CRM: a whole-database fingerprint.
pub mod crm;
// Issue 15: clients for the contracts' tests, until the clients service.
pub mod crm_seed;
pub mod service;
pub mod store;
pub mod tmux;
pub mod tui;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

/// The permission bits of a file or folder.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The site key beside a database file (`guichet.db.key`): a copy of a
/// site is its file and its key, since the audit chain is keyed.
pub fn key_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// A plain SQLite connection to the file, to read or write what the
/// services would not.
pub fn raw(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// Runs `work(i)` for each `i` below `n` on its own thread, all released at
/// the same instant, and returns their results in order.
pub fn at_once<T: Send + 'static>(
    n: usize,
    work: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let work = Arc::new(work);
    let start = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (work, start) = (Arc::clone(&work), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                work(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}
