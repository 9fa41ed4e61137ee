//! Creating the first admin, and who is signed in (signing in itself: sign_in.rs).

use super::summary::Summary;
use super::{Actor, Error, Origin, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{password, roles::ADMIN_ROLE, validate, Msg};
use crate::store::{self, audit::NewEntry};

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
                    AuditAction::UserCreate,
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

    /// The signed-in user's own role, for its name: everyone may know
    /// what their role is called, whatever it lets them read.
    pub fn my_role(&self, actor: &Actor) -> Result<store::roles::Role> {
        let user = self.me(actor)?;
        store::roles::get(self.store.conn(), &user.role_key)?.ok_or(Error::SignInFailed)
    }
}
