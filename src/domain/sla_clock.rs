//! The SLA clock of one ticket, replayed from its status history: pure
//! functions of that history, a calendar and `now`, so that any instant can
//! be recomputed and explained.
//!
//! The clock runs while the ticket is `waiting` or `in_progress` and the
//! calendar is open; it pauses while `on_hold` (the deadline moves by the
//! paused business time) and stops at `resolved`, `closed` or `cancelled`,
//! resuming if the ticket is reopened.

use super::calendar::Calendar;
use super::sla::{self, Level, Thresholds};
use super::ticket::{Priority, Status};
use chrono::NaiveDate;

/// A status the ticket entered at `at`. A history starts with the creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub at: i64,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Running,
    Paused,
    Stopped,
}

pub fn phase_of(status: Status) -> Phase {
    match status {
        Status::Waiting | Status::InProgress => Phase::Running,
        Status::OnHold => Phase::Paused,
        Status::Resolved | Status::Closed | Status::Cancelled => Phase::Stopped,
    }
}

/// The clock at `now`: business seconds counted so far, and whether it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub now: i64,
    pub elapsed: i64,
    pub phase: Phase,
    /// The intervals during which the clock could run (status `waiting` or
    /// `in_progress`), clipped to `now`, with the business seconds of each.
    runs: Vec<(i64, i64, i64)>,
}

/// The status intervals of a history up to `now`, each with its status.
fn intervals(history: &[Change], now: i64) -> impl Iterator<Item = (i64, i64, Status)> + '_ {
    history.iter().enumerate().filter_map(move |(i, c)| {
        let end = history.get(i + 1).map_or(now, |next| next.at).min(now);
        (c.at < end).then_some((c.at, end, c.status))
    })
}

pub fn read(history: &[Change], calendar: &Calendar, now: i64) -> Reading {
    let runs: Vec<(i64, i64, i64)> = intervals(history, now)
        .filter(|(_, _, s)| phase_of(*s) == Phase::Running)
        .map(|(from, to, _)| (from, to, calendar.business_seconds(from, to)))
        .collect();
    let phase = history
        .iter()
        .take_while(|c| c.at <= now)
        .last()
        .map_or(Phase::Stopped, |c| phase_of(c.status));
    Reading {
        now,
        elapsed: runs.iter().map(|r| r.2).sum(),
        phase,
        runs,
    }
}

impl Reading {
    /// The instant at which the clock reaches `business` seconds: in the
    /// past if already counted, ahead if it runs now; `None` if it is
    /// paused or stopped short of it (or the calendar never opens again).
    pub fn reaches(&self, calendar: &Calendar, business: i64) -> Option<i64> {
        if business <= 0 {
            return self.runs.first().map(|r| r.0);
        }
        if business <= self.elapsed {
            let mut counted = 0;
            for (from, _, secs) in &self.runs {
                if counted + secs >= business {
                    return calendar.add_business(*from, business - counted);
                }
                counted += secs;
            }
        }
        if self.phase == Phase::Running {
            return calendar.add_business(self.now, business - self.elapsed);
        }
        None
    }
}

/// A target (first response or resolution) as seen at `now`: the three
/// values kept apart, as the site asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub total: i64,
    pub elapsed: i64,
    /// Business time left before the deadline; negative once overdue.
    pub remaining: i64,
    /// When the target falls (or fell) due; `None` while the clock is
    /// paused or stopped short of it, as the deadline then moves.
    pub due: Option<i64>,
}

pub fn target(reading: &Reading, calendar: &Calendar, total: i64) -> Target {
    Target {
        total,
        elapsed: reading.elapsed,
        remaining: total - reading.elapsed,
        due: reading.reaches(calendar, total),
    }
}

/// When each urgency level begins for one ticket, as stored on the ticket
/// so that the background pass needs no calendar arithmetic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Steps {
    pub soon_at: Option<i64>,
    pub urgent_at: Option<i64>,
    pub overdue_at: Option<i64>,
}

