//! The use cases. Each takes an authenticated [`Actor`], checks the
//! capability and its scope against the database's current grants, validates
//! the input, and writes the change with its audit entry in one
//! `BEGIN IMMEDIATE` transaction.

pub mod account_rights;
pub mod attachments;
pub mod audience;
pub mod audit;
mod audit_head;
mod auth;
pub mod backup;
pub mod categories;
// Issue 15, companies and clients (+ the CRM demo data).
pub mod clients;
pub mod companies;
// End of issue 15's clients block.
pub mod context;
// Issue 15: contracts, events and their notifications.
pub mod crm_contracts;
pub mod crm_events;
mod crm_notify;
// Issue 15: what the CRM's forms pick from as you type.
pub mod crm_pickers;
pub mod demo;
mod drafts;
mod error;
pub mod notifications;
mod notify;
pub mod org;
pub mod profile;
pub mod rights;
pub mod roles;
mod sign_in;
pub mod sla;
pub mod sla_admin;
pub mod sla_explain;
mod summary;
pub mod synthetic;
pub mod ticket_flow;
mod ticket_query;
pub mod ticket_work;
pub mod tickets;
pub mod urgency;
pub mod users;
pub mod worker;

pub use context::{FrontEnd, Origin};
pub use error::{store_message, Error, Result};
pub use sign_in::SignInAttempt;

use crate::domain::audit_action::AuditAction;
use crate::domain::signin::LockoutPolicy;
use crate::domain::{Capability, Grants, Msg, Scope};
use crate::store::{self, Store};

/// Service settings, taken from the configuration file by the front end.
#[derive(Clone, Debug)]
pub struct Settings {
    pub bcrypt_cost: u32,
    pub lockout: LockoutPolicy,
    /// How long after resolution a requester may reopen, in seconds.
    pub reopen_window_secs: i64,
    pub attachment_max_bytes: u64,
    /// The content-addressed attachment store (0700).
    pub attachment_dir: std::path::PathBuf,
    /// Folders of the host that files may be attached from, and saved to
    /// (`attachments.import_dirs`, `export_dirs`); empty: none at all.
    pub import_dirs: Vec<std::path::PathBuf>,
    pub export_dirs: Vec<std::path::PathBuf>,
    /// Several people share the OS account (ssh): a refusal says to send
    /// files through standard input and output instead.
    pub shared_account: bool,
    /// The site's time zone: calendar dates typed by people are local.
    pub timezone: chrono_tz::Tz,
    /// When urgency levels begin, in percent of the resolution target.
    pub thresholds: crate::domain::sla::Thresholds,
    /// Seconds between two passes of the background urgency worker.
    pub urgency_interval_secs: u64,
    /// Where the dashboard keeps forms interrupted by a signal or the idle
    /// lock (0700, one 0600 file per person).
    pub drafts_dir: std::path::PathBuf,
    /// Where backups go (`backup.dir`); folders typed for one must be new
    /// ones inside it or inside `export_dirs`.
    pub backup_dir: std::path::PathBuf,
    /// The site's currency (`site.currency`), in which amounts are shown.
    pub currency: crate::domain::money::Currency,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            bcrypt_cost: 12,
            lockout: LockoutPolicy {
                max_failures: 5,
                lock_secs: 15 * 60,
            },
            reopen_window_secs: 7 * 86_400,
            attachment_max_bytes: 10 * 1024 * 1024,
            attachment_dir: std::path::PathBuf::from("attachments"),
            // Nothing of the host unless a front end says which folders.
            import_dirs: Vec::new(),
            export_dirs: Vec::new(),
            shared_account: false,
            timezone: chrono_tz::Europe::Paris,
            thresholds: crate::domain::sla::Thresholds::default(),
            urgency_interval_secs: 30,
            drafts_dir: std::path::PathBuf::from("drafts"),
            backup_dir: std::path::PathBuf::from("backups"),
            currency: crate::domain::money::Currency::default(),
        }
    }
}

/// How to open another connection to the same file, for a thread of its
/// own (the urgency worker, a sign-in running bcrypt): connections are never
/// shared between threads.
#[derive(Clone)]
pub struct Reopen {
    pub path: std::path::PathBuf,
    pub options: store::OpenOptions,
    pub settings: Settings,
}

impl Reopen {
    /// A service on its own connection, with the system clock; the file
    /// must exist already.
    pub fn open(&self) -> Result<Service> {
        self.open_at(None)
    }

