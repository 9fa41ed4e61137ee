//! The Events tab's filter words, typed after `/`, in either language:
//! `nosupport`/`sanssupport`, `mine`/`moi`, `from:`/`du:` and
//! `until:`/`au:` (a day or "YYYY-MM-DD HH:MM" in the site's time zone,
//! `until` a day to its end); every other word is free text.

use crate::service::crm_events::EventFilter;
use crate::service::{Result, Service};

/// The filter the words ask for; a bad date says which and how to type it.
pub fn parse_filter(service: &Service, typed: Option<&str>) -> Result<EventFilter> {
    let mut filter = EventFilter::default();
    let mut text: Vec<&str> = Vec::new();
    for word in typed.unwrap_or("").split_whitespace() {
        let lower = word.to_lowercase();
        match lower.as_str() {
            "nosupport" | "sanssupport" => filter.without_support = true,
            "mine" | "moi" => filter.mine = true,
            _ => match bound(&lower) {
                Some((true, day)) => {
                    filter.from = Some(service.event_bound("events_from", day, false)?)
                }
                Some((false, day)) => {
                    filter.until = Some(service.event_bound("events_until", day, true)?)
                }
                None => text.push(word),
            },
        }
    }
    filter.text = Some(text.join(" ")).filter(|t| !t.is_empty());
    Ok(filter)
}

/// `from:D` (true) or `until:D` (false) and the date typed after it.
fn bound(word: &str) -> Option<(bool, &str)> {
    for (prefix, from) in [
        ("from:", true),
        ("du:", true),
        ("until:", false),
        ("au:", false),
    ] {
        if let Some(day) = word.strip_prefix(prefix) {
            return Some((from, day));
        }
    }
    None
}
