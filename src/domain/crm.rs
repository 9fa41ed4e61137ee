//! The CRM's contracts and events: their kinds and the rules on what is
//! typed for them (amounts, hours, validity, an event's times). Pure: the
//! time zone and `now` are parameters.

use super::money::Cents;
use super::msg::Msg;
use chrono::{Months, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// What a contract is for (`contracts.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContractKind {
    /// The event company's: one or more events (002, 004).
    Event,
    /// The agency's prepaid hours, valid a year by default (001).
    HourPack,
    /// Hosting and maintenance with an hour a month, from a start date to
    /// an end or renewal date (001).
    Hosting,
}

impl ContractKind {
    pub const EVERY: &'static [ContractKind] = &[
        ContractKind::Event,
        ContractKind::HourPack,
        ContractKind::Hosting,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContractKind::Event => "event",
            ContractKind::HourPack => "hour_pack",
            ContractKind::Hosting => "hosting",
        }
    }

    /// The French word, accepted as well as the key.
    fn french(self) -> &'static str {
        match self {
            ContractKind::Event => "evenement",
            ContractKind::HourPack => "forfait",
            ContractKind::Hosting => "hebergement",
        }
    }

    pub fn from_key(key: &str) -> Option<ContractKind> {
        ContractKind::EVERY.iter().copied().find(|k| k.key() == key)
    }

    /// The key or the French word (accents and case ignored), or a refusal
    /// naming the kinds there are.
    pub fn parse(text: &str) -> Result<ContractKind, Msg> {
        let folded = super::text_filter::fold(text.trim()).replace(['-', ' '], "_");
        ContractKind::EVERY
            .iter()
            .copied()
            .find(|k| k.key() == folded || k.french() == folded.replace('_', ""))
            .ok_or_else(|| {
                Msg::new("error.unknown_contract_kind")
                    .arg("value", text)
                    .arg("allowed", "event, hour_pack, hosting")
            })
    }

    /// Its name in the language files.
    pub fn label_key(self) -> String {
        format!("crm.kind.{}", self.key())
    }
}

/// The most hours a pack may hold (a typo guard, not a business rule).
pub const MAX_HOURS: i64 = 100_000;
/// Attendees of one event, at most.
pub const MAX_ATTENDEES: i64 = 1_000_000;
/// Notes of an event, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;

/// The amounts of a contract: `0 ≤ due ≤ total`.
pub fn check_amounts(total: Cents, due: Cents) -> Result<(), Msg> {
    if total.0 < 0 || due.0 < 0 {
        return Err(Msg::new("error.money_negative").money("value", due.min(total)));
    }
    if due > total {
        return Err(Msg::new("error.due_above_total")
            .money("due", due)
            .money("total", total));
    }
    Ok(())
}

/// A payment lowers what is due, never below nothing.
pub fn check_payment(amount: Cents, due: Cents) -> Result<Cents, Msg> {
    if amount.0 <= 0 {
        return Err(Msg::new("error.payment_not_positive").money("value", amount));
    }
    if amount > due {
        return Err(Msg::new("error.payment_above_due")
            .money("amount", amount)
            .money("due", due));
    }
    Ok(Cents(due.0 - amount.0))
}

/// The terms a contract's kind takes: hours for a pack only (5, 10, 50 or
/// any number above none), validity dates for packs and hosting only, and
/// the end not before the start.
pub fn check_terms(
    kind: ContractKind,
    hours: Option<i64>,
    (from, until): (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<(), Msg> {
    match (kind, hours) {
        (ContractKind::HourPack, None) => return Err(Msg::new("error.hours_needed")),
        (ContractKind::HourPack, Some(h)) if !(1..=MAX_HOURS).contains(&h) => {
            return Err(Msg::new("error.hours_range")
                .arg("value", h)
                .arg("max", MAX_HOURS))
        }
        (ContractKind::Event | ContractKind::Hosting, Some(_)) => {
            return Err(Msg::new("error.hours_only_packs"))
        }
        _ => {}
    }
    if kind == ContractKind::Event && (from.is_some() || until.is_some()) {
        return Err(Msg::new("error.validity_not_for_events"));
    }
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            return Err(Msg::new("error.validity_reversed")
                .arg("from", from)
                .arg("until", until));
        }
    }
    Ok(())
}

