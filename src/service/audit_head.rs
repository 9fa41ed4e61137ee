//! The audit head, written to the error log once a day, so that a copy of
//! it sits outside the database: whoever later cuts off the log's end or
//! rewrites it cannot make `audit verify --anchor ID:HASH` pass with a
//! line copied from that log.

use super::audit::Anchor;
use super::summary::Summary;
use super::{Result, Service};
use crate::store::audit::{last_head_logged_day, NewEntry, HEAD_LOGGED};
use crate::store::{self, StoreError};

/// Writes the head's line: `Ok(false)` when there is no log to write to.
pub type HeadLog<'a> = &'a dyn Fn(&Anchor, &str) -> std::result::Result<bool, StoreError>;

impl Service {
    /// Once a day in the site's zone, across every process on the file:
    /// writes the head with `log`, then records `audit.head_logged` naming
    /// the head written. The day is claimed in one `BEGIN IMMEDIATE`
    /// transaction, whose write lock is held while the line is written:
    /// another process waits, then finds the day taken. The line comes
    /// first, so it names the head as it was before the record; a record
    /// that could not be committed leaves a line the next pass writes
    /// again (a line too many, never none). The anchor, if this call
    /// wrote it.
    pub fn log_audit_head_daily(&mut self, log: HeadLog<'_>) -> Result<Option<Anchor>> {
        let now = self.now();
        let day = site_day(now, self.settings.timezone);
        // Most passes find the day taken: a read, no write lock.
        if taken(last_head_logged_day(self.store.conn())?, &day) {
            return Ok(None);
        }
        self.store.write(|w| {
            if taken(last_head_logged_day(w.conn())?, &day) {
                return Ok(None);
            }
            let Some(anchor) = store::audit_verify::anchor(w.conn())? else {
                return Ok(None);
            };
            if !log(&anchor, &day)? {
                return Ok(None);
            }
            let summary = Summary::new()
                .value("anchor", anchor.to_string())
                .build()
                .to_string();
            let entry = NewEntry::system(now, HEAD_LOGGED, &day, summary);
            store::audit::append(w, &entry)?;
            Ok(Some(anchor))
        })
    }
}

/// `YYYY-MM-DD` of `at` in the site's zone.
fn site_day(at: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
        .to_string()
}

/// Whether `day` already has its line (or a later day does: a clock set
/// back does not write a day twice).
fn taken(last: Option<String>, day: &str) -> bool {
    last.is_some_and(|last| last.as_str() >= day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_is_the_site_s() {
        // 2026-05-28T22:30:00Z is already the 29th in Paris (UTC+2).
        let at = 1_780_007_400;
        assert_eq!(site_day(at, chrono_tz::Europe::Paris), "2026-05-29");
        assert_eq!(site_day(at, chrono_tz::UTC), "2026-05-28");
        assert!(taken(Some("2026-05-29".into()), "2026-05-29"));
        assert!(taken(Some("2026-05-30".into()), "2026-05-29"));
        assert!(!taken(Some("2026-05-28".into()), "2026-05-29"));
        assert!(!taken(None, "2026-05-29"));
    }
}
