//! Contracts (issue 15): creating one for a client, listing, editing its
//! terms, signing it, recording payments, removing it.
//!
//! Reach: `contract.*` at scope `own` reaches the contracts whose sales
//! contact is the actor (and, to create one, the clients whose sales
//! contact they are); `company` those of the actor's company; `all` every
//! one. Signing is `contract.update` on the contract, its own audited
//! action; the contract's and the client's sales contacts and management
//! are told.

use super::summary::Summary;
use super::{crm_notify, not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::crm::{self, ContractKind};
use crate::domain::money::Cents;
use crate::domain::{Capability, Msg, Relation, Scope};
use crate::store::crm_contracts::{self as store, ClientRef, ContractFields, ContractQuery};
use chrono::NaiveDate;

pub use store::Contract;

/// A new contract, as typed and parsed by the front end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewContract {
    pub client_id: i64,
    pub total: Cents,
    /// Default: the total (nothing paid yet).
    pub due: Option<Cents>,
    pub kind: ContractKind,
    pub hours: Option<i64>,
    /// Default for packs and hosting: the day of creation.
    pub valid_from: Option<NaiveDate>,
    /// Default for packs: a year after `valid_from`.
    pub valid_until: Option<NaiveDate>,
    /// Signed at creation (the signing is audited and told as `sign` does).
    pub signed: bool,
    /// The sales contact's login; default: the client's (needs scope `all`).
    pub sales: Option<String>,
}

/// Changes to a contract's terms; `None` keeps a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractEdit {
    pub total: Option<Cents>,
    pub due: Option<Cents>,
    pub hours: Option<i64>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Another sales contact (needs scope `all`).
    pub sales: Option<String>,
}

/// The filters of `contract list` and the Contracts tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractFilter {
    pub unsigned: bool,
    pub unpaid: bool,
    /// The actor's own (they are the sales contact).
    pub mine: bool,
    pub kind: Option<ContractKind>,
    pub client_id: Option<i64>,
    pub company_id: Option<i64>,
    pub text: Option<String>,
}

/// What the actor may do to one contract, for front ends to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractRights {
    pub edit: bool,
    pub sign: bool,
    pub pay: bool,
    pub remove: bool,
    /// Create an event for it (signed, of the kind `event`).
    pub add_event: bool,
}

