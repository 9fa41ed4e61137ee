//! The demo databases and the timing the combination modules share.
//!
//! Each size is built once with `guichet demo` data (bcrypt cost 4) under
//! `target/` and reused (delete a file to rebuild it):
//! `target/bench-100k.db`, `target/bench-1m.db` (the same file as
//! `cargo bench --bench tickets`), `target/bench-2m.db`; the variables
//! `GUICHET_COMBOS_DB_100K`, `GUICHET_COMBOS_DB_1M` and
//! `GUICHET_COMBOS_DB_2M` name other files.

use guichet::service::{Actor, Service, Settings};
use guichet::store::{OpenOptions, Store};
use std::error::Error;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub type Res<T> = Result<T, Box<dyn Error>>;

/// What every figure must stay under at any size.
pub const BUDGET_MS: f64 = 5.0;
/// Timed runs per figure after one warm-up; the figure is the fastest.
const RUNS: usize = 3;

pub struct Size {
    pub label: &'static str,
    pub tickets: u64,
    pub path: PathBuf,
}

/// The sizes to measure: 100k only with `GUICHET_COMBOS_QUICK` set, or
/// those `GUICHET_COMBOS_SIZES` names (`1M,2M`).
pub fn sizes() -> Vec<Size> {
    let all = [
        ("100k", 100_000, "GUICHET_COMBOS_DB_100K", "bench-100k.db"),
        ("1M", 1_000_000, "GUICHET_COMBOS_DB_1M", "bench-1m.db"),
        ("2M", 2_000_000, "GUICHET_COMBOS_DB_2M", "bench-2m.db"),
    ];
    let quick = std::env::var_os("GUICHET_COMBOS_QUICK").is_some();
    let named = std::env::var("GUICHET_COMBOS_SIZES").ok();
    all.into_iter()
        .take(if quick { 1 } else { 3 })
        .filter(|(label, ..)| {
            named
                .as_deref()
                .is_none_or(|n| n.split(',').any(|s| s.trim().eq_ignore_ascii_case(label)))
        })
        .map(|(label, tickets, var, file)| Size {
            label,
            tickets,
            path: std::env::var_os(var).map_or_else(
                || {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                        .join("target")
                        .join(file)
                },
                PathBuf::from,
            ),
        })
        .collect()
}

/// The size's database, built first if missing.
pub fn demo(size: &Size) -> Res<Service> {
    if !size.path.exists() {
        if let Some(dir) = size.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        println!(
            "building {} with {} demo tickets (once)...",
            size.path.display(),
            size.tickets
        );
        let start = Instant::now();
        let mut service = open(&size.path, true)?;
        service.fill_demo(size.tickets, 1)?;
        println!("built in {:.1} s", start.elapsed().as_secs_f64());
    }
    open(&size.path, false)
}

fn open(path: &std::path::Path, create: bool) -> Res<Service> {
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: chrono::Utc::now().timestamp(),
        create,
    };
    let settings = Settings {
        bcrypt_cost: 4,
        ..Settings::default()
    };
    Ok(Service::new(
        Store::open(path, &options)?,
        settings,
        guichet::service::system_clock(),
    ))
}

pub fn actor(service: &Service, login: &str) -> Res<Actor> {
    let user =
        guichet::store::users::by_login(service.store().conn(), login)?.ok_or("no such login")?;
    Ok(Actor {
        id: user.user.id,
        login: user.user.login,
    })
}

pub fn first_of_role(service: &Service, admin: &Actor, role: &str) -> Res<Actor> {
    let first = service.list_users(admin, Some(role), "", 1)?;
    let user = first.first().ok_or("nobody has that role")?;
    Ok(Actor {
        id: user.user.id,
        login: user.user.login.clone(),
    })
}

/// A query still running after this is stopped and counted at this
/// figure, so that the slowest combinations do not make a run last hours.
pub const CUT_MS: u64 = 100;

/// Stops the query of the service's connection that runs past its
/// deadline (SQLite's interrupt, from its own thread).
pub struct Watchdog {
    deadline: Arc<Mutex<Option<Instant>>>,
    fired: Arc<AtomicBool>,
}

impl Watchdog {
    pub fn start(service: &Service) -> Watchdog {
        let handle = service.store().conn().get_interrupt_handle();
        let deadline = Arc::new(Mutex::new(None::<Instant>));
        let fired = Arc::new(AtomicBool::new(false));
        let (d, f) = (Arc::clone(&deadline), Arc::clone(&fired));
        std::thread::spawn(move || {
            // Ends with the watchdog (the last other holder of `d`).
            while Arc::strong_count(&d) > 1 {
                std::thread::sleep(Duration::from_millis(1));
                let mut due = d.lock().unwrap_or_else(|e| e.into_inner());
                if due.is_some_and(|t| Instant::now() >= t) {
                    f.store(true, Ordering::SeqCst);
                    handle.interrupt();
                    *due = None;
                }
            }
        });
        Watchdog { deadline, fired }
    }

    /// Runs `run` with the cut armed; `None` if it was stopped.
    pub fn guard<T>(&self, run: impl FnOnce() -> Res<T>) -> Res<Option<T>> {
        self.fired.store(false, Ordering::SeqCst);
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(Instant::now() + Duration::from_millis(CUT_MS));
        let result = run();
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) = None;
        match result {
            _ if self.fired.load(Ordering::SeqCst) => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(e),
        }
    }
}

/// The fastest of a few runs after a warm-up, in milliseconds; a run far
/// over the budget is not repeated (its warm-up is the figure). `None`:
/// stopped at `CUT_MS`.
pub fn best_ms(dog: &Watchdog, mut run: impl FnMut() -> Res<usize>) -> Res<Option<f64>> {
    let start = Instant::now();
    if dog.guard(|| Ok(std::hint::black_box(run()?)))?.is_none() {
        return Ok(None);
    }
    let mut best = start.elapsed();
    if best > Duration::from_millis(25) {
        return Ok(Some(best.as_secs_f64() * 1000.0));
    }
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(run()?);
        best = best.min(start.elapsed());
    }
    Ok(Some(best.as_secs_f64() * 1000.0))
}

/// The worst at the largest size against the worst at the smallest.
pub fn print_ratio(what: &str, worst: &[(&str, f64)]) {
    let (Some(first), Some(last)) = (worst.first(), worst.last()) else {
        return;
    };
    if worst.len() < 2 || first.1 <= 0.0 {
        return;
    }
    let ratio = last.1 / first.1;
    if last.1 >= CUT_MS as f64 || first.1 >= CUT_MS as f64 {
        println!(
            "\n{what}: a worst figure was stopped at {CUT_MS} ms ({} {:.2} ms, {} {:.2} ms): no ratio can be told; see the counts over the budget",
            first.0, first.1, last.0, last.1
        );
        return;
    }
    println!(
        "\n{what}: worst at {} {:.2} ms / worst at {} {:.2} ms = ratio {ratio:.2} ({})",
        last.0,
        last.1,
        first.0,
        first.1,
        if ratio < 1.5 {
            "OK, under 1.5"
        } else {
            "OVER 1.5"
        }
    );
}
