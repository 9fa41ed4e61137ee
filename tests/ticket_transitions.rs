//! Every status transition, allowed and refused, for every default role,
//! through `Service::change_status` on a real database file.
//!
//! The expectations are written out by hand from the issue (who is the
//! requester, who is staff, and the table of moves), never derived from
//! `domain::ticket::next_statuses`, so that a mistake in the table is caught.

mod support;

use guichet::domain::Capability;
use guichet::service::{Actor, Error};
use support::service::{status, World, STATUSES};

/// The actor's part in a ticket, as the issue defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Party {
    Requester,
    Staff,
    /// Not theirs to move: `Error::Denied(ticket.update)`.
    Nobody,
}
use Party::{Nobody, Requester, Staff};

/// How the ticket relates to the actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setup {
    /// Opened by the actor (by the admin on their behalf), handled by
    /// another role.
    Own,
    /// Handled by the actor's role and assigned to the actor.
    Mine,
    /// Handled by the actor's role, assigned to a colleague of that role.
    RoleMate,
    /// Opened by a client of the actor's company.
    CompanyPeer,
    /// Opened by a learner, handled by another role: nothing to do with them.
    Foreign,
}
use Setup::{CompanyPeer, Foreign, Mine, Own, RoleMate};

/// The table of moves, restated.
fn legal(from: &str, to: &str, party: Party) -> bool {
    matches!(
        (from, to, party),
        (
            "waiting",
            "in_progress" | "on_hold" | "resolved" | "closed",
            Staff
        ) | ("waiting", "cancelled", Requester | Staff)
            | (
                "in_progress",
                "waiting" | "on_hold" | "resolved" | "closed" | "cancelled",
                Staff
            )
            | ("on_hold", "in_progress" | "cancelled", Requester | Staff)
            | ("on_hold", "resolved" | "closed", Staff)
            | ("resolved", "in_progress" | "closed", Requester | Staff)
    )
}

/// Per role: each setup tried, and the party the actor then is. Written
/// from domain/roles.rs: learners and clients hold `ticket.update:own`,
/// training-centre staff `ticket.update:assigned`, the admin `all`;
/// management, sales and support hold no `ticket.update` at all (and do
/// not handle tickets).
fn expectations(role: &str) -> &'static [(Setup, Party)] {
    match role {
        "learner" => &[(Own, Requester), (Foreign, Nobody)],
        "client" => &[(Own, Requester), (CompanyPeer, Nobody), (Foreign, Nobody)],
        "technician" | "coach_hard" | "coach_soft" | "supervisor" | "referent" | "caretaker" => &[
            (Own, Requester),
            (Mine, Staff),
            (RoleMate, Staff),
            (Foreign, Nobody),
        ],
        "management" | "sales" | "support" => &[(Own, Nobody), (Foreign, Nobody)],
        "admin" => &[(Own, Staff), (Mine, Staff), (Foreign, Staff)],
        other => panic!("no expectations for role {other}"),
    }
}

/// A world with the actor, a colleague of the same role, a learner, a
/// client of the same company, and members of two handling roles.
struct Bench {
    w: World,
    actor: Actor,
    role: &'static str,
    /// A handling role other than the actor's, and one of its members.
    other_role: &'static str,
    other_member: &'static str,
}

impl Bench {
    fn new(role: &'static str) -> Bench {
        let mut w = World::new();
        w.company("Agence Lumière");
        let company = (role == "client").then_some("Agence Lumière");
        let actor = if role == "admin" {
            w.admin.clone()
        } else {
            w.add_in("actor", role, company)
        };
        w.add_in("mate", role, company);
        w.add("req", "learner");
        w.add_in("peer", "client", Some("Agence Lumière"));
        w.add("h-tech", "technician");
        w.add("h-coach", "coach_hard");
        let (other_role, other_member) = if role == "technician" {
            ("coach_hard", "h-coach")
        } else {
            ("technician", "h-tech")
        };
        Bench {
            w,
            actor,
            role,
            other_role,
            other_member,
        }
    }

    /// A fresh ticket in `setup`, driven by the admin to `from`.
    fn ticket(&mut self, setup: Setup, from: &str) -> i64 {
        let (requester, role, assignee) = match setup {
            Own => (
                self.actor.login.as_str(),
                self.other_role,
                self.other_member,
            ),
            Mine => ("req", self.role, self.actor.login.as_str()),
            RoleMate => ("req", self.role, "mate"),
            CompanyPeer => ("peer", self.other_role, self.other_member),
            Foreign => ("req", self.other_role, self.other_member),
        };
        let (requester, assignee) = (requester.to_string(), assignee.to_string());
        let id = self
            .w
            .open_for(&requester, "Poste bloqué", role, Some(&assignee));
        if from != "waiting" {
            let admin = self.w.admin.clone();
            self.w.status(&admin, id, from);
        }
        assert_eq!(self.w.ticket(id).status.key(), from);
        id
    }
}

