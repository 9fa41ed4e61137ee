//! `guichet --pinned`, as sshd's ForceCommand runs it: the database and the
//! configuration are the ones the administrator set in the environment, and
//! the words a client sends cannot name others (which would let them write
//! a database file anywhere the account may, or read any file as a
//! configuration and see it quoted back in the error).

mod support;

use std::process::{Command, Output};
use support::cli::{code, stderr, stdout, Site, ADMIN_PASSWORD};

/// Runs the binary as the ForceCommand line does: the site's config and
/// database in the environment, `--pinned`, then the client's words.
fn forced(site: &Site, words: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guichet"));
    cmd.arg("--pinned")
        .args(words)
        .env("GUICHET_CONFIG", &site.config)
        .env("GUICHET_DB", &site.db)
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .env("LC_ALL", "C")
        .env_remove("GUICHET_AS")
        .current_dir(site.dir.path());
    cmd.output().unwrap()
}

#[test]
fn the_sites_own_files_are_used() {
    let site = Site::new();
    site.init();
    let out = forced(&site, &["--as", "admin", "user", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("admin"));
}

#[test]
fn a_client_cannot_pick_another_database() {
    let site = Site::new();
    site.init();
    let elsewhere = site.dir.path().join("planted.db");
    for words in [
        vec!["--db", elsewhere.to_str().unwrap(), "init"],
        vec!["init", "--db", elsewhere.to_str().unwrap()],
        vec!["--as", "admin", "demo", "--db", elsewhere.to_str().unwrap()],
    ] {
        let out = forced(&site, &words);
        assert_eq!(code(&out), 2, "{words:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--pinned"), "{}", stderr(&out));
        assert!(!elsewhere.exists(), "{words:?} wrote {elsewhere:?}");
    }
}

#[test]
fn a_client_cannot_read_a_file_as_configuration() {
    let site = Site::new();
    site.init();
    let secret = site.dir.path().join("secret.txt");
    std::fs::write(&secret, "not = [toml at all: canary-7b1f\n").unwrap();
    let out = forced(
        &site,
        &[
            "--config",
            secret.to_str().unwrap(),
            "--as",
            "admin",
            "user",
            "list",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(!stderr(&out).contains("canary-7b1f"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--config"), "{}", stderr(&out));
}

#[test]
fn the_demo_dashboard_is_refused_too() {
    let site = Site::new();
    site.init();
    let out = forced(&site, &["--demo"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}
