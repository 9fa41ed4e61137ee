//! `guichet ticket …`: opening, finding, reading.

use super::stream;
use super::ticket_work as work;
use crate::cli::args::{
    AttachmentCommand, TicketCommand, TicketListArgs, TicketNewArgs, TicketSort,
};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{args::Format, CliResult, Ctx, Failure};
use crate::domain::sla::{format_duration, Level};
use crate::domain::ticket::{Priority, Status};
use crate::domain::Msg;
use crate::service::ticket_work::TimeEdit;
use crate::service::tickets::{NewTicket, Sort, Ticket, TicketFilter, TicketView};
use crate::service::{Actor, FrontEnd, Origin};
use crate::store::tickets::cursor_after;

pub fn run(ctx: &mut Ctx, command: TicketCommand) -> CliResult {
    // Over ssh without a terminal (so that bytes pass as they are), the
    // password of these two may come as the first line of standard input.
    let stdin_password = match &command {
        TicketCommand::Attach { stdin, .. } => *stdin,
        TicketCommand::Attachment(AttachmentCommand::Save { out, .. }) => work::is_stdout(out),
        _ => false,
    };
    let actor = ctx.actor_or_stdin(stdin_password)?;
    let done = match command {
        TicketCommand::New(args) => return new(ctx, &actor, args),
        TicketCommand::List(args) => return list(ctx, &actor, args),
        TicketCommand::Show { id } => return show(ctx, &actor, id),
        TicketCommand::History { id } => return history(ctx, &actor, id),
        TicketCommand::Roles => return roles(ctx, &actor),
        TicketCommand::Queue {
            breaching_within,
            limit,
        } => return super::urgency::queue(ctx, &actor, breaching_within.as_deref(), limit),
        TicketCommand::Edit(args) => work::edit(ctx, &actor, args)?,
        TicketCommand::Assign { id, login, role } => {
            work::assign(ctx, &actor, id, login.as_deref(), role.as_deref())?
        }
        TicketCommand::Status {
            id,
            status,
            comment,
        } => work::status(ctx, &actor, id, &status, comment.as_deref())?,
        TicketCommand::RequestClose { id, comment } => {
            work::request_close(ctx, &actor, id, &comment)?
        }
        TicketCommand::Comment { id, text, internal } => {
            work::comment(ctx, &actor, id, &text, internal)?
        }
        TicketCommand::Time {
            id,
            minutes,
            date,
            note,
        } => work::time(ctx, &actor, id, minutes, date.as_deref(), note.as_deref())?,
        TicketCommand::TimeEdit {
            entry_id,
            minutes,
            date,
            note,
        } => {
            let edit = TimeEdit {
                minutes,
                date: date.as_deref(),
                note: note.as_deref(),
            };
            work::time_edit(ctx, &actor, entry_id, &edit)?
        }
        TicketCommand::Attach {
            id,
            file,
            stdin: _,
            name,
        } => work::attach(ctx, &actor, id, file.as_deref(), name.as_deref())?,
        TicketCommand::Attachment(command) => return work::save_attachment(ctx, &actor, command),
        TicketCommand::Rate { id, score, comment } => {
            work::rate(ctx, &actor, id, score, comment.as_deref())?
        }
    };
    if ctx.format == Format::Json {
        return print_changed(ctx, &actor, &done);
    }
    ctx.say(&done);
    Ok(())
}

