//! Plans the demo tickets and writes them and everything that happened to
//! them, hour by hour over the year: tickets are planned as they are
//! created, and each later step waits in a queue for its hour. The audit
//! log thus reads in time order (to the hour), as in real use.

use super::life;
use super::people::COMPANIES;
use super::progress::{DemoProgress, Report};
use super::rng::Rng;
use super::steps::{Kind, Step};
use super::texts::{self, Side};
use super::writer::{Action, Counts, Writer};
use super::Directory;
use crate::domain::ticket::{Priority, Status};
use crate::service::Result;
use crate::store::Write;
use std::collections::HashMap;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

pub struct Context {
    pub now: i64,
    pub reopen_secs: i64,
    pub tz: chrono_tz::Tz,
    pub sla: crate::service::sla::SlaSettings,
}

/// Creation instants over the year before `now`, oldest first: working
/// days mostly, office hours (in UTC, about 8:00 to 18:30 in Paris).
pub fn creation_times(rng: &mut Rng, n: u64, now: i64) -> Vec<i64> {
    let start = now - 365 * DAY;
    let first_day = start - start.rem_euclid(DAY);
    let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    while (out.len() as u64) < n {
        let day = first_day + rng.range(0, 366) * DAY;
        // 1970-01-01 was a Thursday: 5 and 6 are Saturday and Sunday.
        let weekend = (day / DAY + 3).rem_euclid(7) >= 5;
        if weekend && rng.chance(85) {
            continue;
        }
        let at = day + 7 * HOUR + rng.range(0, 10 * HOUR + 30 * MINUTE);
        if at >= start && at < now - MINUTE {
            out.push(at);
        }
    }
    out.sort_unstable();
    out
}

/// A step waiting for its time; `ticket` is the creation index.
struct Pending {
    at: i64,
    seq: u64,
    ticket: usize,
    requester: usize,
    staff: usize,
    kind: Kind,
}

/// Steps waiting for their hour: a list for each hour from the first
/// ticket's on, sorted by time and order of planning when the hour comes
/// (as a priority queue would give them, without its cost at millions of
/// steps).
struct Queue {
    first_hour: i64,
    hours: Vec<Vec<Pending>>,
    /// The hour being written; nothing before it is kept.
    current: usize,
}

impl Queue {
    fn new(first: i64) -> Queue {
        Queue {
            first_hour: first.div_euclid(HOUR),
            hours: Vec::new(),
            current: 0,
        }
    }

    fn index(&self, at: i64) -> usize {
        usize::try_from(at.div_euclid(HOUR) - self.first_hour).unwrap_or(0)
    }

    fn push(&mut self, step: Pending) {
        let i = self.index(step.at).max(self.current);
        if i >= self.hours.len() {
            self.hours.resize_with(i + 1, Vec::new);
        }
        self.hours[i].push(step);
    }

    /// When the first hour with steps waiting starts.
    fn next_hour(&mut self) -> Option<i64> {
        while self.hours.get(self.current).is_some_and(Vec::is_empty) {
            self.current += 1;
        }
        let hour = self.first_hour + i64::try_from(self.current).ok()?;
        (self.current < self.hours.len()).then_some(hour * HOUR)
    }

    /// Makes the hour starting at `start` the current one (it is not
    /// before the first hour with steps waiting).
    fn enter(&mut self, start: i64) {
        self.current = self.index(start);
    }

    /// The steps of the current hour, in order.
    fn take(&mut self) -> Vec<Pending> {
        let mut steps = self
            .hours
            .get_mut(self.current)
            .map(std::mem::take)
            .unwrap_or_default();
        steps.sort_unstable_by_key(|p| (p.at, p.seq));
        steps
    }
}

/// Roster indexes of the people tickets come from and go to.
struct Crowd {
    learners: Vec<usize>,
    clients: Vec<usize>,
    by_role: HashMap<&'static str, Vec<usize>>,
}

impl Crowd {
    fn of(dir: &Directory) -> Crowd {
        let mut crowd = Crowd {
            learners: Vec::new(),
            clients: Vec::new(),
            by_role: HashMap::new(),
        };
        for (index, p) in dir.people.iter().enumerate() {
            match p.role {
                "learner" => crowd.learners.push(index),
                "client" => crowd.clients.push(index),
                role => crowd.by_role.entry(role).or_default().push(index),
            }
        }
        crowd
    }
}

/// What happens in one hour: tickets created, and steps of older ones.
enum Event {
    Create(Box<Plan>),
    Step(Pending),
}

/// Writes every ticket and step, an hour of the year at a time. Within the
/// hour, the first event of each ticket comes first (in ticket order), then
/// the second, and so on: each ticket's history stays in time order, and
/// the search index is written in ascending ticket order. FTS5 flushes its
/// pending data whenever a document id goes down, so writing events in
/// plain time order (comments on older tickets between new tickets) made
/// it flush at almost every comment: 1M tickets took 543 s that way, 414 s
/// this way.
pub(crate) fn tickets(
    w: &Write,
    rng: &mut Rng,
    created: &[i64],
    dir: &Directory,
    ctx: &Context,
    report: Report,
) -> Result<Counts> {
    let mut replay = Replay {
        crowd: Crowd::of(dir),
        created,
        next: 0,
        seq: 0,
        queue: Queue::new(created.first().copied().unwrap_or(0)),
        ids: Vec::with_capacity(created.len()),
    };
    let mut out = Writer::new(w, dir, ctx)?;
    let total = created.len() as u64;
    while let Some(start) = replay.next_hour() {
        let hour = replay.hour(rng, dir, ctx, start);
        replay.write(&mut out, hour)?;
        let done = replay.next as u64;
        report(DemoProgress::Tickets { done, total });
    }
    out.finish()
}

