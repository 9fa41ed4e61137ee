//! `audit tail --follow` prints entries written by other processes as they
//! arrive, one JSON object per line.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::cli::{Site, ADMIN_PASSWORD};

/// A liveness bound, not a performance target: generous for a loaded CI.
const PATIENCE: Duration = Duration::from_secs(20);

/// `audit tail --follow` as the admin, JSON lines on a pipe, from the
/// newest entry; its standard error goes to `stderr`.
fn follow(site: &Site, stderr: Stdio) -> Child {
    site.command()
        .args([
            "--as", "admin", "audit", "tail", "--follow", "--format", "json", "--limit", "1",
        ])
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

#[test]
fn follow_sees_other_processes_entries() {
    let site = Site::new();
    site.init();
    let mut follower = follow(&site, Stdio::null());
    let (lines_tx, lines) = mpsc::channel();
    let stdout = follower.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let first: serde_json::Value =
        serde_json::from_str(&lines.recv_timeout(PATIENCE).unwrap()).unwrap();
    assert_eq!(
        first["action"], "user.create",
        "the newest entry before following"
    );

    site.add_user("late-arrival", "learner", &[]);
    site.admin(&["company", "add", "Atelier Nord"]);
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let line = lines
            .recv_timeout(PATIENCE)
            .expect("the follower printed the new entries");
        let entry: serde_json::Value = serde_json::from_str(&line).unwrap();
        // The follower's own worker records the day's line of the audit
        // head in the error log: an entry of its own, not another process's.
        if entry["action"] != "audit.head_logged" {
            seen.push(entry["action"].as_str().unwrap().to_string());
        }
    }
    follower.kill().unwrap();
    let _ = follower.wait();
    assert_eq!(seen, ["user.create", "company.create"]);
}

/// `audit tail --follow | head -1`: once the reader has its line and
/// closes the pipe, the follower exits at once (status 0), without waiting
/// for a next entry that may be hours away.
#[test]
fn follow_exits_when_its_reader_closes_the_pipe() {
    let site = Site::new();
    site.init();
    let mut follower = follow(&site, Stdio::piped());
    let stdout = follower.stdout.take().unwrap();
    let (line_tx, line) = mpsc::channel();
    // Reads one line, as `head -1` does, then closes the pipe.
    std::thread::spawn(move || {
        let mut first = String::new();
        let read = BufReader::new(stdout).read_line(&mut first);
        let _ = line_tx.send(read.map(|_| first));
    });
    let first = line.recv_timeout(PATIENCE).unwrap().unwrap();
    assert!(first.contains("user.create"), "{first}");
    let deadline = std::time::Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = follower.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            follower.kill().unwrap();
            let _ = follower.wait();
            panic!("the follower still ran {PATIENCE:?} after its reader left");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut errors = String::new();
    std::io::Read::read_to_string(&mut follower.stderr.take().unwrap(), &mut errors).unwrap();
    assert!(status.success(), "{status:?}: {errors}");
    assert_eq!(errors, "", "a closed pipe is no error");
}
