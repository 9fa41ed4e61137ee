//! What the CRM's forms offer to pick as you type (issue 15): the
//! companies a client may be put in, the people who may be a client's
//! sales contact, the signed contracts an event may be made on. Each is
//! offered only to those whose form needs it, and holds only what the
//! use case it feeds would accept; that use case still checks everything.

use super::{Actor, Error, Result, Service};
use crate::domain::{Capability, Scope};
use crate::store::crm_pickers as store;

pub use store::{CompanyPick, ContractPick, Matches, PersonPick};

impl Service {
    /// Active companies whose name holds `typed` (an archived one would be
    /// refused): for those who fill a client's form.
    pub fn company_picks(
        &self,
        actor: &Actor,
        typed: &str,
        limit: u32,
    ) -> Result<Matches<CompanyPick>> {
        let create = self.may(actor, Capability::ClientCreate)?;
        if create.is_none() && self.may(actor, Capability::ClientUpdate)?.is_none() {
            return Err(Error::Denied(Capability::ClientCreate));
        }
        Ok(store::companies(self.store.conn(), Some(typed), limit)?)
    }

    /// The active users whose role may own clients (it holds
    /// `client.update`, as a sales contact's must) and whose login or name
    /// holds `typed`: for those who may name a client's sales contact
    /// (`client.create` or `client.update` at scope `all`).
    pub fn sales_contact_picks(
        &self,
        actor: &Actor,
        typed: &str,
        limit: u32,
    ) -> Result<Matches<PersonPick>> {
        let all = Some(Scope::All);
        if self.may(actor, Capability::ClientCreate)? != all
            && self.may(actor, Capability::ClientUpdate)? != all
        {
            return Err(Error::Denied(Capability::ClientUpdate));
        }
        let capability = Capability::ClientUpdate.key();
        Ok(store::people_holding(
            self.store.conn(),
            capability,
            Some(typed),
            limit,
        )?)
    }

    /// The signed event contracts the actor may make an event on (below
    /// scope `all`, theirs or their clients'), whose client or company
    /// name holds `typed` or whose number it is, newest first.
    pub fn event_contract_picks(
        &self,
        actor: &Actor,
        typed: &str,
        limit: u32,
    ) -> Result<Matches<ContractPick>> {
        let me = self.authorize(actor, Capability::EventCreate)?;
        let reach = (me.scope != Scope::All).then_some(me.user.id);
        Ok(store::signed_event_contracts(
            self.store.conn(),
            reach,
            Some(typed),
            limit,
        )?)
    }
}
