//! Capabilities and scopes: what a role may do, and over which objects.

use std::fmt;

/// Where a capability applies. Scopes form a lattice:
/// `own ≤ assigned ≤ all` and `own ≤ company ≤ all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Own,
    Assigned,
    Company,
    All,
}

impl Scope {
    pub const EVERY: [Scope; 4] = [Scope::Own, Scope::Assigned, Scope::Company, Scope::All];

    pub fn key(self) -> &'static str {
        match self {
            Scope::Own => "own",
            Scope::Assigned => "assigned",
            Scope::Company => "company",
            Scope::All => "all",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        Scope::EVERY.into_iter().find(|s| s.key() == text)
    }

    /// True when a grant of `self` gives at least what a grant of `other` gives.
    pub fn includes(self, other: Scope) -> bool {
        match (self, other) {
            (Scope::All, _) => true,
            (a, b) if a == b => true,
            (Scope::Assigned | Scope::Company, Scope::Own) => true,
            _ => false,
        }
    }

    /// Whether this scope reaches an object standing in `relation` to the actor.
    pub fn reaches(self, relation: Relation) -> bool {
        match self {
            Scope::All => true,
            Scope::Company => relation.own || relation.same_company,
            Scope::Assigned => relation.own || relation.assigned,
            Scope::Own => relation.own,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How an object relates to the actor looking at it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relation {
    /// The actor created or is the object (their own ticket, their own account).
    pub own: bool,
    /// The object is assigned to the actor (or to the actor's role, for tickets).
    pub assigned: bool,
    /// The object belongs to the actor's company.
    pub same_company: bool,
}

macro_rules! capabilities {
    ($( $variant:ident => $key:literal, [$($scope:ident),+], $summary:literal; )+) => {
        /// Everything a role can be allowed to do. The key is the stable name
        /// stored in the database and typed on the command line.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Capability { $($variant),+ }

        impl Capability {
            pub const EVERY: &'static [Capability] = &[$(Capability::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $(Capability::$variant => $key),+ }
            }

            /// Scopes this capability can be granted with, narrowest first.
            pub fn scopes(self) -> &'static [Scope] {
                match self { $(Capability::$variant => &[$(Scope::$scope),+]),+ }
            }

            /// One-line English summary, for `role capabilities` and the docs.
            pub fn summary(self) -> &'static str {
                match self { $(Capability::$variant => $summary),+ }
            }
        }
    };
}

capabilities! {
    UserRead => "user.read", [Own, Company, All], "see user profiles";
    UserCreate => "user.create", [All], "create user accounts";
    UserUpdate => "user.update", [Own, Company, All], "edit name, email and phone";
    UserAccess => "user.access", [All], "activate, deactivate and unlock accounts";
    UserPassword => "user.password", [Own, All], "set a password";
    RoleRead => "role.read", [All], "see roles and their capabilities";
    RoleManage => "role.manage", [All], "create roles, grant and revoke capabilities";
    RoleAssign => "role.assign", [All], "give a user a role (never one with more rights than one's own)";
    AuditRead => "audit.read", [All], "read and verify the audit log";
    JournalRead => "journal.read", [Own, All], "read the connection journal";
    ProgrammeRead => "programme.read", [All], "see programmes (formations)";
    ProgrammeManage => "programme.manage", [All], "create and edit programmes";
    CohortRead => "cohort.read", [All], "see cohorts (promos)";
    CohortManage => "cohort.manage", [All], "create and edit cohorts";
    CompanyRead => "company.read", [Company, All], "see companies";
    CompanyManage => "company.manage", [All], "create and edit companies";
    TicketCreate => "ticket.create", [Own, All], "open tickets (all: on behalf of someone else)";
    TicketRead => "ticket.read", [Own, Assigned, Company, All], "see tickets";
    TicketUpdate => "ticket.update", [Own, Assigned, Company, All], "edit tickets and change their status";
    TicketAssign => "ticket.assign", [Assigned, All], "assign and reassign tickets";
    TicketComment => "ticket.comment", [Own, Assigned, Company, All], "comment on tickets";
    TicketCommentInternal => "ticket.comment_internal", [Assigned, All], "read and write staff-only comments";
    TicketRate => "ticket.rate", [Own], "rate a resolved ticket";
    TimeLog => "time.log", [Assigned, All], "log time spent on tickets";
    TimeRead => "time.read", [Assigned, Company, All], "see time spent";
    CategoryManage => "category.manage", [All], "manage ticket categories";
    SlaManage => "sla.manage", [All], "manage SLA policies and calendars";
    ClientRead => "client.read", [Own, All], "see CRM clients";
    ClientCreate => "client.create", [Own, All], "create CRM clients";
    ClientUpdate => "client.update", [Own, All], "edit CRM clients";
    ClientDelete => "client.delete", [All], "delete CRM clients";
    ContractRead => "contract.read", [Own, Company, All], "see contracts and hour packs";
    ContractCreate => "contract.create", [Own, All], "create contracts";
    ContractUpdate => "contract.update", [Own, All], "edit contracts";
    ContractDelete => "contract.delete", [All], "delete contracts";
    EventRead => "event.read", [Own, Assigned, All], "see events";
    EventCreate => "event.create", [Own, All], "create events (for a signed contract)";
    EventUpdate => "event.update", [Assigned, All], "edit events";
    EventAssign => "event.assign", [All], "choose an event's support contact";
    EventDelete => "event.delete", [All], "delete events";
    KbRead => "kb.read", [All], "read the knowledge base";
    KbManage => "kb.manage", [All], "write the knowledge base";
    InventoryRead => "inventory.read", [Assigned, All], "see the equipment inventory";
    InventoryManage => "inventory.manage", [All], "manage the equipment inventory";
    ReportRead => "report.read", [Company, All], "see reports and work summaries";
    SiteBackup => "site.backup", [All], "take a backup of the site (database, attachments, key)";
}

