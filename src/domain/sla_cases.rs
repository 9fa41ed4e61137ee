//! Issue 4: the SLA clock, case by case. Each row is a calendar, a status
//! history in local Paris time, a resolution target, and readings taken at
//! given instants: the deadline to the minute, and the business minutes
//! elapsed and remaining. Every expected value is worked out by hand from
//! the rules, with the arithmetic in a comment above it. This file holds
//! what the calendar does; `sla_cases_urgency` what the status history
//! does (pauses, reopening, a policy change) and the urgency levels.

use super::calendar::Calendar;
use super::sla_clock::{phase_of, read, target, timeline, Change, Phase, Stretch};
use super::ticket::Status::{self, *};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Paris;

/// Local Paris time as an instant; refuses a time that the clocks skip or
/// repeat, so that no case is ambiguous.
pub(super) fn at(text: &str) -> i64 {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    let local = Paris.from_local_datetime(&naive).single();
    local
        .unwrap_or_else(|| panic!("{text} is not one instant in Paris"))
        .timestamp()
}

pub(super) fn show(instant: i64) -> String {
    let local = Paris.timestamp_opt(instant, 0).unwrap();
    local.format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn history(rows: &[(&str, Status)]) -> Vec<Change> {
    let changes: Vec<Change> = rows
        .iter()
        .map(|(t, status)| Change {
            at: at(t),
            status: *status,
        })
        .collect();
    assert!(
        changes.windows(2).all(|w| w[0].at <= w[1].at),
        "history out of order"
    );
    changes
}

/// The default calendar: Monday to Friday, 09:00 to 18:00.
pub(super) fn office() -> Calendar {
    Calendar::weekdays(Paris, 9 * 60, 18 * 60)
}

pub(super) fn always() -> Calendar {
    Calendar::always_open(Paris)
}

/// The office, closed on Easter Monday 2026 (6 April) only.
fn easter_closed() -> Calendar {
    let mut calendar = office();
    calendar
        .closed_dates
        .insert(NaiveDate::from_ymd_opt(2026, 4, 6).unwrap());
    calendar
}

/// The office, closed on 1 May every year.
fn may_day_closed() -> Calendar {
    let mut calendar = office();
    calendar.closed_yearly.insert((5, 1));
    calendar
}

/// Minutes in an hour: targets and counts in the table are in minutes.
pub(super) const H: i64 = 60;

/// One ticket under one policy, read at one or more instants.
pub(super) struct Case {
    pub name: &'static str,
    pub cal: fn() -> Calendar,
    /// The resolution target, in business minutes.
    pub target: i64,
    pub history: &'static [(&'static str, Status)],
    /// (now, deadline, elapsed minutes, remaining minutes).
    pub reads: &'static [(&'static str, Option<&'static str>, i64, i64)],
}

