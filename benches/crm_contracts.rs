//! Contract and event lists on 100,000 clients, 300,000 contracts and
//! 200,000 events: `cargo bench --bench crm_contracts`.
//!
//! Builds the database once at `target/bench-crm.db` (`GUICHET_BENCH_CRM_DB`
//! changes the path; delete the file to rebuild) with plain SQL inserts of
//! made-up rows (the clients' service and the CRM demo are another
//! branch's), then times the first page of each list and filter through the
//! service layer, authorisation included: the median of 20 runs after 3
//! warm-up runs, in milliseconds. "OK" means under the 5 ms.

use guichet::domain::crm::ContractKind;
use guichet::service::crm_contracts::ContractFilter;
use guichet::service::crm_events::EventFilter;
use guichet::service::users::NewUser;
use guichet::service::{Actor, FrontEnd, Origin, Service, Settings};
use guichet::store::{OpenOptions, Store};
use rusqlite::params;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const BUDGET: Duration = Duration::from_millis(5);
const WARM_UP: usize = 3;
const RUNS: usize = 20;
const PAGE: u32 = 50;
const CLIENTS: i64 = 100_000;
const CONTRACTS: i64 = 300_000;
const EVENTS: i64 = 200_000;
const SALES: i64 = 20;
const SUPPORT: i64 = 20;
const PASSWORD: &str = "Bench-password-crm-1";
/// 2026-01-01 00:00 UTC: events spread over two years from there.
const START: i64 = 1_767_225_600;

fn main() -> Res<()> {
    let path = std::env::var_os("GUICHET_BENCH_CRM_DB").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-crm.db"),
        PathBuf::from,
    );
    if !path.exists() {
        build(&path)?;
    }
    let service = open(&path, false)?;
    let who = |login: &str| -> Res<Actor> {
        let user = guichet::store::users::by_login(service.store().conn(), login)?
            .ok_or("bench user missing: delete the file to rebuild it")?;
        Ok(Actor {
            id: user.user.id,
            login: login.into(),
        })
    };
    let (admin, sales, support) = (who("admin")?, who("sales1")?, who("support1")?);
    println!("{}", path.display());
    println!("{:<58} {:>9}", "query (first page of 50)", "median");
    contracts(&service, &admin, &sales)?;
    events(&service, &admin, &sales, &support)?;
    events_tab(&path, &[&admin, &sales, &support])
}

/// The Events tab's first frame: from another tab, the tab shown, its
/// first page read (with each row's rights) and drawn, at 160×48.
fn events_tab(path: &Path, who: &[&Actor]) -> Res<()> {
    use guichet::tui::testing::{Harness, Setup};
    for actor in who {
        let setup = Setup {
            size: (160, 48),
            ..Setup::default()
        };
        let mut h = Harness::open(path, setup);
        h.app.open_session((*actor).clone());
        let titles: Vec<&str> = match &h.app.screen {
            guichet::tui::app::Screen::Main(s) => s.tabs.iter().map(|p| p.title()).collect(),
            guichet::tui::app::Screen::Gate(_) => Vec::new(),
        };
        let events = titles
            .iter()
            .position(|t| *t == "tui.tab.events")
            .ok_or("no Events tab")?;
        let other = (events + 1) % titles.len();
        // The frame drawn at once (UI thread: the reads are sent off), then
        // the first frame that shows the first page (read on the pane's
        // thread with each row's rights, and the forms' choices).
        let (mut at_once, mut with_rows) = (Vec::new(), Vec::new());
        for run in 0..WARM_UP + RUNS {
            // From another tab each time, so that the pane reads afresh.
            h.app.show_tab(other);
            h.settle();
            let start = Instant::now();
            h.app.show_tab(events);
            h.draw();
            let drawn = start.elapsed();
            h.settle();
            h.draw();
            if run >= WARM_UP {
                at_once.push(drawn);
                with_rows.push(start.elapsed());
            }
        }
        for (what, mut times) in [("frame at once", at_once), ("first page drawn", with_rows)] {
            times.sort_unstable();
            line(
                &format!("Events tab ({}): {what}", actor.login),
                times[RUNS / 2],
            );
        }
    }
    Ok(())
}

fn contracts(service: &Service, admin: &Actor, sales: &Actor) -> Res<()> {
    let f = ContractFilter::default;
    let cases: [(&str, &Actor, ContractFilter); 9] = [
        ("contracts: all, newest first", admin, f()),
        (
            "contracts: unsigned",
            admin,
            ContractFilter {
                unsigned: true,
                ..f()
            },
        ),
        (
            "contracts: unpaid",
            admin,
            ContractFilter {
                unpaid: true,
                ..f()
            },
        ),
        (
            "contracts: mine (a salesperson)",
            sales,
            ContractFilter { mine: true, ..f() },
        ),
        (
            "contracts: kind hosting",
            admin,
            ContractFilter {
                kind: Some(ContractKind::Hosting),
                ..f()
            },
        ),
        (
            "contracts: one client's",
            admin,
            ContractFilter {
                client_id: Some(4_242),
                ..f()
            },
        ),
        (
            "contracts: text “durand”",
            admin,
            ContractFilter {
                text: Some("durand".into()),
                ..f()
            },
        ),
        (
            "contracts: unsigned, mine",
            sales,
            ContractFilter {
                unsigned: true,
                mine: true,
                ..f()
            },
        ),
        (
            "contracts: unpaid, mine",
            sales,
            ContractFilter {
                unpaid: true,
                mine: true,
                ..f()
            },
        ),
    ];
    for (label, who, filter) in cases {
        let time = median(|| Ok(service.contracts_matching(who, &filter, None, PAGE)?.len()))?;
        line(label, time);
    }
    Ok(())
}