/// What `show_ticket` offers as next statuses must be what the table
/// allows this party (nothing for those who may not move it), and those
/// without `ticket.read` may not look at all.
fn check_offered(bench: &Bench, id: i64, party: Party, from: &str, case: &str) {
    let reads = !matches!(bench.role, "sales" | "support");
    match bench.w.service.show_ticket(&bench.actor, id) {
        Ok(view) => {
            let mut offered: Vec<&str> = view.next_statuses.iter().map(|s| s.key()).collect();
            offered.sort_unstable();
            let mut legal_next: Vec<&str> = STATUSES
                .into_iter()
                .filter(|next| legal(from, next, party))
                .collect();
            legal_next.sort_unstable();
            assert_eq!(offered, legal_next, "{case}: offered");
        }
        Err(Error::Denied(Capability::TicketRead)) => {
            assert!(
                !reads,
                "{case}: a role that reads tickets is told it is missing"
            );
        }
        Err(Error::NotFound(_)) => {
            assert!(
                reads && party == Nobody,
                "{case}: out of reach looks missing"
            );
        }
        Err(other) => panic!("{case}: show_ticket: {other:?}"),
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    allowed: usize,
    refused: usize,
    denied: usize,
}

/// Tries every (from, to) pair for every setup of `role`, and returns how
/// many cases ended which way.
fn check_role(role: &'static str) -> Counts {
    let mut bench = Bench::new(role);
    let mut counts = Counts::default();
    for &(setup, party) in expectations(role) {
        for from in STATUSES {
            let mut current: Option<i64> = None;
            for to in STATUSES {
                let id = match current {
                    Some(id) => id,
                    None => bench.ticket(setup, from),
                };
                current = Some(id);
                let case = format!("{role} ({setup:?}, {party:?}): {from} -> {to}");
                let actor = bench.actor.clone();
                if to == "waiting" {
                    check_offered(&bench, id, party, from, &case);
                }
                let result = bench.w.service.change_status(&actor, id, status(to), None);
                let after = bench.w.ticket(id).status.key();
                match result {
                    Ok(()) => {
                        assert!(legal(from, to, party), "{case}: accepted");
                        assert_eq!(after, to, "{case}");
                        counts.allowed += 1;
                        current = None;
                    }
                    Err(Error::Denied(capability)) => {
                        assert_eq!(party, Nobody, "{case}: denied");
                        assert_eq!(capability, Capability::TicketUpdate, "{case}");
                        assert_eq!(after, from, "{case}");
                        counts.denied += 1;
                    }
                    // Out of the role's reach: the ticket looks missing.
                    Err(Error::NotFound(_)) => {
                        assert_eq!(party, Nobody, "{case}: missing");
                        assert_eq!(after, from, "{case}");
                        counts.denied += 1;
                    }
                    Err(Error::Invalid(msg)) => {
                        assert!(party != Nobody, "{case}: should be denied, got {msg}");
                        assert!(!legal(from, to, party), "{case}: refused with {msg}");
                        let legal_next: Vec<&str> = STATUSES
                            .into_iter()
                            .filter(|next| legal(from, next, party))
                            .collect();
                        let expected_key = if legal_next.is_empty() {
                            "error.no_transition"
                        } else {
                            "error.illegal_transition"
                        };
                        assert_eq!(msg.key, expected_key, "{case}: {msg}");
                        let mut named: Vec<&str> = msg
                            .get("allowed")
                            .unwrap_or_else(|| panic!("{case}: no `allowed` in {msg}"))
                            .split(", ")
                            .filter(|s| !s.is_empty())
                            .collect();
                        named.sort_unstable();
                        let mut legal_sorted = legal_next.clone();
                        legal_sorted.sort_unstable();
                        assert_eq!(named, legal_sorted, "{case}: {msg}");
                        assert_eq!(after, from, "{case}");
                        counts.refused += 1;
                    }
                    Err(other) => panic!("{case}: unexpected {other:?}"),
                }
            }
        }
    }
    counts
}

/// Of the 36 pairs, how many each party may make: written out from the
/// issue's table (staff: 4 + 1 + 5 + 4 + 2; requester: 1 + 2 + 2).
const STAFF_MOVES: usize = 16;
const REQUESTER_MOVES: usize = 5;

fn expected_counts(role: &str) -> Counts {
    let mut counts = Counts::default();
    for &(_, party) in expectations(role) {
        let moves = match party {
            Staff => STAFF_MOVES,
            Requester => REQUESTER_MOVES,
            Nobody => {
                counts.denied += 36;
                continue;
            }
        };
        counts.allowed += moves;
        counts.refused += 36 - moves;
    }
    counts
}

macro_rules! role_tests {
    ($($name:ident => $role:literal, $cases:literal;)+) => {$(
        #[test]
        fn $name() {
            let counts = check_role($role);
            let total = counts.allowed + counts.refused + counts.denied;
            assert_eq!(total, $cases, "{}: {counts:?}", $role);
            assert_eq!(counts, expected_counts($role), "{}", $role);
        }
    )+};
}

// Cases per role: setups × 36 pairs of statuses.
role_tests! {
    learner_moves_only_own_tickets_as_requester => "learner", 72;
    client_moves_only_own_tickets_as_requester => "client", 108;
    technician_is_staff_on_what_its_role_handles => "technician", 144;
    coach_hard_is_staff_on_what_its_role_handles => "coach_hard", 144;
    coach_soft_is_staff_on_what_its_role_handles => "coach_soft", 144;
    supervisor_is_staff_on_what_its_role_handles => "supervisor", 144;
    referent_is_staff_on_what_its_role_handles => "referent", 144;
    caretaker_is_staff_on_what_its_role_handles => "caretaker", 144;
    support_may_move_no_ticket => "support", 72;
    management_may_move_no_ticket => "management", 72;
    sales_may_move_no_ticket => "sales", 72;
    admin_is_staff_on_every_ticket => "admin", 108;
}

/// 1,440 cases in all: the sum of the counts above.
#[test]
fn the_role_list_is_complete() {
    let roles: Vec<&str> = guichet::domain::roles::DEFAULT_ROLES
        .iter()
        .map(|r| r.key)
        .collect();
    let mut total = 0;
    for role in &roles {
        total += expectations(role).len() * 36;
    }
    assert_eq!(roles.len(), 12);
    assert_eq!(total, 1_368);
}
