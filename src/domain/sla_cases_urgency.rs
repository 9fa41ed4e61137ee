//! Issue 4, continued: what the status history does to the SLA clock
//! (pauses, reopening, a policy change), as rows checked like those of
//! `sla_cases`; then the urgency levels of a 4-hour resolution target with
//! the default thresholds: `soon` at 50% (2h), `urgent` at 80% (3h12m),
//! `overdue` at 100% (4h). Every instant is worked out by hand.

use super::calendar::Calendar;
use super::sla::{floor, Level, Thresholds};
use super::sla_cases::{
    always, at, check_deadlines, check_timelines, history, office, show, Case, H,
};
use super::sla_clock::{read, urgency, Change, Steps, Urgency};
use super::ticket::{
    Priority,
    Status::{self, *},
};

const PAUSED_OVER_WEEKEND: &[(&str, Status)] = &[
    ("2026-03-05 09:00", Waiting), // Thursday
    ("2026-03-05 10:00", InProgress),
    ("2026-03-05 16:00", OnHold),
    ("2026-03-09 11:00", InProgress), // Monday
];

const POLICY_HISTORY: &[(&str, Status)] = &[
    ("2026-03-02 10:00", Waiting),
    ("2026-03-02 11:00", InProgress),
];

/// What the status history does: pauses, reopening, a policy change.
const CASES: &[Case] = &[
    Case {
        name: "pause from Thursday 16:00 to Monday 11:00",
        cal: office,
        target: 9 * H,
        history: PAUSED_OVER_WEEKEND,
        reads: &[
            // Thu 09:00 + 9h = 18:00 before the pause; 10:00 counted 1h
            ("2026-03-05 10:00", Some("2026-03-05 18:00"), 60, 480),
            // on hold after Thu 09-16 = 7h: no deadline
            ("2026-03-05 20:00", None, 420, 120),
            ("2026-03-07 12:00", None, 420, 120),
            // Mon 11:00 + 2h = 13:00 (Thu 18:00 moved by Thu 2h + Fri 9h + Mon 2h paused)
            ("2026-03-09 11:00", Some("2026-03-09 13:00"), 420, 120),
        ],
    },
    Case {
        name: "pause over one night",
        cal: office,
        target: 9 * H,
        history: &[
            ("2026-03-10 10:00", Waiting),
            ("2026-03-10 17:00", OnHold),
            ("2026-03-11 10:00", InProgress),
        ],
        // Tue 10-17 = 7h; Wed 10:00 + 2h = 12:00
        reads: &[("2026-03-11 10:00", Some("2026-03-11 12:00"), 420, 120)],
    },
    Case {
        name: "pause, resume, pause again, resume",
        cal: office,
        target: 4 * H,
        history: &[
            ("2026-03-16 09:00", Waiting), // Monday
            ("2026-03-16 10:00", InProgress),
            ("2026-03-16 11:00", OnHold),
            ("2026-03-16 14:00", InProgress),
            ("2026-03-16 15:30", OnHold),
            ("2026-03-17 10:00", InProgress),
        ],
        reads: &[
            // 09:00-10:30 = 1h30; 10:30 + 2h30 = 13:00
            ("2026-03-16 10:30", Some("2026-03-16 13:00"), 90, 150),
            // on hold since 11:00 after 2h
            ("2026-03-16 12:00", None, 120, 120),
            // 2h + 14:00-14:30 = 2h30; 14:30 + 1h30 = 16:00 (13:00 + the 3h pause)
            ("2026-03-16 14:30", Some("2026-03-16 16:00"), 150, 90),
            // on hold again after 2h + 1h30 = 3h30
            ("2026-03-16 17:00", None, 210, 30),
            // Tue 10:00 + 30m = 10:30 (16:00 + Mon 2h30 + Tue 1h paused)
            ("2026-03-17 10:00", Some("2026-03-17 10:30"), 210, 30),
            // 3h30 + 10:00-11:00 = 4h30: 30m overdue
            ("2026-03-17 11:00", Some("2026-03-17 10:30"), 270, -30),
        ],
    },
    Case {
        name: "reopened after resolution: elapsed goes on",
        cal: office,
        target: 4 * H,
        history: &[
            ("2026-03-18 09:00", Waiting), // Wednesday
            ("2026-03-18 09:30", InProgress),
            ("2026-03-18 11:00", Resolved),
            ("2026-03-19 14:00", InProgress),
            ("2026-03-19 15:00", Resolved),
            ("2026-03-20 09:00", Closed),
        ],
        reads: &[
            // stopped after 09:00-11:00 = 2h
            ("2026-03-18 15:00", None, 120, 120),
            // reopened Thu 14:00 with 2h left: 16:00
            ("2026-03-19 14:00", Some("2026-03-19 16:00"), 120, 120),
            // resolved again after 2h + 14-15 1h = 3h, then closed
            ("2026-03-19 17:00", None, 180, 60),
            ("2026-03-20 12:00", None, 180, 60),
        ],
    },
    Case {
        name: "reopened after resolution, then overdue",
        cal: office,
        target: 4 * H,
        history: &[
            ("2026-03-18 09:00", Waiting),
            ("2026-03-18 11:00", Resolved),
            ("2026-03-19 14:00", InProgress),
        ],
        // 2h + Thu 14-17 3h = 5h; 2h left at 14:00: 16:00, 1h ago
        reads: &[("2026-03-19 17:00", Some("2026-03-19 16:00"), 300, -60)],
    },
    Case {
        name: "resolved after the deadline: the deadline stays in the past",
        cal: office,
        target: 4 * H,
        history: &[
            ("2026-03-02 09:00", Waiting),
            ("2026-03-02 15:00", Resolved),
        ],
        // 09:00 + 4h = 13:00; 09-15 = 6h counted
        reads: &[("2026-03-03 12:00", Some("2026-03-02 13:00"), 360, -120)],
    },
    Case {
        name: "cancelled short of the target",
        cal: office,
        target: 4 * H,
        history: &[
            ("2026-03-02 09:00", Waiting),
            ("2026-03-02 10:00", Cancelled),
        ],
        // 09-10 = 1h, then stopped
        reads: &[("2026-03-02 12:00", None, 60, 180)],
    },
    Case {
        name: "policy change: the target is 27h",
        cal: office,
        target: 27 * H,
        history: POLICY_HISTORY,
        // Mon 10-18 8h + Tue 9h + Wed 09-12 3h = 20h; + Wed 6h = 26h, Thu 09:00 + 1h
        reads: &[("2026-03-04 12:00", Some("2026-03-05 10:00"), 20 * H, 7 * H)],
    },
    Case {
        name: "policy change: the same ticket, now under 9h",
        cal: office,
        target: 9 * H,
        history: POLICY_HISTORY,
        // Mon 10-18 8h, Tue 09:00 + 1h = 10:00, already past; 20h - 9h = 11h over
        reads: &[(
            "2026-03-04 12:00",
            Some("2026-03-03 10:00"),
            20 * H,
            -11 * H,
        )],
    },
    Case {
        name: "policy change: the same ticket, 27h on a 24x7 calendar",
        cal: always,
        target: 27 * H,
        history: POLICY_HISTORY,
        // Mon 10:00 + 27h = Tue 13:00; Mon 10:00 to Wed 12:00 = 50h
        reads: &[(
            "2026-03-04 12:00",
            Some("2026-03-03 13:00"),
            50 * H,
            -23 * H,
        )],
    },
    Case {
        name: "policy change: a paused ticket under 27h instead of 9h",
        cal: office,
        target: 27 * H,
        history: PAUSED_OVER_WEEKEND,
        // Thu 7h; Mon 11-18 7h = 14h, Tue 9h = 23h, Wed 09:00 + 4h = 13:00
        reads: &[("2026-03-09 11:00", Some("2026-03-11 13:00"), 7 * H, 20 * H)],
    },
];