fn events(service: &Service, admin: &Actor, sales: &Actor, support: &Actor) -> Res<()> {
    let f = EventFilter::default;
    let june = START + 150 * 86_400;
    let cases: [(&str, &Actor, EventFilter); 8] = [
        ("events: all, by start", admin, f()),
        (
            "events: without support",
            admin,
            EventFilter {
                without_support: true,
                ..f()
            },
        ),
        (
            "events: mine (a support contact)",
            support,
            EventFilter { mine: true, ..f() },
        ),
        (
            "events: mine (a salesperson)",
            sales,
            EventFilter { mine: true, ..f() },
        ),
        (
            "events: from June 1st for a week",
            admin,
            EventFilter {
                from: Some(june),
                until: Some(june + 7 * 86_400),
                ..f()
            },
        ),
        (
            "events: one client's",
            admin,
            EventFilter {
                client_id: Some(4_242),
                ..f()
            },
        ),
        (
            "events: text “lyon”",
            admin,
            EventFilter {
                text: Some("lyon".into()),
                ..f()
            },
        ),
        (
            "events: support's own reach (assigned scope), all",
            support,
            f(),
        ),
    ];
    for (label, who, filter) in cases {
        let time = median(|| Ok(service.events_matching(who, &filter, None, PAGE)?.len()))?;
        line(label, time);
    }
    Ok(())
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

fn line(label: &str, time: Duration) {
    let verdict = if time < BUDGET { "OK" } else { "SLOW" };
    let ms = time.as_secs_f64() * 1000.0;
    println!("{label:<58} {ms:>6.2} ms  {verdict}");
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

fn build(path: &Path) -> Res<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    println!("building {} (once)...", path.display());
    let start = Instant::now();
    let mut service = open(path, true)?;
    let origin = Origin::of_this_process(FrontEnd::Cli);
    let admin = service.init("admin", "Admin", PASSWORD, &origin)?;
    for (role, n) in [("sales", SALES), ("support", SUPPORT)] {
        for i in 1..=n {
            let login = format!("{role}{i}");
            let new = NewUser {
                login: &login,
                full_name: &login,
                role,
                email: None,
                phone: None,
                cohort: None,
                company: None,
                password: PASSWORD,
            };
            service.add_user(&admin, &new)?;
        }
    }
    drop(service);
    fill(&mut rusqlite::Connection::open(path)?)?;
    println!("built in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Made-up rows, deterministic: user ids 2.. are the salespeople, then
/// the support contacts.
fn fill(conn: &mut rusqlite::Connection) -> Res<()> {
    const NAMES: [&str; 8] = [
        "Durand", "Martin", "Bernard", "Petit", "Robert", "Richard", "Roux", "Moreau",
    ];
    const PLACES: [&str; 5] = ["Lyon", "Paris", "Nantes", "Lille", "Bordeaux"];
    let tx = conn.transaction()?;
    {
        let mut client = tx.prepare(
            "INSERT INTO crm_clients (id, full_name, sales_contact_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        for id in 1..=CLIENTS {
            let name = format!("Client {id} {}", NAMES[(id % 8) as usize]);
            client.execute(params![id, name, 2 + id % SALES, START])?;
        }
        let mut contract = tx.prepare(
            "INSERT INTO contracts (id, kind, client_id, sales_contact_id, total_cents, due_cents,
                 signed, signed_at, hours_bought, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?;
        for id in 1..=CONTRACTS {
            let client = 1 + (id * 7) % CLIENTS;
            let kind = match id % 10 {
                0 => "hour_pack",
                1 => "hosting",
                _ => "event",
            };
            let signed = id % 7 != 0;
            let total = 100_000 + id % 1_000 * 100;
            let due = if id % 5 == 0 { total / 2 } else { 0 };
            contract.execute(params![
                id,
                kind,
                client,
                2 + client % SALES,
                total,
                due,
                signed,
                signed.then_some(START),
                (kind == "hour_pack").then_some(10),
                START + id
            ])?;
        }
        let mut event = tx.prepare(
            "INSERT INTO events (id, contract_id, name, support_contact_id, starts_at, ends_at,
                 location, attendees, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?;
        for id in 1..=EVENTS {
            // Signed event contracts only: not a multiple of 7 (unsigned),
            // nor ending in 0 or 1 (packs and hosting).
            let mut contract = 2 + (id * 3) % (CONTRACTS - 20);
            while contract % 7 == 0 || contract % 10 < 2 {
                contract += 1;
            }
            let support = (id % 4 != 0).then_some(2 + SALES + id % SUPPORT);
            let starts = START + (id * 317) % (730 * 86_400);
            event.execute(params![
                id,
                contract,
                format!("Événement {id}"),
                support,
                starts,
                starts + 4 * 3_600,
                PLACES[(id % 5) as usize],
                id % 300,
                START
            ])?;
        }
    }
    // No ANALYZE: sites never run one, the plans must hold without it.
    tx.commit()?;
    Ok(())
}
