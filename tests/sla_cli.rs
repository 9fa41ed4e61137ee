//! `sla explain` and `ticket queue` through the real binary, at chosen
//! instants (libfaketime): the deadlines and clocks below are worked out by
//! hand in the comments.
//!
//! The default policy counts in the `default` calendar, Mon–Fri 09:00–18:00
//! Europe/Paris; resolution targets: critical 4h, high 9h, normal 27h, low
//! 45h. Paris is UTC+1 until Sunday 29 March 2026 (02:00 → 03:00), then
//! UTC+2 until Sunday 25 October 2026 (03:00 → 02:00). Instants passed to
//! the binary are UTC; each comment gives the Paris time first.

mod support;

use chrono::DateTime;
use serde_json::Value;
use support::cli::{act_at, json, ok, ticket_number, Site};

const SETUP: &str = "2026-03-01 12:00:00";

/// A site with a technician and two learners.
fn desk() -> Site {
    let site = Site::new();
    site.init_at(SETUP);
    site.add_user_at(SETUP, "tech1", "technician", &[]);
    site.add_user_at(SETUP, "lea", "learner", &[]);
    site.add_user_at(SETUP, "max", "learner", &[]);
    site
}

/// `login` opens a ticket for tech1 at `clock`; returns its id.
fn open(site: &Site, clock: &str, login: &str, title: &str, priority: &str) -> String {
    let args = [
        "ticket",
        "new",
        "--title",
        title,
        "--role",
        "technician",
        "--assignee",
        "tech1",
        "--priority",
        priority,
    ];
    ticket_number(&ok(act_at(site, clock, login, &args)))
}

