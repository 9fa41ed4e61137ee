//! Every combination of the Logs filters and of the urgency queue, on a
//! small and a large demo: `cargo bench --bench combos_logs`.
//!
//! The Logs: actor (none, the busiest, a rare one, one with no entry) ×
//! action (none, the commonest, a rare one, a common prefix `ticket.*`, a
//! rare prefix) × object (none, a kind, a kind and id, a user) × time (none,
//! the last day, a month at the start of the log), each read three ways:
//! the newest page (the Logs tab opening), the page before an entry half-way
//! back (the tab paging back) and the page after it (`audit list --since`).
//! The urgency queue: each scope (admin, technician, learner, client) ×
//! forecast (none, `--breaching-within` 1 h, 8 h, 5 days) × first page and
//! the page after 20 pages. The Logs tab has no text filter.
//!
//! Figures: the median of 3 timed runs after a warm-up (a query whose
//! warm-up takes over 100 ms is timed once). Printed: how many were tried,
//! the worst ten of each database with their query plans, and the ratio of
//! the worst on the large database to the worst on the small one (target:
//! every figure under 5 ms, the ratio under 1.5).
//!
//! The databases are `guichet demo` data (bcrypt cost 4), built once under
//! `target/` and reused (delete them to rebuild): 100,000 and 2,000,000
//! tickets (about 10M audit entries). `GUICHET_BENCH_QUICK=1` uses 2,000 and
//! 20,000 tickets instead, for a quick check; `GUICHET_BENCH_LOGS_SIZES=a,b`
//! sets the two sizes.

use guichet::service::audit::AuditFilter;
use guichet::service::{Actor, Service, Settings};
use guichet::store::audit::{self, Page};
use guichet::store::sla_state::{queue_cursor_after, QueueCursor};
use guichet::store::{OpenOptions, Store};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const PAGE: u32 = 50;
const RUNS: usize = 3;
/// A query slower than this at its warm-up is timed once.
const SLOW: Duration = Duration::from_millis(100);
const TARGET_MS: f64 = 5.0;
const TARGET_RATIO: f64 = 1.5;
/// The urgency queue's deep page: after this many pages.
const DEEP_PAGES: usize = 20;
const DAY: i64 = 86_400;

/// One query tried: what it was, how long it took, how SQLite reads it,
/// and whether an index serves it (see [`Class`]).
struct Tried {
    label: String,
    took: Duration,
    plan: Vec<String>,
    class: Class,
}

/// What the README says of a combination: served by an index in its
/// order, or one of the reads left to scan the log (the Logs tab runs them
/// as a job with its progress shown).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Served,
    /// A `since`/`until` window: no index by instant.
    TimeWindow,
    /// Nothing matches (an action and a kind it is never about, say): the
    /// read goes through all the narrowest condition's index holds.
    Nothing,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Served => "served by an index",
            Class::TimeWindow => "time window (scans the log, documented)",
            Class::Nothing => "finds nothing, reads all its index holds (documented)",
        }
    }
}

fn class_of(service: &Service, admin: &Actor, filter: &AuditFilter) -> Res<Class> {
    if filter.since.is_some() || filter.until.is_some() {
        return Ok(Class::TimeWindow);
    }
    Ok(if service.audit_tail(admin, filter, 1)?.is_empty() {
        Class::Nothing
    } else {
        Class::Served
    })
}

fn main() -> Res<()> {
    let (small, large) = sizes()?;
    let mut worst = Vec::new();
    for tickets in [small, large] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("target/bench-logs-{tickets}.db"));
        if !path.exists() {
            build(&path, tickets)?;
        }
        let service = open(&path, false)?;
        let mut tried = logs(&service)?;
        tried.extend(urgency(&service)?);
        tried.sort_by_key(|t| std::cmp::Reverse(t.took));
        report(&service, tickets, &tried)?;
        let served = tried.iter().find(|t| t.class == Class::Served);
        worst.push(served.map_or(0.0, |t| ms(t.took)));
    }
    let ratio = worst[1] / worst[0].max(f64::MIN_POSITIVE);
    let verdict = if ratio < TARGET_RATIO { "OK" } else { "OVER" };
    println!(
        "\nworst served at {large} tickets / at {small}: {:.2} / {:.2} ms = {ratio:.2} (target {TARGET_RATIO}) {verdict}",
        worst[1], worst[0]
    );
    Ok(())
}