/// What the calendar does: weekends, closed days, hours, DST, 24x7.
const CASES: &[Case] = &[
    Case {
        name: "weekend: the issue's example, Friday 17:00 + 4h",
        cal: office,
        target: 4 * H,
        history: &[("2026-03-06 17:00", Waiting)],
        reads: &[
            // Fri 17-18 = 1h, Mon 09:00 + 3h = 12:00
            ("2026-03-06 17:00", Some("2026-03-09 12:00"), 0, 240),
            // Fri 17-18 = 1h counted, Saturday counts nothing
            ("2026-03-07 12:00", Some("2026-03-09 12:00"), 60, 180),
            // 1h + Mon 09:00-11:00 = 3h
            ("2026-03-09 11:00", Some("2026-03-09 12:00"), 180, 60),
        ],
    },
    Case {
        name: "weekend: 27h from Friday 17:00",
        cal: office,
        target: 27 * H,
        history: &[
            ("2026-03-06 17:00", Waiting),
            ("2026-03-09 09:30", InProgress),
        ],
        reads: &[
            // Fri 1h + Mon 9h + Tue 09-12 3h = 13h; + Tue 6h = 19h, Wed 09:00 + 8h = 17:00
            ("2026-03-10 12:00", Some("2026-03-11 17:00"), 13 * H, 14 * H),
        ],
    },
    Case {
        name: "weekend: due at Friday's closing, not at Monday's opening",
        cal: office,
        target: 4 * H,
        history: &[("2026-03-06 14:00", Waiting)],
        // Fri 14:00 + 4h = 18:00; read at 20:00, 4h counted, none left
        reads: &[("2026-03-06 20:00", Some("2026-03-06 18:00"), 240, 0)],
    },
    Case {
        name: "closed day: Easter Monday 2026 is skipped",
        cal: easter_closed,
        target: 4 * H,
        history: &[("2026-04-03 17:00", Waiting)],
        reads: &[
            // Fri 17-18 = 1h, weekend, Mon 6 Apr closed, Tue 09:00 + 3h = 12:00
            ("2026-04-03 17:00", Some("2026-04-07 12:00"), 0, 240),
            // Fri 1h, nothing on the closed Monday
            ("2026-04-06 17:00", Some("2026-04-07 12:00"), 60, 180),
        ],
    },
    Case {
        name: "closed day: the same ticket without the closure",
        cal: office,
        target: 4 * H,
        history: &[("2026-04-03 17:00", Waiting)],
        // Fri 17-18 = 1h, Mon 09:00 + 3h = 12:00
        reads: &[("2026-04-03 17:00", Some("2026-04-06 12:00"), 0, 240)],
    },
    Case {
        name: "closed day: opened on the closed Monday itself",
        cal: easter_closed,
        target: 2 * H,
        history: &[("2026-04-06 10:00", Waiting)],
        // nothing on Mon 6 Apr, Tue 09:00 + 2h = 11:00
        reads: &[("2026-04-06 17:00", Some("2026-04-07 11:00"), 0, 120)],
    },
    Case {
        name: "closed day: a 27h target across it",
        cal: easter_closed,
        target: 27 * H,
        history: &[("2026-04-02 10:00", Waiting)],
        // Thu 10-18 8h + Fri 9h = 17h, Mon closed, Tue 9h = 26h, Wed 09:00 + 1h;
        // at Tue 10:00: 8 + 9 + 1 = 18h, 9h left
        reads: &[("2026-04-07 10:00", Some("2026-04-08 10:00"), 18 * H, 9 * H)],
    },
    Case {
        name: "yearly closed day: 1 May 2026, a Friday",
        cal: may_day_closed,
        target: 4 * H,
        history: &[("2026-04-30 16:00", Waiting)],
        // Thu 16-18 = 2h, Fri 1 May closed, weekend, Mon 09:00 + 2h = 11:00
        reads: &[("2026-05-01 12:00", Some("2026-05-04 11:00"), 120, 120)],
    },
    Case {
        name: "yearly closed day: 1 May 2028, a Monday",
        cal: may_day_closed,
        target: 4 * H,
        history: &[("2028-04-28 16:00", Waiting)],
        // Fri 16-18 = 2h, weekend, Mon 1 May closed, Tue 09:00 + 2h = 11:00
        reads: &[("2028-05-01 12:00", Some("2028-05-02 11:00"), 120, 120)],
    },
    Case {
        name: "yearly closed day: opened on 1 May 2028",
        cal: may_day_closed,
        target: H,
        history: &[("2028-05-01 10:00", Waiting)],
        // nothing on 1 May, Tue 09:00 + 1h = 10:00
        reads: &[("2028-05-01 17:00", Some("2028-05-02 10:00"), 0, 60)],
    },
    Case {
        name: "outside hours: opened on Tuesday at 22:00",
        cal: office,
        target: 4 * H,
        history: &[("2026-03-03 22:00", Waiting)],
        // nothing before Wed 09:00, + 4h = 13:00
        reads: &[("2026-03-04 08:59", Some("2026-03-04 13:00"), 0, 240)],
    },
    Case {
        name: "outside hours: opened on Wednesday at 06:30",
        cal: office,
        target: 9 * H,
        history: &[("2026-03-04 06:30", Waiting)],
        // Wed 09:00 + 9h = 18:00
        reads: &[("2026-03-04 06:30", Some("2026-03-04 18:00"), 0, 540)],
    },
    Case {
        name: "outside hours: opened on Sunday at 15:00",
        cal: office,
        target: 4 * H,
        history: &[("2026-03-08 15:00", Waiting)],
        // Mon 09:00 + 4h = 13:00; at 09:30, 30m counted
        reads: &[("2026-03-09 09:30", Some("2026-03-09 13:00"), 30, 210)],
    },
    Case {
        name: "outside hours: 27h from Saturday 11:00",
        cal: office,
        target: 27 * H,
        history: &[("2026-03-07 11:00", Waiting)],
        // Mon 9h + Tue 9h + Wed 9h = 27h: Wed 18:00
        reads: &[("2026-03-07 11:00", Some("2026-03-11 18:00"), 0, 27 * H)],
    },
    Case {
        name: "DST in March, office hours",
        cal: office,
        target: 4 * H,
        history: &[("2026-03-27 16:00", Waiting)],
        // Fri 16-18 2h, Mon 09:00 + 2h = 11:00; at 10:00, 2h + 1h
        reads: &[("2026-03-30 10:00", Some("2026-03-30 11:00"), 180, 60)],
    },
    Case {
        name: "DST in March, office hours, on hold over the weekend",
        cal: office,
        target: 27 * H,
        history: &[
            ("2026-03-26 09:00", Waiting),
            ("2026-03-27 17:00", OnHold),
            ("2026-03-30 10:00", InProgress),
        ],
        // Thu 9h + Fri 8h = 17h; Mon 10-18 8h = 25h, Tue 09:00 + 2h = 11:00
        reads: &[("2026-03-30 10:00", Some("2026-03-31 11:00"), 17 * H, 10 * H)],
    },
    Case {
        name: "DST in October, office hours",
        cal: office,
        target: 4 * H,
        history: &[("2026-10-23 16:00", Waiting)],
        // Fri 16-18 2h, Mon 09:00 + 2h = 11:00; at 10:00, 2h + 1h
        reads: &[("2026-10-26 10:00", Some("2026-10-26 11:00"), 180, 60)],
    },
    Case {
        name: "DST in March, 24x7: the Sunday has 23 hours",
        cal: always,
        target: 24 * H,
        history: &[("2026-03-28 12:00", Waiting)],
        // Sat 12:00 CET = 11:00 UTC, + 24h = Sun 11:00 UTC = 13:00 CEST;
        // to Mon 00:00: Sat 12h + Sun 23h = 35h
        reads: &[(
            "2026-03-30 00:00",
            Some("2026-03-29 13:00"),
            35 * H,
            -11 * H,
        )],
    },
    Case {
        name: "DST in March, 24x7: 4h across the skipped hour",
        cal: always,
        target: 4 * H,
        history: &[("2026-03-29 00:30", Waiting)],
        // 00:30 CET = 23:30 UTC, + 4h = 03:30 UTC = 05:30 CEST; at 04:00 CEST, 2h30
        reads: &[("2026-03-29 04:00", Some("2026-03-29 05:30"), 150, 90)],
    },
    Case {
        name: "DST in October, 24x7: the Sunday has 25 hours",
        cal: always,
        target: 24 * H,
        history: &[("2026-10-24 12:00", Waiting)],
        // Sat 12:00 CEST = 10:00 UTC, + 24h = Sun 10:00 UTC = 11:00 CET;
        // to Mon 00:00: Sat 12h + Sun 25h = 37h
        reads: &[(
            "2026-10-26 00:00",
            Some("2026-10-25 11:00"),
            37 * H,
            -13 * H,
        )],
    },
    Case {
        name: "DST in October, 24x7: 4h across the repeated hour",
        cal: always,
        target: 4 * H,
        history: &[("2026-10-25 00:30", Waiting)],
        // 00:30 CEST = 22:30 UTC, + 4h = 02:30 UTC = 03:30 CET; at 03:00 CET, 3h30
        reads: &[("2026-10-25 03:00", Some("2026-10-25 03:30"), 210, 30)],
    },
    Case {
        name: "24x7: Friday 17:00 + 4h, the same evening",
        cal: always,
        target: 4 * H,
        history: &[("2026-03-06 17:00", Waiting)],
        // 17:00 + 4h = 21:00
        reads: &[("2026-03-06 17:00", Some("2026-03-06 21:00"), 0, 240)],
    },
    Case {
        name: "24x7: 27h from Friday 17:00 runs through Saturday",
        cal: always,
        target: 27 * H,
        history: &[("2026-03-06 17:00", Waiting)],
        // Fri 17:00 + 24h = Sat 17:00, + 3h = 20:00; at Sat 12:00, 19h
        reads: &[("2026-03-07 12:00", Some("2026-03-07 20:00"), 19 * H, 8 * H)],
    },
    Case {
        name: "24x7: on hold overnight",
        cal: always,
        target: 4 * H,
        history: &[
            ("2026-03-06 17:00", Waiting),
            ("2026-03-06 18:00", OnHold),
            ("2026-03-07 08:00", InProgress),
        ],
        reads: &[
            // 17-18 = 1h, then paused
            ("2026-03-07 07:00", None, 60, 180),
            // 1h + Sat 08-09 1h = 2h; Sat 08:00 + 3h = 11:00
            ("2026-03-07 09:00", Some("2026-03-07 11:00"), 120, 120),
        ],
    },
];

