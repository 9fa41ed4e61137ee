//! `guichet event …` (issue 15): times are typed "YYYY-MM-DD HH:MM" in the
//! site's time zone and shown in it.

use super::stream;
use crate::cli::args::Format;
use crate::cli::args_crm_contracts::{EventAddArgs, EventCommand, EventEditArgs, EventListArgs};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{CliResult, Ctx};
use crate::domain::Msg;
use crate::service::crm_events::{Event, EventEdit, EventFilter, NewEvent};
use crate::service::Actor;

/// The fields messages name (`field.*` in the language files).
const START: &str = "start";
const END: &str = "end";
const FROM: &str = "from";
const UNTIL: &str = "until";

pub fn run(ctx: &mut Ctx, command: EventCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        EventCommand::Add(args) => add(ctx, &actor, &args),
        EventCommand::List(args) => list(ctx, &actor, &args),
        EventCommand::Show { id } => {
            let e = ctx.service.event(&actor, id)?;
            let mut printer = ctx.printer(false);
            if ctx.format == Format::Json {
                printer.document(&record_json(&record(&e, true)))?;
            } else {
                printer.pairs(&record(&e, true))?;
            }
            Ok(())
        }
        EventCommand::Edit(args) => edit(ctx, &actor, &args),
        EventCommand::Assign { id, login, none } => {
            let login = if none { None } else { login.as_deref() };
            ctx.service.assign_event(&actor, id, login)?;
            let e = ctx.service.event(&actor, id)?;
            let msg = match &e.support_login {
                Some(who) => Msg::new("cli.event_assigned")
                    .arg("id", id)
                    .arg("login", who),
                None => Msg::new("cli.event_unassigned").arg("id", id),
            };
            ctx.done(&msg, record_json(&record(&e, true)))
        }
        EventCommand::Remove { id } => {
            ctx.service.remove_event(&actor, id)?;
            let msg = Msg::new("cli.event_removed").arg("id", id);
            ctx.done(&msg, serde_json::json!({ "id": id, "removed": true }))
        }
    }
}

fn add(ctx: &mut Ctx, actor: &Actor, args: &EventAddArgs) -> CliResult {
    let new = NewEvent {
        contract_id: args.contract,
        name: args.name.clone(),
        starts_at: ctx.service.event_instant(START, &args.start)?,
        ends_at: ctx.service.event_instant(END, &args.end)?,
        location: args.location.clone(),
        attendees: args.attendees,
        notes: args.notes.clone(),
        support: args.support.clone(),
    };
    let id = ctx.service.add_event(actor, &new)?;
    let e = ctx.service.event(actor, id)?;
    let msg = Msg::new("cli.event_created")
        .arg("id", id)
        .arg("name", &e.name);
    ctx.done(&msg, record_json(&record(&e, true)))
}

fn list(ctx: &mut Ctx, actor: &Actor, args: &EventListArgs) -> CliResult {
    let filter = EventFilter {
        without_support: args.without_support,
        mine: args.mine,
        from: args
            .from
            .as_deref()
            .map(|t| ctx.service.event_bound(FROM, t, false))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| ctx.service.event_bound(UNTIL, t, true))
            .transpose()?,
        client_id: args.client,
        contract_id: None,
        text: args.text.clone(),
    };
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        args.limit,
        None,
        |after, n| Ok(ctx.service.events_matching(actor, &filter, *after, n)?),
        |e| Some((e.starts_at, e.id)),
        |e| record(e, false),
    )?;
    printer.finish()?;
    Ok(())
}

fn edit(ctx: &mut Ctx, actor: &Actor, args: &EventEditArgs) -> CliResult {
    let instant = |field, text: &Option<String>| {
        text.as_deref()
            .map(|t| ctx.service.event_instant(field, t))
            .transpose()
    };
    let edit = EventEdit {
        name: args.name.clone(),
        starts_at: instant(START, &args.start)?,
        ends_at: instant(END, &args.end)?,
        location: args.location.clone(),
        attendees: args.attendees,
        notes: args.notes.clone(),
    };
    ctx.service.edit_event(actor, args.id, &edit)?;
    let e = ctx.service.event(actor, args.id)?;
    let msg = Msg::new("cli.event_saved")
        .arg("id", e.id)
        .arg("name", &e.name);
    ctx.done(&msg, record_json(&record(&e, true)))
}

/// One event; `whole` adds the client's contact and the notes.
fn record(e: &Event, whole: bool) -> Record {
    let mut r: Record = vec![
        ("id", e.id.into()),
        ("contract_id", e.contract_id.into()),
        ("name", e.name.as_str().into()),
        ("starts_at", Cell::Time(e.starts_at)),
        ("ends_at", Cell::Time(e.ends_at)),
        ("client", e.client_name.clone().into()),
        ("location", e.location.as_str().into()),
        ("attendees", e.attendees.into()),
        ("support", e.support_login.clone().into()),
    ];
    if whole {
        r.extend([
            ("client_email", e.client_email.clone().into()),
            ("client_phone", e.client_phone.clone().into()),
            ("notes", e.notes.as_str().into()),
            ("created_at", Cell::Time(e.created_at)),
            ("updated_at", Cell::Time(e.updated_at)),
        ]);
    }
    r
}
