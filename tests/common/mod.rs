//! Helpers for tests that drive the real binary on a real database file.
#![allow(dead_code)]

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

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_guichet"));
        cmd.arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config);
        cmd.env("LC_ALL", "C")
            .env("LANG", "C")
            .env_remove("GUICHET_AS")
            .env_remove("GUICHET_PASSWORD");
        cmd.env_remove("GUICHET_DB").env_remove("GUICHET_CONFIG");
        cmd
    }

    /// Runs `args`, feeding `stdin` if given.
    pub fn run(&self, args: &[&str], password: Option<&str>, stdin: Option<&str>) -> Output {
        let mut cmd = self.command();
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