#[test]
fn every_calendar_case_falls_due_at_the_expected_minute() {
    check_deadlines(CASES);
}

#[test]
fn every_calendar_case_has_a_timeline_that_adds_up() {
    check_timelines(CASES);
}

/// Each reading of each case: the deadline, elapsed and remaining time as
/// the row says, and the deadline consistent with the clock.
pub(super) fn check_deadlines(cases: &[Case]) {
    for case in cases {
        let calendar = (case.cal)();
        let changes = history(case.history);
        let total = case.target * 60;
        for (now, due, elapsed, remaining) in case.reads {
            let why = format!("{} (at {now})", case.name);
            let reading = read(&changes, &calendar, at(now));
            let got = target(&reading, &calendar, total);
            assert_eq!(got.due.map(show).as_deref(), *due, "{why}: deadline");
            assert_eq!(got.elapsed, elapsed * 60, "{why}: elapsed");
            assert_eq!(got.remaining, remaining * 60, "{why}: remaining");
            assert_eq!(elapsed + remaining, case.target, "{why}: the row adds up");
            // No deadline exactly when the clock stands short of the target.
            let standing = reading.phase != Phase::Running && reading.elapsed < total;
            assert_eq!(
                got.due.is_none(),
                standing,
                "{why}: phase {:?}",
                reading.phase
            );
            let Some(due) = got.due else { continue };
            assert_eq!(due % 60, 0, "{why}: a whole minute");
            // The clock reads the target at the deadline and not a minute
            // before, unless the history changes between now and then.
            if due <= at(now) || changes.iter().all(|c| c.at <= at(now)) {
                assert_eq!(
                    read(&changes, &calendar, due).elapsed,
                    total,
                    "{why}: at it"
                );
                assert!(
                    read(&changes, &calendar, due - 60).elapsed < total,
                    "{why}: before"
                );
            }
        }
    }
}

