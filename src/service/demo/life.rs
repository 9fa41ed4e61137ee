//! One demo ticket's life: which status it ends in (recent tickets are
//! still open, old ones closed), and the dated steps that led there, each
//! a legal transition of `domain::ticket` taken by the right party.

use super::phrases;
use super::rng::Rng;
use super::steps::{Kind, Step, Who};
use super::texts::Topic;
use crate::domain::ticket::Status;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The status a ticket of this age ends in: the newest are mostly open,
/// anything older than a month mostly closed (and those few left open are
/// closed after all: [`settle_old`]).
pub fn final_status(rng: &mut Rng, age: i64) -> Status {
    use Status::*;
    let table: &[(Status, u32)] = if age < DAY {
        &[
            (Waiting, 55),
            (InProgress, 25),
            (OnHold, 8),
            (Resolved, 8),
            (Cancelled, 4),
        ]
    } else if age < 7 * DAY {
        &[
            (Waiting, 20),
            (InProgress, 25),
            (OnHold, 12),
            (Resolved, 30),
            (Closed, 8),
            (Cancelled, 5),
        ]
    } else if age < 30 * DAY {
        &[
            (Waiting, 4),
            (InProgress, 8),
            (OnHold, 6),
            (Resolved, 4),
            (Closed, 72),
            (Cancelled, 6),
        ]
    } else {
        &[
            (Waiting, 1),
            (InProgress, 1),
            (OnHold, 1),
            (Closed, 90),
            (Cancelled, 7),
        ]
    };
    rng.weighted(table)
}

/// Tickets older than this are not left open: an urgency queue that opens
/// on tickets a year overdue is no desk in use.
pub const OLD: i64 = 30 * DAY;

/// The status an old ticket drawn open ends in instead, and the side
/// generator its life is then drawn from: `None` when `status` stands. The
/// main generator has drawn the open life already, so that every other
/// ticket of the demo stays as it was.
pub fn settle_old(status: Status, age: i64, created_at: i64) -> Option<(Status, Rng)> {
    if age < OLD || !status.is_open() {
        return None;
    }
    let mut side = Rng::new(created_at.unsigned_abs());
    let settled = side.weighted(&[(Status::Closed, 92), (Status::Cancelled, 8)]);
    Some((settled, side))
}

/// Steps as gaps from the previous one, placed on the calendar at the end.
struct Path<'r> {
    rng: &'r mut Rng,
    gaps: Vec<(i64, Kind)>,
}

