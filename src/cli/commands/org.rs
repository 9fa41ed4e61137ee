use super::stream;
use crate::cli::args::{CohortCommand, ProgrammeCommand};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{CliResult, Ctx};
use crate::domain::Msg;
use crate::service::org::{Cohort, CohortEdit, NewCohort, Programme};

pub fn programme(ctx: &mut Ctx, command: ProgrammeCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        ProgrammeCommand::Add { name } => {
            let id = ctx.service.add_programme(&actor, &name)?;
            let msg = Msg::new("cli.created")
                .arg("what", "programme")
                .arg("name", name.trim())
                .arg("id", id);
            ctx.done(&msg, serde_json::json!({ "id": id, "name": name.trim() }))?;
        }
        ProgrammeCommand::List { text } => {
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                None,
                String::new(),
                |after, n| {
                    Ok(ctx
                        .service
                        .list_programmes_matching(&actor, text.as_deref(), after, n)?)
                },
                |p| p.name.clone(),
                programme_record,
            )?;
            printer.finish()?;
        }
        ProgrammeCommand::Rename { name, new_name } => {
            ctx.service.rename_programme(&actor, &name, &new_name)?;
            let msg = Msg::new("tui.promos.programme_renamed")
                .arg("old", name.trim())
                .arg("new", new_name.trim());
            let json = serde_json::json!({ "old_name": name.trim(), "name": new_name.trim() });
            ctx.done(&msg, json)?;
        }
        ProgrammeCommand::Remove { name } => {
            ctx.service.remove_programme(&actor, &name)?;
            let msg = Msg::new("tui.promos.programme_removed").arg("name", name.trim());
            ctx.done(
                &msg,
                serde_json::json!({ "name": name.trim(), "removed": true }),
            )?;
        }
    }
    Ok(())
}

pub fn cohort(ctx: &mut Ctx, command: CohortCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        CohortCommand::Add {
            name,
            programme,
            start,
            end,
        } => {
            let new = NewCohort {
                name: &name,
                programme: &programme,
                start: start.as_deref(),
                end: end.as_deref(),
            };
            let id = ctx.service.add_cohort(&actor, &new)?;
            let msg = Msg::new("cli.created")
                .arg("what", "cohort")
                .arg("name", name.trim())
                .arg("id", id);
            ctx.done(&msg, serde_json::json!({ "id": id, "name": name.trim() }))?;
        }
        CohortCommand::List { programme, text } => {
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                None,
                (String::new(), 0),
                |(name, id), n| {
                    Ok(ctx.service.list_cohorts_matching(
                        &actor,
                        (programme.as_deref(), text.as_deref()),
                        (name, *id),
                        n,
                    )?)
                },
                |c| (c.name.clone(), c.id),
                cohort_record,
            )?;
            printer.finish()?;
        }
        CohortCommand::Edit {
            id,
            name,
            start,
            end,
        } => {
            let edit = CohortEdit {
                name: name.as_deref(),
                start: start.as_deref(),
                end: end.as_deref(),
            };
            ctx.service.edit_cohort(&actor, id, &edit)?;
            let c = ctx.service.cohort(&actor, id)?;
            let msg = Msg::new("tui.promos.cohort_saved").arg("name", &c.name);
            ctx.done(&msg, record_json(&cohort_record(&c)))?;
        }
        CohortCommand::Move { id, programme } => {
            ctx.service.move_cohort(&actor, id, &programme)?;
            let c = ctx.service.cohort(&actor, id)?;
            let msg = Msg::new("tui.promos.cohort_moved")
                .arg("name", &c.name)
                .arg("programme", &c.programme);
            ctx.done(&msg, record_json(&cohort_record(&c)))?;
        }
        CohortCommand::Remove { id } => {
            let c = ctx.service.cohort(&actor, id)?;
            ctx.service.remove_cohort(&actor, id)?;
            let msg = Msg::new("tui.promos.cohort_removed").arg("name", &c.name);
            ctx.done(&msg, serde_json::json!({ "id": id, "removed": true }))?;
        }
    }
    Ok(())
}

fn programme_record(p: &Programme) -> Record {
    vec![
        ("id", p.id.into()),
        ("name", p.name.as_str().into()),
        ("cohorts", p.cohorts.into()),
        ("created_at", Cell::Time(p.created_at)),
    ]
}

fn cohort_record(c: &Cohort) -> Record {
    vec![
        ("id", c.id.into()),
        ("name", c.name.as_str().into()),
        ("programme", c.programme.as_str().into()),
        ("start_date", c.start_date.clone().into()),
        ("end_date", c.end_date.clone().into()),
        ("learners", c.learners.into()),
    ]
}
