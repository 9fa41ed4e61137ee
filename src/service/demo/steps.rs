//! The steps of a demo ticket's life, and the row they leave behind.

use crate::domain::ticket::Status;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Requester,
    /// The ticket's assignee (or whoever of its role takes it).
    Staff,
    System,
}

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A status change, with the public comment written with it; `takes`:
    /// the staff member taking it becomes its assignee.
    Status {
        from: Status,
        to: Status,
        by: Who,
        comment: Option<&'static str>,
        takes: bool,
        reason: Option<&'static str>,
    },
    Comment {
        by: Who,
        body: &'static str,
        internal: bool,
    },
    Time {
        minutes: i64,
        note: &'static str,
    },
    Rate {
        score: i64,
        comment: Option<&'static str>,
    },
    ClosureRequest {
        body: &'static str,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub at: i64,
    pub kind: Kind,
}

/// The ticket row's final state, replayed from its steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub taken_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
    pub closure_requested: bool,
    pub rating: Option<(i64, Option<&'static str>, i64)>,
    /// Whether someone of the role took it without having been assigned.
    pub taken_unassigned: bool,
}

/// Replays the steps into the row's columns.
pub fn outcome(created: i64, steps: &[Step]) -> Outcome {
    let mut out = Outcome {
        updated_at: created,
        ..Outcome::default()
    };
    for step in steps {
        match step.kind {
            Kind::Status { to, takes, .. } => {
                if to == Status::InProgress && out.taken_at.is_none() {
                    out.taken_at = Some(step.at);
                }
                out.taken_unassigned |= takes;
                match to {
                    Status::Resolved => out.resolved_at = Some(step.at),
                    Status::Waiting | Status::InProgress | Status::OnHold => out.resolved_at = None,
                    Status::Closed | Status::Cancelled => out.closed_at = Some(step.at),
                }
                if !matches!(to, Status::Waiting | Status::OnHold) {
                    out.closure_requested = false;
                }
            }
            Kind::ClosureRequest { .. } => out.closure_requested = true,
            Kind::Rate { score, comment } => out.rating = Some((score, comment, step.at)),
            Kind::Comment { .. } | Kind::Time { .. } => {}
        }
        if !matches!(step.kind, Kind::Rate { .. }) {
            out.updated_at = step.at;
        }
    }
    out
}

/// Whether the ticket waits on a staff reply at the end: its last public
/// comment is its requester's, or it has none (what
/// `recompute_awaiting_staff` would find in the comments written).
pub fn awaiting_staff(steps: &[Step]) -> bool {
    let last_public = steps.iter().rev().find_map(|s| match s.kind {
        Kind::Status {
            comment: Some(_),
            by,
            ..
        }
        | Kind::Comment {
            by,
            internal: false,
            ..
        } => Some(by == Who::Requester),
        Kind::ClosureRequest { .. } => Some(true),
        _ => None,
    });
    last_public.unwrap_or(true)
}

/// The status the steps end in.
pub fn last_status(steps: &[Step]) -> Status {
    steps
        .iter()
        .rev()
        .find_map(|s| match s.kind {
            Kind::Status { to, .. } => Some(to),
            _ => None,
        })
        .unwrap_or(Status::Waiting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::{check_transition, Party, TransitionContext};
    use crate::service::demo::{life, rng::Rng, texts::TOPICS};

    #[test]
    fn every_path_is_legal_dated_and_ends_in_its_status() {
        let (now, reopen) = (1_780_000_000, 7 * 86_400);
        let mut rng = Rng::new(11);
        for i in 0..6000 {
            let created = now - rng.range(60, 365 * 86_400);
            let status = Status::EVERY[i % 6];
            let topic = &TOPICS[i % TOPICS.len()];
            let steps = life::steps(&mut rng, topic, status, (created, now), i % 3 != 0, reopen);
            let (mut current, mut at, mut resolved_at) = (Status::Waiting, created, None);
            for step in &steps {
                assert!(step.at >= at && step.at < now, "{step:?} after {at}");
                at = step.at;
                let Kind::Status { from, to, by, .. } = step.kind else {
                    continue;
                };
                assert_eq!(from, current);
                let party = match by {
                    Who::Requester => Party::Requester,
                    Who::Staff => Party::Staff,
                    Who::System => Party::System,
                };
                let context = TransitionContext {
                    now: at,
                    resolved_at,
                    reopen_window_secs: reopen,
                };
                check_transition(from, to, party, context).unwrap();
                if by == Who::System {
                    assert!(
                        at - resolved_at.unwrap() >= reopen,
                        "closed before the window ended"
                    );
                }
                if to == Status::Resolved {
                    resolved_at = Some(at);
                }
                current = to;
            }
            assert_eq!(current, status);
            assert_eq!(last_status(&steps), status);
            let row = outcome(created, &steps);
            assert!(row.updated_at >= created && row.updated_at < now);
            if status == Status::Resolved {
                assert!(
                    now - row.resolved_at.unwrap() < reopen,
                    "resolved too long ago"
                );
            }
        }
    }
}
