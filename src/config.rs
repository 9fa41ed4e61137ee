//! The configuration file: found at `--config`, else `$GUICHET_CONFIG`, else
//! `config.toml` in the platform config directory. Every key has a default;
//! unknown keys and bad values are refused, naming the key and the file.

mod logs;

pub use logs::LogConfig;

use crate::domain::Msg;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub security: SecurityConfig,
    pub ui: UiConfig,
    pub site: SiteConfig,
    pub tickets: TicketsConfig,
    pub attachments: AttachmentsConfig,
    pub urgency: UrgencyConfig,
    pub backup: BackupConfig,
    pub log: LogConfig,
    /// Key bindings of the dashboard: `action = keys` (in every layer that
    /// binds the action) or `layer.action = keys` (in that layer only),
    /// replacing the default keys.
    pub keys: std::collections::BTreeMap<String, KeyEntry>,
}

/// One line of `[keys]`: an action's keys, or a layer's table of them.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyEntry {
    Keys(KeyList),
    Layer(std::collections::BTreeMap<String, KeyList>),
}

/// One key (`"ctrl-l"`) or several (`["q", "ctrl-c"]`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// Where `guichet backup` writes its folders, and one of the places a
    /// folder typed after it may be. Empty: `backups/` beside the database.
    pub dir: Option<PathBuf>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UrgencyConfig {
    /// Seconds between two passes of the background worker.
    pub interval_secs: u64,
    /// Share of the resolution target, in percent, from which a ticket is
    /// `soon`, then `urgent`; it is `overdue` at 100%.
    pub soon_percent: u32,
    pub urgent_percent: u32,
}

impl Default for UrgencyConfig {
    fn default() -> Self {
        UrgencyConfig {
            interval_secs: 30,
            soon_percent: 50,
            urgent_percent: 80,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TicketsConfig {
    /// Days after resolution during which the requester may reopen; then
    /// the ticket closes by itself.
    pub reopen_days: u32,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AttachmentsConfig {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Empty: `attachments/` beside the database file.
    pub dir: Option<PathBuf>,
    /// Folders from which files may be attached by path, and to which
    /// attachments may be saved. Absent: see `HostFolders`.
    pub import_dirs: Option<Vec<PathBuf>>,
    pub export_dirs: Option<Vec<PathBuf>>,
    /// Whether guichet runs for several people under one OS account.
    /// Absent: yes when the session came in over ssh.
    pub shared_account: Option<bool>,
}

/// The folders of the host that attachments may come from and go to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostFolders {
    pub import_dirs: Vec<PathBuf>,
    pub export_dirs: Vec<PathBuf>,
    /// Runs under an account shared by several people: the files of the
    /// host are the server's, not the person's.
    pub shared_account: bool,
}

impl AttachmentsConfig {
    /// The configured folders; by default the OS user's home and the current
    /// folder, and none under a shared account (then files come through
    /// standard input: `--stdin`, `--out -`).
    pub fn host_folders(&self) -> HostFolders {
        let shared = self.shared_account.unwrap_or_else(over_ssh);
        let defaults: Vec<PathBuf> = if shared {
            Vec::new()
        } else {
            let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
            home.into_iter()
                .chain(std::env::current_dir().ok())
                .collect()
        };
        HostFolders {
            import_dirs: self.import_dirs.clone().unwrap_or_else(|| defaults.clone()),
            export_dirs: self.export_dirs.clone().unwrap_or(defaults),
            shared_account: shared,
        }
    }
}

/// The session came in over ssh: in the README's deployment, one account
/// shared by everyone, whose files are the server's.
fn over_ssh() -> bool {
    ["SSH_CONNECTION", "SSH_ORIGINAL_COMMAND", "SSH_CLIENT"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

impl Default for TicketsConfig {
    fn default() -> Self {
        TicketsConfig { reopen_days: 7 }
    }
}

impl Default for AttachmentsConfig {
    fn default() -> Self {
        AttachmentsConfig {
            max_bytes: 10 * 1024 * 1024,
            dir: None,
            import_dirs: None,
            export_dirs: None,
            shared_account: None,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// Empty: `guichet.db` in the platform data directory.
    pub path: Option<PathBuf>,
    pub busy_timeout_ms: u64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    pub bcrypt_cost: u32,
    pub max_failed_attempts: u32,
    pub lockout_minutes: u32,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Auto,
    Fr,
    En,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    pub language: Language,
    /// Minutes without a key before the dashboard locks (shared machines).
    pub idle_lock_minutes: u32,
    pub theme: ThemeChoice,
    /// Mouse clicks and wheel; off so the terminal's own text selection works.
    pub mouse: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            language: Language::Auto,
            idle_lock_minutes: 10,
            theme: ThemeChoice::Auto,
            mouse: false,
        }
    }
}

/// `auto` is `dark`, or `mono` when `NO_COLOR` is set.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    Auto,
    Dark,
    Light,
    Mono,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// IANA time zone in which dates and times are shown.
    pub timezone: String,
    /// ISO 4217 code of the currency amounts are shown in.
    pub currency: String,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            path: None,
            busy_timeout_ms: 5000,
        }
    }
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            bcrypt_cost: 12,
            max_failed_attempts: 5,
            lockout_minutes: 15,
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            timezone: "Europe/Paris".into(),
            currency: "EUR".into(),
        }
    }
}