/// With `--format json`, a command that changed a ticket prints what it
/// made or changed, as `ticket show` gives it: the comment, time entry or
/// attachment it added (with its ticket's id), else the ticket itself.
fn print_changed(ctx: &mut Ctx, actor: &Actor, done: &Msg) -> CliResult {
    let number = |name: &str| done.get(name).and_then(|v| v.parse::<i64>().ok());
    let mut printer = ctx.printer(false);
    let Some(id) = number("id") else {
        // `ticket time-edit` names only its entry.
        let entry = number("entry").unwrap_or_default();
        printer.document(&serde_json::json!({ "id": entry }))?;
        return Ok(());
    };
    // The ticket may have gone out of reach by the change (assigned away).
    let Ok(view) = ctx.service.show_ticket(actor, id) else {
        printer.document(&serde_json::json!({ "id": id }))?;
        return Ok(());
    };
    let with_ticket = |record: Record| {
        let mut value = record_json(&record);
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("ticket".into(), id.into());
        }
        value
    };
    let part = if let Some(c) = number("comment") {
        view.comments
            .iter()
            .find(|x| x.id == c)
            .map(|x| with_ticket(work::comment_record(x)))
    } else if let Some(e) = number("entry") {
        view.time
            .iter()
            .flatten()
            .find(|x| x.id == e)
            .map(|x| with_ticket(work::time_record(x)))
    } else if let Some(a) = number("attachment") {
        view.attachments
            .iter()
            .find(|x| x.id == a)
            .map(|x| with_ticket(work::attachment_record(x)))
    } else {
        None
    };
    let document = match part {
        Some(value) => value,
        None => ticket_document(&view),
    };
    printer.document(&document)?;
    Ok(())
}

fn history(ctx: &mut Ctx, actor: &Actor, id: i64) -> CliResult {
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        None,
        0,
        |after, n| Ok(ctx.service.ticket_history(actor, id, *after, n)?),
        |e| e.id,
        super::audit::record,
    )?;
    printer.finish()?;
    Ok(())
}

/// The machine a ticket comes from: over ssh, the lab machine is the peer.
fn opened_from() -> String {
    let origin = Origin::of_this_process(FrontEnd::Cli);
    match origin.remote_addr {
        Some(addr) => format!(
            "{} (ssh)",
            addr.rsplit_once(':').map_or(addr.as_str(), |(ip, _)| ip)
        ),
        None => origin.host,
    }
}

fn new(ctx: &mut Ctx, actor: &Actor, args: TicketNewArgs) -> CliResult {
    let description = text_or_stdin(&args.description)?;
    let new = NewTicket {
        title: &args.title,
        description: &description,
        priority: Failure::typed(Priority::from_text(&args.priority))?,
        category: args.category.as_deref(),
        handling_role: &args.role,
        assignee: args.assignee.as_deref(),
        requester: args.requester.as_deref(),
    };
    let id = ctx.service.open_ticket(actor, &new, &opened_from())?;
    let view = ctx.service.show_ticket(actor, id)?;
    if ctx.format == Format::Json {
        ctx.printer(false).document(&ticket_document(&view))?;
        return Ok(());
    }
    let ticket = view.ticket;
    let msg = match &ticket.assignee_login {
        Some(login) => Msg::new("cli.ticket_opened")
            .arg("id", id)
            .arg("assignee", login),
        None => Msg::new("cli.ticket_opened_unassigned")
            .arg("id", id)
            .arg("role", &ticket.handling_role),
    };
    ctx.say(&msg);
    Ok(())
}

/// `-` stands for standard input, for long texts in scripts.
pub fn text_or_stdin(text: &str) -> CliResult<String> {
    if text != "-" {
        return Ok(text.to_string());
    }
    use std::io::Read;
    let mut buffer = String::new();
    std::io::stdin()
        .read_to_string(&mut buffer)
        .map_err(|e| Failure::Usage(Msg::new("error.stdin").arg("detail", e)))?;
    Ok(buffer)
}

