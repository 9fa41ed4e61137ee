//! `guichet demo`: fills a new database with a believable French training
//! centre and web agency — people of every role, programmes, cohorts,
//! companies, categories, and tickets spread over the past year in every
//! status, with comments, time spent, ratings and their audit entries.
//!
//! Deterministic: the same seed and the same `now` give the same data
//! (only the shared password, and so its hash, are new each time).

pub mod crm;
mod json;
mod life;
mod people;
mod phrases;
mod progress;
mod replay;
mod rng;
mod steps;
mod texts;
mod writer;

use super::summary::Summary;
use super::{Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::roles::DEFAULT_ROLES;
use crate::domain::{password, validate, Msg};
use crate::store::{self, audit::NewEntry, org, ticket_work, users, StoreError, Write};
use rng::Rng;
use std::collections::HashMap;

const DAY: i64 = 86_400;
/// A bound on typing slips: ten million tickets already take about an hour
/// and 30 GB of disk.
pub const MAX_TICKETS: u64 = 10_000_000;

/// What `fill_demo` created, for the front end to show once.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    /// The password every demo account shares; it is stored nowhere else.
    pub password: String,
    /// Logins by role key, in the order of the default roles.
    pub logins: Vec<(String, Vec<String>)>,
    pub programmes: usize,
    pub cohorts: usize,
    pub companies: usize,
    pub categories: usize,
    pub counts: writer::Counts,
    pub crm: crm::CrmCounts,
}

pub use progress::{DemoProgress, DemoStep};
pub use writer::Counts as DemoCounts;

/// The ids the setup gave out, for the tickets to point at.
pub(crate) struct Directory {
    /// Per roster entry: id and login.
    pub users: Vec<(i64, String)>,
    pub people: Vec<people::Person>,
    pub cohort_ids: Vec<i64>,
    pub company_ids: Vec<i64>,
    pub category_ids: HashMap<&'static str, i64>,
}

impl Service {
    /// Fills an empty database (no users yet) with demo data in one
    /// transaction. The shared password is hashed once, at the configured
    /// cost, and that hash given to every account.
    pub fn fill_demo(&mut self, tickets: u64, seed: u64) -> Result<DemoSummary> {
        self.fill_demo_showing((tickets, crm::DEFAULT_CLIENTS), seed, &mut |_| {})
    }

    /// The same with `clients` CRM clients (see [`crm`]), reporting each
    /// step and the tickets written as it goes.
    pub fn fill_demo_showing(
        &mut self,
        (tickets, clients): (u64, u64),
        seed: u64,
        report: progress::Report,
    ) -> Result<DemoSummary> {
        crm::check_size(clients)?;
        if tickets > MAX_TICKETS {
            return Err(Error::Invalid(
                Msg::new("error.demo_too_many").arg("max", MAX_TICKETS),
            ));
        }
        if users::count(self.store.conn())? > 0 {
            return Err(Error::Conflict(Msg::new("error.demo_not_empty")));
        }
        let password = shared_password()?;
        password::check(&password, &[]).map_err(Error::Invalid)?;
        let hash = self.hash_password(&password)?;
        let now = self.now();
        let (reopen_secs, tz) = (self.settings.reopen_window_secs, self.settings.timezone);
        let mut rng = Rng::new(seed);
        let year = year_of(now, tz);
        let cohorts = people::cohorts(year);
        let roster = people::roster(&mut rng, cohorts.len());
        check_roster(&roster)?;
        let created = replay::creation_times(&mut rng, tickets, now);
        let setup_at = now - 366 * DAY;
        let context = replay::Context {
            now,
            reopen_secs,
            tz,
            sla: self.sla_settings(),
        };
        let left_wal = store::demo::leave_wal(self.store.conn())?;
        store::demo::pause_checks(self.store.conn())?;
        let written = self.store.write(|w| {
            // Another process may have initialised the file meanwhile.
            if users::count(w.conn())? > 0 {
                return Err(Error::Conflict(Msg::new("error.demo_not_empty")));
            }
            report(DemoProgress::Step(DemoStep::People));
            store::demo::prepare_bulk(w)?;
            let bulk = store::demo::begin_bulk_load(w)?;
            let mut dir = setup_org(w, &cohorts, setup_at)?;
            setup_people(w, &mut dir, &roster, (&hash, setup_at))?;
            report(DemoProgress::Step(DemoStep::Tickets));
            // Every ticket, closed ones included, is written with the SLA
            // state a rebuild would give it: `sla rebuild` then changes
            // nothing, and no command after the load has any to compute.
            // The event company's CRM first: the log's newest entries are
            // then the tickets' latest, as on a desk in use.
            crm::fill(w, &dir, (seed, clients), now)?;
            let counts = replay::tickets(w, &mut rng, &created, &dir, &context, report)?;
            report(DemoProgress::Step(DemoStep::Indexes));
            store::demo::rebuild_indexes(w, &bulk)?;
            report(DemoProgress::Step(DemoStep::Search));
            store::demo::build_search(w, bulk)?;
            report(DemoProgress::Step(DemoStep::Commit));
            Ok(counts)
        });
        let resumed = store::demo::resume_checks(self.store.conn());
        let back = if left_wal {
            store::demo::back_to_wal(self.store.conn())
        } else {
            Ok(())
        };
        let counts = written?;
        resumed?;
        back?;
        report(DemoProgress::Done);
        Ok(DemoSummary {
            password,
            logins: logins_by_role(&roster),
            programmes: people::PROGRAMMES.len(),
            cohorts: cohorts.len(),
            companies: people::COMPANIES.len(),
            categories: people::CATEGORIES.len(),
            counts,
            crm: crm::counts(clients),
        })
    }
}