/// A pack's default end: a year after its purchase.
pub fn default_validity(kind: ContractKind, from: NaiveDate) -> Option<NaiveDate> {
    match kind {
        ContractKind::HourPack => from.checked_add_months(Months::new(12)),
        _ => None,
    }
}

/// "YYYY-MM-DD HH:MM" in the site's time zone, as a Unix instant. A time
/// that does not exist there (the hour skipped in spring) is refused; one
/// that exists twice (autumn) is the first.
pub fn local_instant(field: &'static str, text: &str, tz: Tz) -> Result<i64, Msg> {
    let refuse = || {
        Msg::new("error.invalid_datetime")
            .arg("field", field)
            .arg("value", text.trim())
    };
    let naive =
        NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M").map_err(|_| refuse())?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
        .ok_or_else(|| {
            Msg::new("error.time_skipped")
                .arg("field", field)
                .arg("value", text.trim())
        })
}

/// The first instant of a day in the site's time zone (a day may start
/// at 01:00 where midnight is skipped).
pub fn start_of_day(day: NaiveDate, tz: Tz) -> i64 {
    (0..24)
        .find_map(|h| {
            let naive = day.and_hms_opt(h, 0, 0)?;
            tz.from_local_datetime(&naive).earliest()
        })
        .map_or(0, |t| t.timestamp())
}

/// A bound of an event filter: a day or a day and a time. A day is its
/// first instant, or with `day_end` the first instant of the next day (so
/// that "until the 3rd" includes the 3rd).
pub fn instant_or_day(field: &'static str, text: &str, tz: Tz, day_end: bool) -> Result<i64, Msg> {
    match super::validate::date(field, text) {
        Ok(day) if day_end => Ok(start_of_day(day.succ_opt().unwrap_or(day), tz)),
        Ok(day) => Ok(start_of_day(day, tz)),
        Err(_) => local_instant(field, text, tz),
    }
}

/// What an event takes: a name, an end after its start, attendees from
/// none to many, notes within a size (several lines allowed).
pub fn check_event_times(start: i64, end: i64) -> Result<(), Msg> {
    if end <= start {
        return Err(Msg::new("error.event_end_before_start"));
    }
    Ok(())
}

pub fn check_attendees(n: i64) -> Result<i64, Msg> {
    if (0..=MAX_ATTENDEES).contains(&n) {
        Ok(n)
    } else {
        Err(Msg::new("error.attendees_range")
            .arg("value", n)
            .arg("max", MAX_ATTENDEES))
    }
}

/// Free text on several lines (an event's notes, a location): line breaks
/// and tabs are kept, any other control character is refused.
pub fn multiline(field: &'static str, text: &str, max: usize) -> Result<String, Msg> {
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > max {
        return Err(Msg::new("error.field_too_long")
            .arg("field", field)
            .arg("max", max));
    }
    let bad = |c: char| c != '\n' && c != '\t' && super::text::is_dangerous(c);
    if text.chars().any(bad) {
        return Err(Msg::new("error.control_chars").arg("field", field));
    }
    Ok(text)
}

