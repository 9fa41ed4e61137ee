//! The scriptable command line. It parses, signs in, calls the services and
//! prints; it never checks permissions or touches SQL itself.

pub mod args;
// Issue 15, companies and clients.
pub mod args_clients;
// Issue 15: contracts and events.
pub mod args_crm_contracts;
pub mod args_find;
pub mod args_site;
pub mod args_sla;
mod commands;
mod dashboard;
mod help_i18n;
mod output;
mod prompt;
mod usage_errors;

use crate::config::{self, Config};
use crate::domain::Msg;
use crate::i18n::{self, I18n};
use crate::service::{self, Actor, FrontEnd, Origin, Service, Settings};
use crate::store::{OpenOptions, Store};
use args::{Cli, Format};
use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;
use std::time::Duration;

/// Exit codes, documented in the README.
pub mod exit {
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const SIGN_IN: u8 = 3;
    pub const DENIED: u8 = 4;
    pub const NOT_FOUND: u8 = 5;
    pub const INVALID: u8 = 6;
    pub const AUDIT_BROKEN: u8 = 7;
}

/// Why a command stopped: a service's answer, or a problem of the command
/// line itself.
#[derive(Debug)]
pub enum Failure {
    /// Whoever read our output stopped reading (`| head`): stop quietly.
    ClosedPipe,
    /// The dashboard was stopped by this signal (its form kept as a
    /// draft): the usual status, 128 + the number, and nothing to say.
    Signal(i32),
    Service(service::Error),
    Usage(Msg),
    Other(Msg),
}

impl From<service::Error> for Failure {
    fn from(e: service::Error) -> Failure {
        Failure::Service(e)
    }
}

impl Failure {
    /// What a person typed that the domain refused (an unknown status,
    /// say): refused like the service would, with the same exit status.
    pub fn typed<T>(read: Result<T, Msg>) -> Result<T, Failure> {
        read.map_err(|msg| Failure::Service(service::Error::Invalid(msg)))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::ClosedPipe;
        }
        Failure::Other(Msg::new("error.output").arg("detail", e))
    }
}

impl Failure {
    fn exit_code(&self) -> u8 {
        use service::Error as E;
        match self {
            Failure::ClosedPipe => 0,
            Failure::Signal(signal) => u8::try_from(128 + signal).unwrap_or(exit::FAILURE),
            Failure::Usage(_) => exit::USAGE,
            Failure::Other(_) => exit::FAILURE,
            Failure::Service(e) => match e {
                E::SignInFailed => exit::SIGN_IN,
                E::Denied(_) => exit::DENIED,
                E::NotFound(_) => exit::NOT_FOUND,
                E::Invalid(_) | E::Conflict(_) => exit::INVALID,
                E::AuditBroken { .. } => exit::AUDIT_BROKEN,
                E::Store(_) | E::Hashing(_) => exit::FAILURE,
            },
        }
    }

    fn message(&self) -> Msg {
        match self {
            Failure::Service(e) => e.message(),
            Failure::Usage(m) | Failure::Other(m) => m.clone(),
            Failure::ClosedPipe | Failure::Signal(_) => Msg::new("error.output"),
        }
    }

    /// What lies behind the message, for the error log: a service error's
    /// chain of causes (a refusal or a sign-in failure has none to add).
    fn detail(&self) -> Option<String> {
        match self {
            Failure::Service(e @ (service::Error::Store(_) | service::Error::Hashing(_))) => {
                Some(crate::errlog::chain(e))
            }
            _ => None,
        }
    }
}

pub type CliResult<T = ()> = Result<T, Failure>;

/// Everything a command needs: the service, the language, the output
/// format, and who to act as.
pub struct Ctx {
    pub service: Service,
    pub i18n: I18n,
    pub format: Format,
    pub tz: chrono_tz::Tz,
    as_login: Option<String>,
    /// How to open a second connection, for the background worker.
    reopen: service::Reopen,
}

impl Ctx {
    /// Signs in as the `--as` user, with `$GUICHET_PASSWORD` or a prompt.
    pub fn actor(&mut self) -> CliResult<Actor> {
        self.actor_or_stdin(false)
    }

