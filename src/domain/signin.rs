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

impl AccountLock {
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// The state after one more failed attempt, and whether it just locked.
    /// A lock that has run out starts the count afresh.
    pub fn after_failure(&self, policy: LockoutPolicy, now: i64) -> (AccountLock, bool) {
        let expired = self.locked_until.is_some_and(|until| now >= until);
        let previous = if expired { 0 } else { self.failed_attempts };
        let failed_attempts = previous.saturating_add(1);
        if failed_attempts >= policy.max_failures {
            let locked = AccountLock {
                failed_attempts,
                locked_until: Some(now + policy.lock_secs),
            };
            (locked, true)
        } else {
            (
                AccountLock {
                    failed_attempts,
                    locked_until: None,
                },
                false,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: LockoutPolicy = LockoutPolicy {
        max_failures: 3,
        lock_secs: 900,
    };

    #[test]
    fn locks_after_the_configured_count_and_for_the_configured_time() {
        let mut state = AccountLock::default();
        for attempt in 1..=3 {
            let (next, just_locked) = state.after_failure(POLICY, 100);
            assert_eq!(just_locked, attempt == 3);
            state = next;
        }
        assert!(state.is_locked(100));
        assert!(state.is_locked(999));
        assert!(!state.is_locked(1000));
    }

    #[test]
    fn an_expired_lock_starts_the_count_again() {
        let expired = AccountLock {
            failed_attempts: 3,
            locked_until: Some(1000),
        };
        let (next, just_locked) = expired.after_failure(POLICY, 1000);
        assert_eq!(
            next,
            AccountLock {
                failed_attempts: 1,
                locked_until: None
            }
        );
        assert!(!just_locked);
    }
}
