//! Keeping urgency true as time passes: the pass the background worker
//! runs, a full rebuild of every ticket's SLA state, and the urgency queue.

use super::sla::{self, Escalated, LevelChange, Recipients, SlaBook};
use super::summary::Summary;
use super::{Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::Calendar;
use crate::domain::sla::floor;
use crate::domain::sla_clock::Steps;
use crate::domain::Capability;
use crate::store::sla_state::{self, Due, QueueCursor, SlaTicket};
use crate::store::{self, audit::NewEntry, tickets, Write};

/// The most tickets one pass moves in one transaction; a pass with more
/// due goes on in further transactions.
const PASS_BATCH: u32 = 20_000;

/// Tickets recomputed per read during a rebuild, and per transaction when
/// a pass computes the state of tickets that have none (after an upgrade):
/// each such transaction took about 0.05 s of CPU time at a million
/// tickets, level changes and their audit entries included, far within
/// another command's wait for the write lock (`busy_timeout`, 5 s).
const REBUILD_BATCH: u32 = 2_000;

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassReport {
    pub changes: Vec<LevelChange>,
    /// Resolved tickets closed because their reopen window ended.
    pub closed: usize,
    /// Open tickets whose SLA state was computed for the first time (after
    /// an upgrade, a demo load or a removed policy).
    pub computed: usize,
}

impl PassReport {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.closed == 0 && self.computed == 0
    }
}

/// What a rebuild did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RebuildReport {
    pub tickets: usize,
    pub changes: Vec<LevelChange>,
}

impl Service {
    /// One pass of the urgency worker: moves every ticket whose level is
    /// due to change, computes the state of open tickets that have none,
    /// and closes expired resolutions. When nothing is due it costs two
    /// index probes and writes nothing. Each change is made once even when
    /// several processes pass at the same moment: the due rows are read
    /// again inside the `BEGIN IMMEDIATE` transaction that changes them.
    pub fn urgency_pass(&mut self) -> Result<PassReport> {
        self.urgency_pass_computing(None)
    }

    /// The same, computing at most `batches` batches of tickets with no
    /// SLA state (None: all of them). A person's command passes with one:
    /// after an upgrade, the backlog is the worker's (`urgency run`, the
    /// dashboard), a batch at a time in its own short transaction, and no
    /// command waits for all of it.
    pub fn urgency_pass_computing(&mut self, batches: Option<usize>) -> Result<PassReport> {
        let mut report = PassReport {
            closed: self.close_expired_resolutions()?,
            ..PassReport::default()
        };
        let now = self.now();
        while sla_state::any_due(self.store.conn(), now)? {
            let changes = self.store.write(|w| move_due(w, now))?;
            let done = changes.len() < PASS_BATCH as usize;
            report.changes.extend(changes);
            if done {
                break;
            }
        }
        let mut left = batches.unwrap_or(usize::MAX);
        while left > 0 && sla_state::any_pending(self.store.conn())? {
            left -= 1;
            let settings = self.sla_settings();
            let (computed, changes) = self.store.write(|w| {
                let book = SlaBook::load(w.conn(), settings.site_tz)?;
                let pending = sla_state::pending(w.conn(), REBUILD_BATCH)?;
                // A first computation notifies nobody: the ticket did not
                // just become late, its lateness was not known until now.
                let changes = recompute(w, &book, settings.thresholds, &pending, false, now)?;
                if changes.is_empty() && !pending.is_empty() {
                    record_recompute(w, None, AuditAction::SlaCompute, pending.len(), now)?;
                }
                Ok::<_, Error>((pending.len(), changes))
            })?;
            report.computed += computed;
            report.changes.extend(changes);
            if computed < REBUILD_BATCH as usize {
                break;
            }
        }
        Ok(report)
    }

    /// Recomputes the SLA state of every ticket (open or not) from its
    /// history under the current policies, in one transaction: after
    /// changing the urgency thresholds, or to check the stored state.
    pub fn rebuild_sla(&mut self, actor: &Actor) -> Result<RebuildReport> {
        self.authorize(actor, Capability::SlaManage)?;
        let (now, settings) = (self.now(), self.sla_settings());
        self.store.write(|w| {
            let report = rebuild(w, settings, false, now)?;
            record_recompute(w, Some(actor), AuditAction::SlaRebuild, report.tickets, now)?;
            Ok(report)
        })
    }

