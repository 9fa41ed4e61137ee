//! `guichet notifications settings|off|on`: which kinds of notification a
//! person gets, a setting of their profile.

use crate::cli::args::Format;
use crate::cli::args_sla::NotifyKindsArgs;
use crate::cli::output::{Cell, Record};
use crate::cli::{CliResult, Ctx, Failure};
use crate::domain::notify::NotifyKind;
use crate::domain::Msg;
use crate::service::notifications::NotifySetting;
use crate::service::Actor;

/// Every kind with whether it is sent, and when it would be.
pub fn settings(ctx: &mut Ctx, actor: &Actor, user: Option<&str>) -> CliResult {
    let rows = ctx.service.notify_settings(actor, user)?;
    print(ctx, &rows)
}

/// Turns kinds off or on again; `all` stands for every kind.
pub fn set(ctx: &mut Ctx, actor: &Actor, args: &NotifyKindsArgs, on: bool) -> CliResult {
    let kinds = parse_kinds(&args.kinds)?;
    let user = args.user.as_deref();
    ctx.service.set_notify(actor, user, &kinds, on)?;
    // Scripts get the settings as they now are, as for any change.
    if ctx.format == Format::Json {
        let rows = ctx.service.notify_settings(actor, user)?;
        return print(ctx, &rows);
    }
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    let key = if on {
        "cli.notify_on"
    } else {
        "cli.notify_off"
    };
    let login = user.unwrap_or(&actor.login);
    ctx.say(
        &Msg::new(key)
            .arg("login", login)
            .arg("kinds", names.join(", ")),
    );
    Ok(())
}

fn print(ctx: &Ctx, rows: &[NotifySetting]) -> CliResult {
    let records: Vec<Record> = rows
        .iter()
        .map(|s| {
            vec![
                ("kind", s.kind.name().into()),
                ("enabled", s.on.into()),
                (
                    "sent_when",
                    Cell::Text(ctx.i18n.text(&s.kind.about_key()).into()),
                ),
            ]
        })
        .collect();
    let mut printer = ctx.printer(false);
    printer.batch(&records)?;
    printer.finish()?;
    Ok(())
}

fn parse_kinds(words: &[String]) -> CliResult<Vec<NotifyKind>> {
    let mut kinds = Vec::new();
    for word in words {
        if word.trim().eq_ignore_ascii_case("all") {
            kinds.extend_from_slice(NotifyKind::EVERY);
            continue;
        }
        let kind = NotifyKind::parse(word).ok_or_else(|| {
            let names: Vec<&str> = NotifyKind::EVERY.iter().map(|k| k.name()).collect();
            Failure::Service(crate::service::Error::Invalid(
                Msg::new("error.unknown_notify_kind")
                    .arg("value", word)
                    .arg("allowed", format!("{}, all", names.join(", "))),
            ))
        })?;
        kinds.push(kind);
    }
    let mut seen = Vec::new();
    kinds.retain(|k| {
        let first = !seen.contains(k);
        seen.push(*k);
        first
    });
    Ok(kinds)
}