fn year_of(now: i64, tz: chrono_tz::Tz) -> i32 {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(now, 0).map_or(2026, |t| t.with_timezone(&tz).year())
}

/// The generated names must pass the rules typed ones do.
fn check_roster(roster: &[people::Person]) -> Result<()> {
    for p in roster {
        validate::login(&p.login).map_err(Error::Invalid)?;
        validate::name("name", &p.full_name).map_err(Error::Invalid)?;
        validate::email(&p.email).map_err(Error::Invalid)?;
    }
    Ok(())
}

fn logins_by_role(roster: &[people::Person]) -> Vec<(String, Vec<String>)> {
    DEFAULT_ROLES
        .iter()
        .map(|role| {
            let logins = roster
                .iter()
                .filter(|p| p.role == role.key)
                .map(|p| p.login.clone());
            (role.key.to_string(), logins.collect::<Vec<_>>())
        })
        .filter(|(_, logins)| !logins.is_empty())
        .collect()
}

/// Four words and two digits from the kernel's random source: long enough
/// for the policy, easy to type, and never the same twice.
fn shared_password() -> Result<String> {
    use std::io::Read;
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "abricot", "baobab", "cerise", "dune", "ecluse", "falaise", "girafe", "hibou", "iris",
        "jonquille", "kiwi", "lavande", "mistral", "noisette", "olive", "papaye", "quartz", "renard",
        "sapin", "tulipe", "violon", "wagon", "yaourt", "zebre", "ardoise", "boussole", "citron",
        "dauphin", "etoile", "fougere", "grenade", "hamac", "igloo", "jasmin", "koala", "lagune",
        "mangue", "nuage", "orage", "pivoine", "roseau", "sable", "tambour", "vanille", "amande",
        "brioche", "cactus", "domino", "escargot", "figue", "gazelle", "harpe", "indigo", "jaguar",
        "kayak", "luciole", "marmotte", "nougat", "origami", "pelican", "radis", "semoule", "toucan",
        "volcan",
    ];
    let mut bytes = [0u8; 6];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|source| StoreError::Io {
            path: "/dev/urandom".into(),
            source,
        })?;
    let word = |b: u8| {
        let w = WORDS[usize::from(b) % WORDS.len()];
        let mut chars = w.chars();
        chars.next().map_or(String::new(), |c| {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    let number = u16::from_le_bytes([bytes[4], bytes[5]]) % 90 + 10;
    Ok(format!(
        "{}-{}-{}-{}-{number}",
        word(bytes[0]),
        word(bytes[1]),
        word(bytes[2]),
        word(bytes[3])
    ))
}

/// Appends the audit entry of a setup change made by `actor` (a roster
/// entry's id and login), or by the system when there is nobody yet.
fn audit_setup(
    w: &Write,
    actor: Option<&(i64, String)>,
    at: i64,
    what: (AuditAction, i64),
    summary: Summary,
) -> Result<()> {
    let (action, id) = what;
    let summary = summary.value("via", "demo").build().to_string();
    let entry = match actor {
        Some((actor_id, login)) => NewEntry {
            at,
            actor_id: Some(*actor_id),
            actor_login: login.clone(),
            action,
            object_id: id.to_string(),
            summary,
        },
        None => NewEntry::system(at, action, &id.to_string(), summary),
    };
    store::audit::append(w, &entry)?;
    Ok(())
}

/// Programmes, cohorts, companies and categories, set up by the system
/// before any account exists.
fn setup_org(w: &Write, cohorts: &[people::CohortPlan], at: i64) -> Result<Directory> {
    let mut programme_ids = Vec::new();
    for name in people::PROGRAMMES {
        let id = org::insert_programme(w, name, at)?;
        audit_setup(
            w,
            None,
            at,
            (AuditAction::ProgrammeCreate, id),
            Summary::new().value("name", *name),
        )?;
        programme_ids.push(id);
    }
    let mut cohort_ids = Vec::new();
    for c in cohorts {
        let programme_id = programme_ids[c.programme];
        let new = org::NewCohort {
            name: &c.name,
            programme_id,
            start_date: Some(&c.start),
            end_date: Some(&c.end),
            now: at,
        };
        let id = org::insert_cohort(w, &new)?;
        let summary = Summary::new()
            .value("name", c.name.as_str())
            .value("programme_id", programme_id)
            .value("start_date", c.start.as_str())
            .value("end_date", c.end.as_str());
        audit_setup(w, None, at, (AuditAction::CohortCreate, id), summary)?;
        cohort_ids.push(id);
    }
    let mut company_ids = Vec::new();
    for (name, _) in people::COMPANIES {
        let id = org::insert_company(w, name, at)?;
        audit_setup(
            w,
            None,
            at,
            (AuditAction::CompanyCreate, id),
            Summary::new().value("name", *name),
        )?;
        company_ids.push(id);
    }
    let mut category_ids = HashMap::new();
    for name in people::CATEGORIES {
        let id = ticket_work::insert_category(w, name, at)?;
        audit_setup(
            w,
            None,
            at,
            (AuditAction::CategoryCreate, id),
            Summary::new().value("name", *name),
        )?;
        category_ids.insert(*name, id);
    }
    Ok(Directory {
        users: Vec::new(),
        people: Vec::new(),
        cohort_ids,
        company_ids,
        category_ids,
    })
}

/// Every account of the roster, all with the one shared hash; the admin
/// (first) is created by the system, the others by the admin.
fn setup_people(
    w: &Write,
    dir: &mut Directory,
    roster: &[people::Person],
    (hash, at): (&str, i64),
) -> Result<()> {
    for person in roster {
        let cohort_id = person.cohort.map(|c| dir.cohort_ids[c]);
        let company_id = person.company.map(|c| dir.company_ids[c]);
        let new = users::NewUser {
            login: &person.login,
            full_name: &person.full_name,
            email: Some(&person.email),
            phone: None,
            role_key: person.role,
            cohort_id,
            company_id,
            password_hash: hash,
            now: at,
        };
        let id = users::insert(w, &new)?;
        let summary = Summary::new()
            .value("login", person.login.as_str())
            .value("full_name", person.full_name.as_str())
            .value("role", person.role)
            .value("email", person.email.as_str())
            .value("cohort_id", cohort_id)
            .value("company_id", company_id)
            .secret("password");
        audit_setup(
            w,
            dir.users.first(),
            at,
            (AuditAction::UserCreate, id),
            summary,
        )?;
        dir.users.push((id, person.login.clone()));
    }
    dir.people = roster.to_vec();
    Ok(())
}
