//! The kinds of notification, who gets which is decided by the use cases
//! (src/service/notify.rs). Each kind has the key stored in
//! `notifications.kind` and `notification_opt_outs.kind` (never changes once
//! released), and a short name people type (`notifications off assigned`).

/// What a notification tells its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotifyKind {
    /// To the assignee: a ticket was assigned to them by someone else.
    Assigned,
    /// To the requester: staff took their ticket in hand.
    Taken,
    /// To the requester: their ticket was resolved.
    Resolved,
    /// To the requester: someone else commented publicly on their ticket.
    Answered,
    /// To the staff on the ticket: the requester commented.
    Replied,
    /// To the staff on the ticket: the requester asked for closure.
    ClosureRequested,
    /// Escalations (src/service/sla.rs).
    Urgent,
    Overdue,
    /// CRM (issue 15): to the support contact an event is given to.
    EventAssigned,
    /// To the support and sales contacts: an event of theirs changed.
    EventChanged,
    /// To management: an event was created without a support contact.
    EventWithoutSupport,
    /// To the sales contacts and management: a contract was signed.
    ContractSigned,
}

impl NotifyKind {
    pub const EVERY: &'static [NotifyKind] = &[
        NotifyKind::Assigned,
        NotifyKind::Taken,
        NotifyKind::Resolved,
        NotifyKind::Answered,
        NotifyKind::Replied,
        NotifyKind::ClosureRequested,
        NotifyKind::Urgent,
        NotifyKind::Overdue,
        NotifyKind::EventAssigned,
        NotifyKind::EventChanged,
        NotifyKind::EventWithoutSupport,
        NotifyKind::ContractSigned,
    ];

    /// The key stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            NotifyKind::Assigned => "ticket.assigned",
            NotifyKind::Taken => "ticket.taken",
            NotifyKind::Resolved => "ticket.resolved",
            NotifyKind::Answered => "ticket.answered",
            NotifyKind::Replied => "ticket.replied",
            NotifyKind::ClosureRequested => "ticket.closure_requested",
            NotifyKind::Urgent => "urgency.urgent",
            NotifyKind::Overdue => "urgency.overdue",
            NotifyKind::EventAssigned => "event.assigned",
            NotifyKind::EventChanged => "event.changed",
            NotifyKind::EventWithoutSupport => "event.without_support",
            NotifyKind::ContractSigned => "contract.signed",
        }
    }

    /// The name typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            NotifyKind::Assigned => "assigned",
            NotifyKind::Taken => "taken",
            NotifyKind::Resolved => "resolved",
            NotifyKind::Answered => "answered",
            NotifyKind::Replied => "replied",
            NotifyKind::ClosureRequested => "closure",
            NotifyKind::Urgent => "urgent",
            NotifyKind::Overdue => "overdue",
            NotifyKind::EventAssigned => "event_assigned",
            NotifyKind::EventChanged => "event_changed",
            NotifyKind::EventWithoutSupport => "event_without_support",
            NotifyKind::ContractSigned => "contract_signed",
        }
    }

    pub fn from_key(key: &str) -> Option<NotifyKind> {
        NotifyKind::EVERY.iter().copied().find(|k| k.key() == key)
    }

    /// By its name or its stored key, any case.
    pub fn parse(text: &str) -> Option<NotifyKind> {
        let text = text.trim();
        NotifyKind::EVERY
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(text) || k.key().eq_ignore_ascii_case(text))
    }

    /// Its name in the language files: what the notification says.
    pub fn label_key(self) -> String {
        format!("notify.kind.{}", self.name())
    }

    /// What the setting is about, for `notifications settings`.
    pub fn about_key(self) -> String {
        format!("notify.about.{}", self.name())
    }
}

/// Who of `candidates` may be told: each once, never `actor` (nobody is
/// told of their own action). `None` (the system) excludes nobody. Whether
/// each turned the kind off is for the caller to look up.
pub fn recipients(actor: Option<i64>, candidates: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = candidates
        .iter()
        .copied()
        .filter(|&id| Some(id) != actor)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_names_are_distinct_and_read_back() {
        for kind in NotifyKind::EVERY {
            assert_eq!(NotifyKind::from_key(kind.key()), Some(*kind));
            assert_eq!(NotifyKind::parse(kind.name()), Some(*kind));
            assert_eq!(NotifyKind::parse(&kind.key().to_uppercase()), Some(*kind));
        }
        let mut names: Vec<_> = NotifyKind::EVERY.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NotifyKind::EVERY.len());
        assert_eq!(NotifyKind::parse("nope"), None);
    }

    #[test]
    fn the_actor_is_not_told_and_nobody_twice() {
        assert_eq!(recipients(Some(1), &[3, 1, 2, 3]), vec![2, 3]);
        assert_eq!(recipients(Some(1), &[1]), Vec::<i64>::new());
        assert_eq!(recipients(None, &[2, 1]), vec![1, 2]);
    }
}