#[test]
fn every_history_case_falls_due_at_the_expected_minute() {
    check_deadlines(CASES);
}

#[test]
fn every_history_case_has_a_timeline_that_adds_up() {
    check_timelines(CASES);
}

const FOUR_HOURS: i64 = 4 * 3600;

fn urgency_at(changes: &[Change], calendar: &Calendar, priority: Priority, now: &str) -> Urgency {
    let reading = read(changes, calendar, at(now));
    urgency(
        &reading,
        calendar,
        Some(FOUR_HOURS),
        priority,
        Thresholds::default(),
    )
}

/// Each row: an instant, the level then, and when it next rises.
fn check_levels(changes: &[Change], priority: Priority, rows: &[(&str, Level, Option<&str>)]) {
    for (now, level, next) in rows {
        let got = urgency_at(changes, &office(), priority, now);
        assert_eq!(got.level, *level, "{priority} at {now}: level");
        assert_eq!(
            got.next_change.map(show).as_deref(),
            *next,
            "{priority} at {now}: next"
        );
    }
}

fn steps(soon: Option<&str>, urgent: Option<&str>, overdue: Option<&str>) -> Steps {
    Steps {
        soon_at: soon.map(at),
        urgent_at: urgent.map(at),
        overdue_at: overdue.map(at),
    }
}

