//! Every combination of the list filters that the benchmark times
//! (`benches/combos/ticket_combos.rs`), for every scope, on a demo file:
//! the pages, walked through the cursor, hold exactly the rows of a plain
//! reference computed here from the whole table; and no combination makes
//! SQLite collect and sort its matches (`USE TEMP B-TREE FOR ORDER BY`).

mod support;
#[path = "../benches/combos/ticket_combos.rs"]
mod ticket_combos;

use guichet::domain::{Capability, Scope};
use guichet::service::tickets::{Sort, TicketFilter};
use guichet::service::{Actor, Service, Settings};
use guichet::store::tickets::cursor_after;
use guichet::store::{OpenOptions, Store};
use rusqlite::Connection;
use std::collections::HashSet;
use std::time::Duration;
use support::service::{DAY, T0};
use ticket_combos::{combinations, sorted_by_design, Combo, Values};

const PAGE: u32 = 100;
/// Pages compared per combination (fewer when the list ends before).
const PAGES: usize = 3;

struct Demo {
    _dir: tempfile::TempDir,
    service: Service,
    actors: Vec<(Actor, String)>,
    values: Values,
}

fn demo(tickets: u64) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        busy_timeout: Duration::from_secs(5),
        now: T0,
        create: true,
    };
    let store = Store::open(&dir.path().join("combos.db"), &options).unwrap();
    let settings = Settings {
        bcrypt_cost: 4,
        ..Settings::default()
    };
    let mut service = Service::new(store, settings, Box::new(|| T0));
    service.fill_demo(tickets, 1).unwrap();
    let conn = service.store().conn();
    let first = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let login_of = |role: &str| -> String {
        conn.query_row(
            "SELECT login FROM users WHERE role_key = ?1 AND active = 1 ORDER BY id LIMIT 1",
            [role],
            |r| r.get(0),
        )
        .unwrap()
    };
    let actors: Vec<(Actor, String)> = ["admin", "technician", "learner", "client"]
        .into_iter()
        .map(|role| {
            let login = login_of(role);
            let id = conn
                .query_row("SELECT id FROM users WHERE login = ?1", [&login], |r| {
                    r.get(0)
                })
                .unwrap();
            (Actor { id, login }, role.to_string())
        })
        .collect();
    let day = |days: i64| {
        chrono::DateTime::from_timestamp(T0 - days * DAY, 0)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let values = Values {
        category: first("SELECT name FROM categories ORDER BY id LIMIT 1"),
        company: first("SELECT name FROM companies ORDER BY id LIMIT 1"),
        role: "technician".into(),
        assignee: actors[1].0.login.clone(),
        requester: actors[2].0.login.clone(),
        text: "salle".into(),
        created_from: day(30),
        updated_from: day(7),
    };
    Demo {
        _dir: dir,
        service,
        actors,
        values,
    }
}

/// The columns the filters read, for every ticket.
struct Row {
    id: i64,
    status: String,
    rank: i64,
    category: Option<i64>,
    role: String,
    assignee: Option<i64>,
    requester: i64,
    company: Option<i64>,
    created: i64,
    updated: i64,
    urgency: String,
    closure: bool,
    awaiting: bool,
}

