//! The service's test level: a `Service` on a real database file in a
//! temporary directory, bcrypt cost 4, and a clock the test moves
//! (`World`), for the rules the use cases enforce.

use guichet::domain::signin::LockoutPolicy;
use guichet::domain::Capability;
use guichet::service::tickets::{NewTicket, Ticket, TicketFilter, TicketView};
use guichet::service::users::NewUser;
use guichet::service::{Actor, Error, FrontEnd, Origin, Service, Settings, SignInAttempt};
use guichet::store::audit::Entry;
use guichet::store::tickets::{cursor_after, Sort};
use guichet::store::{OpenOptions, Store};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const PASSWORD: &str = "Ticket-test-pass-1";
/// 2026-05-28 20:26:40 UTC, 22:26:40 in Paris.
pub const T0: i64 = 1_780_000_000;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
/// `Settings::default().reopen_window_secs`, restated: seven days.
pub const REOPEN_WINDOW: i64 = 7 * DAY;

pub const STATUSES: [&str; 6] = [
    "waiting",
    "in_progress",
    "on_hold",
    "resolved",
    "closed",
    "cancelled",
];

/// Something to run once, the next time the service reads its clock.
type Hook = Box<dyn FnOnce() + Send>;

pub struct World {
    _dir: tempfile::TempDir,
    pub service: Service,
    clock: Arc<AtomicI64>,
    hook: Arc<Mutex<Option<Hook>>>,
    pub admin: Actor,
}

pub fn origin() -> Origin {
    Origin {
        front_end: FrontEnd::Cli,
        os_user: "tester".into(),
        host: "lab-pc-12".into(),
        terminal: "/dev/pts/4".into(),
        remote_addr: None,
    }
}

/// The message key of a call that must fail.
pub fn key<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    result.unwrap_err().message().key
}

