//! The CRM's clients (issue 15, `002_…`/`004_…`): people of the event
//! company's customers. Everyone in the three departments reads them
//! (`client.read:all`; a site may narrow sales to `own`); a salesperson
//! creates clients that become theirs and edits only those
//! (`client.*:own`); management creates, edits, reassigns and removes any.

use super::rights::Right;
use super::summary::Summary;
use super::{not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::crm_clients::{self as crm, SalesChoice};
use crate::domain::{validate, Capability, Msg, Scope};
use crate::store::{self, companies, crm_clients};

pub use crm_clients::{Client, ClientFilter};

/// A new client. `company` is an id or a name: a name no company has
/// creates that company (audited as such). `sales` is a login.
#[derive(Debug, Default)]
pub struct NewClient<'a> {
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company: Option<&'a str>,
    /// `YYYY-MM-DD`, not after today.
    pub first_contact: Option<&'a str>,
    pub sales: Option<&'a str>,
}

/// Changes to a client: `None` keeps a field; `Some("")` clears an
/// optional one (email, phone, company, first contact, sales contact).
#[derive(Debug, Default)]
pub struct ClientEdit<'a> {
    pub full_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company: Option<&'a str>,
    pub first_contact: Option<&'a str>,
    pub sales: Option<&'a str>,
}

/// What a client list shows; ids come from pickers (or from
/// [`Service::client_filter_ids`] for names typed on the command line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientQuery {
    /// Only the actor's own clients (they are the sales contact).
    pub mine: bool,
    pub company_id: Option<i64>,
    pub sales_contact_id: Option<i64>,
    /// Words in the name or email (case and accents folded).
    pub text: Option<String>,
}

/// What the actor may do to one client, for front ends to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRights {
    pub edit: Right,
    pub reassign: Right,
    pub remove: Right,
}

/// A client's fields once checked (the company still as typed).
struct Checked {
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
    first_contact: Option<String>,
}

