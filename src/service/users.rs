//! User accounts: creating, listing, roles, access and passwords.

use super::summary::Summary;
use super::{not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{password, roles::ADMIN_ROLE, validate, Capability, Grants, Msg, Scope};
use crate::store::{self, users::Listed};

pub struct NewUser<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub role: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// A cohort's id, or its name when that is unambiguous.
    pub cohort: Option<&'a str>,
    pub company: Option<&'a str>,
    pub password: &'a str,
}

pub use store::users::Listed as UserRow;

impl Service {
    pub fn add_user(&mut self, actor: &Actor, new: &NewUser) -> Result<i64> {
        let me = self.authorize(actor, Capability::UserCreate)?;
        let login = validate::login(new.login).map_err(Error::Invalid)?;
        let full_name = validate::name("name", new.full_name).map_err(Error::Invalid)?;
        let email = new
            .email
            .map(validate::email)
            .transpose()
            .map_err(Error::Invalid)?;
        let phone = new
            .phone
            .map(validate::phone)
            .transpose()
            .map_err(Error::Invalid)?;
        password::check(new.password, &[&login, &full_name]).map_err(Error::Invalid)?;
        self.check_may_hand_out(&me, new.role)?;
        let cohort_id = new.cohort.map(|c| self.resolve_cohort(c)).transpose()?;
        let company_id = new.company.map(|c| self.resolve_company(c)).transpose()?;
        let hash = self.hash_password(new.password)?;
        let now = self.now();
        self.store.write(|w| {
            if store::users::by_login(w.conn(), &login)?.is_some() {
                return Err(Error::Conflict(
                    Msg::new("error.login_taken").arg("login", &login),
                ));
            }
            let id = store::users::insert(
                w,
                &store::users::NewUser {
                    login: &login,
                    full_name: &full_name,
                    email: email.as_deref(),
                    phone: phone.as_deref(),
                    role_key: new.role,
                    cohort_id,
                    company_id,
                    password_hash: &hash,
                    now,
                },
            )?;
            let summary = Summary::new()
                .value("login", login.as_str())
                .value("full_name", full_name.as_str())
                .value("role", new.role)
                .value("email", email.clone())
                .value("phone", phone.clone())
                .value("cohort_id", cohort_id)
                .value("company_id", company_id)
                .secret("password")
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserCreate, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    /// Users ordered by login after `after`, limited to what the actor's
    /// `user.read` scope reaches.
    pub fn list_users(
        &self,
        actor: &Actor,
        role: Option<&str>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Listed>> {
        self.list_users_matching(actor, role, None, after, limit)
    }

    /// As [`Service::list_users`], only the users whose login, name or
    /// role (key or label) contains `search`, case and accents folded;
    /// `%` and `_` are taken literally.
    pub fn list_users_matching(
        &self,
        actor: &Actor,
        role: Option<&str>,
        search: Option<&str>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Listed>> {
        let filter = store::users::Filter {
            role_key: role.map(|r| self.role_key_named(r)).transpose()?,
            search: search.map(str::to_string),
            ..Default::default()
        };
        self.users_page(actor, filter, after, limit)
    }

    /// The members of a cohort (its learners) by login, within the actor's
    /// `user.read` scope.
    pub fn list_cohort_members(
        &self,
        actor: &Actor,
        cohort_id: i64,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Listed>> {
        let filter = store::users::Filter {
            cohort_id: Some(cohort_id),
            ..Default::default()
        };
        self.users_page(actor, filter, after, limit)
    }

    fn users_page(
        &self,
        actor: &Actor,
        mut filter: store::users::Filter,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Listed>> {
        let me = self.authorize(actor, Capability::UserRead)?;
        match me.scope {
            Scope::All => {}
            Scope::Company if me.user.company_id.is_some() => {
                filter.company_id = me.user.company_id
            }
            _ => filter.only_id = Some(me.user.id),
        }
        Ok(store::users::page(
            self.store.conn(),
            &filter,
            after,
            limit,
        )?)
    }

    /// One account, if the actor's `user.read` scope reaches it. Out of
    /// scope and missing look alike, so nobody probes for logins.
    pub fn show_user(&self, actor: &Actor, login: &str) -> Result<Listed> {
        let me = self.authorize(actor, Capability::UserRead)?;
        let found = store::users::by_login(self.store.conn(), login.trim())?;
        match found {
            Some(row) if reaches(&me, &row.user) => Ok(row),
            _ => Err(me.unreachable(Capability::UserRead, "user", login)),
        }
    }

    /// Edits name, email and phone within the actor's `user.update` scope;
    /// cohort and company are administrative and need `user.update:all`.
    pub fn edit_user(&mut self, actor: &Actor, login: &str, edit: &ProfileEdit) -> Result<()> {
        let me = self.authorize(actor, Capability::UserUpdate)?;
        let found = store::users::by_login(self.store.conn(), login.trim())?.map(|l| l.user);
        let target = match found {
            Some(user) if reaches(&me, &user) => user,
            _ => return Err(me.unreachable(Capability::UserUpdate, "user", login)),
        };
        if target.id != me.user.id {
            self.managed_user(&me, &target.login)?;
        }
        let administrative = edit.cohort.is_some() || edit.company.is_some();
        if administrative && me.scope != Scope::All {
            return Err(Error::Denied(Capability::UserUpdate));
        }
        let full_name = match edit.full_name {
            Some(n) => validate::name("name", n).map_err(Error::Invalid)?,
            None => target.full_name.clone(),
        };
        let email = optional_field(edit.email, &target.email, validate::email)?;
        let phone = optional_field(edit.phone, &target.phone, validate::phone)?;
        let cohort_id = match edit.cohort {
            Some("") => None,
            Some(c) => Some(self.resolve_cohort(c)?),
            None => target.cohort_id,
        };
        let company_id = match edit.company {
            Some("") => None,
            Some(c) => Some(self.resolve_company(c)?),
            None => target.company_id,
        };
        let summary = changes(&target, &full_name, &email, &phone, cohort_id, company_id);
        if summary.is_empty() {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            let profile = store::users::Profile {
                full_name: &full_name,
                email: email.as_deref(),
                phone: phone.as_deref(),
                cohort_id,
                company_id,
            };
            store::users::set_profile(w, target.id, &profile, now)?;
            let summary = serde_json::Value::Object(summary.clone());
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserUpdate, target.id.to_string()),
                summary,
            )
        })
    }

    pub fn set_role(&mut self, actor: &Actor, login: &str, role: &str) -> Result<()> {
        let me = self.authorize(actor, Capability::RoleAssign)?;
        self.check_may_hand_out(&me, role)?;
        let target = self.managed_user(&me, login)?;
        if target.role_key == role {
            return Err(Error::Conflict(
                Msg::new("error.already_has_role")
                    .arg("login", &target.login)
                    .arg("role", role),
            ));
        }
        let now = self.now();
        self.store.write(|w| {
            refuse_last_admin(w, &target)?;
            store::users::set_role(w, target.id, role, now)?;
            let summary = Summary::new()
                .change("role", target.role_key.as_str(), role)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserSetRole, target.id.to_string()),
                summary,
            )
        })
    }

    pub fn set_active(&mut self, actor: &Actor, login: &str, active: bool) -> Result<()> {
        let me = self.authorize(actor, Capability::UserAccess)?;
        let target = self.managed_user(&me, login)?;
        if target.active == active {
            let key = if active {
                "error.already_active"
            } else {
                "error.already_inactive"
            };
            return Err(Error::Conflict(Msg::new(key).arg("login", &target.login)));
        }
        let now = self.now();
        self.store.write(|w| {
            if !active {
                refuse_last_admin(w, &target)?;
            }
            store::users::set_active(w, target.id, active, now)?;
            let action = if active {
                AuditAction::UserActivate
            } else {
                AuditAction::UserDeactivate
            };
            let summary = Summary::new()
                .change("active", target.active, active)
                .build();
            Self::audit(w, actor, now, (action, target.id.to_string()), summary)
        })
    }

    pub fn unlock(&mut self, actor: &Actor, login: &str) -> Result<()> {
        let me = self.authorize(actor, Capability::UserAccess)?;
        let target = self.managed_user(&me, login)?;
        let now = self.now();
        if !target.lock.is_locked(now) {
            return Err(Error::Conflict(
                Msg::new("error.not_locked").arg("login", &target.login),
            ));
        }
        self.store.write(|w| {
            store::users::set_lock(w, target.id, Default::default())?;
            let summary = Summary::new()
                .change("locked_until", target.lock.locked_until, None::<i64>)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserUnlock, target.id.to_string()),
                summary,
            )
        })
    }

