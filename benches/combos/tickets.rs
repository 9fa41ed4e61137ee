//! The ticket list: every combination of `ticket_combos` for each scope
//! (admin: all; technician: assigned; learner: own; client: company),
//! first page and a deep page (the page after the first 500 rows, through
//! the cursor), timed through the service.

use crate::support::{actor, best_ms, first_of_role, Res, Watchdog, BUDGET_MS, CUT_MS};
use crate::ticket_combos::{combinations, sorted_by_design, Values};
use guichet::domain::ticket::{Priority, Status};
use guichet::service::tickets::{Cursor, TicketFilter};
use guichet::service::{Actor, Service};
use guichet::store::tickets::cursor_after;

const PAGE: u32 = 50;
/// How far the deep page starts: one fetch of this many rows.
const DEEP: u32 = 500;
const SHOWN: usize = 10;

pub struct Measured {
    pub label: String,
    pub scope: &'static str,
    pub page: &'static str,
    /// `None`: stopped at `CUT_MS`.
    pub ms: Option<f64>,
    pub filter: TicketFilter,
    pub actor: Actor,
    pub cursor: Option<Cursor>,
}

pub struct Report {
    combinations: usize,
    tried: usize,
    timings: Vec<Measured>,
    sorted_in_memory: Vec<String>,
    sorted_by_driver: usize,
    plans: Vec<(String, Vec<String>)>,
    headline: Vec<(String, Option<f64>)>,
}

pub fn run(service: &Service) -> Res<Report> {
    let admin = actor(service, "admin")?;
    let technician = first_of_role(service, &admin, "technician")?;
    let learner = first_of_role(service, &admin, "learner")?;
    let client = first_of_role(service, &admin, "client")?;
    let values = values(service, &technician, &learner)?;
    // `GUICHET_COMBOS_ONLY=TEXT`: only the combinations whose label holds it.
    let only = std::env::var("GUICHET_COMBOS_ONLY").ok();
    let combos: Vec<_> = combinations(&values)
        .into_iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.label.contains(o)))
        .collect();
    let scopes = [
        ("admin", &admin),
        ("technician", &technician),
        ("learner", &learner),
        ("client", &client),
    ];
    let dog = Watchdog::start(service);
    let mut timings = Vec::new();
    let mut sorted_in_memory = Vec::new();
    let mut sorted_by_driver = 0;
    let started = std::time::Instant::now();
    for (n, combo) in combos.iter().enumerate() {
        if n % 100 == 0 {
            eprintln!(
                "  tickets: {n}/{} filter sets and orders, {:.0} s",
                combos.len(),
                started.elapsed().as_secs_f64()
            );
        }
        for (scope, who) in scopes {
            let first = best_ms(&dog, || {
                Ok(service.list_tickets(who, &combo.filter, None, PAGE)?.len())
            })?;
            let plan = service.explain_ticket_list(who, &combo.filter, None, PAGE)?;
            if plan.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY")) {
                if sorted_by_design(&combo.filter, scope == "learner") {
                    sorted_by_driver += 1;
                } else {
                    sorted_in_memory.push(format!("{scope}: {}", combo.label));
                }
            }
            let measured = |page, ms, cursor| Measured {
                label: combo.label.clone(),
                scope,
                page,
                ms,
                filter: combo.filter.clone(),
                actor: who.clone(),
                cursor,
            };
            timings.push(measured("first page", first, None));
            let far = match first {
                None => None,
                Some(_) => {
                    dog.guard(|| Ok(service.list_tickets(who, &combo.filter, None, DEEP)?))?
                }
            };
            if let Some(far) = far.filter(|f| f.len() == DEEP as usize) {
                let cursor = far.last().map(|t| cursor_after(t, combo.filter.sort));
                let deep = best_ms(&dog, || {
                    Ok(service
                        .list_tickets(who, &combo.filter, cursor, PAGE)?
                        .len())
                })?;
                timings.push(measured("deep page", deep, cursor));
            }
        }
    }
    timings.sort_by(|a, b| b.figure().total_cmp(&a.figure()));
    if let Some(path) = std::env::var_os("GUICHET_COMBOS_ALL") {
        let lines: Vec<String> = timings
            .iter()
            .map(|m| format!("{}\t{}\t{}\t{}", m.shown(), m.scope, m.page, m.label))
            .collect();
        std::fs::write(path, lines.join("\n") + "\n")?;
    }
    let mut plans = Vec::new();
    for m in timings.iter().take(SHOWN) {
        let plan = service.explain_ticket_list(&m.actor, &m.filter, m.cursor, PAGE)?;
        plans.push((m.label.clone(), plan));
    }
    Ok(Report {
        combinations: combos.len(),
        tried: combos.len() * scopes.len(),
        headline: headline(service, &admin, &dog)?,
        timings,
        sorted_in_memory,
        sorted_by_driver,
        plans,
    })
}

