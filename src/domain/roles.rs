//! The roles shipped with a new database, taken from the seed documents:
//! the training centre (000), the agency (001) and the event CRM (002, 004).

use super::capability::{Capability, Capability as C, Grant, Grants, Scope, Scope as S};

/// Key of the role that always holds every capability. It cannot be edited,
/// and its last active member cannot be removed or demoted.
pub const ADMIN_ROLE: &str = "admin";

pub struct DefaultRole {
    pub key: &'static str,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    /// Whether tickets can be handed to members of this role.
    pub handles_tickets: bool,
    /// Whom it serves: which requesters are offered it for a new ticket.
    pub serves: Audience,
}

/// Whom a handling role serves. A requester is offered the roles serving
/// their kind ([`Audience::of_requester`]) or everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    Learners,
    Clients,
    Staff,
    Everyone,
}

impl Audience {
    pub const EVERY: &'static [Audience] = &[
        Audience::Learners,
        Audience::Clients,
        Audience::Staff,
        Audience::Everyone,
    ];

    /// The key stored and typed (`--serves learners`).
    pub fn key(self) -> &'static str {
        match self {
            Audience::Learners => "learners",
            Audience::Clients => "clients",
            Audience::Staff => "staff",
            Audience::Everyone => "everyone",
        }
    }

    /// The French word, accepted as well as the key (`--serves apprenants`).
    pub fn french(self) -> &'static str {
        match self {
            Audience::Learners => "apprenants",
            Audience::Clients => "clients",
            Audience::Staff => "personnel",
            Audience::Everyone => "tous",
        }
    }

    /// The key or the French word, in any case.
    pub fn parse(text: &str) -> Option<Audience> {
        let text = text.trim().to_lowercase();
        Audience::EVERY
            .iter()
            .copied()
            .find(|a| a.key() == text || a.french() == text)
    }

    /// Whether a role serving `self` is offered to a requester of `kind`.
    pub fn serves(self, kind: Audience) -> bool {
        self == Audience::Everyone || self == kind
    }

    /// The kind of requester someone is, from what their role reads: a
    /// member of a client company (or a role reading its company's
    /// tickets) is a client; a role reading only its own tickets is a
    /// learner's; anyone else is staff. Read off the grants rather than
    /// the role's key, so that a role an admin creates falls in place.
    pub fn of_requester(in_company: bool, ticket_read: Option<Scope>) -> Audience {
        match ticket_read {
            _ if in_company => Audience::Clients,
            Some(Scope::Company) => Audience::Clients,
            Some(Scope::Own) => Audience::Learners,
            _ => Audience::Staff,
        }
    }
}

/// Whom each serves, from the seeds: the training centre's staff (000)
/// serve its learners; the technician repairs for the centre (000) and
/// maintains the agency's clients' sites (001), so serves everyone, as does
/// the admin, who can handle anything. Roles that handle no tickets serve
/// everyone, which offers them to nobody all the same.
pub const DEFAULT_ROLES: &[DefaultRole] = &[
    role(
        "admin",
        "Administrateur",
        "Administrator",
        Some(A::Everyone),
    ),
    role("learner", "Apprenant", "Learner", None),
    role("technician", "Technicien", "Technician", Some(A::Everyone)),
    role(
        "coach_hard",
        "Coach hard skills",
        "Hard-skills coach",
        Some(A::Learners),
    ),
    role(
        "coach_soft",
        "Coach soft skills",
        "Soft-skills coach",
        Some(A::Learners),
    ),
    role("supervisor", "Surveillant", "Supervisor", Some(A::Learners)),
    role("referent", "Référent", "Referent", Some(A::Learners)),
    role("caretaker", "Gardien", "Caretaker", Some(A::Learners)),
    role("management", "Gestion", "Management", None),
    role("sales", "Commercial", "Sales", None),
    role("support", "Support", "Support", None),
    role("client", "Client", "Client", None),
];

use Audience as A;