/// The timeline covers `[creation, now)` without gaps, each segment is what
/// its stretch says, and the counted ones add up to the reading.
fn check_timeline(name: &str, changes: &[Change], calendar: &Calendar, now: i64) {
    let why = format!("{name} (timeline to {})", show(now));
    let segments = timeline(changes, calendar, now);
    let (first, last) = match (segments.first(), segments.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => return assert!(now <= changes[0].at, "{why}: empty"),
    };
    assert_eq!(first.from, changes[0].at, "{why}: starts at the creation");
    assert_eq!(last.to, now, "{why}: ends now");
    for pair in segments.windows(2) {
        assert_eq!(pair[0].to, pair[1].from, "{why}: contiguous");
    }
    for s in &segments {
        assert!(s.from < s.to, "{why}: empty segment");
        let open = calendar.business_seconds(s.from, s.to);
        let phase = phase_of(s.status);
        match &s.stretch {
            Stretch::Counted => assert!(open == s.to - s.from && phase == Phase::Running, "{why}"),
            Stretch::OutsideHours { .. } => assert!(open == 0 && phase == Phase::Running, "{why}"),
            Stretch::Paused => assert_eq!(s.status, OnHold, "{why}"),
            Stretch::Stopped => assert_eq!(phase, Phase::Stopped, "{why}"),
        }
    }
    let counted: i64 = segments.iter().map(|s| s.counted()).sum();
    assert_eq!(counted, read(changes, calendar, now).elapsed, "{why}: sum");
}