/// Monday 2 March 2026, 09:00, taken in hand at 09:30: the clock runs on.
const MONDAY_MORNING: &[(&str, Status)] = &[
    ("2026-03-02 09:00", Waiting),
    ("2026-03-02 09:30", InProgress),
];

#[test]
fn a_four_hour_target_goes_soon_urgent_overdue() {
    let changes = history(MONDAY_MORNING);
    // 09:00 + 2h = 11:00, 09:00 + 3h12m = 12:12, 09:00 + 4h = 13:00
    check_levels(
        &changes,
        Priority::Normal,
        &[
            ("2026-03-02 09:00", Level::Ok, Some("2026-03-02 11:00")),
            ("2026-03-02 10:59", Level::Ok, Some("2026-03-02 11:00")),
            ("2026-03-02 11:00", Level::Soon, Some("2026-03-02 12:12")),
            ("2026-03-02 12:11", Level::Soon, Some("2026-03-02 12:12")),
            ("2026-03-02 12:12", Level::Urgent, Some("2026-03-02 13:00")),
            ("2026-03-02 12:59", Level::Urgent, Some("2026-03-02 13:00")),
            ("2026-03-02 13:00", Level::Overdue, None),
            ("2026-03-03 10:00", Level::Overdue, None),
        ],
    );
    let got = urgency_at(&changes, &office(), Priority::Normal, "2026-03-02 09:45");
    let expected = steps(
        Some("2026-03-02 11:00"),
        Some("2026-03-02 12:12"),
        Some("2026-03-02 13:00"),
    );
    assert_eq!(got.steps, expected);
}

#[test]
fn levels_rise_across_the_night() {
    // Mon 16:00: 16-18 = 2h, soon at Monday's closing; urgent after 1h12m
    // more, Tue 10:12; overdue after 2h more, Tue 11:00.
    let changes = history(&[("2026-03-02 16:00", Waiting)]);
    check_levels(
        &changes,
        Priority::High,
        &[
            ("2026-03-02 17:59", Level::Ok, Some("2026-03-02 18:00")),
            ("2026-03-02 18:00", Level::Soon, Some("2026-03-03 10:12")),
            ("2026-03-02 23:00", Level::Soon, Some("2026-03-03 10:12")),
            ("2026-03-03 10:12", Level::Urgent, Some("2026-03-03 11:00")),
            ("2026-03-03 11:00", Level::Overdue, None),
        ],
    );
}

#[test]
fn a_critical_ticket_starts_at_soon() {
    let changes = history(MONDAY_MORNING);
    // soon from the start: the next change is urgent at 12:12, not 11:00
    check_levels(
        &changes,
        Priority::Critical,
        &[
            ("2026-03-02 09:00", Level::Soon, Some("2026-03-02 12:12")),
            ("2026-03-02 11:00", Level::Soon, Some("2026-03-02 12:12")),
            ("2026-03-02 12:12", Level::Urgent, Some("2026-03-02 13:00")),
            ("2026-03-02 13:00", Level::Overdue, None),
        ],
    );
    // Only critical has a floor; and it holds without any target at all.
    let high = urgency_at(&changes, &office(), Priority::High, "2026-03-02 09:00");
    assert_eq!(high.level, Level::Ok);
    let reading = read(&changes, &office(), at("2026-03-02 10:00"));
    let none = |p| urgency(&reading, &office(), None, p, Thresholds::default());
    assert_eq!(
        (
            none(Priority::Critical).level,
            none(Priority::Critical).next_change
        ),
        (Level::Soon, None)
    );
    assert_eq!(
        (none(Priority::Low).level, none(Priority::Low).next_change),
        (Level::Ok, None)
    );
}

