//! The Contracts tab's contracts: those of the chosen client (all of them
//! when none is chosen), newest first, with the `/` filter's words
//! (`filter.rs`); new (the client pre-chosen), edit, sign, pay, remove.
//! What the actor may do to each row is read with the rows, off the UI
//! thread (`contract_rights`).

use super::forms::{check_payment, check_terms, contract_edit, edit_form, new_contract, new_form};
use super::{filter, title};
use crate::domain::money::{Cents, Currency};
use crate::domain::{Msg, Scope};
use crate::i18n::Lang;
use crate::service::crm_contracts::{Contract, ContractRights};
use crate::service::{self, Actor, Error, Service};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::keyed::KeyedForm;
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

/// A contract and what the actor may do to it.
pub struct ContractRow {
    pub contract: Contract,
    pub rights: ContractRights,
}

pub enum ContractJob {
    /// A new contract for this client (id, name).
    New(i64, String),
    Edit(Box<Contract>),
    Sign(i64),
    Pay(Box<Contract>),
    Remove(i64),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ContractField {
    Kind,
    Total,
    Due,
    Hours,
    ValidUntil,
    Amount,
}

/// The client the list is of, as the clients list has it selected.
#[derive(Clone, Default, PartialEq)]
pub struct ChosenClient {
    pub id: Option<i64>,
    pub name: String,
    /// Their sales contact: a salesperson makes contracts only for theirs.
    pub sales_contact_id: Option<i64>,
}

#[derive(Default)]
pub struct Contracts {
    pub focused: bool,
    /// The actor's contract.create scope (asked at each refresh).
    pub create: Option<Scope>,
    /// The actor holds contract.delete at some scope.
    pub remove: bool,
    pub currency: Currency,
    /// The actor's user id, to know their own clients.
    pub me: Option<i64>,
    client: ChosenClient,
}

fn fetch(
    service: &Service,
    actor: &Actor,
    client: &ChosenClient,
    typed: Option<&str>,
    before: Option<&i64>,
    limit: u32,
) -> service::Result<Vec<ContractRow>> {
    let mut wanted = filter::parse(typed.unwrap_or(""));
    wanted.client_id = client.id;
    let contracts = service.contracts_matching(actor, &wanted, before.copied(), limit)?;
    let rights = service.contract_rights_of(actor, &contracts)?;
    Ok(contracts
        .into_iter()
        .zip(rights)
        .map(|(contract, rights)| ContractRow { contract, rights })
        .collect())
}

impl Contracts {
    fn money(&self, cents: Cents, view: &View) -> String {
        cents.format(&self.currency, view.i18n.lang() == Lang::Fr)
    }

    fn signed(&self, c: &Contract, view: &View) -> String {
        use chrono::TimeZone;
        match c
            .signed_at
            .and_then(|t| view.tz.timestamp_opt(t, 0).single())
        {
            Some(at) => at.format("%Y-%m-%d").to_string(),
            None => view.t("tui.contracts.unsigned").to_string(),
        }
    }

    fn new_refused(&self, actor_id: Option<i64>) -> Option<Msg> {
        if self.client.id.is_none() {
            return Some(Msg::new("tui.contracts.choose_client"));
        }
        match self.create {
            None => Some(Msg::new("may.contract_new")),
            Some(Scope::All) => None,
            Some(_) if actor_id.is_some() && self.client.sales_contact_id == actor_id => None,
            Some(_) => Some(Msg::new("may.contract_new_other")),
        }
    }
}

impl ListSection for Contracts {
    type Row = ContractRow;
    type Cursor = i64;
    type Scope = ChosenClient;
    type Job = ContractJob;
    type Field = ContractField;
    const TITLE: &'static str = "tui.contracts.contracts";

    const CURSOR: fn(&ContractRow) -> i64 = |row| row.contract.id;

    const FETCH: Fetcher<Self> = |service, actor, client, typed, before, limit| {
        fetch(service, actor, client, typed, before, limit)
    };

    const LAYER: Layer = Layer::CrmContracts;

    fn rescoped(&mut self, client: &ChosenClient) {
        self.client = client.clone();
    }

    fn list_title(&self, view: &View) -> String {
        match self.client.id {
            Some(_) => title(self.focused, view, "tui.contracts.contracts_of")
                .replace("{client}", &clean(&self.client.name)),
            None => title(self.focused, view, "tui.contracts.contracts"),
        }
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.contracts.number", Constraint::Length(6)),
        Column::new("tui.contracts.kind", Constraint::Length(12)),
        Column::wide("tui.contracts.client_name", Constraint::Fill(1)),
        Column::new("tui.contracts.total", Constraint::Length(14)),
        Column::new("tui.contracts.due", Constraint::Length(14)),
        Column::new("tui.contracts.signed", Constraint::Length(11)),
        Column::wide("tui.contracts.sales", Constraint::Length(10)),
    ];

    fn row(&self, r: &ContractRow, view: &View, wide: bool) -> Row<'static> {
        let c = &r.contract;
        let mut cells = vec![c.id.to_string(), view.t(&c.kind.label_key()).to_string()];
        if wide {
            cells.push(clean(c.client_name.as_deref().unwrap_or("")).into_owned());
        }
        cells.push(self.money(c.total, view));
        cells.push(self.money(c.due, view));
        cells.push(self.signed(c, view));
        if wide {
            cells.push(clean(c.sales_login.as_deref().unwrap_or("")).into_owned());
        }
        Row::new(cells)
    }

