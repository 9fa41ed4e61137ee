//! Signing in: reserve, verify, settle.
//!
//! An attempt is counted before its password is checked, in its own
//! `BEGIN IMMEDIATE` transaction: parallel attempts queue on the write lock
//! and each sees the count the previous ones raised (that commit is not
//! synced to disk: the settling one is, and in WAL mode its sync covers the
//! count too, so that a sign-in, and so every command, costs one sync), so that no more than
//! the policy's number of attempts are ever checked before the account
//! locks. The bcrypt check runs outside any transaction (it takes a third
//! of a second, and must not hold the lock), and a second transaction
//! settles the attempt: journals it, resets the count on a right password
//! (unless the account was locked meanwhile), or keeps it and locks once
//! the count is full.
//!
//! An attempt that finds the count full of attempts still being checked
//! (an admin's scripts signing in side by side, say) does not lock the
//! account: it writes nothing, waits, and asks again, since those attempts
//! may yet succeed and reset the count. Only a count that stays full for
//! [`STALE_AFTER`], longer than any check takes, locks: its attempts can
//! only be those of processes killed between the two transactions, which
//! so fail closed.
//!
//! A login that names no account goes the same way on a counter of its
//! own, keyed by a keyed hash of the text: the same transactions, the same
//! bcrypt work (against a decoy hash), the same refusals once the count is
//! full, so that neither timing nor refusals tell which logins exist.

use super::summary::Summary;
use super::{Error, Origin, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::signin::{AccountLock, LockoutPolicy, LoginTried, Outcome, Reservation};
use crate::store::{self, audit::NewEntry, journal, Write};

/// A well-formed bcrypt hash of nothing anyone knows, with its cost swapped
/// for the configured one: verifying an unknown login against it costs the
/// same work as verifying a real account.
const DECOY_HASH_TAIL: &str = "$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

fn decoy_hash(cost: u32) -> String {
    format!("$2b${cost:02}{DECOY_HASH_TAIL}")
}

/// The counter key of unknown logins when the site key is missing (every
/// audited write fails then anyway): they all share one counter rather
/// than be counted under an unkeyed hash, which could be reversed.
const NO_KEY_COUNTER: &str = "";

/// How long a count may stay full of unsettled attempts before they are
/// taken for attempts of killed processes. A bcrypt check takes well under
/// a second even on a loaded machine; ten seconds leaves room for a busy
/// database too.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

/// The first and longest pause between two asks of a full count.
const BUSY_PAUSE_FIRST: std::time::Duration = std::time::Duration::from_millis(50);
const BUSY_PAUSE_MAX: std::time::Duration = std::time::Duration::from_millis(200);

pub struct SignInAttempt<'a> {
    pub login: &'a str,
    pub password: &'a str,
    pub origin: &'a Origin,
}

/// Whose count an attempt was reserved on.
#[derive(Clone, Debug)]
enum Subject {
    Account { id: i64, login: String },
    Unknown { mac: Option<String>, chars: u32 },
}

impl Subject {
    fn login_tried(&self) -> LoginTried {
        match self {
            Subject::Account { login, .. } => LoginTried::Account(login.clone()),
            Subject::Unknown { mac, chars } => LoginTried::Unknown {
                mac: mac.clone(),
                chars: *chars,
            },
        }
    }

    fn user_id(&self) -> Option<i64> {
        match self {
            Subject::Account { id, .. } => Some(*id),
            Subject::Unknown { .. } => None,
        }
    }

    fn counter(&self) -> &str {
        match self {
            Subject::Unknown { mac: Some(mac), .. } => mac,
            _ => NO_KEY_COUNTER,
        }
    }
}

/// A reserved attempt: whose it is, and the hash to check the password
/// against (the account's, or the decoy).
struct Reserved {
    subject: Subject,
    hash: String,
}

