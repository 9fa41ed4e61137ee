//! The SLA engine as the use cases call it: which policy and calendar apply
//! to a ticket, its state recomputed from its status history, and the
//! level changes it records (with the escalation they may bring).

use super::summary::Summary;
use super::{Error, Result};
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::Calendar;
use crate::domain::notify::NotifyKind;
use crate::domain::sla::{self, Facts, Level, Thresholds};
use crate::domain::sla_clock::{self, Change};
use crate::domain::ticket::Status;
use crate::domain::Msg;
use crate::store::sla::{CalendarRow, PolicyRow};
use crate::store::sla_state::{self, SlaState, SlaTicket};
use crate::store::{self, audit::NewEntry, Write};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

/// The policies (in the order they are tried) and calendars of a file,
/// read once for a transaction or a pass.
pub struct SlaBook {
    pub policies: Vec<PolicyRow>,
    pub calendars: HashMap<i64, (CalendarRow, Calendar)>,
}

impl SlaBook {
    pub fn load(conn: &Connection, site_tz: Tz) -> Result<SlaBook> {
        let calendars = store::sla::calendars(conn)?
            .into_iter()
            .map(|row| {
                let calendar = to_calendar(&row, site_tz);
                (row.id, (row, calendar))
            })
            .collect();
        Ok(SlaBook {
            policies: store::sla::policies(conn)?,
            calendars,
        })
    }

    pub fn policy_for(&self, facts: &Facts) -> Result<&PolicyRow> {
        sla::choose(&self.policies, |p| &p.rule, facts)
            .ok_or_else(|| Error::Conflict(Msg::new("error.no_default_policy")))
    }

    pub fn calendar(&self, id: i64) -> Result<&(CalendarRow, Calendar)> {
        self.calendars
            .get(&id)
            .ok_or_else(|| super::not_found("calendar", id))
    }
}

/// A stored calendar as the domain computes with it. A time zone the
/// build does not know (only possible by editing the file by hand) falls
/// back to the site's.
pub fn to_calendar(row: &CalendarRow, site_tz: Tz) -> Calendar {
    let tz = row
        .timezone
        .as_deref()
        .and_then(|t| t.parse::<Tz>().ok())
        .unwrap_or(site_tz);
    let mut week: [Vec<(u32, u32)>; 7] = Default::default();
    for (day, start, end) in &row.hours {
        if let Some(slot) = week.get_mut(*day as usize) {
            slot.push((*start, *end));
        }
    }
    let (mut closed_dates, mut closed_yearly) = (BTreeSet::new(), BTreeSet::new());
    for (yearly, day) in &row.closed {
        if *yearly {
            if let Ok(d) = NaiveDate::parse_from_str(&format!("2000-{day}"), "%Y-%m-%d") {
                use chrono::Datelike;
                closed_yearly.insert((d.month(), d.day()));
            }
        } else if let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            closed_dates.insert(d);
        }
    }
    Calendar {
        tz,
        week,
        closed_dates,
        closed_yearly,
    }
}

/// A stored history as the clock reads it; unknown statuses (impossible
/// under the schema's CHECK) are skipped.
pub fn history(rows: &[(i64, String)]) -> Vec<Change> {
    rows.iter()
        .filter_map(|(at, s)| Status::parse(s).map(|status| Change { at: *at, status }))
        .collect()
}

pub fn facts(ticket: &SlaTicket) -> Facts<'_> {
    Facts {
        role: &ticket.handling_role,
        priority: ticket.priority,
        category_id: ticket.category_id,
        company_id: ticket.company_id,
    }
}

/// A ticket's SLA state at `now`, from its history, under the book.
pub fn compute(
    book: &SlaBook,
    thresholds: Thresholds,
    ticket: &SlaTicket,
    history: &[Change],
    now: i64,
) -> Result<SlaState> {
    compute_for(book, thresholds, &facts(ticket), history, now)
}

/// The same from the ticket's facts alone: for a row not written yet (the
/// demo writes each ticket with its state).
pub fn compute_for(
    book: &SlaBook,
    thresholds: Thresholds,
    facts: &Facts,
    history: &[Change],
    now: i64,
) -> Result<SlaState> {
    let policy = book.policy_for(facts)?;
    let (_, calendar) = book.calendar(policy.calendar_id)?;
    let reading = sla_clock::read(history, calendar, now);
    let resolution = policy.targets.resolution_for(facts.priority);
    let urgency = sla_clock::urgency(&reading, calendar, resolution, facts.priority, thresholds);
    let first_response = policy.targets.first_response_for(facts.priority);
    Ok(SlaState {
        policy_id: Some(policy.id),
        first_response_due: first_response.and_then(|t| reading.reaches(calendar, t)),
        resolution_due: resolution.and_then(|t| reading.reaches(calendar, t)),
        soon_at: urgency.steps.soon_at,
        urgent_at: urgency.steps.urgent_at,
        next_at: urgency.next_change,
        urgency: urgency.level.key(),
    })
}

