//! Business time: when a site is open, and durations counted only while it
//! is. Pure functions of a calendar and instants (seconds since the epoch);
//! every local time goes through the calendar's zone, so that the days
//! daylight saving time changes come out right.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// Minutes since local midnight, 0..=1440 (1440 is the end of the day).
pub type DayMinute = u32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub tz: Tz,
    /// Open ranges for each weekday, Monday first, as `[start, end)`.
    pub week: [Vec<(DayMinute, DayMinute)>; 7],
    pub closed_dates: BTreeSet<NaiveDate>,
    /// Closed every year on these (month, day), e.g. (5, 1).
    pub closed_yearly: BTreeSet<(u32, u32)>,
}

/// The longest a search for open time may look ahead: a calendar with no
/// open hour at all must not loop forever.
const HORIZON_DAYS: i64 = 3 * 366;

impl Calendar {
    /// Wall time: always open.
    pub fn always_open(tz: Tz) -> Calendar {
        Calendar {
            tz,
            week: std::array::from_fn(|_| vec![(0, 1440)]),
            closed_dates: BTreeSet::new(),
            closed_yearly: BTreeSet::new(),
        }
    }

    /// The same hours every weekday from Monday to Friday.
    pub fn weekdays(tz: Tz, start: DayMinute, end: DayMinute) -> Calendar {
        let mut week: [Vec<(DayMinute, DayMinute)>; 7] = Default::default();
        for day in week.iter_mut().take(5) {
            day.push((start, end));
        }
        Calendar {
            tz,
            week,
            closed_dates: BTreeSet::new(),
            closed_yearly: BTreeSet::new(),
        }
    }

    pub fn is_closed_day(&self, date: NaiveDate) -> bool {
        self.closed_dates.contains(&date)
            || self.closed_yearly.contains(&(date.month(), date.day()))
    }

    /// Days between `from` and `to` (local dates, inclusive) that the week
    /// would open but the calendar closes: holidays, for the explanation.
    pub fn closed_days_between(&self, from: i64, to: i64) -> Vec<NaiveDate> {
        let (first, last) = (self.local_date(from), self.local_date(to));
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| {
                let weekday = d.weekday().num_days_from_monday() as usize;
                self.is_closed_day(*d) && !self.week[weekday].is_empty()
            })
            .collect()
    }

    pub fn local_date(&self, instant: i64) -> NaiveDate {
        self.tz
            .timestamp_opt(instant, 0)
            .single()
            .map_or(NaiveDate::MIN, |t| t.date_naive())
    }

    /// The UTC instant of a local date and minute. A time that does not
    /// exist (the hour skipped in spring) counts from the first instant
    /// after the gap; one that exists twice (autumn) from the first.
    fn instant(&self, date: NaiveDate, minute: DayMinute) -> i64 {
        let (date, minute) = if minute >= 1440 {
            (date + Duration::days(1), 0)
        } else {
            (date, minute)
        };
        let time =
            NaiveTime::from_num_seconds_from_midnight_opt(minute * 60, 0).unwrap_or(NaiveTime::MIN);
        let naive = date.and_time(time);
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.timestamp(),
            LocalResult::None => {
                // Inside the spring gap: the gap is at most a few hours.
                (1..=240)
                    .find_map(|m| {
                        self.tz
                            .from_local_datetime(&(naive + Duration::minutes(m)))
                            .earliest()
                    })
                    .map_or(naive.and_utc().timestamp(), |t| t.timestamp())
            }
        }
    }

    /// The open intervals of one local day, as UTC instants.
    fn day_intervals(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        if self.is_closed_day(date) {
            return Vec::new();
        }
        let ranges = &self.week[date.weekday().num_days_from_monday() as usize];
        ranges
            .iter()
            .map(|(s, e)| (self.instant(date, *s), self.instant(date, *e)))
            .filter(|(s, e)| s < e)
            .collect()
    }

    /// Open intervals overlapping `[from, to)`, clipped to it, in order.
    pub fn open_intervals(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        if from >= to {
            return out;
        }
        let mut date = self.local_date(from) - Duration::days(1);
        let last = self.local_date(to) + Duration::days(1);
        while date <= last {
            for (s, e) in self.day_intervals(date) {
                let (s, e) = (s.max(from), e.min(to));
                if s < e {
                    out.push((s, e));
                }
            }
            date += Duration::days(1);
        }
        out
    }

    /// Business seconds in `[from, to)`.
    pub fn business_seconds(&self, from: i64, to: i64) -> i64 {
        self.open_intervals(from, to)
            .iter()
            .map(|(s, e)| e - s)
            .sum()
    }

    /// The instant at which `seconds` of business time will have passed
    /// since `start`; `None` if the calendar has no open time ahead.
    pub fn add_business(&self, start: i64, seconds: i64) -> Option<i64> {
        if seconds <= 0 {
            return Some(start);
        }
        let mut left = seconds;
        let mut date = self.local_date(start) - Duration::days(1);
        let horizon = date + Duration::days(HORIZON_DAYS);
        while date <= horizon {
            for (s, e) in self.day_intervals(date) {
                let s = s.max(start);
                if s >= e {
                    continue;
                }
                if e - s >= left {
                    return Some(s + left);
                }
                left -= e - s;
            }
            date += Duration::days(1);
        }
        None
    }

    /// Whether the site is open at `instant`.
    pub fn is_open_at(&self, instant: i64) -> bool {
        self.business_seconds(instant, instant + 1) == 1
    }
}