/// What every ask of the first transaction shares.
struct Ask<'a> {
    login: &'a str,
    unknown: &'a Subject,
    decoy: &'a str,
    policy: LockoutPolicy,
    origin: &'a Origin,
}

/// What the first transaction came to.
enum Reserve {
    /// Counted: check the password.
    Reserved(Reserved),
    /// The count is full of attempts still being checked: nothing written,
    /// ask again shortly.
    Busy,
    /// Refused and journalled, without a check.
    Refused,
}

impl Service {
    /// Checks a login and password, journals the attempt whatever its
    /// outcome, and counts failures towards a lock. Every failure gives the
    /// same error, and the same work is done whether the login exists.
    pub fn sign_in(&mut self, attempt: &SignInAttempt) -> Result<crate::service::Actor> {
        let login = attempt.login.trim().to_lowercase();
        let journal_key = self.store.site_key().ok().map(|k| k.journal_key());
        let unknown = Subject::Unknown {
            mac: journal_key.map(|key| journal::login_mac(&key, &login)),
            chars: u32::try_from(login.chars().count()).unwrap_or(u32::MAX),
        };
        let policy = self.settings.lockout;
        let decoy = decoy_hash(self.settings.bcrypt_cost);
        let origin = attempt.origin;
        let ask = Ask {
            login: &login,
            unknown: &unknown,
            decoy: &decoy,
            policy,
            origin,
        };
        let asked_first = std::time::Instant::now();
        let mut pause = BUSY_PAUSE_FIRST;
        let Reserved { subject, hash } = loop {
            let now = self.now();
            let waited_long = asked_first.elapsed() >= STALE_AFTER;
            // Unsynced: parallel attempts must see the count at once, but
            // the settling commit makes it durable with the journal entry
            // (one sync per sign-in instead of two or three).
            let step = self
                .store
                .write_unsynced(|w| reserve(w, &ask, now, waited_long))?;
            match step {
                Reserve::Reserved(reserved) => break reserved,
                Reserve::Refused => {
                    // No settling commit follows: the refusal's journal
                    // entry (and a new lock) are made durable here.
                    self.store.sync_unsynced()?;
                    return Err(Error::SignInFailed);
                }
                Reserve::Busy => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(BUSY_PAUSE_MAX);
                }
            }
        };
        let matches = bcrypt::non_truncating_verify(attempt.password, &hash).unwrap_or(false);
        let now = self.now();
        let outcome = self
            .store
            .write(|w| settle(w, &subject, matches, policy, origin, now))?;
        match (outcome, subject) {
            (Outcome::Success, Subject::Account { id, login }) => {
                Ok(crate::service::Actor { id, login })
            }
            _ => Err(Error::SignInFailed),
        }
    }
}

/// The first transaction: counts the attempt, or refuses it at once (and
/// journals the refusal) if the account or unknown login is locked, or its
/// count has been full for longer than `waited_long`; a count full of
/// attempts still being checked gives [`Reserve::Busy`].
fn reserve(w: &Write, ask: &Ask, now: i64, waited_long: bool) -> Result<Reserve> {
    let Ask {
        login,
        unknown,
        decoy,
        policy,
        origin,
    } = *ask;
    let found = store::users::by_login(w.conn(), login)?.map(|l| l.user);
    let (subject, lock) = match &found {
        Some(user) => (
            Subject::Account {
                id: user.id,
                login: user.login.clone(),
            },
            user.lock,
        ),
        None => (
            unknown.clone(),
            journal::unknown_lock(w.conn(), unknown.counter())?,
        ),
    };
    match lock.reserve(policy, now, waited_long) {
        Reservation::Reserved(counted) => {
            let hash = match (&subject, &found) {
                (Subject::Account { id, .. }, Some(_)) => {
                    store::users::reserve_attempt(w, *id, counted)?;
                    store::users::password_hash(w.conn(), *id)?
                }
                _ => {
                    journal::reserve_unknown_attempt(w, subject.counter(), counted)?;
                    decoy.to_string()
                }
            };
            Ok(Reserve::Reserved(Reserved { subject, hash }))
        }
        Reservation::Busy => Ok(Reserve::Busy),
        Reservation::Refused { lock, just_locked } => {
            if just_locked {
                store_lock(w, &subject, lock, now)?;
            }
            let outcome = match &found {
                None => Outcome::UnknownLogin,
                Some(user) if !user.active => Outcome::Inactive,
                Some(_) => Outcome::Locked,
            };
            record(w, &subject, outcome, origin, now)?;
            Ok(Reserve::Refused)
        }
    }
}

