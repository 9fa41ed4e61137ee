//! `sla explain`: which policy and calendar apply to a ticket and why, its
//! targets as elapsed / remaining / deadline, and the timeline of its
//! clock, so that anyone can check the arithmetic by hand.

use super::sla::{self, SlaBook};
use super::{Actor, Result, Service};
use crate::domain::sla::{Condition, Level, Thresholds};
use crate::domain::sla_clock::{self, Segment, Target};
use crate::domain::ticket::{Priority, Status};
use crate::domain::Capability;
use crate::store::sla_state;

/// A policy tried before the one that applied, and the conditions it set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tried {
    pub name: String,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub ticket: i64,
    pub status: Status,
    pub priority: Priority,
    pub now: i64,
    /// Policies tried in order before the one that applied.
    pub skipped: Vec<Tried>,
    pub policy: Tried,
    pub policy_is_default: bool,
    pub calendar: String,
    /// The calendar's time zone, as used.
    pub timezone: String,
    pub first_response: Option<Target>,
    pub first_responded_at: Option<i64>,
    /// The first response once given: the clock stopped there, so the
    /// block says it was met (or late) rather than counting down.
    pub first_answer: Option<Answer>,
    pub resolution: Option<Target>,
    pub thresholds: Thresholds,
    /// The level the rules give now, and the one stored on the ticket (the
    /// worker brings them together within `urgency.interval_secs`).
    pub level: Level,
    pub stored_level: Level,
    pub next_change: Option<i64>,
    pub segments: Vec<Segment>,
    pub elapsed: i64,
}

/// When the first response was given and the business time it took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    pub at: i64,
    pub after: i64,
    /// Within its target (always true when the policy sets none).
    pub in_time: bool,
}

impl Service {
    pub fn explain_sla(&self, actor: &Actor, id: i64) -> Result<Explanation> {
        self.ticket_access(actor, id, Capability::TicketRead)?;
        let conn = self.store.conn();
        let now = self.now();
        let ticket =
            sla_state::sla_ticket(conn, id)?.ok_or_else(|| super::not_found("ticket", id))?;
        let book = SlaBook::load(conn, self.settings.timezone)?;
        let facts = sla::facts(&ticket);
        let policy = book.policy_for(&facts)?;
        let skipped = book
            .policies
            .iter()
            .take_while(|p| p.id != policy.id)
            .map(|p| Tried {
                name: p.name.clone(),
                conditions: p.rule.check(&facts),
            })
            .collect();
        let (calendar_row, calendar) = book.calendar(policy.calendar_id)?;
        let history = sla::history(&sla_state::status_history(conn, id)?);
        let reading = sla_clock::read(&history, calendar, now);
        let thresholds = self.settings.thresholds;
        let resolution_total = policy.targets.resolution_for(facts.priority);
        let urgency = sla_clock::urgency(
            &reading,
            calendar,
            resolution_total,
            facts.priority,
            thresholds,
        );
        let target = |total: Option<i64>| total.map(|t| sla_clock::target(&reading, calendar, t));
        // A first response given stops its own clock at that instant.
        let responded = ticket
            .first_responded_at
            .map(|at| sla_clock::read(&history, calendar, at.min(now)));
        let first_response = policy
            .targets
            .first_response_for(facts.priority)
            .map(|t| sla_clock::target(responded.as_ref().unwrap_or(&reading), calendar, t));
        let first_answer = ticket.first_responded_at.map(|at| Answer {
            at,
            after: responded.as_ref().map_or(0, |r| r.elapsed),
            in_time: first_response.as_ref().is_none_or(|t| t.remaining >= 0),
        });
        Ok(Explanation {
            ticket: id,
            status: ticket.status,
            priority: facts.priority,
            now,
            skipped,
            policy: Tried {
                name: policy.name.clone(),
                conditions: policy.rule.check(&facts),
            },
            policy_is_default: policy.is_default,
            calendar: calendar_row.name.clone(),
            timezone: calendar.tz.name().to_string(),
            first_response,
            first_responded_at: ticket.first_responded_at,
            first_answer,
            resolution: target(resolution_total),
            thresholds,
            level: urgency.level,
            stored_level: ticket.urgency,
            next_change: urgency.next_change,
            segments: sla_clock::timeline(&history, calendar, now),
            elapsed: reading.elapsed,
        })
    }
}
