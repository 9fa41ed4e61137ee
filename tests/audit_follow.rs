//! `audit tail --follow` prints entries written by other processes as they
//! arrive, one JSON object per line.

mod common;

use common::{Site, ADMIN_PASSWORD};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

/// A liveness bound, not a performance target: generous for a loaded CI.
const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn follow_sees_other_processes_entries() {
    let site = Site::new();
    site.init();
    let mut follower = site
        .command()
        .args([
            "--as", "admin", "audit", "tail", "--follow", "--format", "json", "--limit", "1",
        ])
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
        seen.push(entry["action"].as_str().unwrap().to_string());
    }
    follower.kill().unwrap();
    let _ = follower.wait();
    assert_eq!(seen, ["user.create", "company.create"]);
}
