//! The error log's writer on real files: rotation by size, several threads
//! and several processes appending at once, and the panic hook.

mod support;

use guichet::errlog::{RotatingFile, Rotation};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use support::mode;

/// Every line in the log folder, current and rotated, and the names of
/// the rotated files.
fn read_all(dir: &Path) -> (Vec<String>, BTreeSet<String>) {
    let mut lines = Vec::new();
    let mut rotated = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("guichet.log") {
            if name != "guichet.log" {
                rotated.insert(name.clone());
            }
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "{name} ends mid-line"
            );
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    (lines, rotated)
}

/// A line that says who wrote it and is easy to check whole.
fn line(writer: &str, n: usize) -> String {
    format!("{writer} {n:05} {}", "x".repeat(60))
}

fn check_whole(lines: &[String]) -> BTreeSet<(String, usize)> {
    let mut seen = BTreeSet::new();
    for l in lines {
        let parts: Vec<&str> = l.split(' ').collect();
        assert_eq!(parts.len(), 3, "split or mixed line: {l:?}");
        assert_eq!(parts[2], "x".repeat(60), "split line: {l:?}");
        let fresh = seen.insert((parts[0].to_owned(), parts[1].parse().unwrap()));
        assert!(fresh, "line twice: {l:?}");
    }
    seen
}

#[test]
fn rotation_keeps_at_most_keep_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    let file = RotatingFile::new(
        logs.clone(),
        Rotation {
            max_bytes: 1000,
            keep: 3,
        },
    );
    for n in 0..500 {
        file.append(&line("solo", n)).unwrap();
    }
    let (lines, rotated) = read_all(&logs);
    let expected: BTreeSet<String> = ["guichet.log.1", "guichet.log.2", "guichet.log.3"]
        .map(String::from)
        .into();
    assert_eq!(rotated, expected);
    for name in ["guichet.log", "guichet.log.1", "guichet.log.3"] {
        assert!(
            std::fs::metadata(logs.join(name)).unwrap().len() <= 1000,
            "{name}"
        );
    }
    // What is kept is the newest lines, in order, none missing between.
    let numbers: Vec<usize> = check_whole(&lines).into_iter().map(|(_, n)| n).collect();
    assert_eq!(numbers.last(), Some(&499));
    let first = numbers[0];
    assert_eq!(numbers, (first..500).collect::<Vec<_>>());
    assert!(
        first > 400,
        "only about four files of 1000 bytes are kept: from {first}"
    );
}

#[test]
fn threads_writing_at_once_lose_and_split_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    let file = RotatingFile::new(
        logs.clone(),
        Rotation {
            max_bytes: 4096,
            keep: 100,
        },
    );
    std::thread::scope(|s| {
        for t in 0..8 {
            let file = file.clone();
            s.spawn(move || {
                for n in 0..200 {
                    file.append(&line(&format!("thread{t}"), n)).unwrap();
                }
            });
        }
    });
    let (lines, rotated) = read_all(&logs);
    assert!(rotated.len() > 10, "rotated {} times", rotated.len());
    assert_eq!(check_whole(&lines).len(), 8 * 200);
}

/// Run by `processes_writing_at_once_lose_and_split_nothing` as a child
/// process of this test binary; alone, it does nothing.
#[test]
fn child_writer() {
    let (Ok(dir), Ok(name)) = (
        std::env::var("ERRLOG_CHILD_DIR"),
        std::env::var("ERRLOG_CHILD"),
    ) else {
        return;
    };
    let file = RotatingFile::new(
        dir.into(),
        Rotation {
            max_bytes: 4096,
            keep: 100,
        },
    );
    for n in 0..1000 {
        file.append(&line(&name, n)).unwrap();
    }
}

#[test]
fn processes_writing_at_once_lose_and_split_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    let me = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|p| {
            Command::new(&me)
                .args(["--exact", "child_writer", "--test-threads", "1"])
                .env("ERRLOG_CHILD_DIR", &logs)
                .env("ERRLOG_CHILD", format!("process{p}"))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let (lines, rotated) = read_all(&logs);
    assert!(rotated.len() > 10, "rotated {} times", rotated.len());
    assert_eq!(check_whole(&lines).len(), 4 * 1000);
    assert_eq!(mode(&logs), 0o700);
    for name in std::iter::once("guichet.log".to_string()).chain(rotated) {
        assert_eq!(mode(&logs.join(&name)), 0o600, "{name}");
    }
}

/// The panic hook logs the message and where it happened, then runs the
/// hook that was there. No user-reachable panic exists to trigger it
/// through the binary: the panic is made here, in the test's process.
#[test]
fn a_panic_is_logged_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    guichet::errlog::init("cli", Some("test panic".into()));
    guichet::errlog::set_target(&dir.path().join("guichet.db"), Rotation::default());
    let caught = std::panic::catch_unwind(|| panic!("canary panic 4417"));
    assert!(caught.is_err());
    let text = std::fs::read_to_string(dir.path().join("logs/guichet.log")).unwrap();
    let panic_line = text
        .lines()
        .find(|l| l.contains("canary panic 4417"))
        .unwrap();
    assert!(panic_line.contains(" ERROR "), "{panic_line}");
    assert!(
        panic_line.contains("message=\"panic: canary panic 4417\""),
        "{panic_line}"
    );
    assert!(
        panic_line.contains("location=tests/error_log_writer.rs:"),
        "{panic_line}"
    );
    assert!(
        panic_line.contains("command=\"test panic\""),
        "{panic_line}"
    );
}
