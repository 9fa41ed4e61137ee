//! `guichet sla …`: calendars, policies, explanations, rebuilds.

use crate::cli::args::Format;
use crate::cli::args_sla::{CalendarCommand, PolicyArgs, PolicyCommand, SlaCommand};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{CliResult, Ctx};
use crate::domain::sla::{format_duration, Condition};
use crate::domain::sla_clock::{Stretch, Target};
use crate::domain::ticket::Priority;
use crate::domain::Msg;
use crate::service::sla_admin::PolicyInput;
use crate::service::sla_explain::{Explanation, Tried};
use crate::service::Actor;
use crate::store::sla::{CalendarRow, PolicyRow};

pub fn run(ctx: &mut Ctx, command: SlaCommand) -> CliResult {
    let actor = ctx.actor()?;
    let done = match command {
        SlaCommand::Calendar(cmd) => return calendar(ctx, &actor, cmd),
        SlaCommand::Policy(cmd) => return policy(ctx, &actor, cmd),
        SlaCommand::Explain { ticket } => return explain(ctx, &actor, ticket),
        SlaCommand::Rebuild => {
            let report = ctx.service.rebuild_sla(&actor)?;
            Msg::new("cli.sla_rebuilt")
                .arg("tickets", report.tickets)
                .arg("changed", report.changes.len())
        }
    };
    ctx.done(&done, msg_object(&done))
}

/// What a change tells, as a JSON object of its arguments with numbers as
/// numbers (`{"name": "Standard", "changed": 3}`): the SLA commands change
/// settings whose whole is shown by their `list`.
fn msg_object(msg: &Msg) -> serde_json::Value {
    let map = msg
        .args
        .iter()
        .map(|(k, v)| {
            let value = v
                .parse::<i64>()
                .map_or_else(|_| serde_json::Value::String(v.clone()), Into::into);
            (k.to_string(), value)
        })
        .collect();
    serde_json::Value::Object(map)
}

fn retargeted(key: &'static str, name: &str, changed: usize) -> Msg {
    Msg::new(key).arg("name", name).arg("changed", changed)
}

fn calendar(ctx: &mut Ctx, actor: &Actor, command: CalendarCommand) -> CliResult {
    let s = &mut ctx.service;
    let done = match command {
        CalendarCommand::List => return calendars(ctx, actor),
        CalendarCommand::Add { name, tz, hours } => {
            let id = s.add_calendar(actor, &name, tz.as_deref(), &hours)?;
            Msg::new("cli.created")
                .arg("what", "calendar")
                .arg("name", &name)
                .arg("id", id)
        }
        CalendarCommand::Edit { name, tz, hours } => {
            let n = s.edit_calendar(actor, &name, tz.as_deref(), &hours)?;
            retargeted("cli.calendar_changed", &name, n)
        }
        CalendarCommand::Close { name, date, yearly } => {
            let n = s.set_closed_day(actor, &name, &date, yearly, false)?;
            retargeted("cli.calendar_changed", &name, n)
        }
        CalendarCommand::Reopen { name, date, yearly } => {
            let n = s.set_closed_day(actor, &name, &date, yearly, true)?;
            retargeted("cli.calendar_changed", &name, n)
        }
    };
    ctx.done(&done, msg_object(&done))
}

fn input<'a>(args: &'a PolicyArgs, name: Option<&'a str>) -> PolicyInput<'a> {
    PolicyInput {
        name,
        role: args.role.as_deref(),
        priority: args.priority.as_deref(),
        category: args.category.as_deref(),
        company: args.company.as_deref(),
        first_response: &args.first_response,
        resolution: &args.resolution,
        calendar: args.calendar.as_deref(),
        position: args.position,
    }
}

