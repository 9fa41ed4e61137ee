//! Roles as data: listing, creating, granting and revoking capabilities.

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::capability::{parse_grant, scope_list, GrantParseError};
use crate::domain::roles::{Audience, ADMIN_ROLE};
use crate::domain::{validate, Capability, Grants, Msg};
use crate::store::{self, roles::Role};

/// A role with what it may do and how many active members it has.
#[derive(Clone, Debug)]
pub struct RoleView {
    pub role: Role,
    pub grants: Grants,
    pub active_members: i64,
}

pub struct NewRole<'a> {
    pub key: &'a str,
    pub label_fr: &'a str,
    pub label_en: &'a str,
    pub handles_tickets: bool,
    /// Whom it serves (`--serves`); roles an admin creates serve everyone
    /// unless told otherwise.
    pub serves: Audience,
}

/// What `role edit` changes; `None` keeps the current value.
#[derive(Default)]
pub struct RoleEdit<'a> {
    pub serves: Option<&'a str>,
}

/// An audience typed by an admin, in either language's words.
pub fn parse_audience(text: &str) -> Result<Audience> {
    Audience::parse(text)
        .ok_or_else(|| Error::Invalid(Msg::new("error.unknown_audience").arg("value", text.trim())))
}

impl Service {
    pub fn list_roles(&self, actor: &Actor, after: &str, limit: u32) -> Result<Vec<RoleView>> {
        self.list_roles_matching(actor, None, after, limit)
    }

    /// As [`Service::list_roles`], only those whose key or a label
    /// contains `search` (case and accents folded; `%` and `_` literal).
    pub fn list_roles_matching(
        &self,
        actor: &Actor,
        search: Option<&str>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<RoleView>> {
        self.authorize(actor, Capability::RoleRead)?;
        let conn = self.store.conn();
        store::roles::page(conn, search, after, limit)?
            .into_iter()
            .map(|role| {
                Ok(RoleView {
                    grants: store::roles::grants(conn, &role.key)?,
                    active_members: store::users::active_members(conn, &role.key)?,
                    role,
                })
            })
            .collect()
    }

    pub fn show_role(&self, actor: &Actor, key: &str) -> Result<RoleView> {
        self.authorize(actor, Capability::RoleRead)?;
        let conn = self.store.conn();
        let role = store::roles::get(conn, key)?.ok_or_else(|| not_found("role", key))?;
        Ok(RoleView {
            grants: store::roles::grants(conn, key)?,
            active_members: store::users::active_members(conn, key)?,
            role,
        })
    }

    /// Every capability the code knows, for `role capabilities`.
    pub fn capabilities(&self, actor: &Actor) -> Result<&'static [Capability]> {
        self.authorize(actor, Capability::RoleRead)?;
        Ok(Capability::EVERY)
    }