/// The timeline of each case at each reading, at each change, and a week
/// after the last of them.
pub(super) fn check_timelines(cases: &[Case]) {
    for case in cases {
        let calendar = (case.cal)();
        let changes = history(case.history);
        let mut instants: Vec<i64> = case.reads.iter().map(|r| at(r.0)).collect();
        instants.extend(changes.iter().map(|c| c.at));
        let latest = instants.iter().copied().max().unwrap();
        instants.push(latest + 7 * 86_400);
        for now in instants {
            check_timeline(case.name, &changes, &calendar, now);
        }
    }
}

#[test]
fn a_hand_checked_timeline_names_the_closed_day() {
    // Fri 28 Apr 2028 16:00, read Tue 2 May 10:00 (1 May, a Monday, closed).
    let changes = history(&[("2028-04-28 16:00", Waiting)]);
    let segments = timeline(&changes, &may_day_closed(), at("2028-05-02 10:00"));
    let shown: Vec<(String, String, Stretch)> = segments
        .into_iter()
        .map(|s| (show(s.from), show(s.to), s.stretch))
        .collect();
    let may_day = NaiveDate::from_ymd_opt(2028, 5, 1).unwrap();
    let row = |from: &str, to: &str, stretch| (from.to_string(), to.to_string(), stretch);
    assert_eq!(
        shown,
        vec![
            row("2028-04-28 16:00", "2028-04-28 18:00", Stretch::Counted),
            row(
                "2028-04-28 18:00",
                "2028-05-02 09:00",
                Stretch::OutsideHours {
                    closed_days: vec![may_day]
                }
            ),
            row("2028-05-02 09:00", "2028-05-02 10:00", Stretch::Counted),
        ]
    );
}

#[test]
fn a_night_that_ends_at_midnight_does_not_claim_the_next_day() {
    // Thu 30 Apr 2026 17:00, read at midnight: the night from 18:00 to
    // 00:00 is Thursday's; 1 May (closed, the next day) is not in it.
    let changes = history(&[("2026-04-30 17:00", Waiting)]);
    let segments = timeline(&changes, &may_day_closed(), at("2026-05-01 00:00"));
    let last = segments.last().unwrap();
    assert_eq!(
        (show(last.from), show(last.to)),
        ("2026-04-30 18:00".into(), "2026-05-01 00:00".into())
    );
    assert_eq!(
        last.stretch,
        Stretch::OutsideHours {
            closed_days: vec![]
        }
    );
    // One minute later the night does reach into 1 May.
    let segments = timeline(&changes, &may_day_closed(), at("2026-05-01 00:01"));
    let may_day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let closed = Stretch::OutsideHours {
        closed_days: vec![may_day],
    };
    assert_eq!(segments.last().unwrap().stretch, closed);
}
