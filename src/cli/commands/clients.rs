//! `guichet company …` and `guichet client …` (issue 15).

use super::stream;
use super::tickets::text_or_stdin;
use crate::cli::args::Format;
use crate::cli::args_clients::{
    ClientAddArgs, ClientCommand, ClientEditArgs, ClientListArgs, CompanyCommand, CompanyEditArgs,
};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{CliResult, Ctx};
use crate::domain::Msg;
use crate::service::clients::{Client, ClientEdit, ClientQuery, NewClient};
use crate::service::companies::{CompanyDetail, CompanyEdit, CompanyFilter, CompanyRow};
use crate::service::Actor;

pub fn company(ctx: &mut Ctx, command: CompanyCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        CompanyCommand::Add { name } => {
            let id = ctx.service.add_company(&actor, &name)?;
            let c = ctx.service.company(&actor, &id.to_string())?;
            let msg = Msg::new("cli.created")
                .arg("what", "company")
                .arg("name", &c.name)
                .arg("id", id);
            ctx.done(&msg, record_json(&company_detail(&c)))?;
        }
        CompanyCommand::List { archived, text } => {
            let filter = CompanyFilter {
                archived,
                only_id: None,
                text,
            };
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                None,
                String::new(),
                |after, n| {
                    Ok(ctx
                        .service
                        .list_companies_matching(&actor, &filter, after, n)?)
                },
                |c| c.name.clone(),
                company_row,
            )?;
            printer.finish()?;
        }
        CompanyCommand::Show { company } => {
            let c = ctx.service.company(&actor, &company)?;
            show(ctx, &company_detail(&c))?;
        }
        CompanyCommand::Edit(args) => edit_company(ctx, &actor, args)?,
        CompanyCommand::Archive { company } => {
            let c = ctx.service.archive_company(&actor, &company)?;
            let msg = Msg::new("cli.company_archived").arg("name", &c.name);
            ctx.done(&msg, record_json(&company_detail(&c)))?;
        }
        CompanyCommand::Unarchive { company } => {
            let c = ctx.service.unarchive_company(&actor, &company)?;
            let msg = Msg::new("cli.company_unarchived").arg("name", &c.name);
            ctx.done(&msg, record_json(&company_detail(&c)))?;
        }
        CompanyCommand::Remove { company } => {
            let c = ctx.service.company(&actor, &company)?;
            ctx.service.remove_company(&actor, &company)?;
            let msg = Msg::new("cli.company_removed").arg("name", &c.name);
            let json = serde_json::json!({ "id": c.id, "name": c.name, "removed": true });
            ctx.done(&msg, json)?;
        }
    }
    Ok(())
}

fn edit_company(ctx: &mut Ctx, actor: &Actor, args: CompanyEditArgs) -> CliResult {
    let notes = args.notes.as_deref().map(text_or_stdin).transpose()?;
    let edit = CompanyEdit {
        name: args.name.as_deref(),
        address: args.address.as_deref(),
        phone: args.phone.as_deref(),
        email: args.email.as_deref(),
        notes: notes.as_deref(),
    };
    let c = ctx.service.edit_company(actor, &args.company, &edit)?;
    let msg = Msg::new("cli.company_saved").arg("name", &c.name);
    ctx.done(&msg, record_json(&company_detail(&c)))
}

pub fn client(ctx: &mut Ctx, command: ClientCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        ClientCommand::Add(args) => add_client(ctx, &actor, args),
        ClientCommand::List(args) => list_clients(ctx, &actor, args),
        ClientCommand::Show { id } => {
            let c = ctx.service.client(&actor, id)?;
            show(ctx, &client_detail(&c))
        }
        ClientCommand::Edit(args) => edit_client(ctx, &actor, args),
        ClientCommand::Remove { id } => {
            let c = ctx.service.client(&actor, id)?;
            ctx.service.remove_client(&actor, id)?;
            let msg = Msg::new("cli.client_removed")
                .arg("id", id)
                .arg("name", &c.full_name);
            ctx.done(&msg, serde_json::json!({ "id": id, "removed": true }))
        }
    }
}