    fn refused(&self, action: Action, row: Option<&ContractRow>) -> Option<Msg> {
        if action == Action::New {
            return self.new_refused(self.me);
        }
        let r = row?;
        let c = &r.contract;
        // The role's reason first; then what holds this contract back.
        let (allowed, why) = match action {
            Action::Edit => (r.rights.edit, Msg::new("may.contract_edit")),
            Action::Sign if !r.rights.edit => (false, Msg::new("may.contract_sign")),
            Action::Sign if c.signed() => (
                false,
                Msg::new("error.contract_already_signed").arg("id", c.id),
            ),
            Action::Sign => (r.rights.sign, Msg::new("may.contract_sign")),
            Action::Pay if !r.rights.edit => (false, Msg::new("may.contract_pay")),
            Action::Pay if c.due.0 == 0 => {
                (false, Msg::new("tui.contracts.nothing_due").arg("id", c.id))
            }
            Action::Pay => (r.rights.pay, Msg::new("may.contract_pay")),
            Action::Delete if !self.remove => (false, Msg::new("may.contract_remove")),
            Action::Delete if c.events > 0 => (
                false,
                Msg::new("error.contract_has_events")
                    .arg("id", c.id)
                    .arg("count", c.events),
            ),
            Action::Delete => (r.rights.remove, Msg::new("may.contract_remove")),
            _ => return None,
        };
        (!allowed).then_some(why)
    }

    fn on_action(&mut self, action: Action, row: Option<&ContractRow>, cx: &mut Cx) -> Hook<Self> {
        match (action, row) {
            (Action::New, _) => match self.client.id {
                Some(id) => section::form(
                    ContractJob::New(id, self.client.name.clone()),
                    new_form(cx.i18n),
                ),
                None => Hook::Done,
            },
            (Action::Edit, Some(r)) => section::form(
                ContractJob::Edit(Box::new(r.contract.clone())),
                edit_form(&r.contract),
            ),
            (Action::Sign, Some(r)) => {
                let msg = Msg::new("tui.contracts.sign_ask").arg("id", r.contract.id);
                section::ask(ContractJob::Sign(r.contract.id), &msg, cx)
            }
            (Action::Pay, Some(r)) => {
                let form = KeyedForm::titled("tui.contracts.pay_title").line(
                    ContractField::Amount,
                    "tui.contracts.amount",
                    "",
                );
                section::form(ContractJob::Pay(Box::new(r.contract.clone())), form)
            }
            (Action::Delete, Some(r)) => {
                let msg = Msg::new("tui.contracts.remove_ask").arg("id", r.contract.id);
                section::ask(ContractJob::Remove(r.contract.id), &msg, cx)
            }
            (Action::Edit | Action::Sign | Action::Pay | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn check(&self, job: &ContractJob, form: &KeyedForm<ContractField>, _cx: &Cx) -> Option<Msg> {
        match job {
            ContractJob::New(..) | ContractJob::Edit(_) => check_terms(form),
            ContractJob::Pay(c) => check_payment(form, c.due),
            ContractJob::Sign(_) | ContractJob::Remove(_) => None,
        }
    }

    fn confirmed(&mut self, job: ContractJob, cx: &mut Cx) -> Outcome {
        match job {
            ContractJob::Sign(id) => {
                let c = cx.service.sign_contract(cx.actor, id)?;
                Ok(Msg::new("cli.contract_signed")
                    .arg("id", id)
                    .arg("client", c.client_name.unwrap_or_default()))
            }
            ContractJob::Remove(id) => {
                cx.service.remove_contract(cx.actor, id)?;
                Ok(Msg::new("cli.contract_removed").arg("id", id))
            }
            _ => Err(Error::Conflict(Msg::new("error.nothing_to_change"))),
        }
    }

    fn submit(
        &mut self,
        job: &ContractJob,
        form: &KeyedForm<ContractField>,
        cx: &mut Cx,
    ) -> Outcome {
        match job {
            ContractJob::New(client_id, name) => {
                let new = new_contract(*client_id, form)?;
                let id = cx.service.add_contract(cx.actor, &new)?;
                Ok(Msg::new("cli.contract_created")
                    .arg("id", id)
                    .arg("client", name))
            }
            ContractJob::Edit(was) => {
                let edit = contract_edit(was, form)?;
                cx.service.edit_contract(cx.actor, was.id, &edit)?;
                Ok(Msg::new("cli.contract_saved")
                    .arg("id", was.id)
                    .arg("client", was.client_name.clone().unwrap_or_default()))
            }
            ContractJob::Pay(was) => {
                let amount =
                    Cents::parse(&form.value(ContractField::Amount)).map_err(Error::Invalid)?;
                let c = cx.service.pay_contract(cx.actor, was.id, amount)?;
                let french = cx.i18n.lang() == Lang::Fr;
                Ok(Msg::new("cli.contract_paid")
                    .arg("id", was.id)
                    .arg("amount", amount.format(&self.currency, french))
                    .arg("due", c.due.format(&self.currency, french)))
            }
            ContractJob::Sign(_) | ContractJob::Remove(_) => {
                Err(Error::Conflict(Msg::new("error.nothing_to_change")))
            }
        }
    }
}
