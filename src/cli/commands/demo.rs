//! `guichet demo`: fills a new database with demo data and shows, once,
//! who can sign in and with which password.

use crate::cli::{CliResult, Ctx};
use crate::domain::ticket::Status;
use crate::domain::Msg;
use crate::i18n::I18n;
use crate::service::demo::{DemoProgress, DemoStep};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Logins listed per role; the rest are one `user list --role` away.
const SHOWN: usize = 8;

pub fn run(ctx: &mut Ctx, (tickets, clients): (u64, u64), seed: u64) -> CliResult {
    let started = Instant::now();
    let mut shown = Progress::new(&ctx.i18n);
    let demo = ctx
        .service
        .fill_demo_showing((tickets, clients), seed, &mut |p| shown.report(p))?;
    drop(shown);
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

/// How often a terminal's progress line is drawn again.
const REDRAW: Duration = Duration::from_millis(200);

/// Shows the load's progress on stderr: on a terminal, one line drawn
/// again as it goes; otherwise one line per step as it ends, with its
/// time (what a log or a benchmark wants).
struct Progress<'a> {
    i18n: &'a I18n,
    terminal: bool,
    step: Option<(DemoStep, Instant)>,
    drawn: Option<Instant>,
}

impl<'a> Progress<'a> {
    fn new(i18n: &'a I18n) -> Progress<'a> {
        Progress {
            i18n,
            terminal: std::io::stderr().is_terminal(),
            step: None,
            drawn: None,
        }
    }

    fn report(&mut self, progress: DemoProgress) {
        match progress {
            DemoProgress::Step(step) => {
                self.end_step();
                self.step = Some((step, Instant::now()));
                self.draw(None, true);
            }
            DemoProgress::Tickets { done, total } => self.draw(Some((done, total)), false),
            DemoProgress::Done => self.end_step(),
        }
    }

    fn msg(&self, key: &'static str, step: DemoStep, since: Instant) -> Msg {
        let seconds = format!("{:.1}", since.elapsed().as_secs_f64());
        Msg::new(key)
            .arg("step", self.i18n.text(step.key()))
            .arg("seconds", seconds)
    }

    /// On a terminal: the step's line, at most every [`REDRAW`] unless
    /// `now`.
    fn draw(&mut self, tickets: Option<(u64, u64)>, now: bool) {
        let Some((step, since)) = self.step else {
            return;
        };
        let due = self.drawn.is_none_or(|at| at.elapsed() >= REDRAW);
        if !self.terminal || !(now || due) {
            return;
        }
        self.drawn = Some(Instant::now());
        let msg = match tickets {
            Some((done, total)) => self
                .msg("cli.demo_progress_tickets", step, since)
                .arg("done", done)
                .arg("total", total),
            None => self.msg("cli.demo_progress", step, since),
        };
        // Back to the line's start and clear it: the line is drawn again.
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{}", self.i18n.render(&msg));
        let _ = err.flush();
    }

    /// The step just over: its time on a line of its own.
    fn end_step(&mut self) {
        let Some((step, since)) = self.step.take() else {
            return;
        };
        let line = self
            .i18n
            .render(&self.msg("cli.demo_progress_done", step, since));
        if self.terminal {
            eprint!("\r\x1b[2K");
        }
        eprintln!("{line}");
    }
}

impl Drop for Progress<'_> {
    /// A load that failed leaves no half-drawn line behind its error.
    fn drop(&mut self) {
        if self.terminal && self.step.is_some() {
            eprintln!();
        }
    }
}
