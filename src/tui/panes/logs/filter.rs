//! The audit filter as one line of `word:value` pairs:
//! `actor:alice action:ticket.status object:ticket:42 since:2026-11-01`.

use crate::domain::Msg;
use crate::service::audit::AuditFilter;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Reads the line; the first word that makes no sense is named in the error.
pub fn parse(text: &str, tz: chrono_tz::Tz) -> Result<AuditFilter, Msg> {
    let mut filter = AuditFilter::default();
    for word in text.split_whitespace() {
        let bad = || Msg::new("tui.logs.filter_bad_word").arg("word", word);
        let (name, value) = word.split_once(':').ok_or_else(bad)?;
        if value.is_empty() {
            return Err(bad());
        }
        match name.to_lowercase().as_str() {
            "actor" | "acteur" => filter.actor_login = Some(value.to_string()),
            "action" => filter.action = Some(value.to_string()),
            "object" | "objet" => {
                let (kind, id) = match value.split_once(':') {
                    Some((kind, id)) => (kind, Some(id.to_string())),
                    None => (value, None),
                };
                filter.object_type = Some(kind.to_string());
                filter.object_id = id.filter(|i| !i.is_empty());
            }
            "since" | "depuis" => filter.since = Some(instant(value, tz, false).ok_or_else(bad)?),
            "until" | "jusqua" => filter.until = Some(instant(value, tz, true).ok_or_else(bad)?),
            _ => return Err(bad()),
        }
    }
    Ok(filter)
}

/// `2026-11-01` (the day's start, or the next day's for an `until`, so
/// that the day itself is included) or `2026-11-01T14:30`, local time.
fn instant(text: &str, tz: chrono_tz::Tz, end_of_day: bool) -> Option<i64> {
    let local = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => {
            let day = if end_of_day { day.succ_opt()? } else { day };
            day.and_time(NaiveTime::MIN)
        }
        Err(_) => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()?,
    };
    // A time skipped by a clock change reads as the hour after it.
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_maps_to_its_part_of_the_filter() {
        let tz = chrono_tz::Europe::Paris;
        let f = parse(
            "actor:alice action:ticket.* object:ticket:42 since:2026-11-01 until:2026-11-01",
            tz,
        )
        .unwrap();
        assert_eq!(f.actor_login.as_deref(), Some("alice"));
        assert_eq!(f.action.as_deref(), Some("ticket.*"));
        assert_eq!(f.object_type.as_deref(), Some("ticket"));
        assert_eq!(f.object_id.as_deref(), Some("42"));
        assert_eq!(f.until.unwrap() - f.since.unwrap(), 86_400);
        let f = parse("objet:user depuis:2026-11-01T14:30", tz).unwrap();
        assert_eq!(
            (f.object_type.as_deref(), f.object_id),
            (Some("user"), None)
        );
        assert!(f.since.is_some());
        for wrong in ["alice", "colour:red", "since:yesterday", "actor:"] {
            let e = parse(wrong, tz).unwrap_err();
            assert_eq!(e.key, "tui.logs.filter_bad_word");
        }
        assert!(parse("", tz).unwrap().actor_login.is_none());
    }
}