fn sizes() -> Res<(u64, u64)> {
    if let Ok(text) = std::env::var("GUICHET_BENCH_LOGS_SIZES") {
        let (a, b) = text.split_once(',').ok_or("GUICHET_BENCH_LOGS_SIZES=a,b")?;
        return Ok((a.trim().parse()?, b.trim().parse()?));
    }
    let quick = std::env::var("GUICHET_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    Ok(if quick {
        (2_000, 20_000)
    } else {
        (100_000, 2_000_000)
    })
}

fn report(service: &Service, tickets: u64, tried: &[Tried]) -> Res<()> {
    let entries = audit::last_id(service.store().conn())?;
    println!(
        "\n{tickets} tickets, {entries} audit entries: {} queries tried",
        tried.len()
    );
    for (class, shown) in [
        (Class::Served, 10),
        (Class::TimeWindow, 3),
        (Class::Nothing, 3),
    ] {
        let of_class: Vec<&Tried> = tried.iter().filter(|t| t.class == class).collect();
        let over = of_class.iter().filter(|t| ms(t.took) >= TARGET_MS).count();
        println!(
            "{}: {} tried, {over} at or over {TARGET_MS} ms; the worst {shown}:",
            class.name(),
            of_class.len()
        );
        for t in of_class.iter().take(shown) {
            println!("{:>9.3} ms  {}", ms(t.took), t.label);
            for line in &t.plan {
                println!("              {line}");
            }
        }
    }
    Ok(())
}

/// The Logs filters, each combination read three ways.
fn logs(service: &Service) -> Res<Vec<Tried>> {
    let conn = service.store().conn();
    let admin = actor(service, "admin")?;
    let sample = Sample::of(service)?;
    let end = audit::last_id(conn)?;
    let middle = end / 2;
    let actors = [
        None,
        Some(sample.busiest_actor.clone()),
        Some(sample.rare_actor.clone()),
        Some("nobody-at-all".to_string()),
    ];
    let actions = [
        None,
        Some(sample.common_action.clone()),
        Some(sample.rare_action.clone()),
        Some("ticket.*".to_string()),
        Some(format!("{}*", prefix(&sample.rare_action))),
    ];
    let objects = [
        (None, None),
        (Some("ticket".to_string()), None),
        (Some("ticket".to_string()), Some(sample.ticket_id.clone())),
        (Some("user".to_string()), Some(admin.id.to_string())),
    ];
    let times = [
        (None, None, "any time"),
        (Some(sample.newest_at - DAY), None, "last day"),
        (
            Some(sample.oldest_at + 30 * DAY),
            Some(sample.oldest_at + 60 * DAY),
            "a month at the start",
        ),
    ];
    let pages = [
        (Page::Newest, "newest"),
        (
            Page::Between {
                above: 0,
                upto: middle,
            },
            "before half-way",
        ),
        (Page::After(middle), "after half-way"),
    ];
    let mut tried = Vec::new();
    for actor_login in &actors {
        for action in &actions {
            for (object_type, object_id) in &objects {
                for (since, until, when) in &times {
                    let filter = AuditFilter {
                        actor_login: actor_login.clone(),
                        object_type: object_type.clone(),
                        object_id: object_id.clone(),
                        action: action.clone(),
                        since: *since,
                        until: *until,
                        hidden_actions: Vec::new(),
                    };
                    let class = class_of(service, &admin, &filter)?;
                    for (page, page_name) in pages {
                        let took = time(|| {
                            Ok(match page {
                                Page::Newest => service.audit_tail(&admin, &filter, PAGE)?,
                                Page::Between { above, upto } => {
                                    service.audit_between(&admin, &filter, above, upto, PAGE)?
                                }
                                Page::After(after) => {
                                    service.audit_after(&admin, &filter, after, PAGE)?
                                }
                            }
                            .len())
                        })?;
                        tried.push(Tried {
                            label: format!(
                                "logs {page_name}: actor {} · action {} · object {}:{} · {when}",
                                or_any(actor_login),
                                or_any(action),
                                or_any(object_type),
                                or_any(object_id),
                            ),
                            took,
                            plan: audit::plan(conn, &filter, page, PAGE)?,
                            class,
                        });
                    }
                }
            }
        }
    }
    Ok(tried)
}

