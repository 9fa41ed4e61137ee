//! One's own profile as the dashboard's "My profile" shows it: the account,
//! the notification settings, and changing one's password knowing the
//! current one.

use super::{Actor, Error, Result, Service};
use crate::domain::Msg;
use crate::service::notifications::NotifySetting;
use crate::store;

/// What "My profile" shows.
#[derive(Clone, Debug)]
pub struct MyProfile {
    pub user: store::users::User,
    /// Empty when the role may not read profiles (`user.read`).
    pub notify: Vec<NotifySetting>,
}

impl Service {
    pub fn my_profile(&self, actor: &Actor) -> Result<MyProfile> {
        let user = self.me(actor)?;
        let notify = match self.notify_settings(actor, None) {
            Err(Error::Denied(_)) => Vec::new(),
            other => other?,
        };
        Ok(MyProfile { user, notify })
    }

    /// Sets one's own password, given the current one: a dashboard left
    /// open must not let a passer-by take the account. `again` must repeat
    /// `new`.
    pub fn change_own_password(
        &mut self,
        actor: &Actor,
        current: &str,
        new: &str,
        again: &str,
    ) -> Result<()> {
        let me = self.me(actor)?;
        let hash = store::users::password_hash(self.store.conn(), me.id)?;
        if !bcrypt::non_truncating_verify(current, &hash).unwrap_or(false) {
            return Err(Error::Invalid(Msg::new("error.current_password_wrong")));
        }
        if new != again {
            return Err(Error::Invalid(Msg::new("error.passwords_differ")));
        }
        self.set_password(actor, &me.login, new)
    }
}
