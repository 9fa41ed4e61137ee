//! The Contracts tab's clients: the list (`/` filters by name or email),
//! a new client and the edit of one. What the actor may do to each row is
//! read with the rows, off the UI thread (`client_rights`). The form picks
//! the company among the active ones as you type (a name none has makes a
//! new one), and the sales contact among those whose role may own clients,
//! for those who may name one.

use super::{optional, title};
use crate::domain::Msg;
use crate::service::clients::{Client, ClientEdit, ClientQuery, ClientRights, NewClient};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::keyed::KeyedForm;
use crate::tui::widgets::pick::{self, Options, Pick, Typed};
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

/// A client and what the actor may do to it.
pub struct ClientRow {
    pub client: Client,
    pub rights: ClientRights,
}

pub enum ClientJob {
    /// A new client; its form names the sales contact if true.
    New {
        sales: bool,
    },
    Edit {
        was: Box<Client>,
        sales: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ClientField {
    Name,
    Email,
    Phone,
    Company,
    FirstContact,
    Sales,
}

#[derive(Default)]
pub struct Clients {
    pub focused: bool,
    /// The actor holds client.create (asked at each refresh).
    pub create: bool,
    /// The actor may name another sales contact than themselves for a new
    /// client (client.create at scope all; asked at each refresh).
    pub name_sales: bool,
}

fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A page of clients with their rights: the rights are read here, on the
/// reader's thread, so that no frame waits for them.
fn fetch(
    service: &Service,
    actor: &Actor,
    filter: Option<&str>,
    after: Option<&i64>,
    limit: u32,
) -> service::Result<Vec<ClientRow>> {
    let query = ClientQuery {
        text: filter.map(str::to_string).filter(|t| !t.trim().is_empty()),
        ..ClientQuery::default()
    };
    let clients = service.clients_matching(actor, &query, after.copied().unwrap_or(0), limit)?;
    let rights = service.client_rights_of(actor, &clients)?;
    Ok(clients
        .into_iter()
        .zip(rights)
        .map(|(client, rights)| ClientRow { client, rights })
        .collect())
}

impl ListSection for Clients {
    type Row = ClientRow;
    type Cursor = i64;
    type Scope = ();
    type Job = ClientJob;
    type Field = ClientField;
    const TITLE: &'static str = "tui.contracts.clients";

    const CURSOR: fn(&ClientRow) -> i64 = |row| row.client.id;

    const FETCH: Fetcher<Self> =
        |service, actor, _scope, filter, after, limit| fetch(service, actor, filter, after, limit);

    const LAYER: Layer = Layer::CrmClients;

    fn list_title(&self, view: &View) -> String {
        title(self.focused, view, "tui.contracts.clients")
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.contracts.client_name", Constraint::Fill(2)),
        Column::new("tui.contracts.company", Constraint::Fill(1)),
        Column::wide("tui.contracts.sales", Constraint::Length(10)),
        Column::wide("tui.contracts.contract_count", Constraint::Length(5)),
    ];

    fn row(&self, r: &ClientRow, _view: &View, wide: bool) -> Row<'static> {
        let c = &r.client;
        let mut cells = vec![
            clean(&c.full_name).into_owned(),
            clean(or_empty(&c.company)).into_owned(),
        ];
        if wide {
            cells.push(clean(or_empty(&c.sales_login)).into_owned());
            cells.push(c.contracts.to_string());
        }
        Row::new(cells)
    }

    fn refused(&self, action: Action, row: Option<&ClientRow>) -> Option<Msg> {
        match (action, row) {
            (Action::New, _) => (!self.create).then(|| Msg::new("may.client_new")),
            (Action::Edit, Some(r)) => r.rights.edit.why().cloned(),
            _ => None,
        }
    }

    fn on_action(&mut self, action: Action, row: Option<&ClientRow>, _cx: &mut Cx) -> Hook<Self> {
        match (action, row) {
            (Action::New, _) => {
                let sales = self.name_sales;
                section::form(ClientJob::New { sales }, client_form(None, sales))
            }
            (Action::Edit, Some(r)) => {
                let sales = r.rights.reassign.allowed();
                let form = client_form(Some(&r.client), sales);
                let was = Box::new(r.client.clone());
                section::form(ClientJob::Edit { was, sales }, form)
            }
            (Action::Edit, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    /// The e-mail and phone as typed so far, checked as the service will
    /// (the first contact's day against today is the service's to say).
    fn check(&self, _job: &ClientJob, form: &KeyedForm<ClientField>, _cx: &Cx) -> Option<Msg> {
        use crate::domain::crm_clients as rules;
        let email = form.value(ClientField::Email);
        let phone = form.value(ClientField::Phone);
        rules::optional_email(&email)
            .and_then(|_| rules::optional_phone(&phone))
            .err()
    }

    fn submit(&mut self, job: &ClientJob, form: &KeyedForm<ClientField>, cx: &mut Cx) -> Outcome {
        let value = |f| form.value(f);
        match job {
            ClientJob::New { sales } => {
                let (name, email, phone) = (
                    value(ClientField::Name),
                    value(ClientField::Email),
                    value(ClientField::Phone),
                );
                let (company, first) = (
                    value(ClientField::Company),
                    value(ClientField::FirstContact),
                );
                let contact = value(ClientField::Sales);
                let new = NewClient {
                    full_name: &name,
                    email: optional(&email),
                    phone: optional(&phone),
                    company: optional(&company),
                    first_contact: optional(&first),
                    sales: optional(&contact).filter(|_| *sales),
                };
                let client = cx.service.add_client(cx.actor, &new)?;
                Ok(Msg::new("tui.contracts.client_created")
                    .arg("id", client.id)
                    .arg("name", &client.full_name))
            }
            ClientJob::Edit { was, sales } => {
                let contact = form
                    .changed(ClientField::Sales, or_empty(&was.sales_login))
                    .filter(|_| *sales);
                let changed = [
                    form.changed(ClientField::Name, &was.full_name),
                    form.changed(ClientField::Email, or_empty(&was.email)),
                    form.changed(ClientField::Phone, or_empty(&was.phone)),
                    form.changed(ClientField::Company, or_empty(&was.company)),
                    form.changed(ClientField::FirstContact, or_empty(&was.first_contact)),
                ];
                let edit = ClientEdit {
                    full_name: changed[0].as_deref(),
                    email: changed[1].as_deref(),
                    phone: changed[2].as_deref(),
                    company: changed[3].as_deref(),
                    first_contact: changed[4].as_deref(),
                    sales: contact.as_deref(),
                };
                let client = cx.service.edit_client(cx.actor, was.id, &edit)?;
                Ok(Msg::new("cli.client_saved")
                    .arg("id", client.id)
                    .arg("name", &client.full_name))
            }
        }
    }
}

/// The active companies whose name holds what was typed, by name.
fn companies(service: &Service, actor: &Actor, typed: &Typed) -> service::Result<Options> {
    let found = service.company_picks(actor, typed.text(), pick::ROWS)?;
    Ok(pick::options(found, |c| (c.name.clone(), c.name.clone())))
}

/// Those who may be a client's sales contact, by login.
fn sales_contacts(service: &Service, actor: &Actor, typed: &Typed) -> service::Result<Options> {
    let found = service.sales_contact_picks(actor, typed.text(), pick::ROWS)?;
    Ok(pick::options(found, |p| {
        (p.login.clone(), format!("{} · {}", p.login, p.full_name))
    }))
}

/// The client's form, empty or with `was`'s values; with its sales
/// contact if `sales` (the actor may name one).
fn client_form(was: Option<&Client>, sales: bool) -> KeyedForm<ClientField> {
    let text = |get: fn(&Client) -> &str| was.map_or("", get);
    let title = if was.is_some() {
        "tui.contracts.edit_client"
    } else {
        "tui.contracts.new_client"
    };
    let form = KeyedForm::titled(title)
        .line(
            ClientField::Name,
            "tui.contracts.client_name",
            text(|c| &c.full_name),
        )
        .line(
            ClientField::Email,
            "tui.contracts.email",
            text(|c| or_empty(&c.email)),
        )
        .line(
            ClientField::Phone,
            "tui.contracts.phone",
            text(|c| or_empty(&c.phone)),
        )
        .pick(
            ClientField::Company,
            "tui.contracts.company_pick",
            Pick::new(companies).keeps_typed("tui.contracts.new_company"),
            text(|c| or_empty(&c.company)),
        )
        .line(
            ClientField::FirstContact,
            "tui.contracts.first_contact",
            text(|c| or_empty(&c.first_contact)),
        );
    if !sales {
        return form;
    }
    form.pick(
        ClientField::Sales,
        "tui.contracts.sales_contact",
        Pick::new(sales_contacts),
        text(|c| or_empty(&c.sales_login)),
    )
}