/// The urgency queue and its forecast, for each scope.
fn urgency(service: &Service) -> Res<Vec<Tried>> {
    let admin = actor(service, "admin")?;
    let scopes = [
        ("admin", admin.clone()),
        ("technician", first_of_role(service, &admin, "technician")?),
        ("learner", first_of_role(service, &admin, "learner")?),
        ("client", first_of_role(service, &admin, "client")?),
    ];
    let forecasts = [None, Some(3_600), Some(8 * 3_600), Some(5 * DAY)];
    let mut tried = Vec::new();
    for (scope, who) in &scopes {
        for within in forecasts {
            let deep = deep_cursor(service, who, within)?;
            for (after, page_name) in [(None, "first page"), (deep, "page 21")] {
                if page_name != "first page" && after.is_none() {
                    continue;
                }
                let took = time(|| Ok(service.urgency_queue(who, within, after, PAGE)?.len()))?;
                let forecast = within.map_or("no forecast".to_string(), |s| {
                    format!("breaching within {} h", s / 3_600)
                });
                tried.push(Tried {
                    label: format!("urgency {page_name}: {scope} · {forecast}"),
                    took,
                    plan: service.urgency_queue_plan(who, within.is_some(), after, PAGE)?,
                    class: Class::Served,
                });
            }
        }
    }
    Ok(tried)
}

/// The cursor after [`DEEP_PAGES`] pages, if the queue is that long.
fn deep_cursor(service: &Service, who: &Actor, within: Option<i64>) -> Res<Option<QueueCursor>> {
    let mut cursor = None;
    for _ in 0..DEEP_PAGES {
        let page = service.urgency_queue(who, within, cursor, PAGE)?;
        if page.len() < PAGE as usize {
            return Ok(None);
        }
        cursor = page.last().map(queue_cursor_after);
    }
    Ok(cursor)
}

/// Values to filter on, taken from the newest entries (a bounded read).
struct Sample {
    busiest_actor: String,
    rare_actor: String,
    common_action: String,
    rare_action: String,
    ticket_id: String,
    oldest_at: i64,
    newest_at: i64,
}

impl Sample {
    fn of(service: &Service) -> Res<Sample> {
        let conn = service.store().conn();
        let ranked = |column: &str, order: &str| -> Res<String> {
            let sql = format!(
                "SELECT {column} FROM (SELECT {column} FROM audit_log ORDER BY id DESC LIMIT 20000)
                 GROUP BY {column} ORDER BY count(*) {order}, {column} LIMIT 1"
            );
            Ok(conn.query_row(&sql, [], |r| r.get(0))?)
        };
        let ticket_id: String = conn.query_row(
            "SELECT object_id FROM audit_log WHERE object_type = 'ticket' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let (oldest_at, newest_at) = conn.query_row(
            "SELECT (SELECT at FROM audit_log ORDER BY id LIMIT 1),
                    (SELECT at FROM audit_log ORDER BY id DESC LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Sample {
            busiest_actor: ranked("actor_login", "DESC")?,
            rare_actor: ranked("actor_login", "ASC")?,
            common_action: ranked("action", "DESC")?,
            rare_action: ranked("action", "ASC")?,
            ticket_id,
            oldest_at,
            newest_at,
        })
    }
}

/// `ticket.status` → `ticket.`
fn prefix(action: &str) -> &str {
    action.find('.').map_or(action, |dot| &action[..=dot])
}

fn or_any(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("*")
}

fn time(mut run: impl FnMut() -> Res<usize>) -> Res<Duration> {
    let start = Instant::now();
    std::hint::black_box(run()?);
    let warm_up = start.elapsed();
    if warm_up > SLOW {
        return Ok(warm_up);
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(run()?);
        times.push(start.elapsed());
    }
    times.sort_unstable();
    Ok(times[RUNS / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn open(path: &Path, create: bool) -> Res<Service> {
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

fn build(path: &Path, tickets: u64) -> Res<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    println!(
        "building {} with {tickets} demo tickets (once)...",
        path.display()
    );
    let start = Instant::now();
    let mut service = open(path, true)?;
    let summary = service.fill_demo(tickets, 1)?;
    // The SLA state of the open tickets, as the first command after a load
    // would compute it: not part of what is timed.
    let report = service.urgency_pass()?;
    std::hint::black_box(report);
    println!(
        "built in {:.1} s: {} tickets, {} audit entries",
        start.elapsed().as_secs_f64(),
        summary.counts.tickets,
        summary.counts.audit_entries
    );
    Ok(())
}

fn actor(service: &Service, login: &str) -> Res<Actor> {
    let user =
        guichet::store::users::by_login(service.store().conn(), login)?.ok_or("no such login")?;
    Ok(Actor {
        id: user.user.id,
        login: user.user.login,
    })
}

fn first_of_role(service: &Service, admin: &Actor, role: &str) -> Res<Actor> {
    let first = service.list_users(admin, Some(role), "", 1)?;
    let user = first.first().ok_or("nobody has that role")?;
    Ok(Actor {
        id: user.user.id,
        login: user.user.login.clone(),
    })
}
