//! Sign-in rules: how failures count and when an account locks.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failed attempts in a row that lock the account.
    pub max_failures: u32,
    /// How long a lock lasts, in seconds.
    pub lock_secs: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountLock {
    pub failed_attempts: u32,
    pub locked_until: Option<i64>,
}

/// What a sign-in attempt came to, as the connection journal records it.
/// The person signing in is only ever told "failed", whatever the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    BadPassword,
    UnknownLogin,
    Locked,
    Inactive,
}

impl Outcome {
    pub const EVERY: [Outcome; 5] = [
        Outcome::Success,
        Outcome::BadPassword,
        Outcome::UnknownLogin,
        Outcome::Locked,
        Outcome::Inactive,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::BadPassword => "bad_password",
            Outcome::UnknownLogin => "unknown_login",
            Outcome::Locked => "locked",
            Outcome::Inactive => "inactive",
        }
    }
}

/// The login of a journalled attempt. A text that names no account may be
/// a password typed into the login field: of it only a keyed hash (so that
/// repeated attempts of the same text group together) and its length in
/// characters are kept, never the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginTried {
    Account(String),
    /// `mac`: `None` when the site key was missing at the time.
    Unknown {
        mac: Option<String>,
        chars: u32,
    },
}

/// What reserving an attempt came to (see [`AccountLock::reserve`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The password may be checked; the count already holds this attempt
    /// as a failure until it settles.
    Reserved(AccountLock),
    /// As many attempts as the policy allows are being checked right now:
    /// wait for one of them to settle and try again (parallel commands of
    /// one person must queue, not lock the account).
    Busy,
    /// Refused without checking the password: the account is locked, or
    /// the count stayed full for longer than any check takes (attempts of
    /// processes killed before they settled), which locks it now, failing
    /// closed. `just_locked`: this refusal set the lock.
    Refused {
        lock: AccountLock,
        just_locked: bool,
    },
}

impl AccountLock {
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// Counts an attempt before its password is checked, so that parallel
    /// attempts cannot all be checked against a count none of them has
    /// raised yet: at most `max_failures` attempts are ever checked between
    /// a success and the lock. A lock that has run out starts the count
    /// afresh. Finding the count full without a lock means attempts are
    /// still being checked: [`Reservation::Busy`], unless the caller has
    /// `waited_long` for them already, when they can only be attempts of
    /// killed processes, and the account locks.
    pub fn reserve(&self, policy: LockoutPolicy, now: i64, waited_long: bool) -> Reservation {
        if self.is_locked(now) {
            return Reservation::Refused {
                lock: *self,
                just_locked: false,
            };
        }
        let expired = self.locked_until.is_some();
        let previous = if expired { 0 } else { self.failed_attempts };
        if previous >= policy.max_failures {
            if !waited_long {
                return Reservation::Busy;
            }
            return Reservation::Refused {
                lock: AccountLock {
                    failed_attempts: previous,
                    locked_until: Some(now + policy.lock_secs),
                },
                just_locked: true,
            };
        }
        Reservation::Reserved(AccountLock {
            failed_attempts: previous.saturating_add(1),
            locked_until: None,
        })
    }

    /// The state after a reserved attempt turned out wrong: its reservation
    /// stays counted, and the account locks once the count is full. Whether
    /// it just locked.
    pub fn settle_failure(&self, policy: LockoutPolicy, now: i64) -> (AccountLock, bool) {
        if self.is_locked(now) || self.failed_attempts < policy.max_failures {
            return (*self, false);
        }
        let locked = AccountLock {
            failed_attempts: self.failed_attempts,
            locked_until: Some(now + policy.lock_secs),
        };
        (locked, true)
    }

    /// The state after a reserved attempt gave the right password: the
    /// count starts again, unless the account was locked meanwhile (by
    /// parallel attempts), in which case the right password fails too.
    pub fn settle_success(&self, now: i64) -> Option<AccountLock> {
        (!self.is_locked(now)).then(AccountLock::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: LockoutPolicy = LockoutPolicy {
        max_failures: 3,
        lock_secs: 900,
    };

    fn fail(state: AccountLock, now: i64) -> (AccountLock, bool) {
        match state.reserve(POLICY, now, false) {
            Reservation::Reserved(counted) => counted.settle_failure(POLICY, now),
            Reservation::Refused { lock, just_locked } => (lock, just_locked),
            Reservation::Busy => panic!("nothing is in flight"),
        }
    }

    #[test]
    fn locks_after_the_configured_count_and_for_the_configured_time() {
        let mut state = AccountLock::default();
        for attempt in 1..=3 {
            let (next, just_locked) = fail(state, 100);
            assert_eq!(just_locked, attempt == 3);
            state = next;
        }
        assert!(state.is_locked(100));
        assert!(state.is_locked(999));
        assert!(!state.is_locked(1000));
        assert!(matches!(
            state.reserve(POLICY, 999, false),
            Reservation::Refused {
                just_locked: false,
                ..
            }
        ));
    }

    #[test]
    fn parallel_attempts_reserve_no_more_than_the_limit_and_the_rest_wait() {
        // Ten attempts reserve before any of them settles.
        let mut state = AccountLock::default();
        let mut reserved = 0;
        for _ in 0..10 {
            match state.reserve(POLICY, 100, false) {
                Reservation::Reserved(next) => {
                    reserved += 1;
                    state = next;
                }
                Reservation::Busy => {}
                Reservation::Refused { .. } => panic!("nothing settled yet"),
            }
        }
        assert_eq!(reserved, 3);
        assert_eq!(state.failed_attempts, 3);
        assert_eq!(state.locked_until, None, "waiting is not locking");
        // The three turn out wrong: the last one to settle locks.
        let (locked, just_locked) = state.settle_failure(POLICY, 100);
        assert!(just_locked && locked.is_locked(100));
        // Those that waited are refused, a right password among them too.
        assert!(matches!(
            locked.reserve(POLICY, 101, false),
            Reservation::Refused {
                just_locked: false,
                ..
            }
        ));
        assert_eq!(locked.settle_success(101), None);
    }

    #[test]
    fn a_count_left_full_by_killed_attempts_locks_once_waited_for() {
        let stale = AccountLock {
            failed_attempts: 3,
            locked_until: None,
        };
        assert_eq!(stale.reserve(POLICY, 100, false), Reservation::Busy);
        match stale.reserve(POLICY, 100, true) {
            Reservation::Refused { lock, just_locked } => {
                assert!(just_locked);
                assert_eq!(lock.locked_until, Some(100 + POLICY.lock_secs));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_right_password_resets_the_count_unless_locked_meanwhile() {
        let reserved = match AccountLock::default().reserve(POLICY, 100, false) {
            Reservation::Reserved(lock) => lock,
            other => panic!("{other:?}"),
        };
        assert_eq!(reserved.failed_attempts, 1, "counted before it is checked");
        assert_eq!(reserved.settle_success(100), Some(AccountLock::default()));
        let locked = AccountLock {
            failed_attempts: 3,
            locked_until: Some(1000),
        };
        assert_eq!(locked.settle_success(999), None);
        assert_eq!(locked.settle_success(1000), Some(AccountLock::default()));
    }

    #[test]
    fn an_expired_lock_starts_the_count_again() {
        let expired = AccountLock {
            failed_attempts: 3,
            locked_until: Some(1000),
        };
        assert_eq!(
            expired.reserve(POLICY, 1000, false),
            Reservation::Reserved(AccountLock {
                failed_attempts: 1,
                locked_until: None
            })
        );
    }
}