fn policy(ctx: &mut Ctx, actor: &Actor, command: PolicyCommand) -> CliResult {
    let s = &mut ctx.service;
    let done = match command {
        PolicyCommand::List => return policies(ctx, actor),
        PolicyCommand::Add(args) => {
            let n = s.add_policy(actor, &input(&args, Some(&args.name)))?;
            retargeted("cli.policy_added", &args.name, n)
        }
        PolicyCommand::Edit { policy, rename } => {
            let n = s.edit_policy(actor, &policy.name, &input(&policy, rename.as_deref()))?;
            retargeted("cli.policy_changed", &policy.name, n)
        }
        PolicyCommand::Remove { name } => {
            let n = s.remove_policy(actor, &name)?;
            retargeted("cli.policy_removed", &name, n)
        }
    };
    ctx.done(&done, msg_object(&done))
}

fn durations(slots: &[Option<i64>; 4]) -> String {
    if slots.iter().all(|s| *s == slots[0]) {
        return slots[0].map_or_else(|| "-".into(), format_duration);
    }
    Priority::EVERY
        .iter()
        .rev()
        .map(|p| {
            let value = slots[p.rank() as usize].map_or_else(|| "-".into(), format_duration);
            format!("{}={value}", p.key())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn calendars(ctx: &mut Ctx, actor: &Actor) -> CliResult {
    let records: Vec<Record> = ctx
        .service
        .sla_calendars(actor)?
        .iter()
        .map(calendar_record)
        .collect();
    let mut printer = ctx.printer(false);
    printer.batch(&records)?;
    printer.finish()?;
    Ok(())
}

fn calendar_record(c: &CalendarRow) -> Record {
    let closed: Vec<String> = c
        .closed
        .iter()
        .map(|(yearly, day)| {
            if *yearly {
                format!("{day} (yearly)")
            } else {
                day.clone()
            }
        })
        .collect();
    vec![
        ("name", c.name.as_str().into()),
        (
            "timezone",
            c.timezone.clone().unwrap_or_else(|| "site".into()).into(),
        ),
        ("hours", week_text(&c.hours).into()),
        ("closed_days", Cell::list(closed, ", ")),
        ("builtin", c.fixed.into()),
    ]
}

/// Opening hours as typed: consecutive days with the same ranges share a
/// line, e.g. `mon-fri 09:00-12:00 14:00-18:00, sat 09:00-12:00`.
fn week_text(hours: &[(u32, u32, u32)]) -> String {
    crate::domain::calendar::hours_by_days(hours)
        .iter()
        .map(|(span, ranges)| format!("{span} {}", ranges.join(" ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn policies(ctx: &mut Ctx, actor: &Actor) -> CliResult {
    let calendars = ctx.service.sla_calendars(actor)?;
    let records: Vec<Record> = ctx
        .service
        .sla_policies(actor)?
        .iter()
        .map(|p| policy_record(p, &calendars))
        .collect();
    let mut printer = ctx.printer(false);
    printer.batch(&records)?;
    printer.finish()?;
    Ok(())
}

fn policy_record(p: &PolicyRow, calendars: &[CalendarRow]) -> Record {
    let calendar = calendars.iter().find(|c| c.id == p.calendar_id);
    let rule = &p.rule;
    vec![
        (
            "position",
            if p.is_default {
                Cell::Null
            } else {
                p.position.into()
            },
        ),
        ("name", p.name.as_str().into()),
        ("role", rule.role.clone().into()),
        ("priority", rule.priority.map(|x| x.key()).into()),
        ("category_id", rule.category_id.into()),
        ("company_id", rule.company_id.into()),
        (
            "first_response",
            durations(&p.targets.first_response).into(),
        ),
        ("resolution", durations(&p.targets.resolution).into()),
        ("calendar", calendar.map(|c| c.name.as_str()).into()),
    ]
}

fn target_record(prefix: &'static str, t: &Target) -> Record {
    let (total, elapsed, remaining, due) = match prefix {
        "first_response" => (
            "first_response_target",
            "first_response_elapsed",
            "first_response_remaining",
            "first_response_due",
        ),
        _ => (
            "resolution_target",
            "resolution_elapsed",
            "resolution_remaining",
            "resolution_due",
        ),
    };
    vec![
        (total, format_duration(t.total).into()),
        (elapsed, format_duration(t.elapsed).into()),
        (remaining, format_duration(t.remaining).into()),
        (due, t.due.map_or(Cell::Null, Cell::Time)),
    ]
}

fn conditions(c: &[Condition]) -> String {
    if c.is_empty() {
        return "*".into();
    }
    c.iter()
        .map(|c| format!("{}{}", c.field, if c.met { "=yes" } else { "=no" }))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tried(t: &Tried) -> String {
    format!("{} ({})", t.name, conditions(&t.conditions))
}

fn explain(ctx: &mut Ctx, actor: &Actor, ticket: i64) -> CliResult {
    let e = ctx.service.explain_sla(actor, ticket)?;
    let mut summary: Record = vec![
        ("id", e.ticket.into()),
        ("status", Cell::status(e.status)),
        ("priority", e.priority.key().into()),
        ("now", Cell::Time(e.now)),
        ("policy", tried(&e.policy).into()),
        (
            "skipped_policies",
            Cell::list(e.skipped.iter().map(tried).collect(), "; "),
        ),
        (
            "calendar",
            format!("{} ({})", e.calendar, e.timezone).into(),
        ),
    ];
    if let Some(t) = &e.first_response {
        summary.extend(target_record("first_response", t));
    }
    summary.push((
        "first_responded_at",
        e.first_responded_at.map_or(Cell::Null, Cell::Time),
    ));
    if let Some(t) = &e.resolution {
        summary.extend(target_record("resolution", t));
    }
    summary.extend([
        ("urgency", e.level.key().into()),
        ("stored_urgency", Cell::urgency(e.stored_level)),
        ("next_change", e.next_change.map_or(Cell::Null, Cell::Time)),
        (
            "thresholds",
            format!(
                "soon {}%, urgent {}%, overdue 100%",
                e.thresholds.soon_percent, e.thresholds.urgent_percent
            )
            .into(),
        ),
    ]);
    let segments = timeline(&e);
    let mut printer = ctx.printer(false);
    if ctx.format == Format::Json {
        let mut document = record_json(&summary);
        if let serde_json::Value::Object(map) = &mut document {
            let rows = segments.iter().map(record_json).collect();
            map.insert("timeline".into(), serde_json::Value::Array(rows));
            map.insert("elapsed_seconds".into(), e.elapsed.into());
        }
        printer.document(&document)?;
        return Ok(());
    }
    printer.pairs(&summary)?;
    printer.heading("cli.section_timeline")?;
    let mut table = ctx.printer(false);
    table.batch(&segments)?;
    table.finish()?;
    ctx.say(&Msg::new("cli.timeline_total").arg("elapsed", format_duration(e.elapsed)));
    Ok(())
}

fn timeline(e: &Explanation) -> Vec<Record> {
    e.segments
        .iter()
        .map(|s| {
            let what = match &s.stretch {
                Stretch::Counted => "counted".to_string(),
                Stretch::OutsideHours { closed_days } if closed_days.is_empty() => {
                    "outside_hours".into()
                }
                Stretch::OutsideHours { closed_days } => {
                    let days: Vec<String> = closed_days.iter().map(|d| d.to_string()).collect();
                    format!("closed_day {}", days.join(" "))
                }
                Stretch::Paused => "paused".into(),
                Stretch::Stopped => "stopped".into(),
            };
            vec![
                ("from", Cell::Time(s.from)),
                ("to", Cell::Time(s.to)),
                ("status", s.status.key().into()),
                ("clock", what.into()),
                ("length", format_duration(s.to - s.from).into()),
                ("counted", format_duration(s.counted()).into()),
                ("counted_seconds", s.counted().into()),
            ]
        })
        .collect()
}