fn add_client(ctx: &mut Ctx, actor: &Actor, args: ClientAddArgs) -> CliResult {
    let new = NewClient {
        full_name: &args.name,
        email: args.email.as_deref(),
        phone: args.phone.as_deref(),
        company: args.company.as_deref(),
        first_contact: args.first_contact.as_deref(),
        sales: args.sales.as_deref(),
    };
    let c = ctx.service.add_client(actor, &new)?;
    let msg = Msg::new("cli.created")
        .arg("what", "client")
        .arg("name", &c.full_name)
        .arg("id", c.id);
    ctx.done(&msg, record_json(&client_detail(&c)))
}

fn edit_client(ctx: &mut Ctx, actor: &Actor, args: ClientEditArgs) -> CliResult {
    let edit = ClientEdit {
        full_name: args.name.as_deref(),
        email: args.email.as_deref(),
        phone: args.phone.as_deref(),
        company: args.company.as_deref(),
        first_contact: args.first_contact.as_deref(),
        sales: args.sales.as_deref(),
    };
    let c = ctx.service.edit_client(actor, args.id, &edit)?;
    let msg = Msg::new("cli.client_saved")
        .arg("id", c.id)
        .arg("name", &c.full_name);
    ctx.done(&msg, record_json(&client_detail(&c)))
}

fn list_clients(ctx: &mut Ctx, actor: &Actor, args: ClientListArgs) -> CliResult {
    let (company_id, sales_contact_id) =
        ctx.service
            .client_filter_ids(actor, args.company.as_deref(), args.sales.as_deref())?;
    let query = ClientQuery {
        mine: args.mine,
        company_id,
        sales_contact_id,
        text: args.text,
    };
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        args.limit,
        0,
        |after, n| Ok(ctx.service.clients_matching(actor, &query, *after, n)?),
        |c| c.id,
        client_row,
    )?;
    printer.finish()?;
    Ok(())
}

/// One object: label and value per line for people, a record otherwise.
fn show(ctx: &Ctx, record: &Record) -> CliResult {
    let mut printer = ctx.printer(false);
    match ctx.format {
        Format::Table => printer.pairs(record)?,
        Format::Json => printer.document(&record_json(record))?,
        Format::Csv => {
            printer.batch(std::slice::from_ref(record))?;
            printer.finish()?;
        }
    }
    Ok(())
}

fn company_row(c: &CompanyRow) -> Record {
    vec![
        ("id", c.id.into()),
        ("name", c.name.as_str().into()),
        ("members", c.members.into()),
        ("clients", c.clients.into()),
        ("created_at", Cell::Time(c.created_at)),
        ("archived_at", c.archived_at.map_or(Cell::Null, Cell::Time)),
    ]
}

fn company_detail(c: &CompanyDetail) -> Record {
    let h = &c.holders;
    vec![
        ("id", c.id.into()),
        ("name", c.name.as_str().into()),
        ("address", c.address.as_str().into()),
        ("phone", c.phone.clone().into()),
        ("email", c.email.clone().into()),
        ("notes", c.notes.as_str().into()),
        ("members", h.users.into()),
        ("clients", h.clients.into()),
        ("contracts", h.contracts.into()),
        ("tickets", h.tickets.into()),
        ("sla_policies", h.sla_policies.into()),
        ("created_at", Cell::Time(c.created_at)),
        ("updated_at", Cell::Time(c.updated_at)),
        ("archived_at", c.archived_at.map_or(Cell::Null, Cell::Time)),
    ]
}

fn client_row(c: &Client) -> Record {
    vec![
        ("id", c.id.into()),
        ("full_name", c.full_name.as_str().into()),
        ("email", c.email.clone().into()),
        ("phone", c.phone.clone().into()),
        ("company", c.company.clone().into()),
        ("sales_contact", c.sales_login.clone().into()),
        ("first_contact", c.first_contact.clone().into()),
        ("updated_at", Cell::Time(c.updated_at)),
    ]
}

fn client_detail(c: &Client) -> Record {
    vec![
        ("id", c.id.into()),
        ("full_name", c.full_name.as_str().into()),
        ("email", c.email.clone().into()),
        ("phone", c.phone.clone().into()),
        ("company_id", c.company_id.into()),
        ("company", c.company.clone().into()),
        ("sales_contact", c.sales_login.clone().into()),
        ("sales_contact_name", c.sales_name.clone().into()),
        ("first_contact", c.first_contact.clone().into()),
        ("contracts", c.contracts.into()),
        ("created_at", Cell::Time(c.created_at)),
        ("updated_at", Cell::Time(c.updated_at)),
    ]
}