fn seconds(time: &Value) -> i64 {
    let text = time
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {time}"));
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

/// `sla explain` at `clock`, after checking that its timeline adds up:
/// segments from the opening to now without gap or overlap, each counting
/// all of its length or none of it, and summing to `elapsed_seconds`.
fn explain(site: &Site, clock: &str, id: &str, opened: &str) -> Value {
    let e = json(&act_at(
        site,
        clock,
        "admin",
        &["sla", "explain", id, "--format", "json"],
    ));
    let segments = e["timeline"].as_array().unwrap();
    assert!(!segments.is_empty(), "{e}");
    assert_eq!(segments[0]["from"], opened, "{e}");
    assert_eq!(segments.last().unwrap()["to"], e["now"], "{e}");
    for pair in segments.windows(2) {
        assert_eq!(pair[0]["to"], pair[1]["from"], "a gap or an overlap: {e}");
    }
    let mut sum = 0;
    for s in segments {
        let length = seconds(&s["to"]) - seconds(&s["from"]);
        let counted = s["counted_seconds"].as_i64().unwrap();
        assert!(length > 0, "{s}");
        let expected = if s["clock"] == "counted" { length } else { 0 };
        assert_eq!(counted, expected, "{s}");
        sum += counted;
    }
    assert_eq!(sum, e["elapsed_seconds"].as_i64().unwrap(), "{e}");
    e
}

/// The counted stretches of a timeline as (from, to).
fn counted(e: &Value) -> Vec<(String, String)> {
    let segments = e["timeline"].as_array().unwrap();
    segments
        .iter()
        .filter(|s| s["counted_seconds"].as_i64().unwrap() > 0)
        .map(|s| {
            (
                s["from"].as_str().unwrap().into(),
                s["to"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pair(from: &str, to: &str) -> (String, String) {
    (from.into(), to.into())
}

/// Asserts the resolution figures of an explanation.
fn assert_resolution(e: &Value, elapsed: i64, shown: [&str; 3], due: &str) {
    assert_eq!(e["elapsed_seconds"], elapsed, "{e}");
    assert_eq!(e["resolution_elapsed"], shown[0], "{e}");
    assert_eq!(e["resolution_remaining"], shown[1], "{e}");
    assert_eq!(e["resolution_target"], shown[2], "{e}");
    assert_eq!(e["resolution_due"], due, "{e}");
}

#[test]
fn a_friday_evening_ticket_is_due_on_monday_morning() {
    let site = desk();
    // Critical, opened Friday 6 March 17:00 (16:00Z).
    let id = open(
        &site,
        "2026-03-06 16:00:00",
        "lea",
        "Serveur en panne",
        "critical",
    );
    // Explained Monday 9 March 10:30 (09:30Z). Counted: Friday 17:00–18:00
    // (1h) and Monday 09:00–10:30 (1h30m) = 2h30m = 9000 s, 1h30m left:
    // due Monday 12:00 (11:00Z). First response (1h): Friday 18:00 (17:00Z).
    let e = explain(&site, "2026-03-09 09:30:00", &id, "2026-03-06T16:00:00Z");
    assert_resolution(&e, 9000, ["2h30m", "1h30m", "4h"], "2026-03-09T11:00:00Z");
    assert_eq!(e["first_response_due"], "2026-03-06T17:00:00Z");
    let stretches = counted(&e);
    let expected = [
        pair("2026-03-06T16:00:00Z", "2026-03-06T17:00:00Z"),
        pair("2026-03-09T08:00:00Z", "2026-03-09T09:30:00Z"),
    ];
    assert_eq!(stretches, expected, "{e}");
    // 62.5% used: soon (and critical is never below soon).
    assert_eq!(e["urgency"], "soon");
    assert_eq!(e["calendar"], "default (Europe/Paris)");
}

#[test]
fn time_on_hold_is_not_counted() {
    let site = desk();
    // Normal (27h), opened Wednesday 4 March 10:00 (09:00Z).
    let id = open(
        &site,
        "2026-03-04 09:00:00",
        "lea",
        "Compte bloqué",
        "normal",
    );
    // tech1 puts it on hold Thursday 16:00 (15:00Z) and takes it back in
    // hand Monday 9 March 11:00 (10:00Z).
    ok(act_at(
        &site,
        "2026-03-05 15:00:00",
        "tech1",
        &["ticket", "status", &id, "on_hold"],
    ));
    let resume = ["ticket", "status", &id, "in_progress"];
    ok(act_at(&site, "2026-03-09 10:00:00", "tech1", &resume));
    // Explained Monday 15:00 (14:00Z). Counted: Wednesday 10:00–18:00 (8h),
    // Thursday 09:00–16:00 (7h), Monday 11:00–15:00 (4h) = 19h = 68400 s;
    // 8h left: Monday 15:00–18:00 (3h), then Tuesday 09:00 + 5h = Tuesday
    // 10 March 14:00 (13:00Z).
    let e = explain(&site, "2026-03-09 14:00:00", &id, "2026-03-04T09:00:00Z");
    assert_resolution(&e, 68_400, ["19h", "8h", "27h"], "2026-03-10T13:00:00Z");
    let expected = [
        pair("2026-03-04T09:00:00Z", "2026-03-04T17:00:00Z"),
        pair("2026-03-05T08:00:00Z", "2026-03-05T15:00:00Z"),
        pair("2026-03-09T10:00:00Z", "2026-03-09T14:00:00Z"),
    ];
    assert_eq!(counted(&e), expected, "{e}");
    // The hold, Friday's office hours included, is one paused stretch of
    // the timeline: from Thursday 15:00Z to Monday 10:00Z.
    let held: Vec<&Value> = e["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "on_hold")
        .collect();
    assert!(held.iter().all(|s| s["clock"] == "paused"), "{e}");
    assert_eq!(held.first().unwrap()["from"], "2026-03-05T15:00:00Z");
    assert_eq!(held.last().unwrap()["to"], "2026-03-09T10:00:00Z");
    assert_eq!(e["status"], "in_progress");
    // 19h of 27h = 70%: soon.
    assert_eq!(e["urgency"], "soon");
    // The first response (tech1 putting it on hold, Thursday 16:00) stops
    // its own clock there: 8h + 7h = 15h elapsed against a 4h target, 11h
    // late; it was due Wednesday 14:00 (13:00Z).
    assert_eq!(e["first_responded_at"], "2026-03-05T15:00:00Z");
    assert_eq!(e["first_response_elapsed"], "15h", "{e}");
    assert_eq!(e["first_response_remaining"], "-11h", "{e}");
    assert_eq!(e["first_response_due"], "2026-03-04T13:00:00Z", "{e}");
}

#[test]
fn a_closed_day_is_skipped() {
    let site = desk();
    // Critical, opened Friday 3 April 16:00 (UTC+2 now: 14:00Z). As the
    // calendar stands, due Monday 6 April 11:00 (09:00Z): 2h on Friday,
    // 2h on Monday.
    let id = open(
        &site,
        "2026-04-03 14:00:00",
        "lea",
        "Badge refusé",
        "critical",
    );
    let show = |clock: &str| {
        let args = ["ticket", "show", id.as_str(), "--format", "json"];
        json(&act_at(&site, clock, "admin", &args))
    };
    assert_eq!(
        show("2026-04-03 14:20:00")["resolution_due"],
        "2026-04-06T09:00:00Z"
    );
    // Easter Monday is closed: the open ticket is re-targeted at once, to
    // Tuesday 7 April 11:00 (09:00Z).
    let close = ["sla", "calendar", "close", "default", "2026-04-06"];
    ok(act_at(&site, "2026-04-03 14:30:00", "admin", &close));
    assert_eq!(
        show("2026-04-03 14:30:00")["resolution_due"],
        "2026-04-07T09:00:00Z"
    );
    // Explained Tuesday 10:00 (08:00Z). Counted: Friday 16:00–18:00 (2h)
    // and Tuesday 09:00–10:00 (1h) = 3h = 10800 s; 1h left.
    let e = explain(&site, "2026-04-07 08:00:00", &id, "2026-04-03T14:00:00Z");
    assert_resolution(&e, 10_800, ["3h", "1h", "4h"], "2026-04-07T09:00:00Z");
    let expected = [
        pair("2026-04-03T14:00:00Z", "2026-04-03T16:00:00Z"),
        pair("2026-04-07T07:00:00Z", "2026-04-07T08:00:00Z"),
    ];
    assert_eq!(counted(&e), expected, "{e}");
    // The timeline says why Monday did not count.
    let segments = e["timeline"].as_array().unwrap();
    assert!(
        segments
            .iter()
            .any(|s| s["clock"].as_str().unwrap().contains("2026-04-06")),
        "{e}"
    );
    // 3h of 4h = 75%: soon.
    assert_eq!(e["urgency"], "soon");
}

#[test]
fn a_24x7_clock_counts_real_time_across_clock_changes() {
    let site = desk();
    let round = [
        "sla",
        "policy",
        "add",
        "round",
        "--priority",
        "high",
        "--resolution",
        "9h",
        "--calendar",
        "24x7",
    ];
    ok(act_at(&site, SETUP, "admin", &round));

    // Spring forward. High (9h, every hour counts), opened Saturday 28
    // March 20:00 (19:00Z). Explained Sunday 03:30 (01:30Z): the clocks
    // skipped 02:00–03:00, so 6h30m have passed (23400 s), not the 7h30m
    // the wall clock shows; due 19:00Z + 9h = Sunday 04:00Z (06:00 local,
    // not 05:00).
    let id = open(&site, "2026-03-28 19:00:00", "lea", "Alarme", "high");
    let e = explain(&site, "2026-03-29 01:30:00", &id, "2026-03-28T19:00:00Z");
    assert_resolution(&e, 23_400, ["6h30m", "2h30m", "9h"], "2026-03-29T04:00:00Z");
    assert_eq!(e["calendar"], "24x7 (Europe/Paris)");

    // Fall back. Opened Saturday 24 October 20:00 (18:00Z). Explained
    // Sunday 03:30 (now UTC+1: 02:30Z): 02:00–03:00 came twice, so 8h30m
    // have passed (30600 s), not 7h30m; due 18:00Z + 9h = Sunday 03:00Z
    // (04:00 local).
    let id = open(&site, "2026-10-24 18:00:00", "lea", "Chauffage", "high");
    let e = explain(&site, "2026-10-25 02:30:00", &id, "2026-10-24T18:00:00Z");
    assert_resolution(&e, 30_600, ["8h30m", "30m", "9h"], "2026-10-25T03:00:00Z");
}

/// The queue as seen by `login` at `clock`: (id, urgency, resolution_due).
fn queue(site: &Site, clock: &str, login: &str, within: Option<&str>) -> Vec<[String; 3]> {
    let mut args = vec!["ticket", "queue", "--format", "json"];
    if let Some(w) = within {
        args.extend(["--breaching-within", w]);
    }
    let list = json(&act_at(site, clock, login, &args));
    let text = |v: &Value| v.as_str().unwrap().to_string();
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            [
                t["id"].to_string(),
                text(&t["urgency"]),
                text(&t["resolution_due"]),
            ]
        })
        .collect()
}

#[test]
fn the_queue_puts_the_most_urgent_first_then_the_nearest_deadline() {
    let site = desk();
    // Opened in this order (ids 1 to 8), by lea and max in turn, so that
    // within each level the deadlines run against the ids. Paris time,
    // then UTC; due date worked out in business hours.
    let tickets = [
        // 1: high, Mon 2 March 09:00 (08:00Z) + 9h → Mon 18:00 (17:00Z)
        ("2026-03-02 08:00:00", "lea", "high"),
        // 2: critical, Mon 10:00 (09:00Z) + 4h → Mon 14:00 (13:00Z)
        ("2026-03-02 09:00:00", "max", "critical"),
        // 3: high, Tue 3 March 09:30 (08:30Z) + 9h: 8h30m on Tuesday, then
        //    Wed 09:30 (08:30Z)
        ("2026-03-03 08:30:00", "lea", "high"),
        // 4: high, Tue 11:30 (10:30Z): 6h30m on Tuesday, then Wed 11:30
        //    (10:30Z)
        ("2026-03-03 10:30:00", "max", "high"),
        // 5: low, Tue 13:00 (12:00Z) + 45h: 5h Tue, 9h each Wed, Thu, Fri,
        //    Mon, then 4h on Tue 10 March → 13:00 (12:00Z)
        ("2026-03-03 12:00:00", "lea", "low"),
        // 6: critical, Tue 13:30 (12:30Z) + 4h → Tue 17:30 (16:30Z)
        ("2026-03-03 12:30:00", "max", "critical"),
        // 7: normal, Tue 15:00 (14:00Z) + 27h: 3h Tue, 9h Wed, 9h Thu, then
        //    6h on Friday 6 March → 15:00 (14:00Z)
        ("2026-03-03 14:00:00", "lea", "normal"),
        // 8: critical, Tue 16:00 (15:00Z): 2h on Tuesday, then Wed 11:00
        //    (10:00Z)
        ("2026-03-03 15:00:00", "max", "critical"),
    ];
    for (n, (clock, login, priority)) in tickets.iter().enumerate() {
        let id = open(&site, clock, login, &format!("Ticket {}", n + 1), priority);
        assert_eq!(id, (n + 1).to_string());
    }

    // Now: Tuesday 3 March 17:00 (16:00Z). Used of each target: 1 and 2
    // are past it (overdue); 6: 3h30m of 4h = 87.5% and 3: 7h30m of 9h =
    // 83% (urgent); 8: 1h of 4h = 25%, critical so soon, and 4: 5h30m of
    // 9h = 61% (soon); 7: 2h of 27h and 5: 4h of 45h (ok).
    let now = "2026-03-03 16:00:00";
    let row = |id: &str, level: &str, due: &str| [id.to_string(), level.into(), due.into()];
    let everything = vec![
        row("2", "overdue", "2026-03-02T13:00:00Z"),
        row("1", "overdue", "2026-03-02T17:00:00Z"),
        row("6", "urgent", "2026-03-03T16:30:00Z"),
        row("3", "urgent", "2026-03-04T08:30:00Z"),
        row("8", "soon", "2026-03-04T10:00:00Z"),
        row("4", "soon", "2026-03-04T10:30:00Z"),
        row("7", "ok", "2026-03-06T14:00:00Z"),
        row("5", "ok", "2026-03-10T12:00:00Z"),
    ];
    assert_eq!(queue(&site, now, "admin", None), everything);
    assert_eq!(queue(&site, now, "tech1", None), everything);

    // Two business hours from Tuesday 17:00 reach Wednesday 10:00 (09:00Z):
    // the overdue ones, 6 and 3 (3 is 15h30m away on the wall clock, but
    // only 1h30m of office hours). 8 (Wednesday 10:00Z) is not in.
    let within = queue(&site, now, "admin", Some("2h"));
    assert_eq!(within, everything[..4].to_vec());

    // A learner's queue holds their own tickets only, in the same order.
    let own = |ids: &[&str]| -> Vec<[String; 3]> {
        let rows = everything.iter().filter(|r| ids.contains(&r[0].as_str()));
        rows.cloned().collect()
    };
    assert_eq!(queue(&site, now, "lea", None), own(&["1", "3", "5", "7"]));
    assert_eq!(queue(&site, now, "max", None), own(&["2", "4", "6", "8"]));
    assert_eq!(queue(&site, now, "lea", Some("2h")), own(&["1", "3"]));
}
