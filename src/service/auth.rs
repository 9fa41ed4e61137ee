//! Creating the first admin, and signing in.

use super::summary::Summary;
use super::{Actor, Error, Origin, Result, Service};
use crate::domain::signin::{AccountLock, Outcome};
use crate::domain::{password, roles::ADMIN_ROLE, validate, Msg};
use crate::store::{self, audit::NewEntry};

/// A well-formed bcrypt hash of nothing anyone knows, with its cost swapped
/// for the configured one: verifying an unknown login against it costs the
/// same work as verifying a real account.
const DECOY_HASH_TAIL: &str = "$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

fn decoy_hash(cost: u32) -> String {
    format!("$2b${cost:02}{DECOY_HASH_TAIL}")
}

pub struct SignInAttempt<'a> {
    pub login: &'a str,
    pub password: &'a str,
    pub origin: &'a Origin,
}

impl Service {
    /// Hashes with bcrypt's non-truncating function: passwords of 72 bytes
    /// or more were refused by the policy and never reach this point.
    pub(crate) fn hash_password(&self, password: &str) -> Result<String> {
        bcrypt::non_truncating_hash(password, self.settings.bcrypt_cost)
            .map_err(|e| Error::Hashing(e.to_string()))
    }

    /// Creates the first admin of an empty database. Refused once any user
    /// exists: there is no default account, and no second way in.
    pub fn init(
        &mut self,
        login: &str,
        full_name: &str,
        password: &str,
        origin: &Origin,
    ) -> Result<Actor> {
        let login = validate::login(login).map_err(Error::Invalid)?;
        let full_name = validate::name("name", full_name).map_err(Error::Invalid)?;
        password::check(password, &[&login, &full_name]).map_err(Error::Invalid)?;
        if store::users::count(self.store.conn())? > 0 {
            return Err(Error::Conflict(Msg::new("error.already_initialised")));
        }
        let hash = self.hash_password(password)?;
        let now = self.now();
        let id = self.store.write(|w| {
            // Another process may have initialised the file meanwhile.
            if store::users::count(w.conn())? > 0 {
                return Err(Error::Conflict(Msg::new("error.already_initialised")));
            }
            let id = store::users::insert(
                w,
                &store::users::NewUser {
                    login: &login,
                    full_name: &full_name,
                    email: None,
                    phone: None,
                    role_key: ADMIN_ROLE,
                    cohort_id: None,
                    company_id: None,
                    password_hash: &hash,
                    now,
                },
            )?;
            let summary = Summary::new()
                .value("login", login.as_str())
                .value("full_name", full_name.as_str())
                .value("role", ADMIN_ROLE)
                .secret("password")
                .value("via", "init")
                .value("os_user", origin.os_user.as_str())
                .value("host", origin.host.as_str())
                .build();
            store::audit::append(
                w,
                &NewEntry::system(
                    now,
                    "user.create",
                    "user",
                    &id.to_string(),
                    summary.to_string(),
                ),
            )?;
            Ok(id)
        })?;
        Ok(Actor { id, login })
    }

    /// True while the file has no account: the dashboard then offers to
    /// create the first admin instead of a sign-in.
    pub fn needs_setup(&self) -> Result<bool> {
        Ok(store::users::count(self.store.conn())? == 0)
    }

    /// The signed-in actor's own account as it is now (name and role for
    /// the status line); an account deactivated meanwhile is refused.
    pub fn me(&self, actor: &Actor) -> Result<store::users::User> {
        store::users::by_id(self.store.conn(), actor.id)?
            .map(|l| l.user)
            .filter(|u| u.active)
            .ok_or(Error::SignInFailed)
    }

    /// Checks a login and password, journals the attempt whatever its
    /// outcome, and counts failures towards a lock. Every failure gives the
    /// same error, and the same bcrypt work is done whether the login exists.
    pub fn sign_in(&mut self, attempt: &SignInAttempt) -> Result<Actor> {
        let login = attempt.login.trim().to_lowercase();
        let now = self.now();
        let found = store::users::by_login(self.store.conn(), &login)?.map(|l| l.user);
        let outcome = match &found {
            None => {
                let _ = bcrypt::non_truncating_verify(
                    attempt.password,
                    &decoy_hash(self.settings.bcrypt_cost),
                );
                Outcome::UnknownLogin
            }
            Some(user) => {
                let hash = store::users::password_hash(self.store.conn(), user.id)?;
                let matches =
                    bcrypt::non_truncating_verify(attempt.password, &hash).unwrap_or(false);
                match () {
                    _ if !user.active => Outcome::Inactive,
                    _ if user.lock.is_locked(now) => Outcome::Locked,
                    _ if matches => Outcome::Success,
                    _ => Outcome::BadPassword,
                }
            }
        };
        let user_id = found.as_ref().map(|u| u.id);
        self.record_attempt(attempt, &login, user_id, outcome, now)?;
        match (outcome, found) {
            (Outcome::Success, Some(user)) => Ok(Actor {
                id: user.id,
                login: user.login,
            }),
            _ => Err(Error::SignInFailed),
        }
    }

    fn record_attempt(
        &mut self,
        attempt: &SignInAttempt,
        login: &str,
        user_id: Option<i64>,
        outcome: Outcome,
        now: i64,
    ) -> Result<()> {
        let policy = self.settings.lockout;
        let origin = attempt.origin;
        self.store.write(|w| {
            store::journal::append(
                w,
                &store::journal::Attempt {
                    id: 0,
                    at: now,
                    login_tried: login.chars().take(64).collect(),
                    user_id,
                    outcome: outcome.key().into(),
                    front_end: origin.front_end.key().into(),
                    os_user: origin.os_user.clone(),
                    host: origin.host.clone(),
                    terminal: origin.terminal.clone(),
                    remote_addr: origin.remote_addr.clone(),
                },
            )?;
            let Some(id) = user_id else { return Ok(()) };
            // Read the count inside the write lock, so that attempts made at
            // the same moment by several processes all count.
            let Some(user) = store::users::by_id(w.conn(), id)?.map(|l| l.user) else {
                return Ok(());
            };
            match outcome {
                Outcome::BadPassword => {
                    let (lock, just_locked) = user.lock.after_failure(policy, now);
                    store::users::set_lock(w, id, lock)?;
                    if just_locked {
                        let summary = Summary::new()
                            .value("failed_attempts", lock.failed_attempts)
                            .value("locked_until", lock.locked_until)
                            .build();
                        store::audit::append(
                            w,
                            &NewEntry::system(
                                now,
                                "user.lock",
                                "user",
                                &id.to_string(),
                                summary.to_string(),
                            ),
                        )?;
                    }
                }
                Outcome::Success if user.lock != AccountLock::default() => {
                    store::users::set_lock(w, id, AccountLock::default())?;
                }
                _ => {}
            }
            Ok::<_, Error>(())
        })
    }
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