/// The two lists issue 14 names: `ticket list --status open --priority
/// high` and the dashboard's `status:open` (newest first, admin).
fn headline(service: &Service, admin: &Actor, dog: &Watchdog) -> Res<Vec<(String, Option<f64>)>> {
    let open = TicketFilter {
        statuses: vec![Status::Waiting, Status::InProgress, Status::OnHold],
        ..TicketFilter::default()
    };
    let high = TicketFilter {
        priority: Some(Priority::High),
        ..open.clone()
    };
    let mut out = Vec::new();
    for (label, filter) in [
        ("ticket list --status open --priority high", high),
        ("dashboard status:open", open),
    ] {
        let ms = best_ms(dog, || {
            Ok(service.list_tickets(admin, &filter, None, PAGE)?.len())
        })?;
        out.push((label.to_string(), ms));
    }
    Ok(out)
}

fn values(service: &Service, technician: &Actor, learner: &Actor) -> Res<Values> {
    let conn = service.store().conn();
    let first = |sql: &str| -> Res<String> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let day = |days: i64| {
        (chrono::Utc::now() - chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    Ok(Values {
        category: first("SELECT name FROM categories ORDER BY id LIMIT 1")?,
        company: first("SELECT name FROM companies ORDER BY id LIMIT 1")?,
        role: "technician".into(),
        assignee: technician.login.clone(),
        requester: learner.login.clone(),
        text: "salle".into(),
        created_from: day(30),
        updated_from: day(7),
    })
}

impl Measured {
    /// For sorting and the ratio: a stopped query counts as `CUT_MS`.
    fn figure(&self) -> f64 {
        self.ms.unwrap_or(CUT_MS as f64)
    }

    fn shown(&self) -> String {
        Measured::shown_ms(self.ms)
    }

    fn shown_ms(ms: Option<f64>) -> String {
        ms.map_or_else(|| format!(">{CUT_MS}"), |ms| format!("{ms:.2}"))
    }
}

impl Report {
    pub fn worst_ms(&self) -> f64 {
        self.timings.first().map_or(0.0, Measured::figure)
    }

    pub fn print(&self) {
        let over = self
            .timings
            .iter()
            .filter(|m| m.figure() >= BUDGET_MS)
            .count();
        let cut = self.timings.iter().filter(|m| m.ms.is_none()).count();
        println!(
            "tickets: {} combinations tried ({} filter sets and orders x 4 scopes), {} timings (first and deep pages); {over} at or over {BUDGET_MS} ms, of which {cut} stopped at {CUT_MS} ms",
            self.tried,
            self.combinations,
            self.timings.len()
        );
        for (label, ms) in &self.headline {
            let m = Measured::shown_ms(*ms);
            println!("  {label:<44} {m:>8} ms");
        }
        println!(
            "  sorted after reading (USE TEMP B-TREE FOR ORDER BY): {} by design (by update or priority with one requester or closure requests: few rows, store/ticket_filters.rs Driver), {} otherwise",
            self.sorted_by_driver,
            self.sorted_in_memory.len()
        );
        println!("  not served in order by any index (read in order and filtered; see store/ticket_list.rs): text sorted other than by id, creation dates, update dates unless sorted by update, urgency, category, company");
        for label in self.sorted_in_memory.iter().take(SHOWN) {
            println!("    {label}");
        }
        println!("  worst {SHOWN}:");
        for (m, (_, plan)) in self.timings.iter().zip(&self.plans) {
            println!(
                "  {:>8} ms  {} ({}): {}",
                m.shown(),
                m.scope,
                m.page,
                m.label
            );
            for line in plan {
                println!("              {line}");
            }
        }
    }
}
