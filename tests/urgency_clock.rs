//! Urgency as time passes, through the real binary under libfaketime: each
//! level change is made once, with one `ticket.urgency` audit entry by
//! `system` and one set of notifications, whether one process passes, three
//! pass at the same instant, or three long-running workers race.
//!
//! Every walk uses the policy `quick` (normal priority, resolution 4h, on
//! the `24x7` calendar, so office hours play no part) and a ticket opened
//! at T0 = 2026-03-02 08:00:00 UTC. With the default thresholds (soon at
//! 50%, urgent at 80%):
//!   soon    at T0 + 2h     = 10:00:00
//!   urgent  at T0 + 3h12m  = 11:12:00 (80% of 240 min = 192 min)
//!   overdue at T0 + 4h     = 12:00:00

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::cli::{act_at, code, json, ok, stderr, stdout, ticket_number, Site};

const SETUP: &str = "2026-03-02 07:00:00";
const T0: &str = "2026-03-02 08:00:00";
/// The walk: an instant, and the level the tickets are at from then on.
const WALK: [(&str, usize); 5] = [
    ("2026-03-02 09:59:00", 0), // 1h59m used of 4h: ok
    ("2026-03-02 10:00:00", 1), // 2h = 50%: soon
    ("2026-03-02 11:12:00", 2), // 3h12m = 80%: urgent
    ("2026-03-02 12:00:00", 3), // 4h = 100%: overdue
    ("2026-03-02 14:00:00", 3), // later: overdue is the last level, nothing more
];
const LEVELS: [&str; 4] = ["ok", "soon", "urgent", "overdue"];
/// Everyone who can sign in and might be notified.
const PEOPLE: [&str; 7] = ["tech1", "tech2", "lea", "car1", "car2", "admin", "admin2"];

/// A site with the `quick` policy, two technicians, a learner, a second
/// active admin and a deactivated third one.
fn desk() -> Site {
    let site = Site::new();
    site.init_at(SETUP);
    for (login, role) in [
        ("tech1", "technician"),
        ("tech2", "technician"),
        ("lea", "learner"),
        ("admin2", "admin"),
        ("admin3", "admin"),
    ] {
        site.add_user_at(SETUP, login, role, &[]);
    }
    ok(act_at(
        &site,
        SETUP,
        "admin",
        &["user", "deactivate", "admin3"],
    ));
    ok(act_at(
        &site,
        SETUP,
        "admin",
        &[
            "sla",
            "policy",
            "add",
            "quick",
            "--priority",
            "normal",
            "--resolution",
            "4h",
            "--calendar",
            "24x7",
        ],
    ));
    site
}

/// `lea` opens a normal ticket for `role` at `clock`; returns its id.
fn open(site: &Site, clock: &str, title: &str, role: &str, assignee: Option<&str>) -> i64 {
    let mut args = vec![
        "ticket",
        "new",
        "--title",
        title,
        "--role",
        role,
        "--priority",
        "normal",
    ];
    if let Some(login) = assignee {
        args.extend(["--assignee", login]);
    }
    ticket_number(&ok(act_at(site, clock, "lea", &args)))
        .parse()
        .unwrap()
}

fn level(site: &Site, clock: &str, id: i64) -> String {
    let id = id.to_string();
    let show = json(&act_at(
        site,
        clock,
        "admin",
        &["ticket", "show", &id, "--format", "json"],
    ));
    show["urgency"].as_str().unwrap().to_string()
}

/// The ticket's `ticket.urgency` entries as (old, new, notified), oldest
/// first; each must be by `system`.
fn urgency_log(site: &Site, clock: &str, id: i64) -> Vec<(String, String, i64)> {
    let id = id.to_string();
    let args = ["ticket", "history", &id, "--format", "json"];
    let history = json(&act_at(site, clock, "admin", &args));
    let entries = history.as_array().unwrap().iter();
    entries
        .filter(|e| e["action"] == "ticket.urgency")
        .map(|e| {
            assert_eq!(e["actor"], "system", "{e}");
            let s: Value = serde_json::from_str(e["summary"].as_str().unwrap()).unwrap();
            let level = |k: &str| s["urgency"][k].as_str().unwrap().to_string();
            (level("old"), level("new"), s["notified"].as_i64().unwrap())
        })
        .collect()
}

/// The log a ticket should have once it reached `reached`; `notified`:
/// how many were told at soon, urgent, overdue.
fn expected_log(reached: usize, notified: [i64; 3]) -> Vec<(String, String, i64)> {
    (0..reached)
        .map(|i| (LEVELS[i].into(), LEVELS[i + 1].into(), notified[i]))
        .collect()
}

