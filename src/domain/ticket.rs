//! Tickets: statuses, priorities, and the one table of legal transitions
//! with who may take each.

use super::msg::Msg;
use std::fmt;

macro_rules! keyed_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const EVERY: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                $name::EVERY.iter().copied().find(|v| v.key() == text.trim())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

keyed_enum!(
    /// Where a ticket stands. `on_hold` waits for the requester (and will
    /// pause the SLA clock).
    Status {
        Waiting => "waiting",
        InProgress => "in_progress",
        OnHold => "on_hold",
        Resolved => "resolved",
        Closed => "closed",
        Cancelled => "cancelled",
    }
);

keyed_enum!(Priority { Low => "low", Normal => "normal", High => "high", Critical => "critical" });

keyed_enum!(
    /// Who takes a transition, as seen from the ticket.
    Party {
        Requester => "requester",
        Staff => "staff",
        System => "system",
    }
);

/// Reads a value typed by a person: its key or its name in either
/// language (`on_hold`, `suspendu`, `on hold`), whatever the case and the
/// accents (`priorite:elevee` finds `élevée`). A refusal carries the text as
/// `value` and the keys as `allowed`; the message shows them by their names
/// in the reader's language.
fn from_text<T: Copy>(
    text: &str,
    every: &[T],
    key: fn(T) -> &'static str,
    words: fn(T) -> &'static [&'static str],
    error_key: &'static str,
) -> Result<T, Msg> {
    let text = text.trim();
    let folded = fold(text);
    every
        .iter()
        .copied()
        .find(|v| fold(key(*v)) == folded || words(*v).iter().any(|w| fold(w) == folded))
        .ok_or_else(|| {
            let keys: Vec<&str> = every.iter().map(|v| key(*v)).collect();
            Msg::new(error_key)
                .arg("value", text)
                .arg("allowed", keys.join(", "))
        })
}

/// Text as compared with keys and names: lower case, no accents, and `_`
/// for spaces and hyphens (`En-Cours` and `en cours` are `en_cours`).
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

impl Status {
    /// A status typed at the command line or in a filter.
    pub fn from_text(text: &str) -> Result<Status, Msg> {
        from_text(
            text,
            Status::EVERY,
            Status::key,
            Status::words,
            "error.unknown_status",
        )
    }

    /// Its names in English and French, as the language files give them
    /// (a test checks they agree), so that either is understood.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Waiting => &["waiting", "en attente", "attente"],
            InProgress => &["in progress", "en cours"],
            OnHold => &["on hold", "suspendu"],
            Resolved => &["resolved", "résolu"],
            Closed => &["closed", "fermé"],
            Cancelled => &["cancelled", "annulé"],
        }
    }

    /// Counted as open: in someone's workload, and in the SLA.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Waiting | Status::InProgress | Status::OnHold)
    }
}

impl Priority {
    /// A priority typed at the command line or in a form.
    pub fn from_text(text: &str) -> Result<Priority, Msg> {
        from_text(
            text,
            Priority::EVERY,
            Priority::key,
            Priority::words,
            "error.unknown_priority",
        )
    }

    /// Its names in English and French, as the language files give them
    /// (a test checks they agree), so that either is understood.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Priority::Low => &["low", "basse"],
            Priority::Normal => &["normal", "normale"],
            Priority::High => &["high", "haute"],
            Priority::Critical => &["critical", "critique"],
        }
    }

    /// Ordering for "most important first": also stored, as `priority_rank`.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Critical => 3,
        }
    }
}

use Party::{Requester as R, Staff as S, System as Y};
use Status::*;

/// Every legal move, and who may make it. Anything else is refused.
pub const TRANSITIONS: &[(Status, Status, &[Party])] = &[
    (Waiting, InProgress, &[S]),
    (Waiting, OnHold, &[S]),
    (Waiting, Resolved, &[S]),
    (Waiting, Closed, &[S]),
    (Waiting, Cancelled, &[R, S]),
    (InProgress, Waiting, &[S]),
    (InProgress, OnHold, &[S]),
    (InProgress, Resolved, &[S]),
    (InProgress, Closed, &[S]),
    (InProgress, Cancelled, &[S]),
    // The requester answering is what an on-hold ticket waits for.
    (OnHold, InProgress, &[R, S]),
    (OnHold, Resolved, &[S]),
    (OnHold, Closed, &[S]),
    (OnHold, Cancelled, &[R, S]),
    // Reopening: the requester only within the reopen window.
    (Resolved, InProgress, &[R, S]),
    (Resolved, Closed, &[R, S, Y]),
];

