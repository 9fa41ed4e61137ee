//! The command line's test level: the real binary on a real database file
//! in a temporary site (`Site`), its output read back, and libfaketime to
//! run it at a chosen instant.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const ADMIN_PASSWORD: &str = "Admin-pass-for-tests-1";
pub const USER_PASSWORD: &str = "User-pass-for-tests-42";

/// A temporary site: a database path and a config with a cheap bcrypt cost.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl Site {
    pub fn new() -> Site {
        Site::with_config("")
    }

    /// `extra` is appended to the `[security]` table.
    pub fn with_config(extra: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("guichet.db");
        let config = dir.path().join("config.toml");
        std::fs::write(&config, format!("[security]\nbcrypt_cost = 4\n{extra}")).unwrap();
        Site { dir, db, config }
    }

    /// The binary on this site, run from the site's folder.
    pub fn command(&self) -> Command {
        let mut cmd = binary(&self.db, &self.config);
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Runs `args`, feeding `stdin` if given.
    pub fn run(&self, args: &[&str], password: Option<&str>, stdin: Option<&str>) -> Output {
        finish(self.command(), args, password, stdin)
    }

    /// Runs as `login` with `password`, and returns the exit code.
    pub fn as_user(&self, login: &str, password: &str, args: &[&str]) -> Output {
        let mut full = vec!["--as", login];
        full.extend_from_slice(args);
        self.run(&full, Some(password), None)
    }

    pub fn admin(&self, args: &[&str]) -> Output {
        self.as_user("admin", ADMIN_PASSWORD, args)
    }

    pub fn init(&self) {
        let out = self.run(
            &["init", "--password-stdin"],
            None,
            Some(&format!("{ADMIN_PASSWORD}\n")),
        );
        assert_ok(&out);
    }

    /// Adds a user through the admin, with the shared test password.
    pub fn add_user(&self, login: &str, role: &str, extra: &[&str]) {
        let mut args = vec![
            "--as",
            "admin",
            "user",
            "add",
            "--login",
            login,
            "--name",
            login,
            "--role",
            role,
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        let out = self.run(
            &args,
            Some(ADMIN_PASSWORD),
            Some(&format!("{USER_PASSWORD}\n")),
        );
        assert_ok(&out);
    }

    pub fn path(&self) -> &Path {
        &self.db
    }

    /// A plain SQLite connection to the site's file.
    pub fn raw(&self) -> rusqlite::Connection {
        super::raw(&self.db)
    }

    /// The error log, in the database's folder.
    pub fn log_file(&self) -> PathBuf {
        self.db.parent().unwrap().join("logs").join("guichet.log")
    }

    /// What the error log holds so far (nothing before its first line).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log_file()).unwrap_or_default()
    }
}

