//! Every kind of audit entry the code writes, with the key stored in the
//! log and the kind of object it is about, in one table: an action that is
//! not here cannot be written (it does not compile), and a test checks that
//! each has a label in both languages. Keys never change once released:
//! old logs hold them, and the chain's hashes cover them.

/// What an audit entry is about, as stored in `audit_log.object_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Database,
    User,
    Role,
    Programme,
    Cohort,
    Company,
    Category,
    Notification,
    Ticket,
    Calendar,
    SlaPolicy,
    // Issue 15: the CRM.
    Client,
    Contract,
    Event,
}

impl ObjectKind {
    pub const EVERY: &'static [ObjectKind] = &[
        ObjectKind::Database,
        ObjectKind::User,
        ObjectKind::Role,
        ObjectKind::Programme,
        ObjectKind::Cohort,
        ObjectKind::Company,
        ObjectKind::Category,
        ObjectKind::Notification,
        ObjectKind::Ticket,
        ObjectKind::Calendar,
        ObjectKind::SlaPolicy,
        // Issue 15: the CRM.
        ObjectKind::Client,
        ObjectKind::Contract,
        ObjectKind::Event,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ObjectKind::Database => "database",
            ObjectKind::User => "user",
            ObjectKind::Role => "role",
            ObjectKind::Programme => "programme",
            ObjectKind::Cohort => "cohort",
            ObjectKind::Company => "company",
            ObjectKind::Category => "category",
            ObjectKind::Notification => "notification",
            ObjectKind::Ticket => "ticket",
            ObjectKind::Calendar => "calendar",
            ObjectKind::SlaPolicy => "sla_policy",
            // Issue 15: the CRM.
            ObjectKind::Client => "client",
            ObjectKind::Contract => "contract",
            ObjectKind::Event => "event",
        }
    }

    pub fn from_key(key: &str) -> Option<ObjectKind> {
        ObjectKind::EVERY.iter().copied().find(|k| k.key() == key)
    }

    /// Its name in the language files (`object.ticket`).
    pub fn label_key(self) -> String {
        format!("object.{}", self.key())
    }
}

macro_rules! audit_actions {
    ($($variant:ident => $key:literal, $object:ident;)*) => {
        /// A kind of audit entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($variant,)*
        }

        impl AuditAction {
            pub const EVERY: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The key stored in the log (`ticket.status`).
            pub fn key(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $key,)*
                }
            }

            /// What an entry of this kind is about.
            pub fn object(self) -> ObjectKind {
                match self {
                    $(AuditAction::$variant => ObjectKind::$object,)*
                }
            }
        }
    };
}

audit_actions! {
    DatabaseCreate => "database.create", Database;
    DatabaseMigrate => "database.migrate", Database;
    AuditCutOff => "audit.cut_off", Database;
    AuditHeadLogged => "audit.head_logged", Database;
    BenchFill => "bench.fill", Database;
    SiteBackup => "site.backup", Database;
    UserCreate => "user.create", User;
    UserUpdate => "user.update", User;
    UserSetRole => "user.set_role", User;
    UserActivate => "user.activate", User;
    UserDeactivate => "user.deactivate", User;
    UserUnlock => "user.unlock", User;
    UserLock => "user.lock", User;
    UserPassword => "user.password", User;
    UserNotifications => "user.notifications", User;
    RoleCreate => "role.create", Role;
    RoleGrant => "role.grant", Role;
    RoleRevoke => "role.revoke", Role;
    RoleEdit => "role.edit", Role;
    ProgrammeCreate => "programme.create", Programme;
    ProgrammeRename => "programme.rename", Programme;
    ProgrammeRemove => "programme.remove", Programme;
    CohortCreate => "cohort.create", Cohort;
    CohortUpdate => "cohort.update", Cohort;
    CohortMove => "cohort.move", Cohort;
    CohortRemove => "cohort.remove", Cohort;
    CompanyCreate => "company.create", Company;
    CategoryCreate => "category.create", Category;
    CategoryRename => "category.rename", Category;
    NotificationRead => "notification.read", Notification;
    TicketCreate => "ticket.create", Ticket;
    TicketEdit => "ticket.edit", Ticket;
    TicketStatus => "ticket.status", Ticket;
    TicketAssign => "ticket.assign", Ticket;
    TicketComment => "ticket.comment", Ticket;
    TicketCommentInternal => "ticket.comment_internal", Ticket;
    TicketAttach => "ticket.attach", Ticket;
    TicketRate => "ticket.rate", Ticket;
    TicketClosureRequest => "ticket.closure_request", Ticket;
    TicketAutoClose => "ticket.auto_close", Ticket;
    TicketTime => "ticket.time", Ticket;
    TicketTimeEdit => "ticket.time_edit", Ticket;
    TicketUrgency => "ticket.urgency", Ticket;
    TicketUrgencyResync => "ticket.urgency_resync", Ticket;
    CalendarAdd => "calendar.add", Calendar;
    CalendarEdit => "calendar.edit", Calendar;
    CalendarOpenDay => "calendar.open_day", Calendar;
    CalendarCloseDay => "calendar.close_day", Calendar;
    SlaPolicyAdd => "sla_policy.add", SlaPolicy;
    SlaPolicyEdit => "sla_policy.edit", SlaPolicy;
    SlaPolicyRemove => "sla_policy.remove", SlaPolicy;
    SlaCompute => "sla.compute", SlaPolicy;
    SlaRebuild => "sla.rebuild", SlaPolicy;
    // Issue 15: companies and the CRM's clients.
    CompanyEdit => "company.edit", Company;
    CompanyArchive => "company.archive", Company;
    CompanyUnarchive => "company.unarchive", Company;
    CompanyRemove => "company.remove", Company;
    ClientCreate => "client.create", Client;
    ClientEdit => "client.edit", Client;
    ClientRemove => "client.remove", Client;
    // Issue 15: contracts and events.
    ContractCreate => "contract.create", Contract;
    ContractEdit => "contract.edit", Contract;
    ContractSign => "contract.sign", Contract;
    ContractPay => "contract.pay", Contract;
    ContractRemove => "contract.remove", Contract;
    EventCreate => "event.create", Event;
    EventEdit => "event.edit", Event;
    EventAssign => "event.assign", Event;
    EventRemove => "event.remove", Event;
}

impl AuditAction {
    /// The action stored under `key`; None for one this version does not
    /// write (a newer guichet's, say), which is shown as stored.
    pub fn from_key(key: &str) -> Option<AuditAction> {
        AuditAction::EVERY.iter().copied().find(|a| a.key() == key)
    }

    /// Its label in the language files (`audit.action.ticket.status`).
    pub fn label_key(self) -> String {
        format!("audit.action.{}", self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for action in AuditAction::EVERY {
            assert!(seen.insert(action.key()), "{} twice", action.key());
            assert_eq!(AuditAction::from_key(action.key()), Some(*action));
        }
        for kind in ObjectKind::EVERY {
            assert_eq!(ObjectKind::from_key(kind.key()), Some(*kind));
        }
        assert_eq!(AuditAction::from_key("ticket.explode"), None);
    }

    #[test]
    fn an_action_names_its_object_first_unless_it_is_about_the_whole_site() {
        for action in AuditAction::EVERY {
            let (head, _) = action.key().split_once('.').unwrap_or_default();
            let object = action.object().key();
            let whole_site = ["audit", "bench", "site", "sla"].contains(&head);
            assert!(head == object || whole_site, "{}", action.key());
        }
    }
}