impl Path<'_> {
    fn then(&mut self, gap: (i64, i64), kind: Kind) {
        let gap = self.rng.range(gap.0, gap.1);
        self.gaps.push((gap, kind));
    }

    fn status(
        &mut self,
        gap: (i64, i64),
        (from, to): (Status, Status),
        by: Who,
        comment: Option<&'static str>,
    ) {
        let kind = Kind::Status {
            from,
            to,
            by,
            comment,
            takes: false,
            reason: None,
        };
        self.then(gap, kind);
    }

    fn take(&mut self, assigned: bool) {
        let comment = self.rng.chance(50).then(|| self.rng.pick(phrases::TAKING));
        let gap = if self.rng.chance(60) {
            (10 * MINUTE, 4 * HOUR)
        } else {
            (4 * HOUR, 2 * DAY)
        };
        let kind = Kind::Status {
            from: Status::Waiting,
            to: Status::InProgress,
            by: Who::Staff,
            comment,
            takes: !assigned,
            reason: None,
        };
        self.then(gap, kind);
    }

    fn comment(&mut self, percent: u64, by: Who, bodies: &'static [&'static str], internal: bool) {
        if self.rng.chance(percent) {
            let body = self.rng.pick(bodies);
            self.then((10 * MINUTE, DAY), Kind::Comment { by, body, internal });
        }
    }

    fn time(&mut self, percent: u64) {
        if self.rng.chance(percent) {
            let minutes = self.rng.weighted(&[
                (5, 8),
                (10, 12),
                (15, 15),
                (20, 12),
                (30, 18),
                (45, 12),
                (60, 10),
                (90, 6),
                (120, 4),
                (180, 2),
                (240, 1),
            ]);
            let note = self.rng.pick(phrases::TIME_NOTES);
            self.then((5 * MINUTE, 6 * HOUR), Kind::Time { minutes, note });
        }
    }

    /// Staff ask a question; the requester's answer puts it back in progress.
    fn hold_round(&mut self) {
        let question = Some(self.rng.pick(phrases::QUESTIONS));
        self.status(
            (30 * MINUTE, DAY),
            (Status::InProgress, Status::OnHold),
            Who::Staff,
            question,
        );
        let body = self.rng.pick(phrases::REPLIES);
        self.then(
            (HOUR, 3 * DAY),
            Kind::Comment {
                by: Who::Requester,
                body,
                internal: false,
            },
        );
        let kind = Kind::Status {
            from: Status::OnHold,
            to: Status::InProgress,
            by: Who::Requester,
            comment: None,
            takes: false,
            reason: Some("requester_replied"),
        };
        self.gaps.push((0, kind));
    }

    fn work(&mut self, assigned: bool, hold_percent: u64) {
        self.take(assigned);
        if self.rng.chance(hold_percent) {
            self.hold_round();
        }
        self.comment(15, Who::Staff, phrases::INTERNAL, true);
        self.time(85);
        self.time(30);
    }

    fn resolve(&mut self, topic: &Topic) {
        let fix = Some(self.rng.pick(topic.fixes));
        self.status(
            (30 * MINUTE, 3 * DAY),
            (Status::InProgress, Status::Resolved),
            Who::Staff,
            fix,
        );
        if self.rng.chance(5) {
            let why = Some(self.rng.pick(phrases::REOPENS));
            self.status(
                (HOUR, 2 * DAY),
                (Status::Resolved, Status::InProgress),
                Who::Requester,
                why,
            );
            self.time(70);
            let fix = Some(self.rng.pick(topic.fixes));
            self.status(
                (HOUR, DAY),
                (Status::InProgress, Status::Resolved),
                Who::Staff,
                fix,
            );
        }
    }

    fn rate(&mut self) {
        if self.rng.chance(50) {
            let score = self
                .rng
                .weighted(&[(5, 45), (4, 30), (3, 13), (2, 7), (1, 5)]);
            let comment = self
                .rng
                .chance(40)
                .then(|| self.rng.pick(phrases::RATING_COMMENTS));
            self.then((10 * MINUTE, DAY), Kind::Rate { score, comment });
        }
    }
}

/// Dated steps leading a ticket created at `created` to `status` by `now`.
pub fn steps(
    rng: &mut Rng,
    topic: &Topic,
    status: Status,
    (created, now): (i64, i64),
    assigned: bool,
    reopen_secs: i64,
) -> Vec<Step> {
    let age = now - created;
    let mut path = Path {
        rng,
        gaps: Vec::new(),
    };
    let auto_close =
        status == Status::Closed && age > reopen_secs + 30 * DAY && path.rng.chance(55);
    match status {
        Status::Waiting => {
            path.comment(20, Who::Requester, phrases::FOLLOW_UPS, false);
            if assigned {
                path.comment(10, Who::Staff, phrases::INTERNAL, true);
            }
            if path.rng.chance(6) {
                let body = path.rng.pick(phrases::CLOSURE_REQUESTS);
                path.then((HOUR, 2 * DAY), Kind::ClosureRequest { body });
            }
        }
        Status::InProgress => {
            path.work(assigned, 20);
            path.comment(15, Who::Requester, phrases::FOLLOW_UPS, false);
        }
        Status::OnHold => {
            path.work(assigned, 0);
            let question = Some(path.rng.pick(phrases::QUESTIONS));
            path.status(
                (30 * MINUTE, DAY),
                (Status::InProgress, Status::OnHold),
                Who::Staff,
                question,
            );
            if path.rng.chance(20) {
                let body = path.rng.pick(phrases::CLOSURE_REQUESTS);
                path.then((HOUR, 2 * DAY), Kind::ClosureRequest { body });
            }
        }
        Status::Resolved => {
            path.work(assigned, 20);
            path.resolve(topic);
            path.rate();
        }
        Status::Closed if path.rng.chance(5) => {
            path.work(assigned, 10);
            let why = Some(path.rng.pick(phrases::STAFF_CLOSES));
            path.status(
                (HOUR, DAY),
                (Status::InProgress, Status::Closed),
                Who::Staff,
                why,
            );
        }
        Status::Closed => {
            path.work(assigned, 20);
            path.resolve(topic);
            path.rate();
            if auto_close {
                let kind = Kind::Status {
                    from: Status::Resolved,
                    to: Status::Closed,
                    by: Who::System,
                    comment: None,
                    takes: false,
                    reason: Some("reopen_window_passed"),
                };
                path.then((reopen_secs, reopen_secs + 2 * HOUR), kind);
            } else {
                let thanks = Some(path.rng.pick(phrases::THANKS));
                path.status(
                    (HOUR, 3 * DAY),
                    (Status::Resolved, Status::Closed),
                    Who::Requester,
                    thanks,
                );
            }
        }
        Status::Cancelled if path.rng.chance(60) => {
            path.comment(20, Who::Requester, phrases::FOLLOW_UPS, false);
            let why = Some(path.rng.pick(phrases::CANCELS));
            path.status(
                (HOUR, 2 * DAY),
                (Status::Waiting, Status::Cancelled),
                Who::Requester,
                why,
            );
        }
        Status::Cancelled => {
            path.take(assigned);
            let why = Some(path.rng.pick(phrases::STAFF_CANCELS));
            path.status(
                (HOUR, DAY),
                (Status::InProgress, Status::Cancelled),
                Who::Staff,
                why,
            );
        }
    }
    let gaps = std::mem::take(&mut path.gaps);
    // A young ticket whose story does not fit before now ends at a random
    // point of the time left, not with all the others at the same second.
    let fill = path.rng.range(50, 100);
    let mut placed = place(
        gaps,
        created,
        created + (now - MINUTE - created) * fill / 100,
    );
    if status == Status::Resolved {
        keep_reopenable(path.rng, &mut placed, now, reopen_secs);
    }
    placed
}