/// `serves`: `None` for a role that handles no tickets.
const fn role(
    key: &'static str,
    fr: &'static str,
    en: &'static str,
    serves: Option<Audience>,
) -> DefaultRole {
    DefaultRole {
        key,
        label_fr: fr,
        label_en: en,
        handles_tickets: serves.is_some(),
        serves: match serves {
            Some(a) => a,
            None => Audience::Everyone,
        },
    }
}

/// Every account may see and edit its own profile, change its own password
/// and read its own sign-in history.
const SELF_SERVICE: &[(Capability, Scope)] = &[
    (C::UserRead, S::Own),
    (C::UserUpdate, S::Own),
    (C::UserPassword, S::Own),
    (C::JournalRead, S::Own),
    (C::KbRead, S::All),
];

const LEARNER: &[(Capability, Scope)] = &[
    (C::TicketCreate, S::Own),
    (C::TicketRead, S::Own),
    (C::TicketUpdate, S::Own),
    (C::TicketComment, S::Own),
    (C::TicketRate, S::Own),
    (C::ProgrammeRead, S::All),
    (C::CohortRead, S::All),
];

/// Training-centre staff: handle what is assigned to them, consult learners,
/// manage promos and formations (000).
const STAFF: &[(Capability, Scope)] = &[
    (C::UserRead, S::All),
    (C::TicketCreate, S::Own),
    (C::TicketRead, S::Assigned),
    (C::TicketUpdate, S::Assigned),
    (C::TicketComment, S::Assigned),
    (C::TicketCommentInternal, S::Assigned),
    (C::TimeLog, S::Assigned),
    (C::TimeRead, S::Assigned),
    (C::ProgrammeRead, S::All),
    (C::ProgrammeManage, S::All),
    (C::CohortRead, S::All),
    (C::CohortManage, S::All),
    (C::CompanyRead, S::All),
];

const TECHNICIAN_EXTRA: &[(Capability, Scope)] = &[
    (C::KbManage, S::All),
    (C::InventoryRead, S::All),
    (C::InventoryManage, S::All),
];

const CARETAKER_EXTRA: &[(Capability, Scope)] = &[(C::InventoryRead, S::All)];

/// Every CRM collaborator reads everything of the CRM (002).
const CRM_READ: &[(Capability, Scope)] = &[
    (C::UserRead, S::All),
    (C::ClientRead, S::All),
    (C::ContractRead, S::All),
    (C::EventRead, S::All),
    (C::CompanyRead, S::All),
];

/// Management: CRUD on collaborators, clients, contracts and events (002, 004),
/// and assigning tickets (issue 3: "admins and managers assign").
const MANAGEMENT: &[(Capability, Scope)] = &[
    (C::UserCreate, S::All),
    (C::UserUpdate, S::All),
    (C::UserAccess, S::All),
    (C::UserPassword, S::All),
    (C::RoleRead, S::All),
    (C::RoleAssign, S::All),
    (C::CompanyManage, S::All),
    (C::ClientCreate, S::All),
    (C::ClientUpdate, S::All),
    (C::ClientDelete, S::All),
    (C::ContractCreate, S::All),
    (C::ContractUpdate, S::All),
    (C::ContractDelete, S::All),
    (C::EventCreate, S::All),
    (C::EventUpdate, S::All),
    (C::EventAssign, S::All),
    (C::EventDelete, S::All),
    (C::TicketRead, S::All),
    (C::TicketAssign, S::All),
    (C::TimeRead, S::All),
    (C::ReportRead, S::All),
    (C::ProgrammeRead, S::All),
    (C::CohortRead, S::All),
];

/// Sales: their own clients and contracts; events only for signed contracts.
const SALES: &[(Capability, Scope)] = &[
    (C::ClientCreate, S::Own),
    (C::ClientUpdate, S::Own),
    (C::ContractCreate, S::Own),
    (C::ContractUpdate, S::Own),
    (C::EventCreate, S::Own),
];

/// Support: updates the events it is the contact for.
const SUPPORT: &[(Capability, Scope)] = &[(C::EventUpdate, S::Assigned)];

