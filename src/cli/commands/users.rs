use super::stream;
use crate::cli::args::Format;
use crate::cli::args::{InitArgs, UserAddArgs, UserCommand};
use crate::cli::output::{record_json, Cell, Record};
use crate::cli::{prompt, CliResult, Ctx, Failure};
use crate::domain::{Capability, Msg};
use crate::service::users::{NewUser, ProfileEdit, UserRow};
use crate::service::{FrontEnd, Origin};

pub fn init(ctx: &mut Ctx, args: InitArgs) -> CliResult {
    let password = new_password(ctx, args.password_stdin)?;
    let default_name = ctx.i18n.text("cli.default_admin_name").to_string();
    let name = args.name.unwrap_or(default_name);
    let origin = Origin::of_this_process(FrontEnd::Cli);
    let admin = ctx.service.init(&args.admin, &name, &password, &origin)?;
    if ctx.format == Format::Json {
        let value = serde_json::json!({ "id": admin.id, "login": admin.login, "role": "admin" });
        ctx.printer(false).document(&value)?;
        return Ok(());
    }
    ctx.say(&Msg::new("cli.initialised").arg("login", &admin.login));
    Ok(())
}

pub fn run(ctx: &mut Ctx, command: UserCommand) -> CliResult {
    let actor = ctx.actor()?;
    match command {
        UserCommand::Add(args) => add(ctx, &actor, args),
        UserCommand::List { role, text, limit } => {
            let mut printer = ctx.printer(false);
            stream(
                &mut printer,
                limit,
                String::new(),
                |after, n| {
                    let (role, text) = (role.as_deref(), text.as_deref());
                    Ok(ctx
                        .service
                        .list_users_matching(&actor, role, text, after, n)?)
                },
                |row| row.user.login.clone(),
                record,
            )?;
            printer.finish()?;
            Ok(())
        }
        UserCommand::Show { login } => {
            let row = ctx.service.show_user(&actor, &login)?;
            let mut printer = ctx.printer(false);
            printer.batch(&[record(&row)])?;
            printer.finish()?;
            Ok(())
        }
        UserCommand::Edit {
            login,
            name,
            email,
            phone,
            cohort,
            company,
        } => {
            let edit = ProfileEdit {
                full_name: name.as_deref(),
                email: email.as_deref(),
                phone: phone.as_deref(),
                cohort: cohort.as_deref(),
                company: company.as_deref(),
            };
            ctx.service.edit_user(&actor, &login, &edit)?;
            changed(
                ctx,
                &actor,
                &login,
                &Msg::new("cli.user_updated").arg("login", &login),
            )
        }
        UserCommand::SetRole { login, role } => {
            ctx.service.set_role(&actor, &login, &role)?;
            let msg = Msg::new("cli.role_set")
                .arg("login", &login)
                .arg("role", &role);
            changed(ctx, &actor, &login, &msg)
        }
        UserCommand::Deactivate { login } => {
            ctx.service.set_active(&actor, &login, false)?;
            changed(
                ctx,
                &actor,
                &login,
                &Msg::new("cli.deactivated").arg("login", &login),
            )
        }
        UserCommand::Activate { login } => {
            ctx.service.set_active(&actor, &login, true)?;
            changed(
                ctx,
                &actor,
                &login,
                &Msg::new("cli.activated").arg("login", &login),
            )
        }
        UserCommand::Unlock { login } => {
            ctx.service.unlock(&actor, &login)?;
            changed(
                ctx,
                &actor,
                &login,
                &Msg::new("cli.unlocked").arg("login", &login),
            )
        }
        UserCommand::Passwd {
            login,
            password_stdin,
        } => {
            // Ask for nothing when the answer would be "denied" anyway.
            if ctx.service.may(&actor, Capability::UserPassword)?.is_none() {
                return Err(crate::service::Error::Denied(Capability::UserPassword).into());
            }
            let password = new_password(ctx, password_stdin)?;
            ctx.service.set_password(&actor, &login, &password)?;
            changed(
                ctx,
                &actor,
                &login,
                &Msg::new("cli.password_set").arg("login", &login),
            )
        }
    }
}

fn add(ctx: &mut Ctx, actor: &crate::service::Actor, args: UserAddArgs) -> CliResult {
    if ctx.service.may(actor, Capability::UserCreate)?.is_none() {
        return Err(crate::service::Error::Denied(Capability::UserCreate).into());
    }
    let password = new_password(ctx, args.password_stdin)?;
    let id = ctx.service.add_user(
        actor,
        &NewUser {
            login: &args.login,
            full_name: &args.name,
            role: &args.role,
            email: args.email.as_deref(),
            phone: args.phone.as_deref(),
            cohort: args.cohort.as_deref(),
            company: args.company.as_deref(),
            password: &password,
        },
    )?;
    let login = args.login.trim().to_lowercase();
    let msg = Msg::new("cli.user_added")
        .arg("login", &login)
        .arg("id", id);
    changed(ctx, actor, &login, &msg)
}

/// The account just created or changed: with `--format json`, as
/// `user show` gives it (`{"login": …}` alone if it is now out of the
/// actor's reach); otherwise the sentence.
fn changed(ctx: &mut Ctx, actor: &crate::service::Actor, login: &str, msg: &Msg) -> CliResult {
    if ctx.format != Format::Json {
        ctx.say(msg);
        return Ok(());
    }
    let value = match ctx.service.show_user(actor, login) {
        Ok(row) => record_json(&record(&row)),
        Err(_) => serde_json::json!({ "login": login }),
    };
    ctx.printer(false).document(&value)?;
    Ok(())
}

fn new_password(ctx: &Ctx, from_stdin: bool) -> CliResult<String> {
    if from_stdin {
        return prompt::password_from_stdin().map_err(Failure::Usage);
    }
    prompt::new_password_twice(
        ctx.i18n.text("cli.new_password"),
        ctx.i18n.text("cli.new_password_again"),
    )
    .map_err(Failure::Usage)
}

fn record(row: &UserRow) -> Record {
    let u = &row.user;
    vec![
        ("id", u.id.into()),
        ("login", u.login.as_str().into()),
        ("full_name", u.full_name.as_str().into()),
        (
            "role",
            Cell::Named {
                key: u.role_key.clone(),
                fr: row.role_label_fr.clone(),
                en: row.role_label_en.clone(),
            },
        ),
        ("email", u.email.clone().into()),
        ("phone", u.phone.clone().into()),
        ("cohort", row.cohort.clone().into()),
        ("company", row.company.clone().into()),
        ("active", u.active.into()),
        (
            "locked_until",
            u.lock
                .locked_until
                .map(crate::cli::output::Cell::Time)
                .unwrap_or(crate::cli::output::Cell::Null),
        ),
    ]
}