impl Capability {
    pub fn parse(text: &str) -> Option<Capability> {
        Capability::EVERY.iter().copied().find(|c| c.key() == text)
    }

    pub fn narrowest_scope(self) -> Scope {
        self.scopes()[0]
    }

    pub fn widest_scope(self) -> Scope {
        self.scopes()[self.scopes().len() - 1]
    }

    pub fn allows_scope(self, scope: Scope) -> bool {
        self.scopes().contains(&scope)
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One capability held at one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grant {
    pub capability: Capability,
    pub scope: Scope,
}

impl Grant {
    pub fn new(capability: Capability, scope: Scope) -> Grant {
        Grant { capability, scope }
    }
}

/// The capabilities a role holds: at most one scope per capability.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grants(Vec<Grant>);

impl Grants {
    pub fn new(mut grants: Vec<Grant>) -> Grants {
        grants.sort();
        grants.dedup_by_key(|g| g.capability);
        Grants(grants)
    }

    pub fn scope_of(&self, capability: Capability) -> Option<Scope> {
        self.0
            .iter()
            .find(|g| g.capability == capability)
            .map(|g| g.scope)
    }

    pub fn permits(&self, capability: Capability, relation: Relation) -> bool {
        self.scope_of(capability)
            .is_some_and(|scope| scope.reaches(relation))
    }

    /// True when everything `other` allows, `self` allows too: the rule that
    /// keeps anyone from handing out more rights than they hold.
    pub fn covers(&self, other: &Grants) -> bool {
        other.iter().all(|g| {
            self.scope_of(g.capability)
                .is_some_and(|mine| mine.includes(g.scope))
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Grant> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses `capability[:scope]`; without a scope, the narrowest one allowed
/// (least privilege). The error names what was wrong and what is allowed.
pub fn parse_grant(text: &str) -> Result<Grant, GrantParseError> {
    let (cap_text, scope_text) = match text.split_once(':') {
        Some((c, s)) => (c, Some(s)),
        None => (text, None),
    };
    let capability = Capability::parse(cap_text)
        .ok_or_else(|| GrantParseError::UnknownCapability(cap_text.into()))?;
    let scope = match scope_text {
        None => capability.narrowest_scope(),
        Some(s) => {
            let scope = Scope::parse(s).ok_or_else(|| GrantParseError::UnknownScope(s.into()))?;
            if !capability.allows_scope(scope) {
                return Err(GrantParseError::ScopeNotAllowed(capability, scope));
            }
            scope
        }
    };
    Ok(Grant::new(capability, scope))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantParseError {
    UnknownCapability(String),
    UnknownScope(String),
    ScopeNotAllowed(Capability, Scope),
}

pub fn scope_list(capability: Capability) -> String {
    capability
        .scopes()
        .iter()
        .map(|s| s.key())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        let mut keys: Vec<_> = Capability::EVERY.iter().map(|c| c.key()).collect();
        for c in Capability::EVERY {
            assert_eq!(Capability::parse(c.key()), Some(*c));
        }
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Capability::EVERY.len());
    }

    #[test]
    fn scope_lattice() {
        assert!(Scope::All.includes(Scope::Company));
        assert!(Scope::Company.includes(Scope::Own));
        assert!(Scope::Assigned.includes(Scope::Own));
        assert!(!Scope::Assigned.includes(Scope::Company));
        assert!(!Scope::Company.includes(Scope::Assigned));
        assert!(!Scope::Own.includes(Scope::Assigned));
    }

    #[test]
    fn parse_grant_defaults_to_the_narrowest_scope() {
        let g = parse_grant("ticket.read").unwrap();
        assert_eq!(g.scope, Scope::Own);
        assert_eq!(parse_grant("ticket.read:all").unwrap().scope, Scope::All);
        assert_eq!(
            parse_grant("role.manage:own"),
            Err(GrantParseError::ScopeNotAllowed(
                Capability::RoleManage,
                Scope::Own
            ))
        );
        assert!(matches!(
            parse_grant("nope"),
            Err(GrantParseError::UnknownCapability(_))
        ));
        assert!(matches!(
            parse_grant("user.read:galaxy"),
            Err(GrantParseError::UnknownScope(_))
        ));
    }

    #[test]
    fn covers_refuses_wider_scopes_and_missing_capabilities() {
        let mine = Grants::new(vec![Grant::new(Capability::TicketRead, Scope::Company)]);
        let own = Grants::new(vec![Grant::new(Capability::TicketRead, Scope::Own)]);
        let all = Grants::new(vec![Grant::new(Capability::TicketRead, Scope::All)]);
        let other = Grants::new(vec![Grant::new(Capability::KbRead, Scope::All)]);
        assert!(mine.covers(&own));
        assert!(!mine.covers(&all));
        assert!(!mine.covers(&other));
    }
}