/// Panics unless `result` is `Error::Denied(capability)`.
#[track_caller]
pub fn assert_denied<T: std::fmt::Debug>(result: Result<T, Error>, capability: Capability) {
    match result {
        Err(Error::Denied(c)) if c == capability => {}
        other => panic!("expected Denied({capability}), got {other:?}"),
    }
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(AtomicI64::new(T0));
        let options = OpenOptions {
            busy_timeout: Duration::from_secs(5),
            now: T0,
            create: true,
        };
        let store = Store::open(&dir.path().join("g.db"), &options).unwrap();
        let settings = Settings {
            bcrypt_cost: 4,
            lockout: LockoutPolicy {
                max_failures: 3,
                lock_secs: 900,
            },
            attachment_dir: dir.path().join("attachments"),
            ..Settings::default()
        };
        assert_eq!(settings.reopen_window_secs, REOPEN_WINDOW);
        let tick = Arc::clone(&clock);
        let hook: Arc<Mutex<Option<Hook>>> = Arc::default();
        let pending = Arc::clone(&hook);
        let read_clock = move || {
            let once = pending.lock().unwrap().take();
            if let Some(run) = once {
                run();
            }
            tick.load(Ordering::SeqCst)
        };
        let mut service = Service::new(store, settings, Box::new(read_clock));
        let admin = service
            .init("admin", "Ada Admin", PASSWORD, &origin())
            .unwrap();
        World {
            _dir: dir,
            service,
            clock,
            hook,
            admin,
        }
    }

    /// Runs `run` the next time the service reads its clock: in the middle
    /// of a use case, between its checks and its write.
    pub fn on_next_clock_read(&self, run: impl FnOnce() + Send + 'static) {
        *self.hook.lock().unwrap() = Some(Box::new(run));
    }

    /// Another service on the same file, as another process would hold it.
    pub fn other_process(&self) -> Service {
        let options = OpenOptions {
            busy_timeout: Duration::from_secs(5),
            now: self.now(),
            create: false,
        };
        let store = Store::open(self.service.store().path(), &options).unwrap();
        let settings = Settings {
            bcrypt_cost: 4,
            ..Settings::default()
        };
        let at = self.now();
        Service::new(store, settings, Box::new(move || at))
    }

    pub fn now(&self) -> i64 {
        self.clock.load(Ordering::SeqCst)
    }

    pub fn set_clock(&self, at: i64) {
        self.clock.store(at, Ordering::SeqCst);
    }

    pub fn advance(&self, secs: i64) {
        self.clock.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn company(&mut self, name: &str) {
        let admin = self.admin.clone();
        self.service.add_company(&admin, name).unwrap();
    }

    pub fn add(&mut self, login: &str, role: &str) -> Actor {
        self.add_in(login, role, None)
    }

    pub fn add_in(&mut self, login: &str, role: &str, company: Option<&str>) -> Actor {
        let new = NewUser {
            login,
            full_name: login,
            role,
            email: None,
            phone: None,
            cohort: None,
            company,
            password: PASSWORD,
        };
        let admin = self.admin.clone();
        let id = self.service.add_user(&admin, &new).unwrap();
        Actor {
            id,
            login: login.into(),
        }
    }

    /// Signs in through the service, from the test's origin.
    pub fn sign_in(&mut self, login: &str, password: &str) -> Result<Actor, Error> {
        let origin = origin();
        self.service.sign_in(&SignInAttempt {
            login,
            password,
            origin: &origin,
        })
    }

    /// `who` opens a ticket for `role`, to `assignee` or the least loaded.
    pub fn open(&mut self, who: &Actor, title: &str, role: &str, assignee: Option<&str>) -> i64 {
        self.try_open(who, title, role, assignee, None).unwrap()
    }

    /// The admin opens a ticket on behalf of `requester`.
    pub fn open_for(
        &mut self,
        requester: &str,
        title: &str,
        role: &str,
        assignee: Option<&str>,
    ) -> i64 {
        let admin = self.admin.clone();
        self.try_open(&admin, title, role, assignee, Some(requester))
            .unwrap()
    }

    pub fn try_open(
        &mut self,
        who: &Actor,
        title: &str,
        role: &str,
        assignee: Option<&str>,
        requester: Option<&str>,
    ) -> Result<i64, Error> {
        let new = NewTicket {
            title,
            description: "",
            priority: guichet::domain::ticket::Priority::Normal,
            category: None,
            handling_role: role,
            assignee,
            requester,
        };
        self.service.open_ticket(who, &new, "lab-pc-12")
    }

    /// `who` moves ticket `id` to `to`, which must succeed.
    #[track_caller]
    pub fn status(&mut self, who: &Actor, id: i64, to: &str) {
        self.service
            .change_status(who, id, status(to), None)
            .unwrap_or_else(|e| panic!("{} -> {to} by {}: {e:?}", id, who.login));
    }

    /// The ticket as the admin sees it.
    pub fn ticket(&self, id: i64) -> Ticket {
        self.view(id).ticket
    }

    pub fn view(&self, id: i64) -> TicketView {
        self.service.show_ticket(&self.admin, id).unwrap()
    }

    /// How many audit entries the file holds, counted with plain SQL.
    pub fn audit_count(&self) -> i64 {
        self.service
            .store()
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    }

    /// Audit entries about ticket `id`, as the admin reads them.
    pub fn history(&self, who: &Actor, id: i64) -> Result<Vec<Entry>, Error> {
        self.service.ticket_history(who, id, 0, 500)
    }

    /// Every ticket `who` may list with `filter`, paging by two with the
    /// cursor, in ascending id order.
    pub fn list_all(&self, who: &Actor, filter: &TicketFilter) -> Result<Vec<i64>, Error> {
        let mut ids = Vec::new();
        let mut after = None;
        loop {
            let page = self.service.list_tickets(who, filter, after, 2)?;
            let Some(last) = page.last() else { break };
            after = Some(cursor_after(last, filter.sort));
            assert!(page.len() <= 2);
            ids.extend(page.iter().map(|t| t.id));
        }
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "a page repeated a ticket: {ids:?}");
        Ok(sorted)
    }

    /// Ids of tickets whose text matches `text` for `who`.
    pub fn search(&self, who: &Actor, text: &str) -> Result<Vec<i64>, Error> {
        let filter = TicketFilter {
            text: Some(text.into()),
            sort: Sort::Id,
            ..Default::default()
        };
        self.list_all(who, &filter)
    }
}

/// The status of this key, as a front end would read it.
#[track_caller]
pub fn status(key: &str) -> guichet::domain::ticket::Status {
    guichet::domain::ticket::Status::parse(key).unwrap_or_else(|| panic!("no status {key}"))
}
