//! Companies beyond their creation (issue 15): show, edit, archive and
//! bring back, remove while nothing holds them, and the lists with or
//! without the archived ones. Creation stays in [`super::org`].

use super::summary::Summary;
use super::{not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{crm_clients as crm, validate, Capability, Msg, Scope};
use crate::store::{self, companies};

pub use companies::{CompanyDetail, CompanyFilter, CompanyRow, Holders};

/// Changes to a company: `None` keeps a field, `Some("")` clears an
/// optional one (address, phone, email, notes).
#[derive(Debug, Default)]
pub struct CompanyEdit<'a> {
    pub name: Option<&'a str>,
    pub address: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// A company's fields once checked.
struct Checked {
    name: String,
    address: String,
    phone: Option<String>,
    email: Option<String>,
    notes: String,
}

impl Service {
    /// One company, by id or name, archived or not (its history stays
    /// readable); with `company.read:company`, only the actor's own.
    pub fn company(&self, actor: &Actor, key: &str) -> Result<CompanyDetail> {
        let me = self.authorize(actor, Capability::CompanyRead)?;
        let found = companies::find(self.store.conn(), key)?;
        match found {
            Some(c) if reaches(&me, c.id) => Ok(c),
            _ => Err(me.unreachable(Capability::CompanyRead, "company", key.trim())),
        }
    }

    /// Companies by name after `after`: the active ones, or with
    /// `filter.archived` the archived ones; with `company.read:company`,
    /// only the actor's own.
    pub fn list_companies_matching(
        &self,
        actor: &Actor,
        filter: &CompanyFilter,
        after: &str,
        limit: u32,
    ) -> Result<Vec<CompanyRow>> {
        let me = self.authorize(actor, Capability::CompanyRead)?;
        let mut filter = filter.clone();
        if me.scope != Scope::All {
            filter.only_id = Some(me.user.company_id.unwrap_or(-1));
        }
        Ok(companies::list(self.store.conn(), &filter, after, limit)?)
    }

    /// Changes a company's name, address, phone, email or notes.
    pub fn edit_company(
        &mut self,
        actor: &Actor,
        key: &str,
        edit: &CompanyEdit,
    ) -> Result<CompanyDetail> {
        self.authorize(actor, Capability::CompanyManage)?;
        let old = self.managed_company(key)?;
        let new = checked(&old, edit)?;
        let unchanged = new.name == old.name
            && new.address == old.address
            && new.phone == old.phone
            && new.email == old.email
            && new.notes == old.notes;
        if unchanged {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            unchanged_since(w, &old)?;
            if let Some(other) = store::org::company_id(w.conn(), &new.name)? {
                if other != old.id {
                    return Err(Error::Conflict(
                        Msg::new("error.exists")
                            .arg("what", "company")
                            .arg("name", &new.name),
                    ));
                }
            }
            let fields = companies::CompanyFields {
                name: &new.name,
                address: &new.address,
                phone: new.phone.as_deref(),
                email: new.email.as_deref(),
                notes: &new.notes,
            };
            companies::update(w, old.id, &fields, now)?;
            let summary = Summary::new()
                .change("name", old.name.as_str(), new.name.as_str())
                .change("address", old.address.as_str(), new.address.as_str())
                .change("phone", old.phone.clone(), new.phone.clone())
                .change("email", old.email.clone(), new.email.clone())
                .change("notes", old.notes.as_str(), new.notes.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CompanyEdit, old.id.to_string()),
                summary,
            )
        })?;
        self.managed_company(&old.id.to_string())
    }

    /// Archives a company: out of the lists and pickers, history kept.
    pub fn archive_company(&mut self, actor: &Actor, key: &str) -> Result<CompanyDetail> {
        self.set_archived(actor, key, true)
    }

    /// Brings an archived company back into the lists and pickers.
    pub fn unarchive_company(&mut self, actor: &Actor, key: &str) -> Result<CompanyDetail> {
        self.set_archived(actor, key, false)
    }

    fn set_archived(&mut self, actor: &Actor, key: &str, archive: bool) -> Result<CompanyDetail> {
        self.authorize(actor, Capability::CompanyManage)?;
        let old = self.managed_company(key)?;
        let already = if archive {
            "error.company_already_archived"
        } else {
            "error.company_not_archived"
        };
        if old.archived_at.is_some() == archive {
            return Err(Error::Conflict(Msg::new(already).arg("name", &old.name)));
        }
        let now = self.now();
        let (at, action) = if archive {
            (Some(now), AuditAction::CompanyArchive)
        } else {
            (None, AuditAction::CompanyUnarchive)
        };
        self.store.write(|w| {
            unchanged_since(w, &old)?;
            companies::set_archived(w, old.id, at, now)?;
            let summary = Summary::new()
                .value("name", old.name.as_str())
                .change("archived_at", old.archived_at, at)
                .build();
            Self::audit(w, actor, now, (action, old.id.to_string()), summary)
        })?;
        self.managed_company(&old.id.to_string())
    }

    /// Removes a company that nothing refers to; otherwise refused, saying
    /// what holds it and that archiving hides it instead.
    pub fn remove_company(&mut self, actor: &Actor, key: &str) -> Result<()> {
        self.authorize(actor, Capability::CompanyManage)?;
        let found = self.managed_company(key)?;
        let now = self.now();
        self.store.write(|w| {
            let holders = companies::holders(w.conn(), found.id)?;
            if holders.any() {
                return Err(Error::Conflict(held_message(&found.name, &holders)));
            }
            companies::delete(w, found.id)?;
            let summary = Summary::new()
                .value("name", found.name.as_str())
                .value("address", found.address.as_str())
                .value("phone", found.phone.clone())
                .value("email", found.email.clone())
                .value("notes", found.notes.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CompanyRemove, found.id.to_string()),
                summary,
            )
        })
    }

    /// A company someone with `company.manage` (always at `all`) names.
    fn managed_company(&self, key: &str) -> Result<CompanyDetail> {
        companies::find(self.store.conn(), key)?.ok_or_else(|| not_found("company", key.trim()))
    }
}