/// The statuses `party` may move a ticket to from `from`.
pub fn next_statuses(from: Status, party: Party) -> Vec<Status> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, who)| *f == from && who.contains(&party))
        .map(|(_, to, _)| *to)
        .collect()
}

/// What a transition needs to know about the ticket besides its status.
#[derive(Clone, Copy, Debug)]
pub struct TransitionContext {
    pub now: i64,
    pub resolved_at: Option<i64>,
    /// How long after resolution the requester may still reopen, in seconds.
    pub reopen_window_secs: i64,
}

/// Checks one move. The refusal names the legal next statuses.
pub fn check_transition(
    from: Status,
    to: Status,
    party: Party,
    ctx: TransitionContext,
) -> Result<(), Msg> {
    let allowed = next_statuses(from, party);
    if !allowed.contains(&to) {
        let list: Vec<&str> = allowed.iter().map(|s| s.key()).collect();
        let key = if list.is_empty() {
            "error.no_transition"
        } else {
            "error.illegal_transition"
        };
        return Err(Msg::new(key)
            .arg("from", from)
            .arg("to", to)
            .arg("allowed", list.join(", ")));
    }
    if from == Resolved && to == InProgress && party == Party::Requester {
        let resolved_at = ctx.resolved_at.unwrap_or(ctx.now);
        if ctx.now - resolved_at > ctx.reopen_window_secs {
            return Err(
                Msg::new("error.reopen_window_passed").arg("days", ctx.reopen_window_secs / 86_400)
            );
        }
    }
    Ok(())
}

/// The requester edits title, description, priority, category and
/// attachments until staff has taken the ticket in hand; then only comments.
pub fn requester_may_edit(status: Status, taken_at: Option<i64>) -> bool {
    status == Waiting && taken_at.is_none()
}

/// How long a rating stays editable after it was first given.
pub const RATING_EDIT_SECS: i64 = 24 * 3600;

