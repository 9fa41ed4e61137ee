//! The error log: `logs/guichet.log` beside the database (0700 folder,
//! 0600 files), one line per error that reached a person, failed
//! background pass or panic, plus the audit head once a day.
//!
//! Events go through `tracing`, so that other layers (error reporting)
//! can be added beside [`line::FileLayer`]; the subscriber is installed by
//! the front end (`cli::main`, which also starts the dashboard). Writing
//! the log never fails a command and never prints: a line that cannot be
//! written is dropped, since a terminal may be in full-screen mode.

pub mod line;
pub mod writer;

pub use writer::{RotatingFile, Rotation};

use crate::domain::audit_chain::Anchor;
use crate::store::StoreError;
use std::path::Path;
use std::sync::Mutex;
use tracing::Level;
use tracing_subscriber::layer::SubscriberExt;

/// Who the lines of this process are about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// `cli` or `tui` (events of the urgency worker say `worker`).
    pub front: String,
    /// The signed-in person, once known.
    pub login: Option<String>,
    /// The subcommand path (`ticket attach`), never its values.
    pub command: Option<String>,
}

struct State {
    context: Context,
    file: Option<RotatingFile>,
}

static STATE: Mutex<State> = Mutex::new(State {
    context: Context {
        front: String::new(),
        login: None,
        command: None,
    },
    file: None,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    // A thread that panicked while holding the lock left plain data: use it.
    STATE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Installs the subscriber and the panic hook, once per process, and says
/// which front end this process is.
pub fn init(front: &str, command: Option<String>) {
    {
        let mut state = state();
        state.context.front = front.to_owned();
        state.context.command = command;
    }
    let subscriber = tracing_subscriber::registry().with(line::FileLayer);
    // Already installed (a second init in one process): keep the first.
    if tracing::subscriber::set_global_default(subscriber).is_ok() {
        install_panic_hook();
    }
}

/// Lines go to `logs/` beside `db_path`, once the folder holding the
/// database exists (it is never created here: a mistyped path must not
/// leave folders about). Nothing is created before the first line.
pub fn set_target(db_path: &Path, rotation: Rotation) {
    let parent = match db_path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return,
    };
    let file = parent
        .is_dir()
        .then(|| RotatingFile::new(parent.join("logs"), rotation));
    state().file = file;
}

/// The person signed in, or `None` when the session ends.
pub fn set_login(login: Option<&str>) {
    state().context.login = login.map(str::to_owned);
}

/// Whether lines go anywhere.
pub fn is_on() -> bool {
    state().file.is_some()
}

/// Writes one line with this process's context; `Ok(false)` when there is
/// no log. The lock is not held while writing, so a panic while writing
/// could still be logged.
pub fn write_line(level: Level, fields: &[(&str, String)]) -> std::io::Result<bool> {
    let (file, context) = {
        let state = state();
        match &state.file {
            Some(file) => (file.clone(), state.context.clone()),
            None => return Ok(false),
        }
    };
    let line = line::format(chrono::Utc::now(), level, &context, fields);
    file.append(&line)?;
    Ok(true)
}

/// For the layer: a line that cannot be written is dropped.
fn write_event(level: Level, fields: &[(&str, String)]) {
    let _ = write_line(level, fields);
}

/// An error shown to the person: the message as they read it, and the
/// chain of causes behind it when there is more to say.
pub fn shown(message: &str, detail: Option<&str>) {
    match detail.filter(|d| !d.is_empty() && *d != message) {
        Some(detail) => tracing::error!(detail, "{message}"),
        None => tracing::error!("{message}"),
    }
}

/// An error and its sources, "outer: inner: …".
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let next = e.to_string();
        // thiserror's `transparent` and "{0}" repeat their source.
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = e.source();
    }
    text
}

/// The daily line of the audit head, `anchor=ID:HASH` in the form
/// `audit verify --anchor` takes. Its result is what the caller waits for
/// before recording that the day's line was written.
pub fn write_head(anchor: &Anchor, day: &str) -> Result<bool, StoreError> {
    let fields = [
        ("front", "worker".to_owned()),
        ("message", "audit head".to_owned()),
        ("anchor", anchor.to_string()),
        ("day", day.to_owned()),
    ];
    write_line(Level::INFO, &fields).map_err(|source| StoreError::Io {
        path: state()
            .file
            .as_ref()
            .map(RotatingFile::path)
            .unwrap_or_default(),
        source,
    })
}

/// Logs a panic's message and place, then runs the hook that was there
/// (the default one prints it). The dashboard installs its own hook on top
/// of this one, which gives the terminal back first.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        let place = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let _ = write_line(
            Level::ERROR,
            &[
                ("message", format!("panic: {message}")),
                ("location", place),
            ],
        );
        previous(info);
    }));
}
