//! An attach killed in mid-copy leaves a partial file (`.incoming-*`) in
//! the store; the next process that opens the site removes it, unless a
//! live process is still writing it (its lock tells). Through the real
//! binary, with kill -9.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};
use support::cli::{act, code, json, ok, stderr, Site, USER_PASSWORD};

fn partials(store: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(store) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".incoming-"))
        .map(|e| e.path())
        .collect()
}

fn site() -> Site {
    let site = Site::new();
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(act(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Journal",
            "--role",
            "technician",
        ],
    ));
    site
}

fn store(site: &Site) -> PathBuf {
    site.db.parent().unwrap().join("attachments")
}

/// An attach from standard input, fed `first` and left waiting for more.
fn attach_in_progress(site: &Site, first: &[u8]) -> (Child, ChildStdin, PathBuf) {
    let mut cmd = site.command();
    cmd.args([
        "--as", "lea", "ticket", "attach", "1", "--stdin", "--name", "big.log",
    ])
    .env("GUICHET_PASSWORD", USER_PASSWORD)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(first).unwrap();
    input.flush().unwrap();
    // Until the partial file holds what was sent so far (its writer is then
    // in mid-copy, blocked reading the rest).
    let deadline = Instant::now() + Duration::from_secs(60);
    let partial = loop {
        let full = partials(&store(site))
            .into_iter()
            .find(|p| std::fs::metadata(p).is_ok_and(|m| m.len() >= first.len() as u64));
        if let Some(p) = full {
            break p;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "attach ended early: {status}: {:?}",
                child.wait_with_output()
            );
        }
        assert!(Instant::now() < deadline, "no partial file appeared");
        std::thread::sleep(Duration::from_millis(10));
    };
    (child, input, partial)
}

#[test]
fn an_attach_killed_mid_copy_leaves_nothing_once_the_site_is_opened_again() {
    let site = site();
    let chunk = vec![b'x'; 256 * 1024];
    let (mut child, input, partial) = attach_in_progress(&site, &chunk);
    child.kill().unwrap(); // SIGKILL: no clean-up of its own.
    child.wait().unwrap();
    drop(input);
    assert!(partial.exists(), "the kill left the partial file");
    // Any command that opens the site sweeps it.
    let shown = json(&act(
        &site,
        "lea",
        &["ticket", "show", "1", "--format", "json"],
    ));
    assert!(
        partials(&store(&site)).is_empty(),
        "{:?}",
        partials(&store(&site))
    );
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 0);
}

#[test]
fn a_partial_still_being_written_is_left_to_its_writer() {
    let site = site();
    let chunk = vec![b'y'; 256 * 1024];
    let (child, mut input, partial) = attach_in_progress(&site, &chunk);
    // Another process opens the site meanwhile: the partial is locked, kept.
    ok(act(&site, "tech", &["ticket", "show", "1"]));
    assert!(partial.exists(), "a live writer's partial was removed");
    input.write_all(&chunk).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(partials(&store(&site)).is_empty());
    let shown = json(&act(
        &site,
        "lea",
        &["ticket", "show", "1", "--format", "json"],
    ));
    assert_eq!(shown["attachments"][0]["size_bytes"], 2 * chunk.len());
}