/// The company as it is now, inside the write: it must be as it was
/// checked, or nothing is written (another process changed it meanwhile).
fn unchanged_since(w: &store::Write, checked: &CompanyDetail) -> Result<()> {
    match companies::by_id(w.conn(), checked.id)? {
        Some(now) if now == *checked => Ok(()),
        _ => Err(Error::Conflict(
            Msg::new("error.company_changed").arg("name", &checked.name),
        )),
    }
}

fn reaches(me: &Authorized, company_id: i64) -> bool {
    me.scope == Scope::All || me.user.company_id == Some(company_id)
}

fn checked(old: &CompanyDetail, edit: &CompanyEdit) -> Result<Checked> {
    let invalid = Error::Invalid;
    let name = match edit.name {
        Some(n) => validate::name("name", n).map_err(invalid)?,
        None => old.name.clone(),
    };
    let address = match edit.address {
        Some(a) => crm::address(a).map_err(invalid)?,
        None => old.address.clone(),
    };
    let phone = match edit.phone {
        Some(p) => crm::optional_phone(p).map_err(invalid)?,
        None => old.phone.clone(),
    };
    let email = match edit.email {
        Some(e) => crm::optional_email(e).map_err(invalid)?,
        None => old.email.clone(),
    };
    let notes = match edit.notes {
        Some(n) => crm::notes(n).map_err(invalid)?,
        None => old.notes.clone(),
    };
    Ok(Checked {
        name,
        address,
        phone,
        email,
        notes,
    })
}

/// "Company X is still referred to by 2 users, 1 ticket…: archive it".
pub fn held_message(name: &str, holders: &Holders) -> Msg {
    Msg::new("error.company_held")
        .arg("name", name)
        .arg("users", holders.users)
        .arg("clients", holders.clients)
        .arg("contracts", holders.contracts)
        .arg("tickets", holders.tickets)
        .arg("policies", holders.sla_policies)
}