/// An optional one-line text (a location): empty is none.
pub fn optional_line(field: &'static str, text: &str) -> Result<String, Msg> {
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    super::validate::name(field, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    #[test]
    fn kinds_read_back_by_key_and_french_word() {
        for kind in ContractKind::EVERY {
            assert_eq!(ContractKind::from_key(kind.key()), Some(*kind));
            assert_eq!(ContractKind::parse(kind.key()), Ok(*kind));
        }
        assert_eq!(
            ContractKind::parse("Hébergement"),
            Ok(ContractKind::Hosting)
        );
        assert_eq!(ContractKind::parse("hour-pack"), Ok(ContractKind::HourPack));
        assert_eq!(ContractKind::parse("Événement"), Ok(ContractKind::Event));
        let refused = ContractKind::parse("hosting_pack").unwrap_err();
        assert_eq!(refused.key, "error.unknown_contract_kind");
    }

    #[test]
    fn due_stays_between_nothing_and_the_total() {
        assert!(check_amounts(Cents(100), Cents(100)).is_ok());
        assert!(check_amounts(Cents(100), Cents(0)).is_ok());
        let key = |t, d| check_amounts(Cents(t), Cents(d)).unwrap_err().key;
        assert_eq!(key(100, 101), "error.due_above_total");
        assert_eq!(key(100, -1), "error.money_negative");
        assert_eq!(check_payment(Cents(40), Cents(100)), Ok(Cents(60)));
        assert_eq!(check_payment(Cents(100), Cents(100)), Ok(Cents(0)));
        let pay = |a, d| check_payment(Cents(a), Cents(d)).unwrap_err().key;
        assert_eq!(pay(101, 100), "error.payment_above_due");
        assert_eq!(pay(0, 100), "error.payment_not_positive");
    }

    #[test]
    fn terms_follow_the_kind() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let key = |k, h, v| check_terms(k, h, v).map_err(|m| m.key);
        use ContractKind::*;
        assert_eq!(key(HourPack, Some(10), (d("2026-01-01"), None)), Ok(()));
        assert_eq!(key(HourPack, None, (None, None)), Err("error.hours_needed"));
        assert_eq!(
            key(HourPack, Some(0), (None, None)),
            Err("error.hours_range")
        );
        assert_eq!(
            key(Event, Some(5), (None, None)),
            Err("error.hours_only_packs")
        );
        assert_eq!(
            key(Event, None, (None, d("2027-01-01"))),
            Err("error.validity_not_for_events")
        );
        assert_eq!(
            key(Hosting, None, (d("2027-01-01"), d("2026-01-01"))),
            Err("error.validity_reversed")
        );
        assert_eq!(
            default_validity(HourPack, d("2026-02-28").unwrap()),
            d("2027-02-28")
        );
        assert_eq!(default_validity(Hosting, d("2026-02-28").unwrap()), None);
    }

    #[test]
    fn event_times_are_read_in_the_site_zone() {
        // 2026-06-01 10:00 in Paris is 08:00 UTC (summer time).
        let start = local_instant("start", "2026-06-01 10:00", Paris).unwrap();
        assert_eq!(start, 1_780_300_800);
        let key = |t: &str| local_instant("start", t, Paris).unwrap_err().key;
        assert_eq!(key("2026-06-01"), "error.invalid_datetime");
        assert_eq!(key("2026-02-30 10:00"), "error.invalid_datetime");
        assert_eq!(key("2026-03-29 02:30"), "error.time_skipped");
        assert!(check_event_times(start, start + 60).is_ok());
        assert_eq!(
            check_event_times(start, start).unwrap_err().key,
            "error.event_end_before_start"
        );
        let day = instant_or_day("from", "2026-06-01", Paris, false).unwrap();
        assert_eq!(day, start - 10 * 3600);
        let end = instant_or_day("until", "2026-06-01", Paris, true).unwrap();
        assert_eq!(end, day + 86_400);
        let at = instant_or_day("until", "2026-06-01 10:00", Paris, true).unwrap();
        assert_eq!(at, start);
    }

    #[test]
    fn notes_keep_their_lines_and_refuse_control_characters() {
        assert_eq!(multiline("notes", " a\r\nb\n", 100).unwrap(), "a\nb");
        assert!(multiline("notes", "a\u{1b}[2J", 100).is_err());
        assert!(multiline("notes", &"x".repeat(101), 100).is_err());
        assert_eq!(optional_line("location", "  ").unwrap(), "");
        assert!(optional_line("location", &"x".repeat(10_000)).is_err());
        assert!(check_attendees(-1).is_err());
        assert_eq!(check_attendees(0), Ok(0));
    }
}