/// Opening hours (weekday from Monday = 0, start and end minute) grouped
/// as people write them: consecutive days with the same ranges share one
/// day span, e.g. `("mon-fri", ["09:00-12:00", "14:00-18:00"])`.
pub fn hours_by_days(hours: &[(u32, u32, u32)]) -> Vec<(String, Vec<String>)> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    let ranges = |day: u32| -> Vec<String> {
        hours
            .iter()
            .filter(|(d, _, _)| *d == day)
            .map(|(_, s, e)| format!("{}-{}", hm(*s), hm(*e)))
            .collect()
    };
    let mut out = Vec::new();
    let mut day = 0;
    while day < 7 {
        let here = ranges(day);
        let mut last = day;
        while last + 1 < 7 && ranges(last + 1) == here {
            last += 1;
        }
        if !here.is_empty() {
            let span = if last == day {
                DAYS[day as usize].to_string()
            } else {
                format!("{}-{}", DAYS[day as usize], DAYS[last as usize])
            };
            out.push((span, here));
        }
        day = last + 1;
    }
    out
}

/// Parses `mon-fri 09:00-18:00`, `sat 09:00-12:00`, `mon,wed 08:30-12:00`:
/// the days (a range or a list) and one time range.
pub fn parse_hours(text: &str) -> Result<(Vec<Weekday>, DayMinute, DayMinute), String> {
    let (days, range) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or("expected DAYS HH:MM-HH:MM")?;
    let (start, end) = range
        .trim()
        .split_once('-')
        .ok_or("expected a time range such as 09:00-18:00")?;
    let (start, end) = (parse_minute(start)?, parse_minute(end)?);
    if start >= end {
        return Err(format!("the range {range} ends before it starts"));
    }
    let mut out = Vec::new();
    for part in days.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_day(a)?, parse_day(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = d.succ();
                }
            }
            None => out.push(parse_day(part)?),
        }
    }
    Ok((out, start, end))
}

fn parse_day(text: &str) -> Result<Weekday, String> {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lowered = text.trim().to_lowercase();
    days.iter()
        .position(|d| lowered.starts_with(d))
        .and_then(|i| Weekday::try_from(i as u8).ok())
        .ok_or_else(|| format!("unknown day {text:?}: use mon, tue, wed, thu, fri, sat, sun"))
}

