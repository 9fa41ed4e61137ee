//! `guichet` with no command: the dashboard, on the configured file or, with
//! `--demo`, on a fresh temporary one.

use super::{args::Cli, settings_from, CliResult, Failure};
use crate::config::{self, Config};
use crate::domain::Msg;
use crate::i18n::{self, I18n};
use crate::service::{self, Service};
use crate::store::{OpenOptions, Store};
use crate::tui::{self, app::Launch};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

/// Tickets in the `--demo` database: enough to scroll, quick to make.
const DEMO_TICKETS: u64 = 2_000;

pub fn run(cli: &Cli, config: Config) -> CliResult {
    let looks = tui::looks_from(&config).map_err(|problems| {
        let i18n = I18n::new(i18n::resolve(config.ui.language));
        let text: Vec<_> = problems.iter().map(|m| i18n.render(m)).collect();
        Failure::Usage(Msg::new("error.bad_keys").arg("problems", text.join("; ")))
    })?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::Usage(Msg::new("error.not_a_terminal")));
    }
    let demo_dir = if cli.demo { Some(demo_dir()?) } else { None };
    let path = match &demo_dir {
        Some(dir) => dir.join("guichet-demo.db"),
        None => config::database_path(cli.db.as_deref(), &config)
            .ok_or_else(|| Failure::Usage(Msg::new("error.no_db_path")))?,
    };
    if cli.demo {
        // The demo's log goes with its temporary database.
        crate::errlog::set_target(&path, config.log.rotation());
    }
    let outcome = open_and_show(path, &config, looks, cli.demo);
    if let Some(dir) = demo_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    outcome
}

fn open_and_show(path: PathBuf, config: &Config, looks: tui::app::Looks, demo: bool) -> CliResult {
    let clock = service::system_clock();
    // The dashboard is also the first-run path: on a missing file it
    // creates one and offers to make the first admin.
    let options = OpenOptions {
        busy_timeout: Duration::from_millis(config.database.busy_timeout_ms),
        now: clock(),
        create: true,
    };
    let store =
        Store::open(&path, &options).map_err(|e| Failure::Other(service::store_message(&e)))?;
    let settings = settings_from(config, &path);
    let mut service = Service::new(store, settings.clone(), clock);
    let demo_logins = if demo {
        let summary = service.fill_demo(DEMO_TICKETS, 1)?;
        Some((summary.password, summary.logins))
    } else {
        None
    };
    // No urgency pass here: the worker `tui::run` starts makes one at once
    // on its own connection, and the screen refreshes when it lands. Run
    // here, a pass after a long pause (thousands of level changes on a big
    // file) held the sign-in screen back for seconds.
    let launch = Launch {
        reopen: service::Reopen {
            path,
            options,
            settings,
        },
        demo: demo_logins,
        tabs: tui::tabs::TABS,
        tuning: Default::default(),
    };
    match tui::run(service, launch, looks) {
        Ok(None) => Ok(()),
        Ok(Some(signal)) => Err(Failure::Signal(signal)),
        Err(e) => Err(Failure::Other(Msg::new("error.output").arg("detail", e))),
    }
}

/// A private directory for the demo's file, removed on the way out.
fn demo_dir() -> CliResult<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("guichet-demo-{}-{nanos}", std::process::id()));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(|e| Failure::Other(Msg::new("error.output").arg("detail", e)))?;
    sweep_abandoned_demos(&dir);
    Ok(dir)
}

/// Removes the demo directories of dashboards that were killed (SIGKILL
/// leaves no chance to clean up): those of this user, named as [`demo_dir`]
/// names them, whose process is gone. Anything else is left alone.
fn sweep_abandoned_demos(own: &std::path::Path) {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = own.parent() else { return };
    let Ok(owner) = std::fs::metadata(own).map(|m| m.uid()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(pid) = demo_pid(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        if path == own || std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        // Not followed if a link: only a real directory of ours goes.
        let ours = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && m.uid() == owner);
        if ours {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The process id in `guichet-demo-<pid>-<nanos>`.
fn demo_pid(name: &str) -> Option<u32> {
    let (pid, nanos) = name.strip_prefix("guichet-demo-")?.split_once('-')?;
    nanos.parse::<u32>().ok()?;
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_demo_directory_names_give_a_process() {
        assert_eq!(super::demo_pid("guichet-demo-4242-123456"), Some(4242));
        assert_eq!(super::demo_pid("guichet-demo-4242"), None);
        assert_eq!(super::demo_pid("guichet-demo-notes-1"), None);
        assert_eq!(super::demo_pid("guichet-demo-1-x"), None);
        assert_eq!(super::demo_pid("other-demo-1-2"), None);
    }
}
