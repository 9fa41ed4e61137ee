//! Ticket queries on a million-ticket database: `cargo bench --bench tickets`.
//!
//! Builds the database once with `guichet demo` data (bcrypt cost 4) at
//! `target/bench-1m.db` and reuses it on later runs (delete the file to
//! rebuild; `GUICHET_BENCH_DB` and `GUICHET_BENCH_TICKETS` change the path
//! and the size). Each figure is the median of 20 timed runs after 3 warm-up
//! runs, in milliseconds; "OK" means under the 20 ms budget of a first page.

use guichet::domain::ticket::{Priority, Status};
use guichet::service::tickets::{Cursor, Sort, TicketFilter};
use guichet::service::{Actor, Service, Settings};
use guichet::store::tickets::cursor_after;
use guichet::store::{OpenOptions, Store};
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const BUDGET: Duration = Duration::from_millis(20);
const WARM_UP: usize = 3;
const RUNS: usize = 20;
const PAGE: u32 = 50;
/// How far the deep page is: 200 pages of 50.
const DEEP: usize = 200;

fn main() -> Res<()> {
    let path = std::env::var_os("GUICHET_BENCH_DB").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-1m.db"),
        PathBuf::from,
    );
    let tickets: u64 = match std::env::var("GUICHET_BENCH_TICKETS") {
        Ok(n) => n.parse()?,
        Err(_) => 1_000_000,
    };
    if !path.exists() {
        build(&path, tickets)?;
    }
    let service = open(&path, false)?;
    let admin = actor(&service, "admin")?;
    let technician = first_of_role(&service, &admin, "technician")?;
    let learner = first_of_role(&service, &admin, "learner")?;
    println!("{}", path.display());
    println!(
        "{:<58} {:>9}",
        "query (first page of 50 unless said)", "median"
    );
    report(&service, &admin, &technician, &learner)
}

fn report(service: &Service, admin: &Actor, technician: &Actor, learner: &Actor) -> Res<()> {
    let waiting_high = TicketFilter {
        statuses: vec![Status::Waiting],
        priority: Some(Priority::High),
        ..TicketFilter::default()
    };
    let open_by_update = TicketFilter {
        statuses: vec![Status::Waiting, Status::InProgress, Status::OnHold],
        sort: Sort::Updated,
        ..TicketFilter::default()
    };
    let text = |t: &str| TicketFilter {
        text: Some(t.into()),
        ..TicketFilter::default()
    };
    let lists: [(&str, &Actor, TicketFilter); 9] = [
        (
            "admin: all tickets, newest first",
            admin,
            TicketFilter::default(),
        ),
        ("admin: waiting + high", admin, waiting_high.clone()),
        ("admin: open, by last update", admin, open_by_update),
        (
            "technician (assigned scope): all",
            technician,
            TicketFilter::default(),
        ),
        (
            "technician (assigned scope): waiting + high",
            technician,
            waiting_high,
        ),
        ("learner (own scope): all", learner, TicketFilter::default()),
        ("admin: full text \"salle\" (common)", admin, text("salle")),
        (
            "technician: full text \"imprimante\"",
            technician,
            text("imprimante"),
        ),
        (
            "learner: full text \"salle\" (own, no internal notes)",
            learner,
            text("salle"),
        ),
    ];
    for (label, who, filter) in &lists {
        let time = median(|| Ok(service.list_tickets(who, filter, None, PAGE)?.len()))?;
        line(label, time, true);
    }
    let deep = deep_cursor(service, admin, &TicketFilter::default())?;
    let time = median(|| {
        Ok(service
            .list_tickets(admin, &TicketFilter::default(), Some(deep), PAGE)?
            .len())
    })?;
    line("admin: all tickets, page 200 (cursor)", time, false);
    let closed = TicketFilter {
        statuses: vec![Status::Closed],
        ..TicketFilter::default()
    };
    let newest = service.list_tickets(admin, &closed, None, 1)?;
    let newest = newest.first().ok_or("no closed ticket")?.id;
    for (label, id) in [("newest closed", newest), ("oldest", 1)] {
        let time = median(|| {
            let view = service.show_ticket(admin, id)?;
            let history = service.ticket_history(admin, id, 0, PAGE)?;
            Ok(view.comments.len() + history.len())
        })?;
        line(
            &format!("admin: open ticket #{id} ({label}): show + history"),
            time,
            true,
        );
        let time = median(|| Ok(service.ticket_history(admin, id, 0, PAGE)?.len()))?;
        line("  of which the history alone", time, true);
    }
    Ok(())
}

/// The cursor after page `DEEP - 1`, so that the timed fetch is page `DEEP`.
fn deep_cursor(service: &Service, who: &Actor, filter: &TicketFilter) -> Res<Cursor> {
    let mut cursor = None;
    for _ in 1..DEEP {
        let page = service.list_tickets(who, filter, cursor, PAGE)?;
        let last = page.last().ok_or("the list ended before the deep page")?;
        cursor = Some(cursor_after(last, filter.sort));
    }
    cursor.ok_or_else(|| "no cursor".into())
}

fn median(mut run: impl FnMut() -> Res<usize>) -> Res<Duration> {
    for _ in 0..WARM_UP {
        run()?;
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

fn line(label: &str, time: Duration, first_page: bool) {
    let verdict = match (first_page, time < BUDGET) {
        (_, true) => "OK",
        (true, false) => "SLOW",
        (false, false) => "slow (not a first page)",
    };
    println!(
        "{label:<58} {:>6.2} ms  {verdict}",
        time.as_secs_f64() * 1000.0
    );
}

fn open(path: &std::path::Path, create: bool) -> Res<Service> {
    let now = chrono::Utc::now().timestamp();
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now,
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

fn build(path: &std::path::Path, tickets: u64) -> Res<()> {
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
    println!(
        "built in {:.1} s: {} tickets, {} comments, {} time entries, {} audit entries",
        start.elapsed().as_secs_f64(),
        summary.counts.tickets,
        summary.counts.comments,
        summary.counts.time_entries,
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