/// The real binary on `db` and `config`, its messages in English, with
/// none of the test's own GUICHET_* or ssh variables.
pub fn binary(db: &Path, config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guichet"));
    cmd.arg("--db").arg(db).arg("--config").arg(config);
    cmd.env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("GUICHET_AS")
        .env_remove("GUICHET_PASSWORD");
    cmd.env_remove("GUICHET_DB").env_remove("GUICHET_CONFIG");
    // The person's own account, working in the site's folder: by default
    // its files may be attached (a test of a shared account over ssh sets
    // SSH_CONNECTION itself).
    for var in ["SSH_CONNECTION", "SSH_ORIGINAL_COMMAND", "SSH_CLIENT"] {
        cmd.env_remove(var);
    }
    cmd
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn assert_ok(out: &Output) {
    assert_eq!(
        code(out),
        0,
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
}

pub fn json(out: &Output) -> serde_json::Value {
    assert_ok(out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs as `login`, with the admin's or the shared test password.
pub fn act(site: &Site, login: &str, args: &[&str]) -> Output {
    let password = if login == "admin" {
        ADMIN_PASSWORD
    } else {
        USER_PASSWORD
    };
    site.as_user(login, password, args)
}

/// Asserts success and returns what was printed.
pub fn ok(out: Output) -> String {
    assert_eq!(
        code(&out),
        0,
        "stdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The number of the ticket `ticket new` printed (`Ticket #12 opened…`).
pub fn ticket_number(printed: &str) -> String {
    let id: String = printed
        .split('#')
        .nth(1)
        .unwrap_or_else(|| panic!("no ticket number in {printed:?}"))
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(!id.is_empty(), "{printed}");
    id
}

/// The libfaketime library, preloaded into the binary to run it at a
/// chosen instant. The clock tests need it: its absence is a failure with
/// a message saying what to install, never a silent pass.
pub fn libfaketime() -> PathBuf {
    let mut dirs = vec![
        PathBuf::from("/usr/lib64/faketime"),
        PathBuf::from("/usr/lib/faketime"),
        PathBuf::from("/usr/local/lib/faketime"),
    ];
    // Debian and Ubuntu: /usr/lib/<multiarch triple>/faketime.
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        dirs.extend(entries.flatten().map(|e| e.path().join("faketime")));
    }
    for dir in &dirs {
        // The multi-threaded variant: the urgency worker reads the clock
        // from a second thread.
        for name in ["libfaketimeMT.so.1", "libfaketime.so.1"] {
            let lib = dir.join(name);
            if lib.is_file() {
                return lib;
            }
        }
    }
    panic!(
        "libfaketime not found (looked for libfaketimeMT.so.1 and libfaketime.so.1 in \
         /usr/lib/*/faketime, /usr/lib64/faketime, /usr/lib/faketime, /usr/local/lib/faketime): \
         install faketime (Debian/Ubuntu: apt-get install faketime); the clock tests cannot run \
         without it"
    );
}

impl Site {
    /// `command()` with the child's clock set by libfaketime. `clock` is a
    /// FAKETIME value read in UTC: "2026-03-02 08:00:00" stops the clock at
    /// that instant (every step deterministic); "@2026-03-02 08:00:00 x600"
    /// starts it there, 600 times faster. Only the wall clock is shifted:
    /// timeouts and sleeps keep real time.
    pub fn command_at(&self, clock: &str) -> Command {
        let mut cmd = self.command();
        cmd.env("LD_PRELOAD", libfaketime())
            .env("FAKETIME", clock)
            .env("TZ", "UTC")
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .env("NO_FAKE_STAT", "1")
            .env_remove("FAKETIME_SHARED");
        cmd
    }

    /// `run` at the instant `clock` (see `command_at`).
    pub fn run_at(
        &self,
        clock: &str,
        args: &[&str],
        password: Option<&str>,
        stdin: Option<&str>,
    ) -> Output {
        finish(self.command_at(clock), args, password, stdin)
    }

    /// `init` at the instant `clock`.
    pub fn init_at(&self, clock: &str) {
        let password = format!("{ADMIN_PASSWORD}\n");
        let out = self.run_at(clock, &["init", "--password-stdin"], None, Some(&password));
        assert_ok(&out);
    }

    /// `add_user` at the instant `clock`.
    pub fn add_user_at(&self, clock: &str, login: &str, role: &str, extra: &[&str]) {
        let mut args = vec![
            "--as",
            "admin",
            "user",
            "add",
            "--login",
            login,
            "--name",
            login,
            "--role",
            role,
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        let password = format!("{USER_PASSWORD}\n");
        let out = self.run_at(clock, &args, Some(ADMIN_PASSWORD), Some(&password));
        assert_ok(&out);
    }
}

/// `act` at the instant `clock` (see `Site::command_at`).
pub fn act_at(site: &Site, clock: &str, login: &str, args: &[&str]) -> Output {
    let password = if login == "admin" {
        ADMIN_PASSWORD
    } else {
        USER_PASSWORD
    };
    let mut full = vec!["--as", login];
    full.extend_from_slice(args);
    site.run_at(clock, &full, Some(password), None)
}

/// Runs `cmd` with `args`, the password in the environment if given, and
/// `stdin` fed to it.
fn finish(mut cmd: Command, args: &[&str], password: Option<&str>, stdin: Option<&str>) -> Output {
    cmd.args(args);
    if let Some(p) = password {
        cmd.env("GUICHET_PASSWORD", p);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}
