//! The urgency worker and queue on a million open tickets:
//! `cargo bench --bench sla`.
//!
//! Builds `target/bench-sla.db` (1,000,000 waiting tickets, one a second
//! over 11.6 days, priorities in turn, every other one assigned) and
//! measures, under the default policy and office-hours calendar:
//! - a full rebuild of every ticket's SLA state (no target: reported);
//! - a worker pass when nothing is due (target: under 5 ms);
//! - passes in which about 10,000 tickets change level, with their audit
//!   entries and notifications (target: under 1 s);
//! - the urgency queue's first page (target: under 10 ms).
//!
//! `GUICHET_BENCH_SLA_DB` and `GUICHET_BENCH_SLA_TICKETS` change the path
//! and the size. The file is rebuilt on every run, since passes change it.

use guichet::service::{Actor, Origin, Service, Settings};
use guichet::store::synthetic::Synthetic;
use guichet::store::{sla_state, OpenOptions, Store};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const PASSWORD: &str = "bench-only passphrase 4711";
/// Monday 2 March 2026, 09:00 in Paris: the first ticket's creation.
const START: i64 = 1_772_438_400;
const RUNS: usize = 20;

fn main() -> Res<()> {
    let path = std::env::var_os("GUICHET_BENCH_SLA_DB").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-sla.db"),
        PathBuf::from,
    );
    let count: i64 = match std::env::var("GUICHET_BENCH_SLA_TICKETS") {
        Ok(n) => n.parse()?,
        Err(_) => 1_000_000,
    };
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(file)?;
        }
    }
    let clock = Arc::new(AtomicI64::new(START - 3600));
    let (mut service, admin, technician) = build(&path, count, &clock)?;
    let last_created = START + count - 1;

    clock.store(last_created + 1, Ordering::SeqCst);
    let started = Instant::now();
    let report = service.rebuild_sla(&admin)?;
    println!(
        "full rebuild: {} tickets in {:.2} s ({} got their first level)",
        report.tickets,
        started.elapsed().as_secs_f64(),
        report.changes.len()
    );

    let idle = median(RUNS, || {
        let t = Instant::now();
        let report = service.urgency_pass()?;
        assert!(report.is_empty(), "nothing should be due: {report:?}");
        Ok(t.elapsed())
    })?;
    println!("pass, nothing due: {}  (target < 5 ms)", ms(idle));

    let mut now = last_created + 1;
    for round in 1..=3 {
        now = instant_with_due(&service, now, 10_000)?;
        clock.store(now, Ordering::SeqCst);
        let t = Instant::now();
        let report = service.urgency_pass()?;
        let took = t.elapsed();
        let notified: usize = report.changes.iter().map(|c| c.notified).sum();
        println!(
            "pass {round}: {} level changes, {notified} notifications in {}  (target < 1000 ms)",
            report.changes.len(),
            ms(took)
        );
    }

    for (who, actor) in [("admin", &admin), ("technician", &technician)] {
        let first_page = median(RUNS, || {
            let t = Instant::now();
            let page = service.urgency_queue(actor, None, None, 50)?;
            assert!(!page.is_empty());
            Ok(t.elapsed())
        })?;
        println!(
            "queue first page of 50, {who}: {}  (target < 10 ms)",
            ms(first_page)
        );
    }
    let breaching = median(RUNS, || {
        let t = Instant::now();
        service.urgency_queue(&admin, Some(2 * 3600), None, 50)?;
        Ok(t.elapsed())
    })?;
    println!("queue --breaching-within 2h, admin: {}", ms(breaching));
    Ok(())
}

/// The earliest instant after `from` at which at least `want` tickets are
/// due, found by halving (outside any timing).
fn instant_with_due(service: &Service, from: i64, want: usize) -> Res<i64> {
    let conn = service.store().conn();
    let (mut low, mut high) = (from, from + 30 * 86_400);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if sla_state::due(conn, mid, want as u32)?.len() >= want {
            high = mid;
        } else {
            low = mid;
        }
    }
    Ok(high)
}

fn median(runs: usize, mut run: impl FnMut() -> Res<Duration>) -> Res<Duration> {
    for _ in 0..3 {
        run()?;
    }
    let mut times = (0..runs).map(|_| run()).collect::<Res<Vec<_>>>()?;
    times.sort();
    Ok(times[runs / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn build(path: &Path, count: i64, clock: &Arc<AtomicI64>) -> Res<(Service, Actor, Actor)> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: START,
        create: true,
    };
    let settings = Settings {
        bcrypt_cost: 4,
        ..Settings::default()
    };
    let shared = Arc::clone(clock);
    let clock_fn = Box::new(move || shared.load(Ordering::SeqCst));
    let mut service = Service::new(Store::open(path, &options)?, settings, clock_fn);
    let origin = Origin::of_this_process(guichet::service::FrontEnd::Cli);
    let admin = service.init("admin", "Bench Admin", PASSWORD, &origin)?;
    let mut add = |login: &str, role: &str| -> Res<Actor> {
        let new = guichet::service::users::NewUser {
            login,
            full_name: login,
            role,
            email: None,
            phone: None,
            cohort: None,
            company: None,
            password: PASSWORD,
        };
        let id = service.add_user(&admin, &new)?;
        Ok(Actor {
            id,
            login: login.into(),
        })
    };
    let technician = add("tech1", "technician")?;
    add("tech2", "technician")?;
    let learner = add("learner1", "learner")?;
    let started = Instant::now();
    let synthetic = Synthetic {
        count,
        requester_id: learner.id,
        handling_role: "technician",
        assignee_id: technician.id,
        first_created_at: START,
        spacing_secs: 1,
    };
    service.fill_synthetic_tickets(&admin, &synthetic)?;
    println!(
        "built {} with {count} open tickets in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok((service, admin, technician))
}