impl Service {
    pub fn add_contract(&mut self, actor: &Actor, new: &NewContract) -> Result<i64> {
        let me = self.authorize(actor, Capability::ContractCreate)?;
        let client = self.client_for(&me, new.client_id, Capability::ContractCreate)?;
        let sales_contact_id = match &new.sales {
            Some(login) => Some(self.sales_contact(&me, login, Capability::ContractCreate)?),
            None => client.sales_contact_id,
        };
        if new.signed {
            // Signing at creation is signing: `contract.update` on it.
            let signer = self.authorize(actor, Capability::ContractUpdate)?;
            if signer.scope != Scope::All && sales_contact_id != Some(signer.user.id) {
                return Err(Error::Denied(Capability::ContractUpdate));
            }
        }
        let now = self.now();
        let today = self.local_date(now);
        let fields = checked_fields(new, &client, sales_contact_id, today, now)?;
        self.store.write(|w| {
            if store::client(w.conn(), client.id)?.is_none() {
                return Err(not_found("client", client.id));
            }
            let id = store::insert(w, &fields, now)?;
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ContractCreate, id.to_string()),
                created_summary(&fields),
            )?;
            if fields.signed_at.is_some() {
                Self::audit(
                    w,
                    actor,
                    now,
                    (AuditAction::ContractSign, id.to_string()),
                    Summary::new().value("signed_at", now).build(),
                )?;
                let contract =
                    store::by_id(w.conn(), id)?.ok_or_else(|| not_found("contract", id))?;
                crm_notify::contract_signed(w, actor, &contract, client.sales_contact_id, now)?;
            }
            Ok(id)
        })
    }

    pub fn contract(&self, actor: &Actor, id: i64) -> Result<Contract> {
        let (_, contract) = self.contract_access(actor, id, Capability::ContractRead)?;
        Ok(contract)
    }

    /// Contracts newest first, those with an id below `before`.
    pub fn contracts_matching(
        &self,
        actor: &Actor,
        filter: &ContractFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Contract>> {
        let me = self.authorize(actor, Capability::ContractRead)?;
        let mut q = ContractQuery {
            unsigned: filter.unsigned,
            unpaid: filter.unpaid,
            sales_contact_id: filter.mine.then_some(me.user.id),
            kind: filter.kind,
            client_id: filter.client_id,
            company_id: filter.company_id,
            text: filter.text.clone(),
            ..ContractQuery::default()
        };
        match me.scope {
            Scope::All => {}
            Scope::Company => q.reach_company = Some(me.user.company_id.unwrap_or(-1)),
            Scope::Own | Scope::Assigned => q.reach_sales = Some(me.user.id),
        }
        Ok(store::page(self.store.conn(), &q, before, limit)?)
    }

    pub fn edit_contract(&mut self, actor: &Actor, id: i64, edit: &ContractEdit) -> Result<()> {
        let (me, old) = self.contract_access(actor, id, Capability::ContractUpdate)?;
        let sales_contact_id = match &edit.sales {
            Some(login) => Some(self.sales_contact(&me, login, Capability::ContractUpdate)?),
            None => old.sales_contact_id,
        };
        let before = fields_of(&old);
        let after = ContractFields {
            sales_contact_id,
            total: edit.total.unwrap_or(old.total),
            due: edit.due.unwrap_or(old.due),
            hours_bought: edit.hours.or(old.hours_bought),
            valid_from: edit
                .valid_from
                .map(|d| d.to_string())
                .or(old.valid_from.clone()),
            valid_until: edit
                .valid_until
                .map(|d| d.to_string())
                .or(old.valid_until.clone()),
            ..before.clone()
        };
        check_fields(&after)?;
        let summary = edit_summary(&before, &after);
        if summary.as_object().is_some_and(|m| m.is_empty()) {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            let current = store::by_id(w.conn(), id)?.ok_or_else(|| not_found("contract", id))?;
            if fields_of(&current) != before {
                return Err(Error::Conflict(
                    Msg::new("error.contract_changed").arg("id", id),
                ));
            }
            store::update_terms(w, id, &after, now)?;
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ContractEdit, id.to_string()),
                summary.clone(),
            )
        })
    }

    pub fn sign_contract(&mut self, actor: &Actor, id: i64) -> Result<Contract> {
        let (_, contract) = self.contract_access(actor, id, Capability::ContractUpdate)?;
        sign_check(&contract)?;
        let client_sales = match contract.client_id {
            Some(c) => store::client(self.store.conn(), c)?.and_then(|c| c.sales_contact_id),
            None => None,
        };
        let now = self.now();
        self.store.write(|w| {
            if !store::sign(w, id, now)? {
                return Err(Error::Conflict(
                    Msg::new("error.contract_already_signed").arg("id", id),
                ));
            }
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ContractSign, id.to_string()),
                Summary::new()
                    .change("signed", false, true)
                    .value("signed_at", now)
                    .build(),
            )?;
            let signed = store::by_id(w.conn(), id)?.ok_or_else(|| not_found("contract", id))?;
            crm_notify::contract_signed(w, actor, &signed, client_sales, now)?;
            Ok(signed)
        })
    }

    /// Records a payment of `amount`: what is due goes down by as much.
    pub fn pay_contract(&mut self, actor: &Actor, id: i64, amount: Cents) -> Result<Contract> {
        let (_, contract) = self.contract_access(actor, id, Capability::ContractUpdate)?;
        let left = crm::check_payment(amount, contract.due).map_err(Error::Invalid)?;
        let now = self.now();
        self.store.write(|w| {
            if !store::pay(w, id, (contract.due, left), now)? {
                return Err(Error::Conflict(
                    Msg::new("error.contract_changed").arg("id", id),
                ));
            }
            let summary = Summary::new()
                .value("paid", amount.plain())
                .change("due", contract.due.plain(), left.plain())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ContractPay, id.to_string()),
                summary,
            )?;
            store::by_id(w.conn(), id)?.ok_or_else(|| not_found("contract", id))
        })
    }

    /// Removes a contract that has no events (they hold it).
    pub fn remove_contract(&mut self, actor: &Actor, id: i64) -> Result<()> {
        let (_, contract) = self.contract_access(actor, id, Capability::ContractDelete)?;
        let now = self.now();
        self.store.write(|w| {
            let events = crate::store::crm_events::count_of_contract(w.conn(), id)?;
            if events > 0 {
                return Err(Error::Conflict(
                    Msg::new("error.contract_has_events")
                        .arg("id", id)
                        .arg("count", events),
                ));
            }
            store::delete(w, id)?;
            let summary = created_summary(&fields_of(&contract));
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ContractRemove, id.to_string()),
                summary,
            )
        })
    }

    /// What the actor may do to contract `id`; fails only if they may not
    /// read it.
    pub fn contract_rights(&self, actor: &Actor, id: i64) -> Result<ContractRights> {
        let (_, contract) = self.contract_access(actor, id, Capability::ContractRead)?;
        let reach = |cap| self.contract_access(actor, id, cap).is_ok();
        let update = reach(Capability::ContractUpdate);
        Ok(ContractRights {
            edit: update,
            sign: update && sign_check(&contract).is_ok(),
            pay: update && contract.due.0 > 0,
            remove: reach(Capability::ContractDelete) && contract.events == 0,
            add_event: self.event_contract_check(actor, &contract).is_ok(),
        })
    }

    /// [`Service::contract_rights`] for a page of listed contracts, the
    /// actor's grants read once: the same answers (a test compares them),
    /// without a read per right and row.
    pub fn contract_rights_of(
        &self,
        actor: &Actor,
        contracts: &[Contract],
    ) -> Result<Vec<ContractRights>> {
        let me = self.authorize(actor, Capability::ContractRead)?;
        let reach = |cap, c: &Contract| {
            me.grants
                .scope_of(cap)
                .is_some_and(|scope| scope.reaches(relation(&me, c)))
        };
        let event_creator = self.authorize(actor, Capability::EventCreate).ok();
        Ok(contracts
            .iter()
            .map(|c| {
                let update = reach(Capability::ContractUpdate, c);
                ContractRights {
                    edit: update,
                    sign: update && sign_check(c).is_ok(),
                    pay: update && c.due.0 > 0,
                    remove: reach(Capability::ContractDelete, c) && c.events == 0,
                    add_event: (event_creator.as_ref())
                        .is_some_and(|ec| self.event_contract_check_as(ec, c).is_ok()),
                }
            })
            .collect())
    }

    /// The contract if `capability`'s scope reaches it; missing and out of
    /// reach look alike to anyone whose scope is not `all`.
    pub(crate) fn contract_access(
        &self,
        actor: &Actor,
        id: i64,
        capability: Capability,
    ) -> Result<(Authorized, Contract)> {
        let me = self.authorize(actor, capability)?;
        match store::by_id(self.store.conn(), id)? {
            Some(c) if me.scope.reaches(relation(&me, &c)) => Ok((me, c)),
            _ => Err(me.unreachable(capability, "contract", id)),
        }
    }

    /// The client a contract is made for, if the actor may make one for it:
    /// scope `own` reaches the clients whose sales contact they are.
    fn client_for(&self, me: &Authorized, id: i64, capability: Capability) -> Result<ClientRef> {
        let client =
            store::client(self.store.conn(), id)?.ok_or_else(|| not_found("client", id))?;
        let own = client.sales_contact_id == Some(me.user.id);
        if me.scope == Scope::All || own {
            Ok(client)
        } else {
            Err(Error::Denied(capability))
        }
    }

    /// The id of `login` as a sales contact: only scope `all` chooses one,
    /// and they must be an active account whose role edits contracts.
    fn sales_contact(&self, me: &Authorized, login: &str, capability: Capability) -> Result<i64> {
        if me.scope != Scope::All {
            return Err(Error::Denied(capability));
        }
        let conn = self.store.conn();
        let user = crate::store::users::by_login(conn, login.trim())?
            .map(|l| l.user)
            .filter(|u| u.active)
            .ok_or_else(|| not_found("user", login))?;
        let grants = crate::store::roles::grants(conn, &user.role_key)?;
        if grants.scope_of(Capability::ContractUpdate).is_none() {
            return Err(Error::Invalid(
                Msg::new("error.not_a_salesperson").arg("login", &user.login),
            ));
        }
        Ok(user.id)
    }

    /// The site's calendar day at `now`.
    pub(crate) fn local_date(&self, now: i64) -> NaiveDate {
        use chrono::TimeZone;
        self.settings
            .timezone
            .timestamp_opt(now, 0)
            .single()
            .map_or(NaiveDate::MIN, |t| t.date_naive())
    }

    /// The site's currency (`site.currency`), for front ends showing amounts.
    pub fn currency(&self) -> &crate::domain::money::Currency {
        &self.settings.currency
    }
}