#[test]
fn a_paused_ticket_keeps_its_level_and_waits() {
    // On hold at 11:30 after 2h30 (soon since 11:00), resumed Tue 09:00:
    // urgent after 42m more, 09:42; overdue after 1h30 more, 10:30.
    let paused_soon = history(&[
        ("2026-03-02 09:00", Waiting),
        ("2026-03-02 11:30", OnHold),
        ("2026-03-03 09:00", InProgress),
    ]);
    check_levels(
        &paused_soon,
        Priority::Normal,
        &[
            ("2026-03-02 11:29", Level::Soon, Some("2026-03-02 12:12")),
            ("2026-03-02 11:30", Level::Soon, None),
            ("2026-03-02 14:00", Level::Soon, None),
            ("2026-03-03 08:59", Level::Soon, None),
            ("2026-03-03 09:00", Level::Soon, Some("2026-03-03 09:42")),
            ("2026-03-03 09:42", Level::Urgent, Some("2026-03-03 10:30")),
            ("2026-03-03 10:30", Level::Overdue, None),
        ],
    );
    let held = urgency_at(
        &paused_soon,
        &office(),
        Priority::Normal,
        "2026-03-02 14:00",
    );
    assert_eq!(held.steps, steps(Some("2026-03-02 11:00"), None, None));
    // On hold at 12:30 after 3h30: urgent (since 12:12), and stays so.
    let paused_urgent = history(&[("2026-03-02 09:00", Waiting), ("2026-03-02 12:30", OnHold)]);
    let rows = [
        ("2026-03-02 16:00", Level::Urgent, None),
        ("2026-03-05 16:00", Level::Urgent, None),
    ];
    check_levels(&paused_urgent, Priority::Normal, &rows);
    // On hold at 10:00 after 1h: ok, nothing ahead.
    let paused_ok = history(&[("2026-03-02 09:00", Waiting), ("2026-03-02 10:00", OnHold)]);
    check_levels(
        &paused_ok,
        Priority::Normal,
        &[("2026-03-02 16:00", Level::Ok, None)],
    );
    // Resolved at 12:30: stopped, nothing ahead either.
    let resolved = history(&[
        ("2026-03-02 09:00", Waiting),
        ("2026-03-02 12:30", Resolved),
    ]);
    check_levels(
        &resolved,
        Priority::Normal,
        &[("2026-03-02 16:00", Level::Urgent, None)],
    );
}

/// The steps stored at `stored` give, at every 6 minutes of `[from, to)`,
/// the level and next change that the full computation gives.
fn check_steps(changes: &[Change], priority: Priority, stored: &str, from: &str, to: &str) {
    let steps = urgency_at(changes, &office(), priority, stored).steps;
    let (mut t, mut compared) = (at(from), 0);
    while t < at(to) {
        let got = urgency_at(changes, &office(), priority, &show(t));
        assert_eq!(
            steps.level_at(floor(priority), t),
            (got.level, got.next_change),
            "{}",
            show(t)
        );
        (t, compared) = (t + 360, compared + 1);
    }
    assert!(compared >= 10, "only {compared} instants compared");
}

#[test]
fn stored_steps_agree_with_urgency() {
    let monday = history(MONDAY_MORNING);
    // 09:00 to 13:06 passes 11:00, 12:12 and 13:00 on the 6-minute grid.
    check_steps(
        &monday,
        Priority::Normal,
        "2026-03-02 09:00",
        "2026-03-02 09:00",
        "2026-03-02 13:06",
    );
    check_steps(
        &monday,
        Priority::Critical,
        "2026-03-02 10:00",
        "2026-03-02 09:00",
        "2026-03-03 09:00",
    );
    let night = history(&[("2026-03-02 16:00", Waiting)]);
    check_steps(
        &night,
        Priority::Low,
        "2026-03-02 16:00",
        "2026-03-02 16:00",
        "2026-03-03 12:00",
    );
    // While on hold (11:30 to Tue 09:00) the steps stored at the pause hold.
    let paused = history(&[
        ("2026-03-02 09:00", Waiting),
        ("2026-03-02 11:30", OnHold),
        ("2026-03-03 09:00", InProgress),
    ]);
    check_steps(
        &paused,
        Priority::Normal,
        "2026-03-02 11:30",
        "2026-03-02 11:30",
        "2026-03-03 09:00",
    );
    // Resumed: the steps stored at 09:00 hold from then on.
    check_steps(
        &paused,
        Priority::Normal,
        "2026-03-03 09:00",
        "2026-03-03 09:00",
        "2026-03-03 11:00",
    );
    // Steps stored at Mon 09:00 hold from there to the pause too.
    check_steps(
        &paused,
        Priority::Normal,
        "2026-03-02 09:00",
        "2026-03-02 09:00",
        "2026-03-02 11:30",
    );
}