/// Where the configuration comes from, and whether it must exist there.
pub fn config_path(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("GUICHET_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    project_dirs().map(|d| (d.config_dir().join("config.toml"), false))
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "guichet")
}

/// Loads the file; a default location that holds no file means defaults.
pub fn load(path: &Path, must_exist: bool) -> Result<Config, Msg> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Ok(Config::default())
        }
        Err(e) => {
            return Err(Msg::new("error.config_read")
                .arg("file", path.display())
                .arg("detail", e))
        }
    };
    parse(&text).map_err(|detail| {
        Msg::new("error.config")
            .arg("file", path.display())
            .arg("detail", detail)
    })
}

/// Parses and checks a configuration text; the error names the key.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| one_line(text, &e))?;
    config.check()?;
    Ok(config)
}

/// toml's own rendering spans several lines (a snippet with a caret);
/// errors here are one line naming the line and the key:
/// "line 2, ui.language: unknown variant `de`, expected one of …".
fn one_line(text: &str, error: &toml::de::Error) -> String {
    let message = error
        .message()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let Some(span) = error.span() else {
        return message;
    };
    let before = text.get(..span.start).unwrap_or(text);
    let line_number = before.matches('\n').count() + 1;
    let line = text.lines().nth(line_number - 1).unwrap_or("");
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim());
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    match (table, key) {
        (Some(t), Some(k)) => format!("line {line_number}, {t}.{k}: {message}"),
        (None, Some(k)) => format!("line {line_number}, {k}: {message}"),
        _ => format!("line {line_number}: {message}"),
    }
}

impl Config {
    fn check(&self) -> Result<(), String> {
        let range = |key: &str, value: u64, min: u64, max: u64| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "{key} = {value} is out of range: use {min} to {max}"
                ))
            }
        };
        range(
            "database.busy_timeout_ms",
            self.database.busy_timeout_ms,
            100,
            600_000,
        )?;
        range(
            "security.bcrypt_cost",
            self.security.bcrypt_cost.into(),
            4,
            31,
        )?;
        range(
            "security.max_failed_attempts",
            self.security.max_failed_attempts.into(),
            1,
            1000,
        )?;
        range(
            "security.lockout_minutes",
            self.security.lockout_minutes.into(),
            1,
            7 * 24 * 60,
        )?;
        range(
            "tickets.reopen_days",
            self.tickets.reopen_days.into(),
            0,
            365,
        )?;
        range(
            "attachments.max_bytes",
            self.attachments.max_bytes,
            1,
            1 << 30,
        )?;
        range("urgency.interval_secs", self.urgency.interval_secs, 1, 3600)?;
        range(
            "ui.idle_lock_minutes",
            self.ui.idle_lock_minutes.into(),
            1,
            24 * 60,
        )?;
        range(
            "urgency.soon_percent",
            self.urgency.soon_percent.into(),
            1,
            99,
        )?;
        range(
            "urgency.urgent_percent",
            self.urgency.urgent_percent.into(),
            1,
            99,
        )?;
        self.log.check()?;
        if self.urgency.soon_percent >= self.urgency.urgent_percent {
            return Err(format!(
                "urgency.soon_percent = {} must be below urgency.urgent_percent = {}",
                self.urgency.soon_percent, self.urgency.urgent_percent
            ));
        }
        if self
            .attachments
            .dir
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            return Err(
                "attachments.dir is empty: remove the key to keep attachments beside the database"
                    .into(),
            );
        }
        let backup_dir = self.backup.dir.clone().map(|d| vec![d]);
        for (key, dirs) in [
            ("attachments.import_dirs", &self.attachments.import_dirs),
            ("attachments.export_dirs", &self.attachments.export_dirs),
            ("backup.dir", &backup_dir),
        ] {
            if let Some(dir) = dirs.iter().flatten().find(|d| !d.is_absolute()) {
                return Err(format!(
                    "{key} holds {dir:?}, a relative path: give absolute paths (\"/srv/guichet/in\")"
                ));
            }
        }
        if self.site.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(format!(
                "site.timezone = {:?} is not an IANA time zone: use a name such as \"Europe/Paris\"",
                self.site.timezone
            ));
        }
        if crate::domain::money::Currency::parse(&self.site.currency).is_none() {
            return Err(format!(
                "site.currency = {:?} is not an ISO 4217 code: use three letters such as \"EUR\"",
                self.site.currency
            ));
        }
        if self
            .database
            .path
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            return Err(
                "database.path is empty: remove the key to use the default location".into(),
            );
        }
        Ok(())
    }

    pub fn currency(&self) -> crate::domain::money::Currency {
        crate::domain::money::Currency::parse(&self.site.currency).unwrap_or_default()
    }

    pub fn timezone(&self) -> chrono_tz::Tz {
        self.site
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Paris)
    }
}

/// The database path: `--db`, else `$GUICHET_DB`, else the configuration,
/// else `guichet.db` in the platform data directory.
pub fn database_path(flag: Option<&Path>, config: &Config) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("GUICHET_DB")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| config.database.path.clone())
        .or_else(|| project_dirs().map(|d| d.data_dir().join("guichet.db")))
}

#[cfg(test)]
mod tests;