    /// The same with `clock` if given: a pane's background read (the
    /// breach forecast counts from now) sees the time the UI thread sees.
    pub fn open_at(&self, clock: Option<&SharedClock>) -> Result<Service> {
        let options = store::OpenOptions {
            create: false,
            ..self.options.clone()
        };
        let store = Store::open(&self.path, &options)?;
        let clock = match clock {
            Some(shared) => {
                let shared = std::sync::Arc::clone(shared);
                Box::new(move || shared()) as Clock
            }
            None => system_clock(),
        };
        Ok(Service::new(store, self.settings.clone(), clock))
    }
}

/// A clock several connections' services read (tests fix or move it).
pub type SharedClock = std::sync::Arc<dyn Fn() -> i64 + Send + Sync>;

/// The clock, injected so tests can move time; in production, the system's.
pub type Clock = Box<dyn Fn() -> i64 + Send>;

pub fn system_clock() -> Clock {
    Box::new(|| chrono::Utc::now().timestamp())
}

pub struct Service {
    store: Store,
    settings: Settings,
    clock: Clock,
}

/// Someone who signed in. Only the id is trusted: role and grants are read
/// afresh at each call, so a role change or a deactivation takes effect at
/// once, even for a session that stays open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub login: String,
}

/// The actor as the database knows them now, with the scope they hold for
/// the capability just checked.
pub(crate) struct Authorized {
    pub user: store::users::User,
    pub grants: Grants,
    pub scope: Scope,
}

impl Service {
    /// A service on an opened store. Partial attachments left by a process
    /// that was killed mid-copy are removed here, by whichever process opens
    /// the site next (best effort: a store that cannot be read yet is
    /// swept next time).
    pub fn new(store: Store, settings: Settings, clock: Clock) -> Service {
        let service = Service {
            store,
            settings,
            clock,
        };
        let _ = service.remove_abandoned_attachments();
        service
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    pub(crate) fn sla_settings(&self) -> sla::SlaSettings {
        sla::SlaSettings {
            site_tz: self.settings.timezone,
            thresholds: self.settings.thresholds,
        }
    }

    /// Checks that `actor` still exists, is active, and holds `capability`
    /// at some scope. Comes before any validation of the input, so that
    /// someone without the right learns nothing about it.
    pub(crate) fn authorize(&self, actor: &Actor, capability: Capability) -> Result<Authorized> {
        let conn = self.store.conn();
        let user = store::users::by_id(conn, actor.id)?
            .map(|l| l.user)
            .filter(|u| u.active)
            .ok_or(Error::SignInFailed)?;
        let grants = store::roles::grants(conn, &user.role_key)?;
        let scope = grants
            .scope_of(capability)
            .ok_or(Error::Denied(capability))?;
        Ok(Authorized {
            user,
            grants,
            scope,
        })
    }

    /// Whether `actor` may use `capability` at all: for front ends deciding
    /// what to offer (the check that counts is still made by each use case).
    pub fn may(&self, actor: &Actor, capability: Capability) -> Result<Option<Scope>> {
        match self.authorize(actor, capability) {
            Ok(a) => Ok(Some(a.scope)),
            Err(Error::Denied(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Appends the audit entry for a change made by `actor`.
    fn audit(
        write: &store::Write,
        actor: &Actor,
        now: i64,
        (action, object_id): (AuditAction, String),
        summary: serde_json::Value,
    ) -> Result<()> {
        let entry = store::audit::NewEntry {
            at: now,
            actor_id: Some(actor.id),
            actor_login: actor.login.clone(),
            action,
            object_id,
            summary: summary.to_string(),
        };
        store::audit::append(write, &entry)?;
        Ok(())
    }
}

impl Authorized {
    /// What to answer when the object is missing or out of reach: only
    /// someone whose scope is `all` may learn that it does not exist.
    pub(crate) fn unreachable(
        &self,
        capability: Capability,
        what: &'static str,
        key: impl std::fmt::Display,
    ) -> Error {
        if self.scope == Scope::All {
            not_found(what, key)
        } else {
            Error::Denied(capability)
        }
    }
}

pub(crate) fn not_found(what: &'static str, key: impl std::fmt::Display) -> Error {
    Error::NotFound(
        Msg::new("error.not_found")
            .arg("what", what)
            .arg("key", key),
    )
}