impl Steps {
    fn at(&self, level: Level) -> Option<i64> {
        match level {
            Level::Ok => None,
            Level::Soon => self.soon_at,
            Level::Urgent => self.urgent_at,
            Level::Overdue => self.overdue_at,
        }
    }

    /// The level at `t`, never below `floor`, and the next instant after
    /// `t` at which it rises (each such instant is a real change).
    pub fn level_at(&self, floor: Level, t: i64) -> (Level, Option<i64>) {
        let level = Level::EVERY
            .into_iter()
            .filter(|l| self.at(*l).is_some_and(|at| at <= t))
            .max()
            .unwrap_or(Level::Ok)
            .max(floor);
        let next = Level::EVERY
            .into_iter()
            .filter(|l| *l > level)
            .filter_map(|l| self.at(l))
            .filter(|at| *at > t)
            .min();
        (level, next)
    }
}

/// The urgency of a ticket at `now`, with the instants of its levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Urgency {
    pub level: Level,
    pub steps: Steps,
    pub next_change: Option<i64>,
}

pub fn urgency(
    reading: &Reading,
    calendar: &Calendar,
    resolution: Option<i64>,
    priority: Priority,
    thresholds: Thresholds,
) -> Urgency {
    let steps = resolution.map_or(Steps::default(), |total| {
        let at = |level| reading.reaches(calendar, thresholds.offset(level, total));
        Steps {
            soon_at: at(Level::Soon),
            urgent_at: at(Level::Urgent),
            overdue_at: at(Level::Overdue),
        }
    });
    let (level, next) = steps.level_at(sla::floor(priority), reading.now);
    Urgency {
        level,
        steps,
        next_change: if reading.phase == Phase::Running {
            next
        } else {
            None
        },
    }
}

/// Why the clock did or did not count during a stretch of time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stretch {
    /// Open hours while `waiting` or `in_progress`: counted.
    Counted,
    /// Outside opening hours (nights, weekends); `closed_days` lists the
    /// days it spans that the calendar closes although the week opens them.
    OutsideHours {
        closed_days: Vec<NaiveDate>,
    },
    Paused,
    Stopped,
}

/// One segment of the timeline `sla explain` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub from: i64,
    pub to: i64,
    pub status: Status,
    pub stretch: Stretch,
}

impl Segment {
    /// Business seconds this segment adds to the clock.
    pub fn counted(&self) -> i64 {
        if self.stretch == Stretch::Counted {
            self.to - self.from
        } else {
            0
        }
    }
}

/// Every segment from the creation to `now`, in order, without gaps: the
/// counted ones add up to the reading's `elapsed`.
pub fn timeline(history: &[Change], calendar: &Calendar, now: i64) -> Vec<Segment> {
    let mut out = Vec::new();
    for (from, to, status) in intervals(history, now) {
        let stretch = match phase_of(status) {
            Phase::Running => {
                split_by_hours(&mut out, calendar, from, to, status);
                continue;
            }
            Phase::Paused => Stretch::Paused,
            Phase::Stopped => Stretch::Stopped,
        };
        out.push(Segment {
            from,
            to,
            status,
            stretch,
        });
    }
    out
}

fn split_by_hours(out: &mut Vec<Segment>, calendar: &Calendar, from: i64, to: i64, status: Status) {
    let mut cursor = from;
    let gap = |out: &mut Vec<Segment>, a: i64, b: i64| {
        if a < b {
            out.push(Segment {
                from: a,
                to: b,
                status,
                // The segment is `[a, b)`: a night that ends at midnight
                // does not span the day that begins then.
                stretch: Stretch::OutsideHours {
                    closed_days: calendar.closed_days_between(a, b - 1),
                },
            });
        }
    };
    for (open, close) in calendar.open_intervals(from, to) {
        gap(out, cursor, open);
        out.push(Segment {
            from: open,
            to: close,
            status,
            stretch: Stretch::Counted,
        });
        cursor = close;
    }
    gap(out, cursor, to);
}
