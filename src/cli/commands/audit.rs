use crate::cli::args::{AuditCommand, AuditTailArgs, AuditVerifyArgs, JournalArgs};
use crate::cli::output::{Cell, Record};
use crate::cli::{CliResult, Ctx, Failure};
use crate::domain::signin::LoginTried;
use crate::domain::Msg;
use crate::i18n::I18n;
use crate::service::audit::{Anchor, AuditFilter};
use crate::store::{audit::Entry, journal::Attempt};
use std::time::Duration;

/// How often `audit tail --follow` looks for new entries.
const FOLLOW_POLL: Duration = Duration::from_millis(250);

pub fn run(ctx: &mut Ctx, command: AuditCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        AuditCommand::Verify(args) => verify(ctx, &actor, &args),
        AuditCommand::Anchor => anchor(ctx, &actor),
        AuditCommand::Tail(args) => tail(ctx, &actor, args),
    }
}

fn verify(ctx: &mut Ctx, actor: &crate::service::Actor, args: &AuditVerifyArgs) -> CliResult {
    let anchor = match &args.anchor {
        None => None,
        Some(text) => Some(
            text.parse::<Anchor>()
                .map_err(|()| Failure::Usage(Msg::new("error.anchor_format").arg("value", text)))?,
        ),
    };
    let verified = ctx.service.verify_audit(actor, anchor.as_ref())?;
    let message = match &anchor {
        Some(anchor) => Msg::new("cli.audit_ok_anchor").arg("anchor", anchor.id),
        None => Msg::new("cli.audit_ok"),
    };
    ctx.say(
        &message
            .arg("entries", verified.entries)
            .arg("last", verified.last_id),
    );
    Ok(())
}

fn anchor(ctx: &mut Ctx, actor: &crate::service::Actor) -> CliResult {
    let Some(anchor) = ctx.service.audit_anchor(actor)? else {
        return Err(Failure::Other(Msg::new("error.audit_empty")));
    };
    let mut printer = ctx.printer(false);
    printer.batch(&[vec![
        ("anchor", anchor.to_string().into()),
        ("id", anchor.id.into()),
        ("hash", anchor.hash.as_str().into()),
    ]])?;
    printer.finish()?;
    Ok(())
}

fn tail(ctx: &mut Ctx, actor: &crate::service::Actor, args: AuditTailArgs) -> CliResult {
    let filter = AuditFilter {
        actor_login: args.actor.clone(),
        object_type: args.object.clone(),
        ..AuditFilter::default()
    };
    let first = match args.since {
        Some(since) => ctx.service.audit_after(actor, &filter, since, args.limit)?,
        None => ctx.service.audit_tail(actor, &filter, args.limit)?,
    };
    let mut printer = ctx.printer(args.follow);
    printer.batch(&first.iter().map(record).collect::<Vec<_>>())?;
    if !args.follow {
        printer.finish()?;
        return Ok(());
    }
    let mut last_seen = match first.last() {
        Some(e) => e.id,
        None => match args.since {
            Some(since) => since,
            None => ctx.service.audit_last_id(actor)?,
        },
    };
    // A long-running command keeps urgency true, like the dashboard will;
    // what it changes shows up in the log being followed.
    let interval = Duration::from_secs(ctx.settings().urgency_interval_secs);
    let worker = crate::service::worker::Worker::spawn(ctx.second_service()?, interval)
        .map_err(|e| Failure::Other(Msg::new("error.worker").arg("detail", e)))?;
    let mut version = ctx.service.data_version()?;
    loop {
        if reader_gone(FOLLOW_POLL) {
            return Err(Failure::ClosedPipe);
        }
        while worker.events.try_recv().is_ok() {}
        let now = ctx.service.data_version()?;
        if now == version {
            continue;
        }
        version = now;
        loop {
            let page = ctx.service.audit_after(actor, &filter, last_seen, 200)?;
            let Some(last) = page.last() else { break };
            last_seen = last.id;
            printer.batch(&page.iter().map(record).collect::<Vec<_>>())?;
        }
    }
}

/// Waits up to `pause`, and tells whether whoever read standard output has
/// gone (`| head -1` done, the ssh client away): without it a follow with
/// nothing new to print would only learn it at the next entry, which may
/// be hours away. A pipe whose reader closed reports an error, a socket a
/// hang-up; a terminal or a file reports neither, and this only waits.
fn reader_gone(pause: Duration) -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let stdout = std::io::stdout();
    // No event asked for: poll reports only errors and hang-ups.
    let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
    let timeout = Timespec::try_from(pause).unwrap_or(Timespec {
        tv_sec: 0,
        tv_nsec: 250_000_000,
    });
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) => false,
        Err(_) => {
            // Interrupted, or stdout cannot be polled: still wait, so the
            // follow loop never spins.
            std::thread::sleep(pause);
            false
        }
        Ok(_) => fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP),
    }
}

pub fn record(e: &Entry) -> Record {
    vec![
        ("id", e.id.into()),
        ("at", Cell::Time(e.at)),
        ("actor", actor_cell(e)),
        ("action", Cell::audit_action(&e.action)),
        ("object_type", Cell::object_kind(&e.object_type)),
        ("object_id", e.object_id.as_str().into()),
        ("summary", Cell::Summary(e.summary.clone())),
    ]
}

pub fn journal(ctx: &mut Ctx, args: JournalArgs) -> CliResult {
    let actor = ctx.actor()?;
    let mut printer = ctx.printer(false);
    super::stream(
        &mut printer,
        Some(args.limit),
        i64::MAX,
        |before, n| Ok(ctx.service.journal(&actor, *before, n)?),
        |a| a.id,
        |a| journal_record(a, &ctx.i18n),
    )?;
    printer.finish()?;
    Ok(())
}

fn journal_record(a: &Attempt, i18n: &I18n) -> Record {
    vec![
        ("id", a.id.into()),
        ("at", Cell::Time(a.at)),
        ("login", login_shown(&a.login, i18n).into()),
        ("outcome", a.outcome.as_str().into()),
        ("front_end", a.front_end.as_str().into()),
        ("os_user", a.os_user.as_str().into()),
        ("host", a.host.as_str().into()),
        ("terminal", a.terminal.as_str().into()),
        ("remote_addr", a.remote_addr.clone().into()),
    ]
}

/// An account's login as is; of a text that named no account, only what
/// the journal keeps: "unknown login (#3f2a…, 13 chars)".
fn login_shown(login: &LoginTried, i18n: &I18n) -> String {
    match login {
        LoginTried::Account(login) => login.clone(),
        LoginTried::Unknown {
            mac: Some(mac),
            chars,
        } => i18n.render(
            &Msg::new("cli.journal_unknown_login")
                .arg("hash", mac)
                .arg("chars", chars),
        ),
        LoginTried::Unknown { mac: None, chars } => {
            i18n.render(&Msg::new("cli.journal_unknown_login_unhashed").arg("chars", chars))
        }
    }
}

/// The program itself by its name in the reader's language; JSON keeps
/// the stored `system`.
fn actor_cell(e: &Entry) -> Cell {
    if e.actor_id.is_none() && e.actor_login == crate::store::audit::SYSTEM_ACTOR {
        Cell::coded(&e.actor_login, "audit.system".into())
    } else {
        e.actor_login.as_str().into()
    }
}
