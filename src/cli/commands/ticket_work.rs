//! `guichet ticket …`: handling a ticket; and `guichet category …`.

use super::stream;
use super::tickets::text_or_stdin;
use crate::cli::args::{AttachmentCommand, CategoryCommand, TicketEditArgs};
use crate::cli::output::{Cell, Record};
use crate::cli::{CliResult, Ctx, Failure};
use crate::domain::ticket::{Priority, Status};
use crate::domain::Msg;
use crate::service::ticket_work::{TicketEdit, TimeEdit};
use crate::service::Actor;
use crate::store::ticket_work::{Attachment, Comment, TimeEntry};
use std::io::Write;
use std::path::Path;

pub fn edit(ctx: &mut Ctx, actor: &Actor, args: TicketEditArgs) -> CliResult<Msg> {
    let description = args.description.as_deref().map(text_or_stdin).transpose()?;
    let edit = TicketEdit {
        title: args.title.as_deref(),
        description: description.as_deref(),
        priority: args
            .priority
            .as_deref()
            .map(|p| Failure::typed(Priority::from_text(p)))
            .transpose()?,
        category: args.category.as_deref(),
    };
    ctx.service.edit_ticket(actor, args.id, &edit)?;
    Ok(Msg::new("cli.ticket_edited").arg("id", args.id))
}

pub fn assign(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    login: Option<&str>,
    role: Option<&str>,
) -> CliResult<Msg> {
    Ok(match ctx.service.assign(actor, id, login, role)? {
        Some(login) => Msg::new("cli.ticket_assigned")
            .arg("id", id)
            .arg("login", login),
        None => Msg::new("cli.ticket_unassigned").arg("id", id),
    })
}

pub fn status(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    status: &str,
    comment: Option<&str>,
) -> CliResult<Msg> {
    let to = Failure::typed(Status::from_text(status))?;
    let comment = comment.map(text_or_stdin).transpose()?;
    ctx.service
        .change_status(actor, id, to, comment.as_deref())?;
    Ok(Msg::new("cli.ticket_status")
        .arg("id", id)
        .arg("status", to))
}

pub fn request_close(ctx: &mut Ctx, actor: &Actor, id: i64, comment: &str) -> CliResult<Msg> {
    ctx.service
        .request_closure(actor, id, &text_or_stdin(comment)?)?;
    Ok(Msg::new("cli.closure_requested").arg("id", id))
}

pub fn comment(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    text: &str,
    internal: bool,
) -> CliResult<Msg> {
    let comment_id = ctx
        .service
        .comment(actor, id, &text_or_stdin(text)?, internal)?;
    Ok(Msg::new("cli.commented")
        .arg("id", id)
        .arg("comment", comment_id))
}

pub fn time(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    minutes: i64,
    date: Option<&str>,
    note: Option<&str>,
) -> CliResult<Msg> {
    let entry = ctx.service.log_time(actor, id, minutes, date, note)?;
    Ok(Msg::new("cli.time_logged")
        .arg("id", id)
        .arg("minutes", minutes)
        .arg("entry", entry))
}

pub fn time_edit(ctx: &mut Ctx, actor: &Actor, entry_id: i64, edit: &TimeEdit) -> CliResult<Msg> {
    ctx.service.edit_time(actor, entry_id, edit)?;
    Ok(Msg::new("cli.time_edited").arg("entry", entry_id))
}

/// `FILE`, or standard input named `name` (clap makes sure one is given).
pub fn attach(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    file: Option<&Path>,
    name: Option<&str>,
) -> CliResult<Msg> {
    let attachment = match (file, name) {
        (Some(file), _) => ctx.service.attach_file(actor, id, file)?,
        (None, name) => {
            let mut input = std::io::stdin().lock();
            let name = name.unwrap_or("attachment");
            ctx.service.attach_stream(actor, id, name, &mut input)?
        }
    };
    Ok(Msg::new("cli.attached")
        .arg("id", id)
        .arg("attachment", attachment))
}

/// `--out -`: standard output.
pub fn is_stdout(out: &Path) -> bool {
    out.as_os_str() == "-"
}

pub fn save_attachment(ctx: &mut Ctx, actor: &Actor, command: AttachmentCommand) -> CliResult {
    let AttachmentCommand::Save { attachment_id, out } = command;
    if is_stdout(&out) {
        // The content alone on standard output, nothing said after it.
        let (_, mut file) = ctx.service.open_attachment(actor, attachment_id)?;
        let mut stdout = std::io::stdout().lock();
        std::io::copy(&mut file, &mut stdout)?;
        stdout.flush()?;
        return Ok(());
    }
    let attachment = ctx.service.save_attachment(actor, attachment_id, &out)?;
    ctx.say(
        &Msg::new("cli.attachment_saved")
            .arg("label", attachment.label)
            .arg("path", out.display()),
    );
    Ok(())
}

pub fn rate(
    ctx: &mut Ctx,
    actor: &Actor,
    id: i64,
    score: i64,
    comment: Option<&str>,
) -> CliResult<Msg> {
    ctx.service.rate(actor, id, score, comment)?;
    Ok(Msg::new("cli.rated").arg("id", id).arg("score", score))
}

pub fn category(ctx: &mut Ctx, command: CategoryCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        CategoryCommand::List { text } => {
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                None,
                String::new(),
                |after, n| {
                    Ok(ctx
                        .service
                        .list_categories_matching(&actor, text.as_deref(), after, n)?)
                },
                |c| c.name.clone(),
                |c| {
                    vec![
                        ("id", c.id.into()),
                        ("name", c.name.as_str().into()),
                        ("active", c.active.into()),
                    ]
                },
            )?;
            printer.finish()?;
        }
        CategoryCommand::Add { name } => {
            let id = ctx.service.add_category(&actor, &name)?;
            let msg = Msg::new("cli.created")
                .arg("what", "category")
                .arg("name", name.trim())
                .arg("id", id);
            let object = serde_json::json!({ "id": id, "name": name.trim(), "active": true });
            ctx.done(&msg, object)?;
        }
        CategoryCommand::Rename { old, new } => {
            ctx.service.rename_category(&actor, &old, &new)?;
            let object = serde_json::json!({ "old_name": old.trim(), "name": new.trim() });
            let msg = Msg::new("cli.category_renamed")
                .arg("old", old)
                .arg("new", new.trim());
            ctx.done(&msg, object)?;
        }
    }
    Ok(())
}

pub fn comment_record(c: &Comment) -> Record {
    vec![
        ("id", c.id.into()),
        ("at", Cell::Time(c.created_at)),
        ("author", c.author_login.as_str().into()),
        ("internal", c.internal.into()),
        ("text", c.body.as_str().into()),
    ]
}

pub fn attachment_record(a: &Attachment) -> Record {
    vec![
        ("id", a.id.into()),
        ("label", a.label.as_str().into()),
        ("size_bytes", a.size_bytes.into()),
        ("uploader", a.uploader_login.as_str().into()),
        ("at", Cell::Time(a.created_at)),
        ("sha256", a.sha256.as_str().into()),
    ]
}

pub fn time_record(e: &TimeEntry) -> Record {
    vec![
        ("id", e.id.into()),
        ("worked_on", e.worked_on.as_str().into()),
        ("minutes", e.minutes.into()),
        ("author", e.author_login.as_str().into()),
        ("note", e.note.as_str().into()),
    ]
}