impl Service {
    /// Creates a client; a salesperson becomes its sales contact.
    pub fn add_client(&mut self, actor: &Actor, new: &NewClient) -> Result<Client> {
        let me = self.authorize(actor, Capability::ClientCreate)?;
        let asked = self.asked_sales(&me, new.sales, Capability::ClientCreate)?;
        let sales = match crm::sales_contact(me.scope == Scope::All, me.user.id, asked) {
            SalesChoice::User(id) => Some(id),
            SalesChoice::Nobody => None,
            SalesChoice::NotYours => return Err(Error::Denied(Capability::ClientCreate)),
        };
        let fields = self.checked_client(new.full_name, new.email, new.phone, new.first_contact)?;
        let company = new.company.map(str::trim).filter(|c| !c.is_empty());
        let company = company.map(company_text).transpose()?;
        let now = self.now();
        let id = self.store.write(|w| {
            let company_id = match company.as_deref() {
                Some(text) => Some(company_for(w, actor, now, text)?),
                None => None,
            };
            let row = crm_clients::ClientFields {
                full_name: &fields.full_name,
                email: fields.email.as_deref(),
                phone: fields.phone.as_deref(),
                company_id,
                sales_contact_id: sales,
                first_contact: fields.first_contact.as_deref(),
            };
            let id = crm_clients::insert(w, &row, now)?;
            let summary = Summary::new()
                .value("full_name", fields.full_name.as_str())
                .value("email", fields.email.clone())
                .value("phone", fields.phone.clone())
                .value("company_id", company_id)
                .value("sales_contact_id", sales)
                .value("first_contact", fields.first_contact.clone())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ClientCreate, id.to_string()),
                summary,
            )?;
            Ok::<_, Error>(id)
        })?;
        self.stored_client(id)
    }

    /// One client, within the actor's `client.read` scope.
    pub fn client(&self, actor: &Actor, id: i64) -> Result<Client> {
        let me = self.authorize(actor, Capability::ClientRead)?;
        self.reachable_client(&me, Capability::ClientRead, id)
    }

    /// Clients by id after `after`, within the actor's `client.read`
    /// scope (with `own`, only those they are the sales contact of).
    pub fn clients_matching(
        &self,
        actor: &Actor,
        query: &ClientQuery,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Client>> {
        let me = self.authorize(actor, Capability::ClientRead)?;
        let mut sales = query.sales_contact_id;
        if query.mine || me.scope != Scope::All {
            match sales {
                Some(other) if other != me.user.id => return Ok(Vec::new()),
                _ => sales = Some(me.user.id),
            }
        }
        let filter = ClientFilter {
            sales_contact_id: sales,
            company_id: query.company_id,
            text: query.text.clone(),
        };
        Ok(crm_clients::list(self.store.conn(), &filter, after, limit)?)
    }

    /// The ids of a company (id or name, archived or not: lists of
    /// clients keep their history) and of a sales contact (login) typed
    /// as filters.
    pub fn client_filter_ids(
        &self,
        actor: &Actor,
        company: Option<&str>,
        sales: Option<&str>,
    ) -> Result<(Option<i64>, Option<i64>)> {
        self.authorize(actor, Capability::ClientRead)?;
        let conn = self.store.conn();
        let company = match company {
            Some(c) => Some(
                companies::find(conn, c)?
                    .ok_or_else(|| not_found("company", c.trim()))?
                    .id,
            ),
            None => None,
        };
        let sales = match sales {
            Some(login) => Some(
                store::users::by_login(conn, login.trim())?
                    .ok_or_else(|| not_found("user", login.trim()))?
                    .user
                    .id,
            ),
            None => None,
        };
        Ok((company, sales))
    }

    /// Changes a client; reassigning the sales contact needs
    /// `client.update:all`.
    pub fn edit_client(&mut self, actor: &Actor, id: i64, edit: &ClientEdit) -> Result<Client> {
        let me = self.authorize(actor, Capability::ClientUpdate)?;
        let old = self.reachable_client(&me, Capability::ClientUpdate, id)?;
        let sales = match edit.sales.map(str::trim) {
            None => old.sales_contact_id,
            Some("") => None,
            Some(login) => self.asked_sales(&me, Some(login), Capability::ClientUpdate)?,
        };
        if sales != old.sales_contact_id && me.scope != Scope::All {
            return Err(Error::Denied(Capability::ClientUpdate));
        }
        let fields = self.checked_client(
            edit.full_name.unwrap_or(&old.full_name),
            Some(edit.email.unwrap_or(old.email.as_deref().unwrap_or(""))),
            Some(edit.phone.unwrap_or(old.phone.as_deref().unwrap_or(""))),
            Some(
                edit.first_contact
                    .unwrap_or(old.first_contact.as_deref().unwrap_or("")),
            ),
        )?;
        let company = match edit.company.map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(text) => Some(Some(company_text(text)?)),
        };
        let now = self.now();
        self.store.write(|w| {
            unchanged_since(w, &old)?;
            let company_id = match &company {
                None => old.company_id,
                Some(None) => None,
                Some(Some(text)) => Some(company_for(w, actor, now, text)?),
            };
            let unchanged = fields.full_name == old.full_name
                && fields.email == old.email
                && fields.phone == old.phone
                && fields.first_contact == old.first_contact
                && company_id == old.company_id
                && sales == old.sales_contact_id;
            if unchanged {
                return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
            }
            let row = crm_clients::ClientFields {
                full_name: &fields.full_name,
                email: fields.email.as_deref(),
                phone: fields.phone.as_deref(),
                company_id,
                sales_contact_id: sales,
                first_contact: fields.first_contact.as_deref(),
            };
            crm_clients::update(w, id, &row, now)?;
            let summary = Summary::new()
                .change(
                    "full_name",
                    old.full_name.as_str(),
                    fields.full_name.as_str(),
                )
                .change("email", old.email.clone(), fields.email.clone())
                .change("phone", old.phone.clone(), fields.phone.clone())
                .change("company_id", old.company_id, company_id)
                .change("sales_contact_id", old.sales_contact_id, sales)
                .change(
                    "first_contact",
                    old.first_contact.clone(),
                    fields.first_contact.clone(),
                )
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ClientEdit, id.to_string()),
                summary,
            )
        })?;
        self.stored_client(id)
    }

    /// Removes a client that no contract refers to.
    pub fn remove_client(&mut self, actor: &Actor, id: i64) -> Result<()> {
        let me = self.authorize(actor, Capability::ClientDelete)?;
        let old = self.reachable_client(&me, Capability::ClientDelete, id)?;
        let now = self.now();
        self.store.write(|w| {
            let current = unchanged_since(w, &old)?;
            if current.contracts > 0 {
                return Err(Error::Conflict(
                    Msg::new("error.client_has_contracts")
                        .arg("id", id)
                        .arg("name", &current.full_name)
                        .arg("count", current.contracts),
                ));
            }
            crm_clients::delete(w, id)?;
            let summary = Summary::new()
                .value("full_name", old.full_name.as_str())
                .value("email", old.email.clone())
                .value("phone", old.phone.clone())
                .value("company_id", old.company_id)
                .value("sales_contact_id", old.sales_contact_id)
                .value("first_contact", old.first_contact.clone())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ClientRemove, id.to_string()),
                summary,
            )
        })
    }

    /// What the actor may do to client `id`. Fails only if they may not
    /// read it (then nothing is offered).
    pub fn client_rights(&self, actor: &Actor, id: i64) -> Result<ClientRights> {
        let client = self.client(actor, id)?;
        let held = self.client_grants(actor);
        Ok(rights_on(&client, &held))
    }

    /// [`Service::client_rights`] for a page of listed clients, the actor's
    /// grants read once (a test compares the answers).
    pub fn client_rights_of(&self, actor: &Actor, clients: &[Client]) -> Result<Vec<ClientRights>> {
        let held = self.client_grants(actor);
        Ok(clients.iter().map(|c| rights_on(c, &held)).collect())
    }

    /// The scope of `client.update` and `client.delete` the actor holds,
    /// with who they are.
    fn client_grants(&self, actor: &Actor) -> [(Capability, Option<(Scope, i64)>); 2] {
        let held = |cap| {
            (
                cap,
                self.authorize(actor, cap)
                    .ok()
                    .map(|me| (me.scope, me.user.id)),
            )
        };
        [
            held(Capability::ClientUpdate),
            held(Capability::ClientDelete),
        ]
    }

    fn stored_client(&self, id: i64) -> Result<Client> {
        crm_clients::by_id(self.store.conn(), id)?.ok_or_else(|| not_found("client", id))
    }

    /// The client if it is within the actor's scope for `capability`.
    fn reachable_client(&self, me: &Authorized, capability: Capability, id: i64) -> Result<Client> {
        match crm_clients::by_id(self.store.conn(), id)? {
            Some(c) if me.scope == Scope::All || c.sales_contact_id == Some(me.user.id) => Ok(c),
            _ => Err(me.unreachable(capability, "client", id)),
        }
    }

    /// The user named as sales contact. Someone whose scope is `own` may
    /// name only themselves: anyone else is refused before the login is
    /// even looked up.
    fn asked_sales(
        &self,
        me: &Authorized,
        login: Option<&str>,
        capability: Capability,
    ) -> Result<Option<i64>> {
        let Some(login) = login.map(str::trim) else {
            return Ok(None);
        };
        if me.scope != Scope::All && !login.eq_ignore_ascii_case(&me.user.login) {
            return Err(Error::Denied(capability));
        }
        let conn = self.store.conn();
        let user = store::users::by_login(conn, login)?
            .map(|l| l.user)
            .filter(|u| u.active)
            .ok_or_else(|| not_found("user", login))?;
        let grants = store::roles::grants(conn, &user.role_key)?;
        if grants.scope_of(Capability::ClientUpdate).is_none() {
            return Err(Error::Invalid(
                Msg::new("error.not_a_sales_contact").arg("login", &user.login),
            ));
        }
        Ok(Some(user.id))
    }

    fn checked_client(
        &self,
        full_name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        first_contact: Option<&str>,
    ) -> Result<Checked> {
        let invalid = Error::Invalid;
        let today = site_today(self.now(), self.settings.timezone);
        let first_contact = first_contact
            .map(|d| crm::first_contact(d, today))
            .transpose()
            .map_err(invalid)?
            .flatten();
        Ok(Checked {
            full_name: validate::name("full_name", full_name).map_err(invalid)?,
            email: email
                .map(crm::optional_email)
                .transpose()
                .map_err(invalid)?
                .flatten(),
            phone: phone
                .map(crm::optional_phone)
                .transpose()
                .map_err(invalid)?
                .flatten(),
            first_contact: first_contact.map(|d| d.to_string()),
        })
    }
}