struct Replay<'a> {
    crowd: Crowd,
    created: &'a [i64],
    /// The next ticket to create (index into `created`).
    next: usize,
    seq: u64,
    queue: Queue,
    /// Ticket ids, by creation index.
    ids: Vec<i64>,
}

impl Replay<'_> {
    /// When the next hour with a creation or a step starts.
    fn next_hour(&mut self) -> Option<i64> {
        let create = self
            .created
            .get(self.next)
            .map(|at| at - at.rem_euclid(HOUR));
        match (create, self.queue.next_hour()) {
            (Some(c), Some(s)) => Some(c.min(s)),
            (c, s) => c.or(s),
        }
    }

    /// Plans the tickets created in the hour from `start` and takes every
    /// step due in it, each with its rank among the events of its ticket.
    fn hour(
        &mut self,
        rng: &mut Rng,
        dir: &Directory,
        ctx: &Context,
        start: i64,
    ) -> Vec<(u32, usize, Event)> {
        let end = start + HOUR;
        self.queue.enter(start);
        let mut hour = Vec::new();
        let mut rank: HashMap<usize, u32> = HashMap::new();
        while let Some(&at) = self.created.get(self.next).filter(|at| **at < end) {
            let index = self.next;
            let forced = forced_status(index, self.created.len());
            let plan = plan_ticket(rng, &self.crowd, dir, ctx, (at, forced));
            for step in &plan.steps {
                self.seq += 1;
                let (seq, requester, staff, kind) =
                    (self.seq, plan.requester, plan.staff, step.kind);
                let pending = Pending {
                    at: step.at,
                    seq,
                    ticket: index,
                    requester,
                    staff,
                    kind,
                };
                self.queue.push(pending);
            }
            rank.insert(index, 1);
            hour.push((0, index, Event::Create(Box::new(plan))));
            self.next += 1;
        }
        for step in self.queue.take() {
            let r = rank.entry(step.ticket).or_insert(0);
            hour.push((*r, step.ticket, Event::Step(step)));
            *r += 1;
        }
        hour.sort_by_key(|(r, ticket, _)| (*r, *ticket));
        hour
    }

    fn write(&mut self, out: &mut Writer, hour: Vec<(u32, usize, Event)>) -> Result<()> {
        for (_, index, event) in hour {
            match event {
                Event::Create(plan) => self.ids.push(out.create(*plan)?),
                Event::Step(p) => {
                    // Its creation was written before: an earlier hour, or rank 0.
                    let ticket = self.ids.get(index).copied().unwrap_or_default();
                    let (at, requester, staff, kind) = (p.at, p.requester, p.staff, p.kind);
                    out.step(&Action {
                        at,
                        ticket,
                        requester,
                        staff,
                        kind,
                    })?;
                }
            }
        }
        Ok(())
    }
}

/// The newest six tickets end in each status once, so that even a small
/// demo shows every status.
fn forced_status(index: usize, n: usize) -> Option<Status> {
    let from_end = n.checked_sub(index + 1)?;
    Status::EVERY.get(from_end).copied()
}

/// A ticket about to be written, and the steps of its life.
pub struct Plan {
    pub requester: usize,
    pub staff: usize,
    pub topic: &'static texts::Topic,
    pub company: Option<usize>,
    pub priority: Priority,
    pub assigned: bool,
    pub created_at: i64,
    pub title: String,
    pub description: String,
    pub host: String,
    pub steps: Vec<Step>,
}

fn plan_ticket(
    rng: &mut Rng,
    crowd: &Crowd,
    dir: &Directory,
    ctx: &Context,
    (created_at, forced): (i64, Option<Status>),
) -> Plan {
    let side = if rng.chance(75) {
        Side::Centre
    } else {
        Side::Agency
    };
    let requester = rng.pick(if side == Side::Centre {
        &crowd.learners
    } else {
        &crowd.clients
    });
    let topic = texts::topic_for(rng, side);
    // Every topic's role has staff (a test checks); else the admin handles it.
    let staff = crowd
        .by_role
        .get(topic.role)
        .map_or(0, |members| rng.pick(members));
    let person = &dir.people[requester];
    let company = person.company;
    let domain = company.map_or("", |c| COMPANIES[c].1);
    let first_name = person.full_name.split_whitespace().next().unwrap_or("");
    let title = texts::title(rng, topic, domain);
    let description = texts::description(rng, topic, first_name);
    let host = match side {
        Side::Centre => format!("salle{}-pc{:02}", rng.range(1, 9), rng.range(1, 25)),
        Side::Agency => String::new(),
    };
    let priority = rng.weighted(&[
        (Priority::Low, 20),
        (Priority::Normal, 55),
        (Priority::High, 18),
        (Priority::Critical, 7),
    ]);
    let status = forced.unwrap_or_else(|| life::final_status(rng, ctx.now - created_at));
    let assigned = rng.chance(if status == Status::Waiting { 70 } else { 85 });
    let mut steps = life::steps(
        rng,
        topic,
        status,
        (created_at, ctx.now),
        assigned,
        ctx.reopen_secs,
    );
    if let Some((settled, mut side)) = life::settle_old(status, ctx.now - created_at, created_at) {
        let span = (created_at, ctx.now);
        steps = life::steps(&mut side, topic, settled, span, assigned, ctx.reopen_secs);
    }
    Plan {
        requester,
        staff,
        topic,
        company,
        priority,
        assigned,
        created_at,
        title,
        description,
        host,
        steps,
    }
}