/// The second transaction, after the password was checked: what the
/// attempt came to, journalled, and the count settled.
fn settle(
    w: &Write,
    subject: &Subject,
    matches: bool,
    policy: LockoutPolicy,
    origin: &Origin,
    now: i64,
) -> Result<Outcome> {
    // Read again inside the write lock: parallel attempts may have locked
    // the account, an admin may have unlocked or deactivated it.
    let (lock, active) = match subject {
        Subject::Account { id, .. } => match store::users::by_id(w.conn(), *id)? {
            Some(l) => (l.user.lock, l.user.active),
            None => (AccountLock::default(), false),
        },
        Subject::Unknown { .. } => (journal::unknown_lock(w.conn(), subject.counter())?, false),
    };
    let outcome = match subject {
        Subject::Unknown { .. } => Outcome::UnknownLogin,
        Subject::Account { .. } if !active => Outcome::Inactive,
        Subject::Account { .. } if matches => match lock.settle_success(now) {
            Some(_) => Outcome::Success,
            None => Outcome::Locked,
        },
        Subject::Account { .. } => Outcome::BadPassword,
    };
    if outcome == Outcome::Success {
        if lock != AccountLock::default() {
            store_lock(w, subject, AccountLock::default(), now)?;
        }
    } else {
        let (next, just_locked) = lock.settle_failure(policy, now);
        if just_locked {
            store_lock(w, subject, next, now)?;
        }
    }
    record(w, subject, outcome, origin, now)?;
    Ok(outcome)
}

/// Writes a lock state; an account's new lock is audited (by `system`).
fn store_lock(w: &Write, subject: &Subject, lock: AccountLock, now: i64) -> Result<()> {
    let Subject::Account { id, .. } = subject else {
        journal::set_unknown_lock(w, subject.counter(), lock)?;
        return Ok(());
    };
    store::users::set_lock(w, *id, lock)?;
    if lock.locked_until.is_some() {
        let summary = Summary::new()
            .value("failed_attempts", lock.failed_attempts)
            .value("locked_until", lock.locked_until)
            .build();
        store::audit::append(
            w,
            &NewEntry::system(
                now,
                AuditAction::UserLock,
                &id.to_string(),
                summary.to_string(),
            ),
        )?;
    }
    Ok(())
}

fn record(w: &Write, subject: &Subject, outcome: Outcome, origin: &Origin, now: i64) -> Result<()> {
    let login = match subject.login_tried() {
        LoginTried::Account(login) => LoginTried::Account(login.chars().take(64).collect()),
        unknown => unknown,
    };
    journal::append(
        w,
        &journal::Attempt {
            id: 0,
            at: now,
            login,
            user_id: subject.user_id(),
            outcome: outcome.key().into(),
            front_end: origin.front_end.key().into(),
            os_user: origin.os_user.clone(),
            host: origin.host.clone(),
            terminal: origin.terminal.clone(),
            remote_addr: origin.remote_addr.clone(),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_decoy_hash_is_well_formed_at_every_cost() {
        for cost in [4, 10, 12] {
            let decoy = super::decoy_hash(cost);
            assert_eq!(decoy.len(), 60);
            assert_eq!(
                bcrypt::non_truncating_verify("anything at all", &decoy).ok(),
                Some(false)
            );
        }
    }
}