/// `login`'s notifications as (kind, ticket), sorted.
fn inbox(site: &Site, clock: &str, login: &str, unread: bool) -> Vec<(String, i64)> {
    let mut args = vec!["notifications", "--format", "json"];
    if unread {
        args.push("--unread");
    }
    let list = json(&act_at(site, clock, login, &args));
    // Only the escalations: opening a ticket for an assignee tells them
    // too (`ticket.assigned`), which these tests are not about.
    let mut out: Vec<(String, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| {
            n["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("urgency."))
        })
        .map(|n| {
            (
                n["kind"].as_str().unwrap().into(),
                n["ticket"].as_i64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What `login` should have been told once the tickets reached `reached`:
/// the assignee of `assigned` and the caretakers for `unassigned` (nobody
/// at soon), and the admins too at overdue.
fn expected_inbox(
    login: &str,
    reached: usize,
    assigned: i64,
    unassigned: Option<i64>,
) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    let mut escalations = |id: i64| {
        if reached >= 2 {
            out.push(("urgency.urgent".to_string(), id));
        }
        if reached >= 3 {
            out.push(("urgency.overdue".to_string(), id));
        }
    };
    match login {
        "tech1" => escalations(assigned),
        "car1" | "car2" => unassigned.into_iter().for_each(escalations),
        "admin" | "admin2" if reached >= 3 => {
            for id in std::iter::once(assigned).chain(unassigned) {
                out.push(("urgency.overdue".to_string(), id));
            }
        }
        _ => {}
    }
    out.sort();
    out
}

fn urgency_once(site: &Site, clock: &str) -> Command {
    let mut cmd = site.command_at(clock);
    cmd.args(["--format", "json", "urgency", "run", "--once"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn one_process_moves_each_level_once_and_tells_the_right_people() {
    let site = desk();
    let assigned = open(&site, T0, "Imprimante bloquée", "technician", Some("tech1"));
    // Nobody holds the role caretaker yet: this one waits unassigned, and
    // its escalations go to the role's active members added afterwards.
    let unassigned = open(&site, T0, "Porte du hall", "caretaker", None);
    for login in ["car1", "car2", "car3"] {
        site.add_user_at(T0, login, "caretaker", &[]);
    }
    ok(act_at(&site, T0, "admin", &["user", "deactivate", "car3"]));
    let show = json(&act_at(
        &site,
        T0,
        "admin",
        &[
            "ticket",
            "show",
            &unassigned.to_string(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(show["assignee"], Value::Null);

    for (clock, reached) in WALK {
        let out = urgency_once(&site, clock).output().unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        for id in [assigned, unassigned] {
            assert_eq!(
                level(&site, clock, id),
                LEVELS[reached],
                "ticket {id} at {clock}"
            );
        }
        // One entry per change, by system; `notified` counts the active
        // people only: admin3 and car3 are deactivated.
        let log = urgency_log(&site, clock, assigned);
        assert_eq!(log, expected_log(reached, [0, 1, 3]), "at {clock}");
        let log = urgency_log(&site, clock, unassigned);
        assert_eq!(log, expected_log(reached, [0, 2, 4]), "at {clock}");
        for login in PEOPLE {
            let expected = expected_inbox(login, reached, assigned, Some(unassigned));
            assert_eq!(
                inbox(&site, clock, login, false),
                expected,
                "{login} at {clock}"
            );
        }
    }

    // Reading them all leaves nothing unread, and keeps them listed.
    let end = WALK[4].0;
    for login in ["tech1", "admin"] {
        assert_eq!(inbox(&site, end, login, true).len(), 2, "{login}");
        // `read --all` marks every kind, the assignment ones too.
        let unread = ["notifications", "--unread", "--format", "json"];
        let all = json(&act_at(&site, end, login, &unread));
        let count = all.as_array().map_or(0, Vec::len).to_string();
        let said = ok(act_at(
            &site,
            end,
            login,
            &["notifications", "read", "--all"],
        ));
        assert!(said.contains(&count), "{said}");
        assert_eq!(inbox(&site, end, login, true), vec![], "{login}");
        assert_eq!(inbox(&site, end, login, false).len(), 2, "{login}");
    }
    // Somebody else's are untouched.
    assert_eq!(inbox(&site, end, "admin2", true).len(), 2);
}

/// The walk of the single-process test, with three `urgency run --once`
/// spawned together at each instant, twice on a fresh file to make a race
/// likely. Every process succeeds, the losers of a race included (their
/// pass finds nothing left to do), and each change is made once.
fn walk_three_at_once() {
    for round in 0..2 {
        let site = desk();
        let id = open(&site, T0, "Vidéoprojecteur", "technician", Some("tech1"));
        for (clock, reached) in WALK {
            let children: Vec<Child> = (0..3)
                .map(|_| urgency_once(&site, clock).spawn().unwrap())
                .collect();
            for child in children {
                let out = child.wait_with_output().unwrap();
                assert_eq!(code(&out), 0, "round {round} at {clock}: {}", stderr(&out));
            }
            assert_eq!(level(&site, clock, id), LEVELS[reached]);
            let log = urgency_log(&site, clock, id);
            assert_eq!(
                log,
                expected_log(reached, [0, 1, 3]),
                "round {round} at {clock}"
            );
            for login in ["tech1", "admin", "admin2"] {
                let expected = expected_inbox(login, reached, id, None);
                let got = inbox(&site, clock, login, false);
                assert_eq!(got, expected, "round {round}: {login} at {clock}");
            }
        }
    }
}

#[test]
fn three_processes_at_the_same_instant_move_each_level_once() {
    walk_three_at_once();
}

/// Long-running workers, killed by the guard if the test fails first.
struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn three_workers_racing_move_each_level_once_and_stop_on_sigterm() {
    let site = Site::with_config("[urgency]\ninterval_secs = 1\n");
    site.init_at(SETUP);
    site.add_user_at(SETUP, "tech1", "technician", &[]);
    site.add_user_at(SETUP, "lea", "learner", &[]);
    site.add_user_at(SETUP, "admin2", "admin", &[]);
    let quick = [
        "sla",
        "policy",
        "add",
        "quick",
        "--priority",
        "normal",
        "--resolution",
        "4h",
        "--calendar",
        "24x7",
    ];
    ok(act_at(&site, SETUP, "admin", &quick));
    let id = open(&site, T0, "Réseau salle 2", "technician", Some("tech1"));

    // Each worker's clock starts at 09:56 and runs 600 times fast: one real
    // second (one pass) is ten minutes. Soon (10:00) comes about 0.4 s in,
    // urgent (11:12) about 7.6 s in, overdue (12:00) about 12.4 s in; the
    // soon and urgent windows last 7.2 s and 4.8 s, several passes each.
    let (tx, rx) = mpsc::channel::<(usize, Value)>();
    let mut workers = Workers(Vec::new());
    let mut readers = Vec::new();
    for n in 0..3 {
        let mut child = site
            .command_at("@2026-03-02 09:56:00 x600")
            .args(["--format", "json", "urgency", "run"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        workers.0.push(child);
        let tx = tx.clone();
        readers.push(std::thread::spawn(move || {
            // The worker prints one JSON object per change.
            for line in out.lines().map_while(Result::ok) {
                if let Ok(change) = serde_json::from_str::<Value>(&line) {
                    let _ = tx.send((n, change));
                }
            }
        }));
    }
    drop(tx);

    let deadline = Instant::now() + Duration::from_secs(60);
    let mut changes = Vec::new();
    while !changes
        .iter()
        .any(|(_, c): &(usize, Value)| c["urgency"] == "overdue")
    {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(change) => changes.push(change),
            Err(_) => panic!("not overdue after 60 s; changes seen: {changes:?}"),
        }
    }

    for child in &workers.0 {
        let pid = child.id().to_string();
        let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(status.success(), "kill -TERM {pid}");
    }
    for (n, child) in workers.0.iter_mut().enumerate() {
        let stop = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < stop,
                "worker {n} still running 10 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "worker {n} exited with {status}");
    }
    for reader in readers {
        reader.join().unwrap();
    }
    changes.extend(rx.try_iter());

    // Each change reported by exactly one worker, and logged exactly once.
    let mut reported: Vec<(String, String)> = changes
        .iter()
        .map(|(_, c)| {
            assert_eq!(c["id"], id, "{c}");
            let key = |k: &str| c[k].as_str().unwrap().to_string();
            (key("urgency_from"), key("urgency"))
        })
        .collect();
    reported.sort_by_key(|(_, to)| LEVELS.iter().position(|l| l == to));
    let expected: Vec<(String, String)> = expected_log(3, [0, 1, 3])
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    assert_eq!(reported, expected, "{changes:?}");
    let after = "2026-03-02 18:00:00";
    assert_eq!(urgency_log(&site, after, id), expected_log(3, [0, 1, 3]));
    for login in ["tech1", "admin", "admin2", "lea"] {
        let expected = expected_inbox(login, 3, id, None);
        assert_eq!(inbox(&site, after, login, false), expected, "{login}");
    }
}

#[test]
fn urgency_run_once_reports_the_changes_it_makes() {
    let site = desk();
    let id = open(&site, T0, "Clavier", "technician", Some("tech1"));
    // Nothing else runs between 08:00 and 10:00: this process is the one
    // that moves the ticket to soon, and it says so.
    let out = urgency_once(&site, WALK[1].0).output().unwrap();
    let printed = stdout(&out);
    assert_eq!(level(&site, WALK[1].0, id), "soon");
    let change: Value =
        serde_json::from_str(printed.trim()).unwrap_or_else(|e| panic!("{e}: printed {printed:?}"));
    assert_eq!(change["id"], id);
    assert_eq!(change["urgency_from"], "ok");
    assert_eq!(change["urgency"], "soon");
}