fn relation(me: &Authorized, c: &Contract) -> Relation {
    Relation {
        own: c.sales_contact_id == Some(me.user.id),
        assigned: false,
        same_company: me.user.company_id.is_some() && c.company_id == me.user.company_id,
    }
}

fn sign_check(c: &Contract) -> Result<()> {
    if c.signed() {
        return Err(Error::Conflict(
            Msg::new("error.contract_already_signed").arg("id", c.id),
        ));
    }
    Ok(())
}

fn checked_fields(
    new: &NewContract,
    client: &ClientRef,
    sales_contact_id: Option<i64>,
    today: NaiveDate,
    now: i64,
) -> Result<ContractFields> {
    let dated = new.kind != ContractKind::Event;
    let valid_from = new.valid_from.or(dated.then_some(today));
    let valid_until = new
        .valid_until
        .or_else(|| valid_from.and_then(|f| crm::default_validity(new.kind, f)));
    let fields = ContractFields {
        kind: new.kind,
        client_id: client.id,
        company_id: client.company_id,
        sales_contact_id,
        total: new.total,
        due: new.due.unwrap_or(new.total),
        signed_at: new.signed.then_some(now),
        hours_bought: new.hours,
        valid_from: valid_from.map(|d| d.to_string()),
        valid_until: valid_until.map(|d| d.to_string()),
    };
    check_fields(&fields)?;
    Ok(fields)
}

