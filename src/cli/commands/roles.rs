use super::stream;
use crate::cli::args::RoleCommand;
use crate::cli::output::{Cell, Record};
use crate::cli::{CliResult, Ctx};
use crate::domain::Msg;
use crate::i18n::Lang;
use crate::service::roles::{parse_audience, NewRole, RoleEdit, RoleView};

pub fn run(ctx: &mut Ctx, command: RoleCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        RoleCommand::List { text } => {
            let lang = ctx.i18n.lang();
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                None,
                String::new(),
                |after, n| {
                    Ok(ctx
                        .service
                        .list_roles_matching(&actor, text.as_deref(), after, n)?)
                },
                |view| view.role.key.clone(),
                |view| role_record(view, lang),
            )?;
            printer.finish()?;
        }
        RoleCommand::Show { key } => {
            let view = ctx.service.show_role(&actor, &key)?;
            let records: Vec<Record> = view
                .grants
                .iter()
                .map(|g| {
                    vec![
                        ("capability", g.capability.key().into()),
                        ("scope", g.scope.key().into()),
                    ]
                })
                .collect();
            let mut printer = ctx.printer(false);
            printer.batch(&records)?;
            printer.finish()?;
        }
        RoleCommand::Add {
            key,
            label_fr,
            label_en,
            handles_tickets,
            serves,
        } => {
            let new = NewRole {
                key: &key,
                label_fr: &label_fr,
                label_en: &label_en,
                handles_tickets,
                serves: parse_audience(&serves)?,
            };
            ctx.service.add_role(&actor, &new)?;
            let msg = Msg::new("cli.role_added").arg("role", &key);
            changed_role(ctx, &actor, &key, &msg)?;
        }
        RoleCommand::Edit { key, serves } => {
            let edit = RoleEdit {
                serves: serves.as_deref(),
            };
            ctx.service.edit_role(&actor, &key, &edit)?;
            let view = ctx.service.show_role(&actor, &key)?;
            let msg = Msg::new("cli.role_edited")
                .arg("role", &view.role.key)
                .arg("serves", audience_word(view.role.serves, ctx.i18n.lang()));
            changed_role(ctx, &actor, &view.role.key, &msg)?;
        }
        RoleCommand::Grant { key, capability } => {
            ctx.service.grant(&actor, &key, &capability)?;
            let msg = Msg::new("cli.granted")
                .arg("role", &key)
                .arg("grant", &capability);
            changed_role(ctx, &actor, &key, &msg)?;
        }
        RoleCommand::Revoke { key, capability } => {
            ctx.service.revoke(&actor, &key, &capability)?;
            let msg = Msg::new("cli.revoked")
                .arg("role", &key)
                .arg("capability", &capability);
            changed_role(ctx, &actor, &key, &msg)?;
        }
        RoleCommand::Capabilities => {
            let records: Vec<Record> = ctx
                .service
                .capabilities(&actor)?
                .iter()
                .map(|c| {
                    vec![
                        ("capability", c.key().into()),
                        (
                            "scopes",
                            Cell::list(c.scopes().iter().map(|s| s.key().into()).collect(), ", "),
                        ),
                        (
                            "description",
                            ctx.i18n.text(&format!("capability.{}", c.key())).into(),
                        ),
                    ]
                })
                .collect();
            let mut printer = ctx.printer(false);
            printer.batch(&records)?;
            printer.finish()?;
        }
    }
    Ok(())
}

fn role_record(view: &RoleView, lang: Lang) -> Record {
    let label = match lang {
        Lang::Fr => &view.role.label_fr,
        Lang::En => &view.role.label_en,
    };
    let grants: Vec<String> = view
        .grants
        .iter()
        .map(|g| format!("{}:{}", g.capability, g.scope))
        .collect();
    vec![
        ("key", view.role.key.as_str().into()),
        ("label", label.as_str().into()),
        ("builtin", view.role.builtin.into()),
        ("handles_tickets", view.role.handles_tickets.into()),
        (
            "serves",
            Cell::coded(
                view.role.serves.key(),
                format!("tui.admin.roles.audience.{}", view.role.serves.key()),
            ),
        ),
        ("active_members", view.active_members.into()),
        ("capabilities", Cell::list(grants, " ")),
    ]
}

/// Whom a role serves, in the words `--serves` takes in this language.
fn audience_word(audience: crate::domain::roles::Audience, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => audience.french(),
        Lang::En => audience.key(),
    }
}

/// The role just created or changed: with `--format json`, as `role list`
/// gives it, with its grants as an array; otherwise the sentence.
fn changed_role(ctx: &mut Ctx, actor: &crate::service::Actor, key: &str, msg: &Msg) -> CliResult {
    if ctx.format != crate::cli::args::Format::Json {
        ctx.say(msg);
        return Ok(());
    }
    let view = ctx.service.show_role(actor, key)?;
    let object = crate::cli::output::record_json(&role_record(&view, ctx.i18n.lang()));
    ctx.printer(false).document(&object)?;
    Ok(())
}
