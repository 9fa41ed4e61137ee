//! `guichet demo`: fills a new database with demo data and shows, once,
//! who can sign in and with which password.

use crate::cli::{CliResult, Ctx};
use crate::domain::ticket::Status;
use crate::domain::Msg;
use std::time::Instant;

/// Logins listed per role; the rest are one `user list --role` away.
const SHOWN: usize = 8;

pub fn run(ctx: &mut Ctx, (tickets, clients): (u64, u64), seed: u64) -> CliResult {
    let started = Instant::now();
    let demo = ctx.service.fill_demo_sized(tickets, seed, clients)?;
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    let c = &demo.counts;
    let users: usize = demo.logins.iter().map(|(_, l)| l.len()).sum();
    ctx.say(
        &Msg::new("cli.demo_ready")
            .arg("seconds", seconds)
            .arg("users", users)
            .arg("programmes", demo.programmes)
            .arg("cohorts", demo.cohorts)
            .arg("companies", demo.companies)
            .arg("categories", demo.categories)
            .arg("tickets", c.tickets)
            .arg("comments", c.comments)
            .arg("time_entries", c.time_entries)
            .arg("ratings", c.ratings)
            .arg("audit", c.audit_entries),
    );
    let statuses: Vec<String> = Status::EVERY
        .iter()
        .zip(c.by_status)
        .map(|(status, n)| format!("{status} {n}"))
        .collect();
    ctx.say(&Msg::new("cli.demo_statuses").arg("list", statuses.join(", ")));
    ctx.say(
        &Msg::new("cli.demo_crm")
            .arg("companies", demo.crm.companies)
            .arg("clients", demo.crm.clients)
            .arg("contracts", demo.crm.contracts)
            .arg("events", demo.crm.events),
    );
    for (role, logins) in &demo.logins {
        let shown: Vec<&str> = logins.iter().take(SHOWN).map(String::as_str).collect();
        ctx.say(
            &Msg::new("cli.demo_logins")
                .arg("role", role)
                .arg("count", logins.len())
                .arg("logins", shown.join(", ")),
        );
        if logins.len() > SHOWN {
            ctx.say(
                &Msg::new("cli.demo_more")
                    .arg("count", logins.len() - SHOWN)
                    .arg("role", role),
            );
        }
    }
    ctx.say(&Msg::new("cli.demo_password").arg("password", &demo.password));
    ctx.say(&Msg::new("cli.demo_sign_in"));
    Ok(())
}
