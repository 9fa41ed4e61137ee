//! Whom handling roles serve: a requester is offered, and may choose, only
//! the roles serving their kind (learners, clients, staff) or everyone, so
//! that an agency client is not offered the training centre's caretaker.

use super::{not_found, Actor, Error, Result, Service};
use crate::domain::roles::Audience;
use crate::domain::{Capability, Msg};
use crate::store::{self, users::User};

impl Service {
    /// The kind of requester `user` is, from their company and what their
    /// role reads ([`Audience::of_requester`]).
    pub(crate) fn requester_kind(&self, user: &User) -> Result<Audience> {
        let grants = store::roles::grants(self.store.conn(), &user.role_key)?;
        Ok(Audience::of_requester(
            user.company_id.is_some(),
            grants.scope_of(Capability::TicketRead),
        ))
    }

    /// Whom the actor opens tickets as; `None` when they may assign
    /// tickets: an assigner hands any ticket to any role anyway, so is
    /// offered every one (and opens tickets on others' behalf).
    pub fn opening_audience(&self, actor: &Actor) -> Result<Option<Audience>> {
        if self.may(actor, Capability::TicketAssign)?.is_some() {
            return Ok(None);
        }
        let me = self.authorize(actor, Capability::TicketCreate)?;
        Ok(Some(self.requester_kind(&me.user)?))
    }

    /// Refuses a handling role that does not serve `requester`, naming the
    /// roles that do. Assigners are not held to it (see
    /// [`Service::opening_audience`]).
    pub(crate) fn check_role_serves(
        &self,
        actor: &Actor,
        requester: &User,
        role_key: &str,
    ) -> Result<()> {
        if self.may(actor, Capability::TicketAssign)?.is_some() {
            return Ok(());
        }
        let kind = self.requester_kind(requester)?;
        let role = store::roles::get(self.store.conn(), role_key)?
            .ok_or_else(|| not_found("role", role_key))?;
        if role.serves.serves(kind) {
            return Ok(());
        }
        let serving: Vec<String> = self
            .roles_handling_tickets()?
            .into_iter()
            .filter(|r| r.serves.serves(kind))
            .map(|r| r.key)
            .collect();
        Err(Error::Invalid(if serving.is_empty() {
            Msg::new("error.no_role_serves")
        } else {
            Msg::new("error.role_not_serving")
                .arg("role", &role.key)
                .arg("roles", serving.join(", "))
        }))
    }
}
