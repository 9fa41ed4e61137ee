//! Issue 4: urgency levels of a 4-hour resolution target, with the default
//! thresholds: `soon` at 50% (2h), `urgent` at 80% (3h12m), `overdue` at
//! 100% (4h), each instant worked out by hand.

use super::calendar::Calendar;
use super::sla::{floor, Level, Thresholds};
use super::sla_cases::{at, history, office, show};
use super::sla_clock::{read, urgency, Change, Steps, Urgency};
use super::ticket::{
    Priority,
    Status::{self, *},
};

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
    // 09:00 + 2h = 11:00, + 3h12m = 12:12, + 4h = 13:00
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