    /// The same; with `stdin_fallback`, when there is no terminal to prompt
    /// on, the password is the first line of standard input (a command whose
    /// data goes through an ssh connection without a terminal, which would
    /// mangle bytes, and which carries no environment).
    pub fn actor_or_stdin(&mut self, stdin_fallback: bool) -> CliResult<Actor> {
        let login = self
            .as_login
            .clone()
            .ok_or_else(|| Failure::Usage(Msg::new("error.as_required")))?;
        let password = match std::env::var("GUICHET_PASSWORD") {
            Ok(p) if !p.is_empty() => p,
            _ => {
                let prompt = self.i18n.with("cli.password_for", &[("login", &login)]);
                // Signing in takes no --password-stdin: without a terminal,
                // the environment is the way (or standard input, for the
                // commands whose data does not come through it).
                let no_terminal = Msg::new("error.no_terminal_sign_in").arg("login", &login);
                match prompt::password_once(&prompt, &no_terminal) {
                    Ok(p) => p,
                    Err(_) if stdin_fallback => {
                        prompt::password_from_stdin().map_err(Failure::Usage)?
                    }
                    Err(msg) => return Err(Failure::Usage(msg)),
                }
            }
        };
        let origin = Origin::of_this_process(FrontEnd::Cli);
        let attempt = service::SignInAttempt {
            login: &login,
            password: &password,
            origin: &origin,
        };
        let actor = self.service.sign_in(&attempt)?;
        crate::errlog::set_login(Some(&actor.login));
        Ok(actor)
    }

    pub fn settings(&self) -> &Settings {
        &self.reopen.settings
    }

    /// Another service on the same file with its own connection: a worker
    /// thread must never share the main one.
    pub fn second_service(&self) -> CliResult<Service> {
        Ok(self.reopen.open()?)
    }

    pub fn printer(&self, follow: bool) -> output::Printer<'_> {
        output::Printer::new(self.format, follow, &self.i18n, self.tz)
    }

    /// What a command made or changed: with `--format json`, `object`
    /// (which carries its id), for scripts; otherwise the sentence `msg`.
    pub fn done(&self, msg: &Msg, object: serde_json::Value) -> CliResult {
        if self.format == Format::Json {
            self.printer(false).document(&object)?;
        } else {
            self.say(msg);
        }
        Ok(())
    }

    pub fn say(&self, msg: &Msg) {
        println!(
            "{}",
            crate::domain::text::for_terminal(&self.i18n.render(msg), true)
        );
    }
}

pub fn main() -> ExitCode {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_i18n = I18n::new(help_i18n::language(&words));
    let mut command = help_i18n::localized(Cli::command(), &help_i18n);
    // clap's usage errors (and --help, --version) in the help's language,
    // with clap's exit status.
    let refused =
        |e: clap::Error| ExitCode::from(exit_status(usage_errors::report(&e, &help_i18n)));
    let matches = match command.try_get_matches_from_mut(words) {
        Ok(matches) => matches,
        Err(e) => return refused(e),
    };
    if help_i18n::help_asked(&mut command, &matches) {
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return refused(e),
    };
    // The subcommand's names only, from clap's definitions: the values
    // typed after them (which may be personal or secret) never reach the
    // log.
    let front = if cli.command.is_some() { "cli" } else { "tui" };
    crate::errlog::init(front, command_path(&matches));
    let loaded = load_config(&cli);
    log_beside_database(&cli, loaded.as_ref().ok());
    let (i18n, outcome) = match loaded {
        Ok(config) => {
            let i18n =
                I18n::new(i18n::resolve(config.ui.language)).with_currency(config.currency());
            let outcome = open_and_run(cli, config, &i18n);
            (i18n, outcome)
        }
        Err(msg) => (
            I18n::new(i18n::resolve(config::Language::Auto)),
            Err(Failure::Usage(msg)),
        ),
    };
    match outcome {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(failure @ Failure::Signal(_)) => ExitCode::from(failure.exit_code()),
        Err(failure) => {
            let text = i18n.render(&failure.message());
            crate::errlog::shown(&text, failure.detail().as_deref());
            eprintln!(
                "guichet: {}",
                crate::domain::text::for_terminal(&text, false)
            );
            ExitCode::from(failure.exit_code())
        }
    }
}

/// clap's status as a process status (it only gives 0 or 2).
fn exit_status(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(exit::USAGE)
}

