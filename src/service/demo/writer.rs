//! Writes one demo ticket, or one step of its life, with its audit entry.

use super::json::{Object, Val};
use super::replay::{Context, Plan};
use super::steps::{self, Kind, Who};
use super::Directory;
use crate::domain::audit_action::AuditAction;
use crate::domain::sla::{Facts, Level};
use crate::domain::sla_clock::Change;
use crate::domain::ticket::Status;
use crate::service::sla::{self, SlaBook};
use crate::service::summary::Summary;
use crate::service::Result;
use crate::store::demo::{self, DemoComment, DemoEntry, DemoTicket, DemoTime, Loader};
use crate::store::Write;
use std::collections::HashMap;

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tickets: u64,
    pub comments: u64,
    pub time_entries: u64,
    pub ratings: u64,
    pub audit_entries: u64,
    /// Tickets per status, in the order of `Status::EVERY`.
    pub by_status: [u64; 6],
}

/// A step of a ticket already written, with the people it involves
/// (indexes into the roster).
pub struct Action {
    pub at: i64,
    pub ticket: i64,
    pub requester: usize,
    pub staff: usize,
    pub kind: Kind,
}

pub struct Writer<'a, 'w> {
    w: &'a Write<'w>,
    dir: &'a Directory,
    ctx: &'a Context,
    counts: Counts,
    /// Roster index of staff: when they were last handed a ticket.
    last_assigned: HashMap<usize, i64>,
    /// Rows on their way to the tables, and the audit chain's end.
    load: Loader<'a, 'w>,
    /// The policies and calendars each ticket's SLA state is computed with.
    book: SlaBook,
    /// Tickets whose SLA level is not `ok`: the level change a rebuild
    /// would record for each is logged at the end of the load.
    late: Vec<(i64, Level)>,
}

impl<'a, 'w> Writer<'a, 'w> {
    pub fn new(w: &'a Write<'w>, dir: &'a Directory, ctx: &'a Context) -> Result<Writer<'a, 'w>> {
        Ok(Writer {
            w,
            dir,
            ctx,
            counts: Counts::default(),
            last_assigned: HashMap::new(),
            load: Loader::start(w, ctx.now)?,
            book: SlaBook::load(w.conn(), ctx.sla.site_tz)?,
            late: Vec::new(),
        })
    }

    pub fn create(&mut self, plan: Plan) -> Result<i64> {
        let outcome = steps::outcome(plan.created_at, &plan.steps);
        let status = steps::last_status(&plan.steps);
        let has_assignee = plan.assigned || outcome.taken_unassigned;
        let dir = self.dir;
        let (requester_id, requester_login) = &dir.users[plan.requester];
        let (staff_id, staff_login) = &dir.users[plan.staff];
        let category_id = self.dir.category_ids.get(plan.topic.category).copied();
        let company_id = plan.company.map(|c| self.dir.company_ids[c]);
        let summary = Object::new()
            .value("title", plan.title.as_str())
            .value("priority", plan.priority.key())
            .value("category_id", category_id)
            .value("requester", requester_login.as_str())
            .value("company_id", company_id)
            .value("handling_role", plan.topic.role)
            .value("assignee", plan.assigned.then_some(staff_login.as_str()))
            .value("assigned_by", "least_loaded")
            .value("opened_from", plan.host.as_str())
            .into_json();
        let facts = Facts {
            role: plan.topic.role,
            priority: plan.priority,
            category_id,
            company_id,
        };
        let history = status_history(plan.created_at, &plan.steps);
        let awaiting_staff = steps::awaiting_staff(&plan.steps);
        let (thresholds, now) = (self.ctx.sla.thresholds, self.ctx.now);
        let sla = sla::compute_for(&self.book, thresholds, &facts, &history, now)?;
        let level = Level::parse(sla.urgency).unwrap_or(Level::Ok);
        let Plan {
            title,
            description,
            host,
            ..
        } = plan;
        let row = DemoTicket {
            title,
            description,
            status: status.key(),
            priority: plan.priority.key(),
            category_id,
            requester_id: *requester_id,
            company_id,
            handling_role: plan.topic.role,
            assignee_id: has_assignee.then_some(*staff_id),
            opened_from_host: host,
            closure_requested: outcome.closure_requested,
            created_at: plan.created_at,
            updated_at: outcome.updated_at,
            taken_at: outcome.taken_at,
            resolved_at: outcome.resolved_at,
            closed_at: outcome.closed_at,
            rating: outcome.rating,
            awaiting_staff,
            sla,
        };
        let id = self.load.ticket(row)?;
        if level != Level::Ok {
            self.late.push((id, level));
        }
        self.load
            .status(id, plan.created_at, Status::Waiting.key())?;
        if plan.assigned {
            self.assigned(plan.staff, plan.created_at);
        }
        self.audit(
            plan.created_at,
            Some(plan.requester),
            (AuditAction::TicketCreate, id),
            summary,
        )?;
        self.counts.tickets += 1;
        let position = Status::EVERY.iter().position(|s| *s == status).unwrap_or(0);
        self.counts.by_status[position] += 1;
        if outcome.rating.is_some() {
            self.counts.ratings += 1;
        }
        Ok(id)
    }