fn list(ctx: &mut Ctx, actor: &Actor, args: TicketListArgs) -> CliResult {
    let mut statuses = Vec::new();
    for s in &args.status {
        if s == "open" {
            statuses.extend(Status::EVERY.iter().filter(|s| s.is_open()));
        } else {
            statuses.push(Failure::typed(Status::from_text(s))?);
        }
    }
    let sort = match args.sort {
        TicketSort::Id => Sort::Id,
        TicketSort::Updated => Sort::Updated,
        TicketSort::Priority => Sort::Priority,
    };
    let unassigned = args.needs.unassigned
        || (args.assignee.as_deref()).is_some_and(|a| a.trim().eq_ignore_ascii_case("none"));
    let filter = TicketFilter {
        statuses,
        priority: args
            .priority
            .as_deref()
            .map(|p| Failure::typed(Priority::from_text(p)))
            .transpose()?,
        category: args.category,
        handling_role: args.role,
        // `none` is nobody, as in the dashboard's `assignee:none`.
        assignee: args
            .assignee
            .filter(|a| !a.trim().eq_ignore_ascii_case("none")),
        requester: args.requester,
        company: args.company,
        created_from: args.created_from,
        created_until: args.created_until,
        updated_from: args.updated_from,
        updated_until: args.updated_until,
        text: args.text,
        sort,
        ascending: args.asc,
        unassigned,
        closure_requested: args.needs.closure_requested,
        awaiting_staff: args.needs.awaiting_reply,
        urgencies: (args.needs.urgency.iter())
            .map(|l| Failure::typed(Level::from_text(l)))
            .collect::<Result<_, _>>()?,
    };
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        Some(args.limit),
        None,
        |after, n| Ok(ctx.service.list_tickets(actor, &filter, *after, n)?),
        |t| Some(cursor_after(t, sort)),
        list_record,
    )?;
    printer.finish()?;
    Ok(())
}

pub(super) fn list_record(t: &Ticket) -> Record {
    vec![
        ("id", t.id.into()),
        ("status", Cell::status(t.status)),
        ("priority", Cell::priority(t.priority)),
        ("title", t.title.as_str().into()),
        ("handling_role", Cell::role(&t.handling_role)),
        ("assignee", t.assignee_login.clone().into()),
        ("requester", t.requester_login.as_str().into()),
        ("company", t.company.clone().into()),
        ("category", t.category.clone().into()),
        ("updated_at", Cell::Time(t.updated_at)),
    ]
}

fn ticket_record(t: &Ticket) -> Record {
    let mut record = list_record(t);
    record.extend([
        ("description", t.description.as_str().into()),
        ("opened_from", t.opened_from_host.as_str().into()),
        ("urgency", Cell::urgency(t.urgency)),
        ("closure_requested", t.closure_requested.into()),
        ("created_at", Cell::Time(t.created_at)),
        ("taken_at", t.taken_at.map_or(Cell::Null, Cell::Time)),
        ("resolved_at", t.resolved_at.map_or(Cell::Null, Cell::Time)),
        ("closed_at", t.closed_at.map_or(Cell::Null, Cell::Time)),
        ("rating", t.rating.into()),
        ("rating_comment", t.rating_comment.clone().into()),
        ("first_response_due", time_or_null(t.sla.first_response_due)),
        ("first_responded_at", time_or_null(t.sla.first_responded_at)),
        ("resolution_due", time_or_null(t.sla.resolution_due)),
    ]);
    record
}

pub(super) fn time_or_null(instant: Option<i64>) -> Cell {
    instant.map_or(Cell::Null, Cell::Time)
}

fn requester_record(view: &TicketView) -> Record {
    let u = &view.requester.user;
    vec![
        ("login", u.login.as_str().into()),
        ("full_name", u.full_name.as_str().into()),
        ("role", Cell::role(&u.role_key)),
        ("cohort", view.requester.cohort.clone().into()),
        ("programme", view.programme.clone().into()),
        ("company", view.requester.company.clone().into()),
        ("email", u.email.clone().into()),
        ("phone", u.phone.clone().into()),
    ]
}

/// A ticket as `ticket show --format json` gives it.
fn ticket_document(view: &TicketView) -> serde_json::Value {
    let (ticket, comments, attachments, time) = show_parts(view);
    let all =
        |records: &[Record]| serde_json::Value::Array(records.iter().map(record_json).collect());
    let mut document = record_json(&ticket);
    if let serde_json::Value::Object(map) = &mut document {
        map.insert("requester".into(), record_json(&requester_record(view)));
        map.insert("comments".into(), all(&comments));
        map.insert("attachments".into(), all(&attachments));
        map.insert(
            "time_entries".into(),
            time.as_deref().map_or(serde_json::Value::Null, all),
        );
    }
    document
}

type ShowParts = (Record, Vec<Record>, Vec<Record>, Option<Vec<Record>>);