/// Lays the gaps end to end from `created`, moving each step into office
/// hours when that still ends by `deadline`; squeezes them all when they
/// would not fit (only young tickets; old ones have room to spare).
fn place(gaps: Vec<(i64, Kind)>, created: i64, deadline: i64) -> Vec<Step> {
    let total: i64 = gaps.iter().map(|(g, _)| g).sum();
    let room = (deadline - created).max(0);
    let mut at = created;
    gaps.into_iter()
        .map(|(gap, kind)| {
            let gap = if total > room {
                gap * room / total.max(1)
            } else {
                gap
            };
            let moved = office_hours(at + gap);
            at = if moved <= deadline {
                moved
            } else {
                (at + gap).min(deadline)
            };
            Step { at, kind }
        })
        .collect()
}

/// The same instant if it falls in office hours (weekdays, about 8:00 to
/// 18:30 in Paris), else some time during the next working day (spread
/// over the day, so that the night's events do not all land at opening).
fn office_hours(at: i64) -> i64 {
    const OPEN: i64 = 10 * HOUR + 30 * MINUTE;
    let day = at - at.rem_euclid(DAY);
    let opening = day + 7 * HOUR;
    let moved = if at < opening {
        opening + at.rem_euclid(OPEN)
    } else if at >= opening + OPEN {
        opening + DAY + at.rem_euclid(OPEN)
    } else {
        at
    };
    // 1970-01-01 was a Thursday: 5 and 6 are Saturday and Sunday.
    match (moved / DAY + 3).rem_euclid(7) {
        5 => moved + 2 * DAY,
        6 => moved + DAY,
        _ => moved,
    }
}

/// A resolved ticket still within its reopen window (else guichet would
/// have closed it): its resolution is moved into the last few days, and
/// whatever would then fall after `now` did not happen yet.
fn keep_reopenable(rng: &mut Rng, steps: &mut Vec<Step>, now: i64, reopen_secs: i64) {
    let resolved = steps.iter().rev().find_map(|s| match s.kind {
        Kind::Status {
            to: Status::Resolved,
            ..
        } => Some(s.at),
        _ => None,
    });
    let Some(resolved) = resolved else { return };
    let earliest = now - reopen_secs * 4 / 5;
    if resolved >= earliest {
        return;
    }
    let shift = rng.range(earliest, now - HOUR) - resolved;
    for step in steps.iter_mut() {
        step.at += shift.max(0);
    }
    steps.retain(|s| s.at < now);
}