    /// Sets a password: one's own with `user.password:own`, anyone's (within
    /// one's own rights) with `user.password:all`. Clears any lock.
    pub fn set_password(&mut self, actor: &Actor, login: &str, new_password: &str) -> Result<()> {
        let me = self.authorize(actor, Capability::UserPassword)?;
        let login = login.trim().to_lowercase();
        let target = if login == me.user.login {
            me.user.clone()
        } else if me.scope == Scope::All {
            self.managed_user(&me, &login)?
        } else {
            return Err(Error::Denied(Capability::UserPassword));
        };
        password::check(new_password, &[&target.login, &target.full_name])
            .map_err(Error::Invalid)?;
        let hash = self.hash_password(new_password)?;
        let now = self.now();
        self.store.write(|w| {
            store::users::set_password_hash(w, target.id, &hash, now)?;
            let summary = Summary::new().secret("password").build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserPassword, target.id.to_string()),
                summary,
            )
        })
    }

    /// The user behind `login`, provided the actor holds at least every
    /// right that user's role holds: nobody manages someone mightier.
    pub(super) fn managed_user(&self, me: &Authorized, login: &str) -> Result<store::users::User> {
        let target = store::users::by_login(self.store.conn(), login.trim())?
            .map(|l| l.user)
            .ok_or_else(|| not_found("user", login))?;
        let their_grants = store::roles::grants(self.store.conn(), &target.role_key)?;
        if !me.grants.covers(&their_grants) {
            return Err(Error::Conflict(
                Msg::new("error.target_mightier").arg("login", &target.login),
            ));
        }
        Ok(target)
    }

    /// A role may only be handed out by someone holding all its rights.
    fn check_may_hand_out(&self, me: &Authorized, role: &str) -> Result<Grants> {
        if store::roles::get(self.store.conn(), role)?.is_none() {
            return Err(not_found("role", role));
        }
        let grants = store::roles::grants(self.store.conn(), role)?;
        if !me.grants.covers(&grants) {
            return Err(Error::Conflict(
                Msg::new("error.role_mightier").arg("role", role),
            ));
        }
        Ok(grants)
    }

    fn resolve_cohort(&self, text: &str) -> Result<i64> {
        let conn = self.store.conn();
        let ids = match text.trim().parse::<i64>() {
            Ok(id) => store::org::cohort_by_id(conn, id)?.into_iter().collect(),
            Err(_) => store::org::cohort_ids_named(conn, text.trim())?,
        };
        match ids.as_slice() {
            [id] => Ok(*id),
            [] => Err(not_found("cohort", text)),
            _ => Err(Error::Invalid(
                Msg::new("error.cohort_ambiguous").arg("name", text),
            )),
        }
    }

    /// A company to put someone in: an archived one is out of the
    /// pickers (issue 15), so it is refused, saying how to bring it back.
    fn resolve_company(&self, text: &str) -> Result<i64> {
        let conn = self.store.conn();
        let id =
            store::org::company_id(conn, text.trim())?.ok_or_else(|| not_found("company", text))?;
        match store::companies::by_id(conn, id)? {
            Some(c) if c.archived_at.is_some() => Err(Error::Conflict(
                Msg::new("error.company_archived").arg("name", &c.name),
            )),
            _ => Ok(id),
        }
    }
}