    pub fn add_role(&mut self, actor: &Actor, new: &NewRole) -> Result<()> {
        self.authorize(actor, Capability::RoleManage)?;
        let key = validate::role_key(new.key).map_err(Error::Invalid)?;
        let label_fr = validate::name("label-fr", new.label_fr).map_err(Error::Invalid)?;
        let label_en = validate::name("label-en", new.label_en).map_err(Error::Invalid)?;
        let now = self.now();
        self.store.write(|w| {
            if store::roles::get(w.conn(), &key)?.is_some() {
                return Err(Error::Conflict(
                    Msg::new("error.role_exists").arg("role", &key),
                ));
            }
            store::roles::insert(
                w,
                &Role {
                    key: key.clone(),
                    label_fr: label_fr.clone(),
                    label_en: label_en.clone(),
                    builtin: false,
                    handles_tickets: new.handles_tickets,
                    created_at: now,
                    serves: new.serves,
                },
            )?;
            let summary = Summary::new()
                .value("label_fr", label_fr.as_str())
                .value("label_en", label_en.as_str())
                .value("handles_tickets", new.handles_tickets)
                .value("serves", new.serves.key())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::RoleCreate, key.clone()),
                summary,
            )
        })
    }

    /// Changes whom a role serves. The admin role may be edited here: its
    /// audience says who is offered it, not what it may do.
    pub fn edit_role(&mut self, actor: &Actor, key: &str, edit: &RoleEdit) -> Result<()> {
        self.authorize(actor, Capability::RoleManage)?;
        let role = store::roles::get(self.store.conn(), key.trim())?
            .ok_or_else(|| not_found("role", key))?;
        let serves = edit.serves.map(parse_audience).transpose()?;
        let Some(serves) = serves.filter(|s| *s != role.serves) else {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        };
        let now = self.now();
        self.store.write(|w| {
            store::roles::set_serves(w, &role.key, serves)?;
            let summary = Summary::new()
                .change("serves", role.serves.key(), serves.key())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::RoleEdit, role.key.clone()),
                summary,
            )
        })
    }

    /// Grants `capability[:scope]` to a role, replacing the scope it had.
    /// Nobody grants more than they hold themselves.
    pub fn grant(&mut self, actor: &Actor, role_key: &str, grant_text: &str) -> Result<()> {
        let me = self.authorize(actor, Capability::RoleManage)?;
        let grant = parse_grant(grant_text.trim()).map_err(|e| Error::Invalid(grant_error(e)))?;
        let role = self.editable_role(role_key)?;
        if !me
            .grants
            .scope_of(grant.capability)
            .is_some_and(|mine| mine.includes(grant.scope))
        {
            return Err(Error::Conflict(
                Msg::new("error.grant_mightier").arg("grant", grant_text),
            ));
        }
        let before = store::roles::grants(self.store.conn(), &role.key)?.scope_of(grant.capability);
        if before == Some(grant.scope) {
            return Err(Error::Conflict(
                Msg::new("error.already_granted")
                    .arg("role", &role.key)
                    .arg("grant", grant_text),
            ));
        }
        let now = self.now();
        self.store.write(|w| {
            store::roles::set_grant(w, &role.key, grant)?;
            let summary = Summary::new()
                .value("capability", grant.capability.key())
                .change("scope", before.map(|s| s.key()), grant.scope.key())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::RoleGrant, role.key.clone()),
                summary,
            )
        })
    }

    pub fn revoke(&mut self, actor: &Actor, role_key: &str, capability_text: &str) -> Result<()> {
        self.authorize(actor, Capability::RoleManage)?;
        let capability = Capability::parse(capability_text.trim()).ok_or_else(|| {
            Error::Invalid(grant_error(GrantParseError::UnknownCapability(
                capability_text.into(),
            )))
        })?;
        let role = self.editable_role(role_key)?;
        let before = store::roles::grants(self.store.conn(), &role.key)?.scope_of(capability);
        let Some(before) = before else {
            return Err(Error::Conflict(
                Msg::new("error.not_granted")
                    .arg("role", &role.key)
                    .arg("capability", capability.key()),
            ));
        };
        let now = self.now();
        self.store.write(|w| {
            store::roles::remove_grant(w, &role.key, capability)?;
            let summary = Summary::new()
                .value("capability", capability.key())
                .change("scope", before.key(), None::<&str>)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::RoleRevoke, role.key.clone()),
                summary,
            )
        })
    }

    /// The admin role always holds every capability: editing it could lock
    /// everyone out of administration.
    fn editable_role(&self, key: &str) -> Result<Role> {
        let role = store::roles::get(self.store.conn(), key.trim())?
            .ok_or_else(|| not_found("role", key))?;
        if role.key == ADMIN_ROLE {
            return Err(Error::Conflict(Msg::new("error.admin_role_fixed")));
        }
        Ok(role)
    }
}

fn grant_error(error: GrantParseError) -> Msg {
    match error {
        GrantParseError::UnknownCapability(c) => {
            Msg::new("error.unknown_capability").arg("capability", c)
        }
        GrantParseError::UnknownScope(s) => Msg::new("error.unknown_scope").arg("scope", s),
        GrantParseError::ScopeNotAllowed(c, s) => Msg::new("error.scope_not_allowed")
            .arg("capability", c.key())
            .arg("scope", s.key())
            .arg("allowed", scope_list(c)),
    }
}