fn show_parts(view: &TicketView) -> ShowParts {
    let next: Vec<String> = view.next_statuses.iter().map(|s| s.key().into()).collect();
    let mut ticket = ticket_record(&view.ticket);
    // Names have spaces ("en attente"): people read them comma-separated.
    ticket.push((
        "next_statuses",
        Cell::StoredList {
            field: "status",
            keys: next,
            sep: ", ",
        },
    ));
    ticket.push(("total_minutes", view.total_minutes.into()));
    let comments: Vec<Record> = view
        .comments
        .iter()
        .map(super::ticket_work::comment_record)
        .collect();
    let attachments: Vec<Record> = view
        .attachments
        .iter()
        .map(super::ticket_work::attachment_record)
        .collect();
    let time: Option<Vec<Record>> = view
        .time
        .as_ref()
        .map(|t| t.iter().map(super::ticket_work::time_record).collect());
    (ticket, comments, attachments, time)
}

fn show(ctx: &mut Ctx, actor: &Actor, id: i64) -> CliResult {
    let view = ctx.service.show_ticket(actor, id)?;
    let mut printer = ctx.printer(false);
    if ctx.format == Format::Json {
        let mut document = ticket_document(&view);
        let answer = record_json(&first_response_record(ctx, actor, id));
        if let (serde_json::Value::Object(map), serde_json::Value::Object(more)) =
            (&mut document, answer)
        {
            map.extend(more);
        }
        printer.document(&document)?;
        return Ok(());
    }
    let (mut ticket, comments, attachments, time) = show_parts(&view);
    ticket.extend(first_response_record(ctx, actor, id));
    printer.pairs(&ticket)?;
    printer.heading("cli.section_requester")?;
    printer.pairs(&requester_record(&view))?;
    for (heading, records) in [
        ("cli.section_comments", &comments),
        ("cli.section_attachments", &attachments),
    ] {
        printer.heading(heading)?;
        print_section(ctx, records)?;
    }
    if let Some(time) = &time {
        printer.heading("cli.section_time")?;
        print_section(ctx, time)?;
    }
    Ok(())
}

/// Whether the first response was met and after how much business time:
/// `first_responded_at` alone does not say it, and a reader should not have
/// to work it out from the due date.
fn first_response_record(ctx: &Ctx, actor: &Actor, id: i64) -> Record {
    let Ok(e) = ctx.service.explain_sla(actor, id) else {
        return Vec::new();
    };
    let (after, state) = match e.first_answer {
        Some(a) => (
            Cell::Text(format_duration(a.after)),
            if a.in_time { "met" } else { "late" },
        ),
        None => (Cell::Null, "pending"),
    };
    vec![
        (
            "first_response_state",
            Cell::coded(state, format!("cli.first_response.{state}")),
        ),
        ("first_response_after", after),
    ]
}

fn print_section(ctx: &Ctx, records: &[Record]) -> CliResult {
    let mut printer = ctx.printer(false);
    printer.batch(records)?;
    printer.finish()?;
    Ok(())
}

fn roles(ctx: &mut Ctx, actor: &Actor) -> CliResult {
    let roles = ctx.service.handling_roles(actor)?;
    let lang = ctx.i18n.lang();
    let records: Vec<Record> = roles
        .iter()
        .flat_map(|r| {
            let label = match lang {
                crate::i18n::Lang::Fr => r.role.label_fr.clone(),
                crate::i18n::Lang::En => r.role.label_en.clone(),
            };
            let members: Vec<Record> = if r.members.is_empty() {
                vec![vec![
                    ("role", r.role.key.as_str().into()),
                    ("label", label.as_str().into()),
                    ("login", Cell::Null),
                    ("full_name", Cell::Null),
                    ("open_tickets", Cell::Null),
                ]]
            } else {
                r.members
                    .iter()
                    .map(|m| {
                        vec![
                            ("role", r.role.key.as_str().into()),
                            ("label", label.as_str().into()),
                            ("login", m.login.as_str().into()),
                            ("full_name", m.full_name.as_str().into()),
                            ("open_tickets", m.open_tickets.into()),
                        ]
                    })
                    .collect()
            };
            members
        })
        .collect();
    let mut printer = ctx.printer(false);
    printer.batch(&records)?;
    printer.finish()?;
    Ok(())
}