    /// One page of the urgency queue: open tickets in the actor's scope,
    /// most urgent first, then by deadline. `breaching_within`: only those
    /// whose deadline falls within that much business time of now (or has
    /// passed), each counted in its own policy's calendar.
    pub fn urgency_queue(
        &self,
        actor: &Actor,
        breaching_within: Option<i64>,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> Result<Vec<tickets::Ticket>> {
        let me = self.authorize(actor, Capability::TicketRead)?;
        let visibility = self.visibility(&me);
        let conn = self.store.conn();
        let Some(within) = breaching_within else {
            return Ok(sla_state::queue_page(
                conn,
                &visibility,
                None,
                after,
                limit,
            )?);
        };
        let now = self.now();
        let book = SlaBook::load(conn, self.settings.timezone)?;
        let horizon = |c: &Calendar| c.add_business(now, within).unwrap_or(now);
        // The furthest cutoff of any calendar bounds the query; each row
        // is then checked in its own calendar.
        let cutoff = book.calendars.values().map(|(_, c)| horizon(c)).max();
        let mut out = Vec::new();
        let mut cursor = after;
        loop {
            let page = sla_state::queue_page(conn, &visibility, cutoff, cursor, limit)?;
            let exhausted = page.len() < limit as usize;
            cursor = page.last().map(sla_state::queue_cursor_after);
            for t in page {
                let calendar = t
                    .sla
                    .policy_id
                    .and_then(|p| book.policies.iter().find(|x| x.id == p))
                    .and_then(|p| book.calendars.get(&p.calendar_id));
                let due = t.sla.resolution_due.unwrap_or(i64::MAX);
                if calendar.is_none_or(|(_, c)| due <= horizon(c)) && out.len() < limit as usize {
                    out.push(t);
                }
            }
            if exhausted || out.len() >= limit as usize {
                return Ok(out);
            }
        }
    }

    /// How the store reads a page of this actor's queue (`EXPLAIN QUERY
    /// PLAN`), with a cutoff when `breaching`: for benchmarks.
    pub fn urgency_queue_plan(
        &self,
        actor: &Actor,
        breaching: bool,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> Result<Vec<String>> {
        let me = self.authorize(actor, Capability::TicketRead)?;
        let visibility = self.visibility(&me);
        let cutoff = breaching.then(|| self.now());
        Ok(sla_state::queue_plan(
            self.store.conn(),
            &visibility,
            cutoff,
            after,
            limit,
        )?)
    }
}

/// Moves the due tickets to the level their stored steps give for `now`.
fn move_due(w: &Write, now: i64) -> Result<Vec<LevelChange>> {
    let mut recipients = Recipients::default();
    let mut changes = Vec::new();
    for due in sla_state::due(w.conn(), now, PASS_BATCH)? {
        if let Some(change) = move_one(w, &mut recipients, &due, now)? {
            changes.push(change);
        }
    }
    Ok(changes)
}

fn move_one(
    w: &Write,
    recipients: &mut Recipients,
    due: &Due,
    now: i64,
) -> Result<Option<LevelChange>> {
    let steps = Steps {
        soon_at: due.soon_at,
        urgent_at: due.urgent_at,
        overdue_at: due.overdue_at,
    };
    let priority = due.priority;
    let (to, next) = steps.level_at(floor(priority), now);
    let from = due.urgency;
    if !sla_state::advance_urgency(w, due.id, from.key(), to.key(), next, now)? {
        return Ok(None);
    }
    if from == to {
        // Steps stored under other thresholds, say: the level stays, the
        // next instant moves, and the log says so.
        let summary = Summary::new()
            .value("urgency", to.key())
            .value("next_change", next)
            .build();
        let entry = NewEntry::system(
            now,
            AuditAction::TicketUrgencyResync,
            &due.id.to_string(),
            summary.to_string(),
        );
        store::audit::append(w, &entry)?;
        return Ok(None);
    }
    let ticket = Escalated {
        id: due.id,
        title: &due.title,
        assignee: due.assignee_id,
        role: &due.handling_role,
    };
    sla::record_level_change(w, recipients, &ticket, (from, to), true, now).map(Some)
}

/// Recomputes the state of `tickets`, recording each change of level.
fn recompute(
    w: &Write,
    book: &SlaBook,
    thresholds: crate::domain::sla::Thresholds,
    tickets: &[SlaTicket],
    notify: bool,
    now: i64,
) -> Result<Vec<LevelChange>> {
    let (Some(first), Some(last)) = (tickets.first(), tickets.last()) else {
        return Ok(Vec::new());
    };
    let rows = sla_state::status_histories(w.conn(), first.id, last.id)?;
    let mut recipients = Recipients::default();
    let mut changes = Vec::new();
    let mut rest = rows.as_slice();
    for ticket in tickets {
        let start = rest.partition_point(|r| r.0 < ticket.id);
        let end = rest.partition_point(|r| r.0 <= ticket.id);
        let own: Vec<(i64, String)> = rest[start..end]
            .iter()
            .map(|(_, at, s)| (*at, s.clone()))
            .collect();
        rest = &rest[end..];
        let state = sla::compute(book, thresholds, ticket, &sla::history(&own), now)?;
        changes.extend(sla::store_state(
            w,
            &mut recipients,
            ticket,
            &state,
            notify,
            now,
        )?);
    }
    Ok(changes)
}

/// Recomputes every ticket (or every open one) inside `w`.
pub(crate) fn rebuild(
    w: &Write,
    settings: sla::SlaSettings,
    open_only: bool,
    now: i64,
) -> Result<RebuildReport> {
    recompute_every(w, settings, open_only, true, now)
}

fn recompute_every(
    w: &Write,
    settings: sla::SlaSettings,
    open_only: bool,
    notify: bool,
    now: i64,
) -> Result<RebuildReport> {
    let book = SlaBook::load(w.conn(), settings.site_tz)?;
    let mut report = RebuildReport::default();
    let mut after = 0;
    loop {
        let batch = sla_state::sla_tickets_after(w.conn(), after, open_only, REBUILD_BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(report);
        };
        after = last.id;
        report.tickets += batch.len();
        let changes = recompute(w, &book, settings.thresholds, &batch, notify, now)?;
        report.changes.extend(changes);
    }
}

/// The audit entry of a recomputation, by an actor or by the system.
pub(crate) fn record_recompute(
    w: &Write,
    actor: Option<&Actor>,
    action: AuditAction,
    tickets: usize,
    now: i64,
) -> Result<()> {
    let summary = Summary::new().value("tickets", tickets).build().to_string();
    let mut entry = NewEntry::system(now, action, "*", summary);
    if let Some(a) = actor {
        entry.actor_id = Some(a.id);
        entry.actor_login = a.login.clone();
    }
    store::audit::append(w, &entry)?;
    Ok(())
}