    pub fn step(&mut self, p: &Action) -> Result<()> {
        let person = |who: Who| match who {
            Who::Requester => Some(p.requester),
            Who::Staff => Some(p.staff),
            Who::System => None,
        };
        match p.kind {
            Kind::Status {
                from,
                to,
                by,
                comment,
                takes,
                reason,
            } => {
                let mut summary = Object::new().change("status", from.key(), to.key());
                if takes {
                    let login = self.dir.users[p.staff].1.as_str();
                    summary = summary.change("assignee", Val::Null, login);
                    self.assigned(p.staff, p.at);
                }
                if let Some(text) = comment {
                    let author = person(by).unwrap_or(p.staff);
                    let id = self.comment(p, author, text, false)?;
                    summary = summary.value("comment_id", id).value("comment", text);
                }
                if let Some(reason) = reason {
                    summary = summary.value("reason", reason);
                }
                self.load.status(p.ticket, p.at, to.key())?;
                let action = if by == Who::System {
                    AuditAction::TicketAutoClose
                } else {
                    AuditAction::TicketStatus
                };
                self.audit(p.at, person(by), (action, p.ticket), summary.into_json())
            }
            Kind::Comment { by, body, internal } => {
                let author = person(by).unwrap_or(p.staff);
                let id = self.comment(p, author, body, internal)?;
                let summary = Object::new().value("comment_id", id).value("text", body);
                let action = if internal {
                    AuditAction::TicketCommentInternal
                } else {
                    AuditAction::TicketComment
                };
                self.audit(p.at, Some(author), (action, p.ticket), summary.into_json())
            }
            Kind::Time { minutes, note } => self.time(p, minutes, note),
            Kind::Rate { score, comment } => {
                let summary = Object::new().change("rating", Val::Null, score).change(
                    "rating_comment",
                    Val::Null,
                    comment,
                );
                let summary = summary.into_json();
                self.audit(
                    p.at,
                    Some(p.requester),
                    (AuditAction::TicketRate, p.ticket),
                    summary,
                )
            }
            Kind::ClosureRequest { body } => {
                let id = self.comment(p, p.requester, body, false)?;
                let summary = Object::new()
                    .change("closure_requested", false, true)
                    .value("comment_id", id)
                    .value("comment", body)
                    .into_json();
                self.audit(
                    p.at,
                    Some(p.requester),
                    (AuditAction::TicketClosureRequest, p.ticket),
                    summary,
                )
            }
        }
    }

