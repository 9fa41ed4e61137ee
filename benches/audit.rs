//! `audit verify` on a log of 100,000 entries: `cargo bench --bench audit`.
//!
//! Builds a fresh database in a temporary directory, appends the entries
//! through the real chain (keyed HMAC-SHA-256, sealed head) in one
//! transaction, then times the full verification the CLI runs (triggers,
//! every entry, head, cut-off records): the median of 5 runs after one
//! warm-up run. Target: under 2 s. `GUICHET_BENCH_AUDIT_ENTRIES` changes
//! the size.

use guichet::domain::audit_action::AuditAction;
use guichet::store::audit::{Chain, NewEntry};
use guichet::store::audit_verify::verify;
use guichet::store::{OpenOptions, Store, StoreError};
use std::error::Error;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const TARGET: Duration = Duration::from_secs(2);
const RUNS: usize = 5;
const NOW: i64 = 1_780_000_000;

fn main() -> Res<()> {
    let entries: i64 = match std::env::var("GUICHET_BENCH_AUDIT_ENTRIES") {
        Ok(n) => n.parse()?,
        Err(_) => 100_000,
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench-audit.db");
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: NOW,
        create: true,
    };
    let mut store = Store::open(&path, &options)?;
    let started = Instant::now();
    store.write(|w| -> Result<(), StoreError> {
        let mut chain = Chain::start(w, NOW)?;
        for i in 0..entries {
            let summary =
                format!("{{\"status\":{{\"old\":\"waiting\",\"new\":\"in_progress\"}},\"n\":{i}}}");
            let entry = NewEntry {
                at: NOW + i,
                actor_id: None,
                actor_login: "technicien".into(),
                action: AuditAction::TicketStatus,
                object_id: (i % 5000).to_string(),
                summary,
            };
            chain.append(w, &entry)?;
        }
        chain.finish(w)
    })?;
    println!(
        "built {entries} entries in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let key = store.site_key()?.chain_key();
    let mut times = Vec::new();
    for run in 0..=RUNS {
        let started = Instant::now();
        let verified = verify(store.conn(), &key, None)?;
        let took = started.elapsed();
        let verified =
            verified.map_err(|broken| format!("the bench log does not verify: {broken:?}"))?;
        if run > 0 {
            times.push(took);
        }
        assert!(verified.entries >= u64::try_from(entries)?);
    }
    times.sort();
    let median = times[times.len() / 2];
    let verdict = if median < TARGET { "OK" } else { "OVER" };
    println!(
        "audit verify of {} entries: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms (target {} ms) {verdict}",
        entries + 1,
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        TARGET.as_millis()
    );
    Ok(())
}