/// Changes to a profile; `Some("")` clears an optional field.
#[derive(Debug, Default)]
pub struct ProfileEdit<'a> {
    pub full_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub cohort: Option<&'a str>,
    pub company: Option<&'a str>,
}

pub(super) fn reaches(me: &Authorized, other: &store::users::User) -> bool {
    let relation = super::account_rights::relation(me.user.id, me.user.company_id, other);
    me.scope.reaches(relation)
}

fn optional_field(
    edit: Option<&str>,
    current: &Option<String>,
    check: fn(&str) -> std::result::Result<String, Msg>,
) -> Result<Option<String>> {
    match edit {
        None => Ok(current.clone()),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => check(text).map(Some).map_err(Error::Invalid),
    }
}

/// The audit summary of a profile edit: only the fields that change.
fn changes(
    old: &store::users::User,
    full_name: &str,
    email: &Option<String>,
    phone: &Option<String>,
    cohort_id: Option<i64>,
    company_id: Option<i64>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut summary = serde_json::Map::new();
    let mut note = |field: &str, before: serde_json::Value, after: serde_json::Value| {
        if before != after {
            summary.insert(
                field.into(),
                serde_json::json!({ "old": before, "new": after }),
            );
        }
    };
    note("full_name", old.full_name.as_str().into(), full_name.into());
    note("email", old.email.clone().into(), email.clone().into());
    note("phone", old.phone.clone().into(), phone.clone().into());
    note("cohort_id", old.cohort_id.into(), cohort_id.into());
    note("company_id", old.company_id.into(), company_id.into());
    summary
}

/// Refuses, inside the write transaction, to take away the last active
/// admin (by deactivation or by a change of role).
fn refuse_last_admin(w: &store::Write, target: &store::users::User) -> Result<()> {
    let is_active_admin = target.active && target.role_key == ADMIN_ROLE;
    if is_active_admin && store::users::active_members(w.conn(), ADMIN_ROLE)? <= 1 {
        return Err(Error::Conflict(Msg::new("error.last_admin")));
    }
    Ok(())
}
