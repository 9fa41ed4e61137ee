//! `guichet urgency run`, `guichet ticket queue`, `guichet notifications`.

use super::stream;
use super::tickets::{list_record, time_or_null};
use crate::cli::args_sla::{NotificationsAction, NotificationsArgs, UrgencyCommand};
use crate::cli::output::{Cell, Record};
use crate::cli::{CliResult, Ctx, Failure};
use crate::domain::sla::parse_duration;
use crate::domain::Msg;
use crate::service::sla::LevelChange;
use crate::service::urgency::PassReport;
use crate::service::worker::{Worker, WorkerEvent};
use crate::service::Actor;
use crate::store::sla_state::queue_cursor_after;
use crate::store::tickets::Ticket;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub fn run(ctx: &mut Ctx, command: UrgencyCommand) -> CliResult {
    let UrgencyCommand::Run { once } = command;
    if once {
        let report = ctx.service.urgency_pass()?;
        crate::service::worker::log_head_daily(&mut ctx.service)?;
        return print_report(ctx, &report);
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| Failure::Other(Msg::new("error.signals").arg("detail", e)))?;
    }
    let interval = Duration::from_secs(ctx.settings().urgency_interval_secs);
    let worker = Worker::spawn(ctx.second_service()?, interval)
        .map_err(|e| Failure::Other(Msg::new("error.worker").arg("detail", e)))?;
    ctx.say(&Msg::new("cli.worker_started").arg("seconds", interval.as_secs()));
    while !stop.load(Ordering::Relaxed) {
        match worker.events.recv_timeout(Duration::from_millis(200)) {
            Ok(WorkerEvent::Pass(report)) => print_report(ctx, &report)?,
            Ok(WorkerEvent::Failed(e)) => {
                let text = ctx.i18n.render(&e.message());
                eprintln!(
                    "guichet: {}",
                    crate::domain::text::for_terminal(&text, false)
                );
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    worker.stop();
    Ok(())
}

fn change_record(c: &LevelChange) -> Record {
    vec![
        ("id", c.ticket.into()),
        ("urgency_from", c.from.key().into()),
        ("urgency", c.to.key().into()),
        ("notified", (c.notified as i64).into()),
    ]
}

fn print_report(ctx: &Ctx, report: &PassReport) -> CliResult {
    let records: Vec<Record> = report.changes.iter().map(change_record).collect();
    let mut printer = ctx.printer(true);
    printer.batch(&records)?;
    printer.finish()?;
    if report.closed > 0 || report.computed > 0 {
        ctx.say(
            &Msg::new("cli.pass_housekeeping")
                .arg("closed", report.closed)
                .arg("computed", report.computed),
        );
    }
    Ok(())
}

pub fn queue(ctx: &mut Ctx, actor: &Actor, within: Option<&str>, limit: u64) -> CliResult {
    let within = within
        .map(parse_duration)
        .transpose()
        .map_err(Failure::Usage)?;
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        Some(limit),
        None,
        |after, n| Ok(ctx.service.urgency_queue(actor, within, *after, n)?),
        |t: &Ticket| Some(queue_cursor_after(t)),
        queue_record,
    )?;
    printer.finish()?;
    Ok(())
}

fn queue_record(t: &Ticket) -> Record {
    let mut record: Record = vec![
        ("urgency", Cell::urgency(t.urgency)),
        ("resolution_due", time_or_null(t.sla.resolution_due)),
    ];
    record.extend(
        list_record(t)
            .into_iter()
            .filter(|(k, _)| *k != "updated_at"),
    );
    record
}

pub fn notifications(ctx: &mut Ctx, args: NotificationsArgs) -> CliResult {
    let actor = ctx.actor()?;
    match args.action {
        Some(NotificationsAction::Read { id, all: _ }) => {
            let count = ctx.service.mark_notifications_read(&actor, id)?;
            let msg = Msg::new("cli.notifications_read").arg("count", count);
            return ctx.done(&msg, serde_json::json!({ "read": count }));
        }
        Some(NotificationsAction::Settings { user }) => {
            return super::notify::settings(ctx, &actor, user.as_deref());
        }
        Some(NotificationsAction::Off(kinds)) => {
            return super::notify::set(ctx, &actor, &kinds, false);
        }
        Some(NotificationsAction::On(kinds)) => {
            return super::notify::set(ctx, &actor, &kinds, true);
        }
        None => {}
    }
    let mut printer = ctx.printer(false);
    stream(
        &mut printer,
        Some(args.limit),
        None,
        |before, n| {
            let which = (args.unread, args.text.as_deref());
            Ok(ctx
                .service
                .notifications_matching(&actor, which, *before, n)?)
        },
        |n| Some(n.id),
        |n| {
            vec![
                ("id", n.id.into()),
                ("at", Cell::Time(n.created_at)),
                ("kind", Cell::notify_kind(&n.kind)),
                ("ticket", n.ticket_id.into()),
                ("contract_id", n.contract_id.into()),
                ("event_id", n.event_id.into()),
                ("title", n.body.as_str().into()),
                ("read_at", time_or_null(n.read_at)),
            ]
        },
    )?;
    printer.finish()?;
    Ok(())
}