    fn comment(
        &mut self,
        p: &Action,
        author: usize,
        body: &'static str,
        internal: bool,
    ) -> Result<i64> {
        let row = DemoComment {
            ticket_id: p.ticket,
            author_id: self.dir.users[author].0,
            body,
            internal,
            at: p.at,
        };
        let id = self.load.comment(row)?;
        self.counts.comments += 1;
        Ok(id)
    }

    fn time(&mut self, p: &Action, minutes: i64, note: &'static str) -> Result<()> {
        let worked_on = chrono::DateTime::from_timestamp(p.at, 0)
            .map(|t| t.with_timezone(&self.ctx.tz).date_naive().to_string())
            .unwrap_or_default();
        let row = DemoTime {
            ticket_id: p.ticket,
            author_id: self.dir.users[p.staff].0,
            minutes,
            worked_on: worked_on.clone(),
            note,
            at: p.at,
        };
        let id = self.load.time(row)?;
        self.counts.time_entries += 1;
        let summary = Object::new()
            .value("time_entry_id", id)
            .value("minutes", minutes)
            .value("worked_on", worked_on.as_str())
            .value("note", note)
            .into_json();
        self.audit(
            p.at,
            Some(p.staff),
            (AuditAction::TicketTime, p.ticket),
            summary,
        )
    }

    fn assigned(&mut self, staff: usize, at: i64) {
        let last = self.last_assigned.entry(staff).or_insert(at);
        *last = (*last).max(at);
    }

    /// One audit entry about a ticket, by a person of the roster or (None)
    /// by the system.
    fn audit(
        &mut self,
        at: i64,
        actor: Option<usize>,
        (action, ticket): (AuditAction, i64),
        summary: String,
    ) -> Result<()> {
        let dir = self.dir;
        let entry = DemoEntry {
            at,
            actor: actor.map(|index| {
                let (id, login) = &dir.users[index];
                (*id, login.as_str())
            }),
            action,
            object_id: ticket.to_string(),
            summary,
        };
        self.load.audit(entry)?;
        self.counts.audit_entries += 1;
        Ok(())
    }

    /// What `sla rebuild` would log after the load: each level change
    /// (from `ok`, notifying nobody: the lateness is not news), then the
    /// recomputation of every ticket.
    fn log_sla_state(&mut self) -> Result<()> {
        let now = self.ctx.now;
        for (id, level) in std::mem::take(&mut self.late) {
            let summary = Summary::new()
                .change("urgency", Level::Ok.key(), level.key())
                .value("notified", 0usize)
                .build();
            let entry = DemoEntry {
                at: now,
                actor: None,
                action: AuditAction::TicketUrgency,
                object_id: id.to_string(),
                summary: summary.to_string(),
            };
            self.load.audit(entry)?;
            self.counts.audit_entries += 1;
        }
        let summary = Summary::new().value("tickets", self.counts.tickets).build();
        self.load.audit(DemoEntry {
            at: now,
            actor: None,
            action: AuditAction::SlaCompute,
            object_id: "*".to_string(),
            summary: summary.to_string(),
        })?;
        self.counts.audit_entries += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Counts> {
        self.log_sla_state()?;
        self.load.finish()?;
        let mut last: Vec<(usize, i64)> = self.last_assigned.into_iter().collect();
        last.sort_unstable();
        for (staff, at) in last {
            demo::set_last_assigned(self.w, self.dir.users[staff].0, at)?;
        }
        Ok(self.counts)
    }
}

/// The statuses a ticket enters, as its status log will hold them: opened
/// waiting, then each status step in order.
fn status_history(created_at: i64, steps: &[steps::Step]) -> Vec<Change> {
    let entered = steps.iter().filter_map(|s| match s.kind {
        Kind::Status { to, .. } => Some(Change {
            at: s.at,
            status: to,
        }),
        _ => None,
    });
    let opened = Change {
        at: created_at,
        status: Status::Waiting,
    };
    std::iter::once(opened).chain(entered).collect()
}