fn all_rows(conn: &Connection) -> Vec<Row> {
    let mut stmt = conn
        .prepare(
            "SELECT id, status, priority_rank, category_id, handling_role, assignee_id,
                    requester_id, company_id, created_at, updated_at, urgency,
                    closure_requested, awaiting_reply FROM tickets",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            status: r.get(1)?,
            rank: r.get(2)?,
            category: r.get(3)?,
            role: r.get(4)?,
            assignee: r.get(5)?,
            requester: r.get(6)?,
            company: r.get(7)?,
            created: r.get(8)?,
            updated: r.get(9)?,
            urgency: r.get(10)?,
            closure: r.get(11)?,
            awaiting: r.get(12)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// What a reader may see, restated from the roles' default grants.
struct Reader {
    id: i64,
    role: String,
    scope: Scope,
    company: Option<i64>,
    internal: bool,
}

fn reader(conn: &Connection, actor: &Actor, role: &str) -> Reader {
    let grants = guichet::domain::roles::default_grants(role);
    Reader {
        id: actor.id,
        role: role.to_string(),
        scope: grants.scope_of(Capability::TicketRead).unwrap(),
        company: conn
            .query_row(
                "SELECT company_id FROM users WHERE id = ?1",
                [actor.id],
                |r| r.get(0),
            )
            .unwrap(),
        internal: grants.scope_of(Capability::TicketCommentInternal) == Some(Scope::All),
    }
}

fn id_of(conn: &Connection, sql: &str, name: &Option<String>) -> Option<i64> {
    name.as_ref()
        .map(|n| conn.query_row(sql, [n], |r| r.get(0)).unwrap())
}

fn day_start(date: &Option<String>) -> Option<i64> {
    date.as_ref().map(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_local_timezone(Settings::default().timezone)
            .earliest()
            .unwrap()
            .timestamp()
    })
}

fn matches(conn: &Connection, text: &str, internal: bool) -> HashSet<i64> {
    let terms = format!("\"{text}\"*");
    let expression = if internal {
        terms
    } else {
        format!("{{title description public_comments}} : ({terms})")
    };
    let mut stmt = conn
        .prepare("SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1")
        .unwrap();
    stmt.query_map([expression], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The rows of `f` that `who` may see, in the list's order: plain Rust
/// over the whole table.
fn reference(conn: &Connection, rows: &[Row], who: &Reader, f: &TicketFilter) -> Vec<i64> {
    let user = |login: &Option<String>| id_of(conn, "SELECT id FROM users WHERE login = ?1", login);
    let category = id_of(
        conn,
        "SELECT id FROM categories WHERE name = ?1",
        &f.category,
    );
    let company = id_of(conn, "SELECT id FROM companies WHERE name = ?1", &f.company);
    let (assignee, requester) = (user(&f.assignee), user(&f.requester));
    let created_from = day_start(&f.created_from);
    let updated_from = day_start(&f.updated_from);
    let found = f.text.as_ref().map(|t| matches(conn, t, who.internal));
    let statuses: Vec<&str> = f.statuses.iter().map(|s| s.key()).collect();
    let levels: Vec<&str> = f.urgencies.iter().map(|l| l.key()).collect();
    let mut kept: Vec<&Row> = rows
        .iter()
        .filter(|r| match who.scope {
            Scope::All => true,
            Scope::Own => r.requester == who.id,
            Scope::Assigned => {
                r.assignee == Some(who.id) || r.role == who.role || r.requester == who.id
            }
            Scope::Company => {
                (who.company.is_some() && r.company == who.company) || r.requester == who.id
            }
        })
        .filter(|r| statuses.is_empty() || statuses.contains(&r.status.as_str()))
        .filter(|r| levels.is_empty() || levels.contains(&r.urgency.as_str()))
        .filter(|r| f.priority.is_none_or(|p| p.rank() == r.rank))
        .filter(|r| category.is_none() || r.category == category)
        .filter(|r| f.handling_role.as_ref().is_none_or(|h| *h == r.role))
        .filter(|r| assignee.is_none() || r.assignee == assignee)
        .filter(|r| !f.unassigned || r.assignee.is_none())
        .filter(|r| requester.is_none_or(|q| q == r.requester))
        .filter(|r| company.is_none() || r.company == company)
        .filter(|r| created_from.is_none_or(|t| r.created >= t))
        .filter(|r| updated_from.is_none_or(|t| r.updated >= t))
        .filter(|r| found.as_ref().is_none_or(|m| m.contains(&r.id)))
        .filter(|r| !f.closure_requested || r.closure)
        .filter(|r| !f.awaiting_staff || r.awaiting)
        .collect();
    let key = |r: &Row| match f.sort {
        Sort::Id => r.id,
        Sort::Updated => r.updated,
        Sort::Priority => r.rank,
    };
    kept.sort_by_key(|r| (key(r), r.id));
    if !f.ascending {
        kept.reverse();
    }
    kept.iter().map(|r| r.id).collect()
}

/// The first pages of the list, each through the cursor after the last.
fn listed(service: &Service, who: &Actor, f: &TicketFilter) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut cursor = None;
    for _ in 0..PAGES {
        let page = service.list_tickets(who, f, cursor, PAGE).unwrap();
        ids.extend(page.iter().map(|t| t.id));
        match page.last() {
            Some(last) if page.len() == PAGE as usize => cursor = Some(cursor_after(last, f.sort)),
            _ => break,
        }
    }
    ids
}

#[test]
fn every_combination_lists_exactly_the_reference_rows() {
    let demo = demo(1500);
    let conn = demo.service.store().conn();
    let rows = all_rows(conn);
    let combos = combinations(&demo.values);
    let mut nonempty = 0;
    for (actor, role) in &demo.actors {
        let who = reader(conn, actor, role);
        for Combo { label, filter } in &combos {
            let mut expected = reference(conn, &rows, &who, filter);
            expected.truncate(PAGES * PAGE as usize);
            let got = listed(&demo.service, actor, filter);
            assert_eq!(got, expected, "{role}: {label}");
            nonempty += usize::from(!got.is_empty());
        }
    }
    // The demo must give most combinations rows to compare.
    let tried = combos.len() * demo.actors.len();
    assert!(nonempty * 2 > tried, "only {nonempty} of {tried} had rows");
}

#[test]
fn only_the_documented_combinations_sort_their_rows_in_memory() {
    let demo = demo(300);
    let mut wrong = Vec::new();
    let mut by_design = 0;
    for (actor, role) in &demo.actors {
        for combo in combinations(&demo.values) {
            let expected = sorted_by_design(&combo.filter, role == "learner");
            by_design += usize::from(expected);
            let first = demo
                .service
                .list_tickets(actor, &combo.filter, None, 1)
                .unwrap();
            let cursor = first.last().map(|t| cursor_after(t, combo.filter.sort));
            for after in [None, cursor] {
                let plan = demo
                    .service
                    .explain_ticket_list(actor, &combo.filter, after, PAGE)
                    .unwrap();
                let sorted = plan.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY"));
                if sorted != expected {
                    let said = if sorted { "sorts" } else { "does not sort" };
                    wrong.push(format!(
                        "{role}: {} {said}\n{}",
                        combo.label,
                        plan.join("\n")
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(by_design > 0);
}