pub fn check_rating(
    status: Status,
    score: i64,
    first_rated_at: Option<i64>,
    now: i64,
) -> Result<(), Msg> {
    if !(1..=5).contains(&score) {
        return Err(Msg::new("error.rating_range").arg("score", score));
    }
    if !matches!(status, Resolved | Closed) {
        return Err(Msg::new("error.rating_not_resolved").arg("status", status));
    }
    if first_rated_at.is_some_and(|at| now - at > RATING_EDIT_SECS) {
        return Err(Msg::new("error.rating_frozen"));
    }
    Ok(())
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A title: one line, trimmed, 1–200 characters, no control characters.
pub fn title(text: &str) -> Result<String, Msg> {
    let title = text.trim();
    let count = title.chars().count();
    if count == 0 {
        return Err(Msg::new("error.empty_field").arg("field", "title"));
    }
    if count > MAX_TITLE_CHARS {
        return Err(Msg::new("error.field_too_long")
            .arg("field", "title")
            .arg("max", MAX_TITLE_CHARS));
    }
    if title.chars().any(super::text::is_dangerous) {
        return Err(Msg::new("error.control_chars").arg("field", "title"));
    }
    Ok(title.to_string())
}

/// Multi-line text (descriptions, comments, notes): newlines and tabs are
/// kept; other control characters are refused, not stored.
pub fn body(field: &'static str, text: &str, required: bool) -> Result<String, Msg> {
    let body = text
        .trim_end()
        .trim_start_matches(['\n', '\r'])
        .replace("\r\n", "\n");
    if required && body.trim().is_empty() {
        return Err(Msg::new("error.empty_field").arg("field", field));
    }
    if body.chars().count() > MAX_TEXT_CHARS {
        return Err(Msg::new("error.field_too_long")
            .arg("field", field)
            .arg("max", MAX_TEXT_CHARS));
    }
    if body
        .chars()
        .any(|c| super::text::is_dangerous(c) && c != '\n' && c != '\t')
    {
        return Err(Msg::new("error.control_chars").arg("field", field));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: TransitionContext = TransitionContext {
        now: 1_000_000,
        resolved_at: Some(1_000_000 - 3600),
        reopen_window_secs: 7 * 86_400,
    };

    #[test]
    fn keys_round_trip() {
        for s in Status::EVERY {
            assert_eq!(Status::parse(s.key()), Some(*s));
        }
        for p in Priority::EVERY {
            assert_eq!(Priority::parse(p.key()), Some(*p));
        }
    }

    #[test]
    fn french_and_english_names_are_read_whatever_the_accents() {
        assert_eq!(Status::from_text("suspendu"), Ok(OnHold));
        assert_eq!(Status::from_text("En cours"), Ok(InProgress));
        assert_eq!(Status::from_text("resolu"), Ok(Resolved));
        assert_eq!(Status::from_text("on hold"), Ok(OnHold));
        assert_eq!(Priority::from_text("haute"), Ok(Priority::High));
        assert_eq!(Priority::from_text("CRITIQUE"), Ok(Priority::Critical));
        assert!(Status::from_text("zzz").is_err());
    }

    #[test]
    fn every_pair_of_statuses_for_every_party() {
        for from in Status::EVERY {
            for to in Status::EVERY {
                for party in Party::EVERY {
                    let listed = TRANSITIONS
                        .iter()
                        .any(|(f, t, who)| f == from && t == to && who.contains(party));
                    let result = check_transition(*from, *to, *party, CTX);
                    assert_eq!(result.is_ok(), listed, "{from} -> {to} by {party}");
                    if let Err(msg) = result {
                        let allowed = next_statuses(*from, *party);
                        for a in allowed {
                            assert!(msg.get("allowed").unwrap().contains(a.key()));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_requester_reopens_only_within_the_window() {
        let late = TransitionContext {
            now: CTX.now + 8 * 86_400,
            ..CTX
        };
        assert!(check_transition(Resolved, InProgress, Party::Requester, CTX).is_ok());
        let err = check_transition(Resolved, InProgress, Party::Requester, late).unwrap_err();
        assert_eq!(err.key, "error.reopen_window_passed");
        assert!(check_transition(Resolved, InProgress, Party::Staff, late).is_ok());
    }

    #[test]
    fn closed_and_cancelled_are_final() {
        for party in Party::EVERY {
            assert!(next_statuses(Closed, *party).is_empty());
            assert!(next_statuses(Cancelled, *party).is_empty());
        }
    }

    #[test]
    fn ratings() {
        assert!(check_rating(Resolved, 5, None, 0).is_ok());
        assert_eq!(
            check_rating(Resolved, 6, None, 0).unwrap_err().key,
            "error.rating_range"
        );
        assert_eq!(
            check_rating(InProgress, 3, None, 0).unwrap_err().key,
            "error.rating_not_resolved"
        );
        assert!(check_rating(Closed, 3, Some(0), RATING_EDIT_SECS).is_ok());
        assert_eq!(
            check_rating(Closed, 3, Some(0), RATING_EDIT_SECS + 1)
                .unwrap_err()
                .key,
            "error.rating_frozen"
        );
    }

    #[test]
    fn text_rules() {
        assert_eq!(
            title("  Écran noir salle 3 ").unwrap(),
            "Écran noir salle 3"
        );
        assert!(title("a\u{1b}[2J").is_err());
        assert_eq!(
            body("description", "ligne 1\r\nligne 2\n\n", true).unwrap(),
            "ligne 1\nligne 2"
        );
        assert!(body("comment", "  \n ", true).is_err());
        assert!(body("comment", "x\u{7}", false).is_err());
        assert!(requester_may_edit(Waiting, None));
        assert!(!requester_may_edit(Waiting, Some(5)));
    }
}