fn check_fields(f: &ContractFields) -> Result<()> {
    crm::check_amounts(f.total, f.due).map_err(Error::Invalid)?;
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.parse::<NaiveDate>().ok());
    crm::check_terms(
        f.kind,
        f.hours_bought,
        (day(&f.valid_from), day(&f.valid_until)),
    )
    .map_err(Error::Invalid)
}

fn fields_of(c: &Contract) -> ContractFields {
    ContractFields {
        kind: c.kind,
        client_id: c.client_id.unwrap_or(0),
        company_id: c.company_id,
        sales_contact_id: c.sales_contact_id,
        total: c.total,
        due: c.due,
        signed_at: c.signed_at,
        hours_bought: c.hours_bought,
        valid_from: c.valid_from.clone(),
        valid_until: c.valid_until.clone(),
    }
}

fn created_summary(f: &ContractFields) -> serde_json::Value {
    Summary::new()
        .value("kind", f.kind.key())
        .value("client_id", f.client_id)
        .value("company_id", f.company_id)
        .value("sales_contact_id", f.sales_contact_id)
        .value("total", f.total.plain())
        .value("due", f.due.plain())
        .value("hours", f.hours_bought)
        .value("valid_from", f.valid_from.clone())
        .value("valid_until", f.valid_until.clone())
        .value("signed", f.signed_at.is_some())
        .build()
}

fn edit_summary(old: &ContractFields, new: &ContractFields) -> serde_json::Value {
    let mut s = Summary::new();
    if old.sales_contact_id != new.sales_contact_id {
        s = s.change(
            "sales_contact_id",
            old.sales_contact_id,
            new.sales_contact_id,
        );
    }
    if old.total != new.total {
        s = s.change("total", old.total.plain(), new.total.plain());
    }
    if old.due != new.due {
        s = s.change("due", old.due.plain(), new.due.plain());
    }
    if old.hours_bought != new.hours_bought {
        s = s.change("hours", old.hours_bought, new.hours_bought);
    }
    if old.valid_from != new.valid_from {
        s = s.change("valid_from", old.valid_from.clone(), new.valid_from.clone());
    }
    if old.valid_until != new.valid_until {
        s = s.change(
            "valid_until",
            old.valid_until.clone(),
            new.valid_until.clone(),
        );
    }
    s.build()
}