fn parse_minute(text: &str) -> Result<DayMinute, String> {
    let (h, m) = text
        .trim()
        .split_once(':')
        .ok_or_else(|| format!("{text:?} is not HH:MM"))?;
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| format!("{text:?} is not HH:MM"))?,
        m.parse().map_err(|_| format!("{text:?} is not HH:MM"))?,
    );
    if (h < 24 && m < 60) || (h == 24 && m == 0) {
        Ok(h * 60 + m)
    } else {
        Err(format!("{text:?} is not a time of day"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    /// Local Paris time as an instant, for readable cases.
    fn at(text: &str) -> i64 {
        let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Paris
            .from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .timestamp()
    }

    fn show(instant: i64) -> String {
        Paris
            .timestamp_opt(instant, 0)
            .unwrap()
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn office() -> Calendar {
        Calendar::weekdays(Paris, 9 * 60, 18 * 60)
    }

    const HOUR: i64 = 3600;

    #[test]
    fn deadlines_to_the_minute() {
        let mut closed = office();
        closed
            .closed_dates
            .insert(NaiveDate::from_ymd_opt(2026, 11, 11).unwrap());
        closed.closed_yearly.insert((5, 1));
        let cases: &[(&Calendar, &str, i64, &str, &str)] = &[
            (
                &office(),
                "2026-11-20 17:00",
                4 * HOUR,
                "2026-11-23 12:00",
                "Friday 17:00 + 4h → Monday noon",
            ),
            (
                &office(),
                "2026-11-21 10:00",
                HOUR,
                "2026-11-23 10:00",
                "opened on a Saturday",
            ),
            (
                &office(),
                "2026-11-23 07:30",
                9 * HOUR,
                "2026-11-23 18:00",
                "before hours: a whole day",
            ),
            (
                &office(),
                "2026-11-23 20:00",
                27 * HOUR,
                "2026-11-26 18:00",
                "after hours: three whole days",
            ),
            (
                &closed,
                "2026-11-10 16:00",
                4 * HOUR,
                "2026-11-12 11:00",
                "11 November is closed",
            ),
            (
                &closed,
                "2026-04-30 17:00",
                2 * HOUR,
                "2026-05-04 10:00",
                "1 May (yearly), then a weekend",
            ),
            (
                &closed,
                "2027-04-30 17:00",
                2 * HOUR,
                "2027-05-03 10:00",
                "1 May 2027 is a Saturday anyway",
            ),
            (
                &office(),
                "2026-03-27 17:00",
                2 * HOUR,
                "2026-03-30 10:00",
                "over the spring DST weekend",
            ),
            (
                &office(),
                "2026-10-23 17:30",
                HOUR,
                "2026-10-26 09:30",
                "over the autumn DST weekend",
            ),
        ];
        for (calendar, start, target, expected, why) in cases {
            let due = calendar.add_business(at(start), *target).unwrap();
            assert_eq!(show(due), *expected, "{why}");
            assert_eq!(
                calendar.business_seconds(at(start), due),
                *target,
                "{why}: round trip"
            );
        }
    }

    #[test]
    fn wall_time_counts_every_hour_even_across_dst() {
        let always = Calendar::always_open(Paris);
        // 29 March 2026 has 23 hours in Paris: 24 wall hours end at 01:00 the day after.
        assert_eq!(
            show(
                always
                    .add_business(at("2026-03-29 00:00"), 24 * HOUR)
                    .unwrap()
            ),
            "2026-03-30 01:00"
        );
        assert_eq!(
            always.business_seconds(at("2026-10-25 00:00"), at("2026-10-26 00:00")),
            25 * HOUR
        );
    }

    #[test]
    fn a_calendar_with_no_open_time_has_no_deadline() {
        let never = Calendar {
            week: Default::default(),
            ..office()
        };
        assert_eq!(never.add_business(at("2026-01-05 10:00"), HOUR), None);
    }

    #[test]
    fn opening_hours_parse() {
        assert_eq!(parse_hours("mon-fri 09:00-18:00").unwrap().0.len(), 5);
        assert_eq!(
            parse_hours("sat 09:00-12:00").unwrap(),
            (vec![Weekday::Sat], 540, 720)
        );
        assert_eq!(
            parse_hours("mon,wed 08:30-24:00").unwrap(),
            (vec![Weekday::Mon, Weekday::Wed], 510, 1440)
        );
        assert_eq!(parse_hours("fri-mon 10:00-11:00").unwrap().0.len(), 4);
        assert!(parse_hours("mon 18:00-09:00").is_err());
        assert!(parse_hours("moon 09:00-10:00").is_err());
        assert!(parse_hours("mon 25:00-26:00").is_err());
    }
}