/// `ticket attach`, `audit verify`: the path of subcommand names.
fn command_path(matches: &clap::ArgMatches) -> Option<String> {
    let mut names = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        names.push(name.to_owned());
        at = sub;
    }
    (!names.is_empty()).then(|| names.join(" "))
}

/// The error log goes beside the database the command is about; with a
/// configuration that could not be read, beside the default one (never a
/// file named by a client of a pinned site).
fn log_beside_database(cli: &Cli, config: Option<&Config>) {
    let fallback = Config::default();
    let db_flag = if cli.pinned { None } else { cli.db.as_deref() };
    let config = config.unwrap_or(&fallback);
    if let Some(path) = config::database_path(db_flag, config) {
        crate::errlog::set_target(&path, config.log.rotation());
    }
}

fn load_config(cli: &Cli) -> Result<Config, Msg> {
    if cli.pinned && (cli.config.is_some() || cli.db.is_some() || cli.demo) {
        return Err(Msg::new("error.pinned_site"));
    }
    match config::config_path(cli.config.as_deref()) {
        Some((path, must_exist)) => config::load(&path, must_exist),
        None => Ok(Config::default()),
    }
}

fn open_and_run(cli: Cli, config: Config, i18n: &I18n) -> CliResult {
    let Some(command) = cli.command else {
        return dashboard::run(&cli, config);
    };
    if cli.demo {
        return Err(Failure::Usage(Msg::new("error.demo_flag_alone")));
    }
    let path = config::database_path(cli.db.as_deref(), &config)
        .ok_or_else(|| Failure::Usage(Msg::new("error.no_db_path")))?;
    let clock = service::system_clock();
    let options = OpenOptions {
        busy_timeout: Duration::from_millis(config.database.busy_timeout_ms),
        now: clock(),
        create: matches!(command, args::Command::Init(_) | args::Command::Demo { .. }),
    };
    let store =
        Store::open(&path, &options).map_err(|e| Failure::Other(service::store_message(&e)))?;
    let settings = settings_from(&config, &path);
    let mut ctx = Ctx {
        reopen: service::Reopen {
            path: path.clone(),
            options: options.clone(),
            settings: settings.clone(),
        },
        service: Service::new(store, settings, clock),
        i18n: I18n::new(i18n.lang()).with_currency(config.currency()),
        format: cli.format,
        tz: config.timezone(),
        as_login: cli.as_login,
    };
    // Urgency rises and resolved tickets close as time passes; a site that
    // runs no worker still gets both, since every run first does what is
    // due (usually nothing: a few index probes). Of the SLA state an
    // upgrade leaves to compute, a command does one batch, not all.
    if !matches!(command, args::Command::Urgency(_)) {
        ctx.service.urgency_pass_computing(Some(1))?;
    }
    commands::run(&mut ctx, command)
}

/// The service's settings from the configuration; attachments live beside
/// the database unless configured elsewhere.
pub fn settings_from(config: &Config, db_path: &std::path::Path) -> Settings {
    let db_dir = db_path.parent().unwrap_or(std::path::Path::new("."));
    let beside_db = db_dir.join("attachments");
    let host = config.attachments.host_folders();
    Settings {
        bcrypt_cost: config.security.bcrypt_cost,
        lockout: crate::domain::signin::LockoutPolicy {
            max_failures: config.security.max_failed_attempts,
            lock_secs: i64::from(config.security.lockout_minutes) * 60,
        },
        reopen_window_secs: i64::from(config.tickets.reopen_days) * 86_400,
        attachment_max_bytes: config.attachments.max_bytes,
        attachment_dir: config.attachments.dir.clone().unwrap_or(beside_db),
        import_dirs: host.import_dirs,
        export_dirs: host.export_dirs,
        shared_account: host.shared_account,
        timezone: config.timezone(),
        thresholds: crate::domain::sla::Thresholds {
            soon_percent: config.urgency.soon_percent,
            urgent_percent: config.urgency.urgent_percent,
        },
        urgency_interval_secs: config.urgency.interval_secs,
        drafts_dir: db_dir.join("drafts"),
        backup_dir: config
            .backup
            .dir
            .clone()
            .unwrap_or_else(|| db_dir.join("backups")),
        currency: config.currency(),
    }
}
