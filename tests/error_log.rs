//! The error log through the real binary: what a failed command leaves in
//! `logs/guichet.log`, what never goes there, and the daily audit head.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};
use support::cli::{act, act_at, code, stderr, Site, ADMIN_PASSWORD};
use support::mode;

#[test]
fn a_refused_command_leaves_a_line_with_front_end_login_command_and_error() {
    let site = Site::new();
    site.init();
    site.add_user("lea", "learner", &[]);
    let out = act(
        &site,
        "lea",
        &[
            "user",
            "add",
            "--login",
            "zoe-canary-login",
            "--name",
            "Zoé Canary",
            "--role",
            "admin",
        ],
    );
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let shown = stderr(&out)
        .trim()
        .trim_start_matches("guichet: ")
        .to_string();
    let text = site.log_text();
    let line = text
        .lines()
        .find(|l| l.contains("login=lea"))
        .unwrap_or_else(|| panic!("no line for lea in {text:?}"));
    assert!(line.contains(" ERROR "), "{line}");
    assert!(line.contains("front=cli"), "{line}");
    assert!(line.contains("command=\"user add\""), "{line}");
    assert!(
        line.contains(&shown.replace('"', "\\\"")),
        "{shown:?} in {line}"
    );
    // The time first, in UTC, RFC 3339.
    let at = line.split(' ').next().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
        "{line}"
    );
    assert!(
        !text.contains("zoe-canary-login") && !text.contains("Canary"),
        "{text}"
    );
    assert_eq!(mode(&site.log_file()), 0o600);
    assert_eq!(mode(site.log_file().parent().unwrap()), 0o700);
}

#[test]
fn no_password_nor_argument_value_reaches_the_log() {
    let site = Site::new();
    site.init();
    // A wrong password in the environment, for a login that does not exist.
    let out = site.as_user(
        "mallory-canary",
        "Env-Canary-Pass-7391",
        &["ticket", "list"],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    // A password on standard input, for a command refused afterwards.
    let out = site.run(
        &[
            "--as",
            "admin",
            "user",
            "add",
            "--login",
            "arg-canary-login",
            "--name",
            "Arg Canary Name",
            "--role",
            "no-such-role-canary",
            "--password-stdin",
        ],
        Some(ADMIN_PASSWORD),
        Some("Stdin-Canary-Pass-5512\n"),
    );
    assert_ne!(code(&out), 0);
    let text = site.log_text();
    assert!(
        text.contains("sign-in failed") || text.contains("command=\"ticket list\""),
        "{text}"
    );
    assert!(text.contains("command=\"user add\""), "{text}");
    for canary in [
        "Env-Canary-Pass-7391",
        "Stdin-Canary-Pass-5512",
        ADMIN_PASSWORD,
        "mallory-canary",
        "arg-canary-login",
        "Arg Canary Name",
    ] {
        assert!(!text.contains(canary), "{canary} in the log:\n{text}");
    }
    // The sign-in failure names nobody.
    let failed = text.lines().find(|l| l.contains("ticket list")).unwrap();
    assert!(failed.contains("login=-"), "{failed}");
}

fn head_lines(site: &Site) -> Vec<String> {
    site.log_text()
        .lines()
        .filter(|l| l.contains("message=\"audit head\""))
        .map(|l| {
            let anchor = l
                .split(' ')
                .find_map(|f| f.strip_prefix("anchor="))
                .unwrap();
            anchor.to_string()
        })
        .collect()
}

fn anchor_at(site: &Site, clock: &str) -> String {
    let out = act_at(
        site,
        clock,
        "admin",
        &["audit", "anchor", "--format", "json"],
    );
    support::cli::json(&out)[0]["anchor"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_worker_writes_the_audit_head_once_a_day_across_processes() {
    let site = Site::new();
    let day1 = "2026-03-02 08:00:00";
    site.init_at(day1);
    site.add_user_at(day1, "tech1", "technician", &[]);
    let first = anchor_at(&site, day1);
    support::cli::assert_ok(&act_at(&site, day1, "admin", &["urgency", "run", "--once"]));
    assert_eq!(head_lines(&site), vec![first.clone()]);
    // The same day again: nothing more.
    support::cli::assert_ok(&act_at(&site, day1, "admin", &["urgency", "run", "--once"]));
    assert_eq!(head_lines(&site), vec![first.clone()]);

    // The next day, four processes at once: one line.
    let day2 = "2026-03-03 08:00:00";
    let second = anchor_at(&site, day2);
    assert_ne!(second, first);
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut cmd = site.command_at(day2);
            cmd.args(["--as", "admin", "urgency", "run", "--once"])
                .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(head_lines(&site), vec![first.clone(), second.clone()]);

    // The day after, the long-running worker of `urgency run` writes it.
    let day3 = "2026-03-04 08:00:00";
    let third = anchor_at(&site, day3);
    let mut cmd = site.command_at(day3);
    cmd.args(["--as", "admin", "urgency", "run"])
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut worker = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while head_lines(&site).len() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    worker.kill().unwrap();
    worker.wait().unwrap();
    assert_eq!(
        head_lines(&site),
        vec![first.clone(), second.clone(), third]
    );

    // Each logged value is taken by `audit verify --anchor`.
    for anchor in [first, second] {
        let out = act_at(
            &site,
            day3,
            "admin",
            &["audit", "verify", "--anchor", &anchor],
        );
        support::cli::assert_ok(&out);
    }
}
