//! `guichet contract …` (issue 15): amounts are typed `1234.56` or
//! `1234,56` and shown in the site's currency and the reader's language.

use super::stream;
use crate::cli::args::Format;
use crate::cli::args_crm_contracts::{
    ContractAddArgs, ContractCommand, ContractEditArgs, ContractListArgs,
};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{CliResult, Ctx, Failure};
use crate::domain::crm::ContractKind;
use crate::domain::money::Cents;
use crate::domain::{validate, Msg};
use crate::service::crm_contracts::{Contract, ContractEdit, ContractFilter, NewContract};
use crate::service::Actor;

pub fn run(ctx: &mut Ctx, command: ContractCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        ContractCommand::Add(args) => add(ctx, &actor, &args),
        ContractCommand::List(args) => list(ctx, &actor, &args),
        ContractCommand::Show { id } => {
            let c = ctx.service.contract(&actor, id)?;
            print_one(ctx, &c)
        }
        ContractCommand::Edit(args) => edit(ctx, &actor, &args),
        ContractCommand::Sign { id } => {
            let c = ctx.service.sign_contract(&actor, id)?;
            changed(ctx, "cli.contract_signed", &c)
        }
        ContractCommand::Pay { id, amount } => {
            let amount = Failure::typed(Cents::parse(&amount))?;
            let c = ctx.service.pay_contract(&actor, id, amount)?;
            let msg = Msg::new("cli.contract_paid")
                .arg("id", id)
                .arg("amount", money(ctx, amount))
                .arg("due", money(ctx, c.due));
            ctx.done(&msg, record_json(&record(ctx, &c)))
        }
        ContractCommand::Remove { id } => {
            ctx.service.remove_contract(&actor, id)?;
            let msg = Msg::new("cli.contract_removed").arg("id", id);
            ctx.done(&msg, serde_json::json!({ "id": id, "removed": true }))
        }
    }
}

fn add(ctx: &mut Ctx, actor: &Actor, args: &ContractAddArgs) -> CliResult {
    let new = NewContract {
        client_id: args.client,
        total: Failure::typed(Cents::parse(&args.total))?,
        due: optional_money(args.due.as_deref())?,
        kind: Failure::typed(ContractKind::parse(&args.kind))?,
        hours: args.hours,
        valid_from: optional_day("valid-from", args.valid_from.as_deref())?,
        valid_until: optional_day("valid-until", args.valid_until.as_deref())?,
        signed: args.signed,
        sales: args.sales.clone(),
    };
    let id = ctx.service.add_contract(actor, &new)?;
    let c = ctx.service.contract(actor, id)?;
    changed(ctx, "cli.contract_created", &c)
}

fn list(ctx: &mut Ctx, actor: &Actor, args: &ContractListArgs) -> CliResult {
    let filter = ContractFilter {
        unsigned: args.unsigned,
        unpaid: args.unpaid,
        mine: args.mine,
        kind: match &args.kind {
            Some(k) => Some(Failure::typed(ContractKind::parse(k))?),
            None => None,
        },
        client_id: args.client,
        company_id: None,
        text: args.text.clone(),
    };
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        args.limit,
        None,
        |before, n| Ok(ctx.service.contracts_matching(actor, &filter, *before, n)?),
        |c| Some(c.id),
        |c| record(ctx, c),
    )?;
    printer.finish()?;
    Ok(())
}

fn edit(ctx: &mut Ctx, actor: &Actor, args: &ContractEditArgs) -> CliResult {
    let edit = ContractEdit {
        total: optional_money(args.total.as_deref())?,
        due: optional_money(args.due.as_deref())?,
        hours: args.hours,
        valid_from: optional_day("valid-from", args.valid_from.as_deref())?,
        valid_until: optional_day("valid-until", args.valid_until.as_deref())?,
        sales: args.sales.clone(),
    };
    ctx.service.edit_contract(actor, args.id, &edit)?;
    let c = ctx.service.contract(actor, args.id)?;
    changed(ctx, "cli.contract_saved", &c)
}

/// The sentence `key` about the contract, or the contract as JSON.
fn changed(ctx: &Ctx, key: &'static str, c: &Contract) -> CliResult {
    let msg = Msg::new(key)
        .arg("id", c.id)
        .arg("client", c.client_name.as_deref().unwrap_or("—"));
    ctx.done(&msg, record_json(&record(ctx, c)))
}

fn print_one(ctx: &Ctx, c: &Contract) -> CliResult {
    let mut printer = ctx.printer(false);
    if ctx.format == Format::Json {
        printer.document(&record_json(&record(ctx, c)))?;
        return Ok(());
    }
    printer.pairs(&record(ctx, c))?;
    Ok(())
}

pub(super) fn money(ctx: &Ctx, cents: Cents) -> String {
    let french = ctx.i18n.lang() == crate::i18n::Lang::Fr;
    cents.format(ctx.service.currency(), french)
}

fn money_cell(ctx: &Ctx, cents: Cents) -> Cell {
    Cell::Money {
        plain: cents.plain(),
        shown: money(ctx, cents),
    }
}

fn optional_money(text: Option<&str>) -> CliResult<Option<Cents>> {
    text.map(|t| Failure::typed(Cents::parse(t))).transpose()
}

fn optional_day(field: &'static str, text: Option<&str>) -> CliResult<Option<chrono::NaiveDate>> {
    text.map(|t| Failure::typed(validate::date(field, t)))
        .transpose()
}

fn record(ctx: &Ctx, c: &Contract) -> Record {
    vec![
        ("id", c.id.into()),
        ("kind", Cell::coded(c.kind.key(), c.kind.label_key())),
        ("client_id", c.client_id.into()),
        ("client", c.client_name.clone().into()),
        ("company", c.company.clone().into()),
        ("sales", c.sales_login.clone().into()),
        ("total", money_cell(ctx, c.total)),
        ("due", money_cell(ctx, c.due)),
        ("signed_at", c.signed_at.map_or(Cell::Null, Cell::Time)),
        ("hours", c.hours_bought.into()),
        ("valid_from", c.valid_from.clone().into()),
        ("valid_until", c.valid_until.clone().into()),
        ("events", c.events.into()),
        ("created_at", Cell::Time(c.created_at)),
    ]
}