/// Agency client: their company's tickets, contracts, time and reports (001).
const CLIENT: &[(Capability, Scope)] = &[
    (C::CompanyRead, S::Company),
    (C::TicketCreate, S::Own),
    (C::TicketRead, S::Company),
    (C::TicketUpdate, S::Own),
    (C::TicketComment, S::Company),
    (C::TicketRate, S::Own),
    (C::ContractRead, S::Company),
    (C::TimeRead, S::Company),
    (C::ReportRead, S::Company),
];

/// The capabilities a default role starts with. Later lists win over earlier
/// ones for the same capability, so a role-specific scope overrides self-service.
pub fn default_grants(role_key: &str) -> Grants {
    if role_key == ADMIN_ROLE {
        return admin_grants();
    }
    let parts: &[&[(Capability, Scope)]] = match role_key {
        "learner" => &[SELF_SERVICE, LEARNER],
        "technician" => &[SELF_SERVICE, STAFF, TECHNICIAN_EXTRA],
        "caretaker" => &[SELF_SERVICE, STAFF, CARETAKER_EXTRA],
        "coach_hard" | "coach_soft" | "supervisor" | "referent" => &[SELF_SERVICE, STAFF],
        "management" => &[SELF_SERVICE, CRM_READ, MANAGEMENT],
        "sales" => &[SELF_SERVICE, CRM_READ, SALES],
        "support" => &[SELF_SERVICE, CRM_READ, SUPPORT],
        "client" => &[SELF_SERVICE, CLIENT],
        _ => &[],
    };
    merge(parts)
}

pub fn admin_grants() -> Grants {
    Grants::new(
        Capability::EVERY
            .iter()
            .map(|c| Grant::new(*c, c.widest_scope()))
            .collect(),
    )
}

fn merge(parts: &[&[(Capability, Scope)]]) -> Grants {
    let mut grants: Vec<Grant> = Vec::new();
    for (capability, scope) in parts.iter().flat_map(|p| p.iter()) {
        grants.retain(|g| g.capability != *capability);
        grants.push(Grant::new(*capability, *scope));
    }
    Grants::new(grants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_grant_uses_an_allowed_scope() {
        for role in DEFAULT_ROLES {
            for g in default_grants(role.key).iter() {
                assert!(
                    g.capability.allows_scope(g.scope),
                    "{}: {} cannot be granted at {}",
                    role.key,
                    g.capability,
                    g.scope
                );
            }
        }
    }

    /// A role offered to requesters must be able to work what it receives.
    #[test]
    fn every_role_that_handles_tickets_can_work_them() {
        use super::super::capability::Relation;
        let assigned = Relation {
            assigned: true,
            ..Relation::default()
        };
        for role in DEFAULT_ROLES.iter().filter(|r| r.handles_tickets) {
            let grants = default_grants(role.key);
            for needed in [C::TicketRead, C::TicketUpdate, C::TicketComment] {
                assert!(
                    grants.permits(needed, assigned),
                    "{} lacks {needed}",
                    role.key
                );
            }
        }
    }

    #[test]
    fn requesters_fall_in_their_kind_by_what_they_read() {
        let kind = |key: &str, company: bool| {
            Audience::of_requester(company, default_grants(key).scope_of(C::TicketRead))
        };
        assert_eq!(kind("learner", false), Audience::Learners);
        assert_eq!(kind("client", true), Audience::Clients);
        assert_eq!(kind("client", false), Audience::Clients);
        assert_eq!(kind("technician", false), Audience::Staff);
        assert_eq!(kind("admin", false), Audience::Staff);
        assert!(Audience::Everyone.serves(Audience::Clients));
        assert!(!Audience::Learners.serves(Audience::Clients));
        for a in Audience::EVERY {
            assert_eq!(Audience::parse(a.key()), Some(*a));
            assert_eq!(Audience::parse(&a.french().to_uppercase()), Some(*a));
        }
    }

    #[test]
    fn management_can_create_sales_and_support_but_not_admins() {
        let management = default_grants("management");
        assert!(management.covers(&default_grants("sales")));
        assert!(management.covers(&default_grants("support")));
        assert!(!management.covers(&default_grants("admin")));
        assert!(admin_grants().covers(&management));
    }
}