/// The client as it is now, inside the write: it must be as it was
/// checked (another process may have reassigned it meanwhile, which would
/// change what the actor may do), or nothing is written.
fn unchanged_since(w: &store::Write, checked: &Client) -> Result<Client> {
    match crm_clients::by_id(w.conn(), checked.id)? {
        Some(now) if now == *checked => Ok(now),
        _ => Err(Error::Conflict(
            Msg::new("error.client_changed").arg("id", checked.id),
        )),
    }
}

/// A company as typed for a client: checked as a name would be, since an
/// unknown one becomes a new company.
fn company_text(text: &str) -> Result<String> {
    validate::name("company", text).map_err(Error::Invalid)
}

/// The company a client is put in: an active one by id or name, or a new
/// one by that name (audited as a company creation). An archived company
/// is refused: archiving takes it out of the pickers.
fn company_for(w: &store::Write, actor: &Actor, now: i64, text: &str) -> Result<i64> {
    if let Some(found) = companies::find(w.conn(), text)? {
        if found.archived_at.is_some() {
            return Err(Error::Conflict(
                Msg::new("error.company_archived").arg("name", &found.name),
            ));
        }
        return Ok(found.id);
    }
    if text.parse::<i64>().is_ok() {
        return Err(not_found("company", text));
    }
    let id = store::org::insert_company(w, text, now)?;
    let summary = Summary::new()
        .value("name", text)
        .value("for", "client")
        .build();
    Service::audit(
        w,
        actor,
        now,
        (AuditAction::CompanyCreate, id.to_string()),
        summary,
    )?;
    Ok(id)
}

fn site_today(now: i64, tz: chrono_tz::Tz) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// What the actor may do to `client`, given the grants `client_grants` read.
fn rights_on(client: &Client, held: &[(Capability, Option<(Scope, i64)>); 2]) -> ClientRights {
    let check = |cap: Capability, all: bool| -> Result<()> {
        let Some((_, Some((scope, me)))) = held.iter().find(|(c, _)| *c == cap) else {
            return Err(Error::Denied(cap));
        };
        let own = client.sales_contact_id == Some(*me);
        if *scope == Scope::All || (!all && own) {
            Ok(())
        } else {
            Err(Error::Denied(cap))
        }
    };
    let remove = check(Capability::ClientDelete, true).and_then(|()| {
        if client.contracts > 0 {
            Err(Error::Conflict(
                Msg::new("error.client_has_contracts")
                    .arg("id", client.id)
                    .arg("name", &client.full_name)
                    .arg("count", client.contracts),
            ))
        } else {
            Ok(())
        }
    });
    ClientRights {
        edit: Right::of(check(Capability::ClientUpdate, false), "may.client_edit"),
        reassign: Right::of(check(Capability::ClientUpdate, true), "may.client_reassign"),
        remove: Right::of(remove, "may.client_remove"),
    }
}