/// A ticket's urgency moving from one level to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelChange {
    pub ticket: i64,
    pub from: Level,
    pub to: Level,
    /// How many people were notified (escalation).
    pub notified: usize,
}

/// Who gets told of escalations, looked up once per role in a pass.
#[derive(Default)]
pub struct Recipients {
    by_role: HashMap<String, Vec<i64>>,
    admins: Option<Vec<i64>>,
}

impl Recipients {
    fn role(&mut self, conn: &Connection, role: &str) -> Result<Vec<i64>> {
        if let Some(ids) = self.by_role.get(role) {
            return Ok(ids.clone());
        }
        let ids = sla_state::active_ids_of_role(conn, role)?;
        self.by_role.insert(role.to_string(), ids.clone());
        Ok(ids)
    }

    /// The assignee, or the handling role's members when unassigned; and
    /// the admins when the ticket is overdue. Each person once.
    fn of(
        &mut self,
        conn: &Connection,
        assignee: Option<i64>,
        role: &str,
        level: Level,
    ) -> Result<Vec<i64>> {
        let mut out = match assignee {
            Some(id) => vec![id],
            None => self.role(conn, role)?,
        };
        if level == Level::Overdue {
            if self.admins.is_none() {
                self.admins = Some(sla_state::active_ids_of_role(conn, "admin")?);
            }
            out.extend(self.admins.iter().flatten().copied());
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// The ticket a level change is about, as escalation needs it.
pub struct Escalated<'a> {
    pub id: i64,
    pub title: &'a str,
    pub assignee: Option<i64>,
    pub role: &'a str,
}

/// Records a level change: a system audit entry, and notifications when
/// it rises into `urgent` or `overdue`.
pub fn record_level_change(
    w: &Write,
    recipients: &mut Recipients,
    ticket: &Escalated,
    (from, to): (Level, Level),
    notify: bool,
    now: i64,
) -> Result<LevelChange> {
    let mut notified = 0;
    if notify && to > from && to.escalates() {
        let kind = if to == Level::Overdue {
            NotifyKind::Overdue
        } else {
            NotifyKind::Urgent
        };
        let users = recipients.of(w.conn(), ticket.assignee, ticket.role, to)?;
        let about = super::notify::About {
            ticket: ticket.id,
            title: ticket.title,
            now,
        };
        // The system acts: nobody is left out as the author; those who
        // turned the kind off are.
        notified = super::notify::send(w, None, &users, kind, &about)?;
    }
    let summary = Summary::new()
        .change("urgency", from.key(), to.key())
        .value("notified", notified)
        .build();
    let entry = NewEntry::system(
        now,
        AuditAction::TicketUrgency,
        &ticket.id.to_string(),
        summary.to_string(),
    );
    store::audit::append(w, &entry)?;
    Ok(LevelChange {
        ticket: ticket.id,
        from,
        to,
        notified,
    })
}

/// The SLA settings a use case needs inside its transaction.
#[derive(Clone, Copy, Debug)]
pub struct SlaSettings {
    pub site_tz: Tz,
    pub thresholds: Thresholds,
}

/// Brings one ticket's SLA state up to date after a change, inside `w`.
pub fn refresh(w: &Write, settings: SlaSettings, id: i64, now: i64) -> Result<Option<LevelChange>> {
    let book = SlaBook::load(w.conn(), settings.site_tz)?;
    let mut recipients = Recipients::default();
    refresh_ticket(w, &book, settings.thresholds, &mut recipients, id, now)
}

/// Recomputes and stores one ticket's SLA state inside `w`, recording a
/// change of level. Every use case that changes a ticket calls it.
pub fn refresh_ticket(
    w: &Write,
    book: &SlaBook,
    thresholds: Thresholds,
    recipients: &mut Recipients,
    id: i64,
    now: i64,
) -> Result<Option<LevelChange>> {
    let conn = w.conn();
    let Some(ticket) = sla_state::sla_ticket(conn, id)? else {
        return Ok(None);
    };
    let history = history(&sla_state::status_history(conn, id)?);
    let state = compute(book, thresholds, &ticket, &history, now)?;
    store_state(w, recipients, &ticket, &state, true, now)
}

/// Stores a ticket's newly computed state and records its change of
/// level, if any (notifying people only when `notify`).
pub fn store_state(
    w: &Write,
    recipients: &mut Recipients,
    ticket: &SlaTicket,
    state: &SlaState,
    notify: bool,
    now: i64,
) -> Result<Option<LevelChange>> {
    sla_state::set_sla_state(w, ticket.id, state)?;
    let from = ticket.urgency;
    let to = Level::parse(state.urgency).unwrap_or(Level::Ok);
    if from == to {
        return Ok(None);
    }
    let escalated = Escalated {
        id: ticket.id,
        title: &ticket.title,
        assignee: ticket.assignee_id,
        role: &ticket.handling_role,
    };
    record_level_change(w, recipients, &escalated, (from, to), notify, now).map(Some)
}
