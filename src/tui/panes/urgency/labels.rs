//! Words for urgency levels as the queue names them, and the time left
//! before a deadline, in the reader's language.

use crate::domain::sla::Level;
use crate::store::tickets::Ticket;
use crate::tui::pane::View;

/// The stored level of a ticket; an unknown key reads as `ok`.
pub(crate) fn level_of(t: &Ticket) -> Level {
    t.urgency
}

pub(crate) fn level(view: &View, level: Level) -> String {
    let key = match level {
        Level::Ok => "tui.urgency.level.ok",
        Level::Soon => "tui.urgency.level.soon",
        Level::Urgent => "tui.urgency.level.urgent",
        Level::Overdue => "tui.urgency.level.overdue",
    };
    view.t(key).to_string()
}

/// The time left before `due`, from the frame's clock: `2h 15m` or
/// `−3h 10m` in a column, `in 2h 15m` or `3h 10m late` in a sentence.
pub(crate) fn remaining(view: &View, due: i64, sentence: bool) -> String {
    let left = due - view.now;
    let span = span(view, left.abs());
    let key = match (left >= 0, sentence) {
        (true, false) => "tui.urgency.left",
        (false, false) => "tui.urgency.late",
        (true, true) => "tui.urgency.detail_left",
        (false, true) => "tui.urgency.detail_late",
    };
    view.i18n.with(key, &[("span", &span)])
}

/// A length of time in its two largest units: `2d 3h`, `4h 05m`, `12m`.
pub(crate) fn span(view: &View, seconds: i64) -> String {
    let minutes = seconds / 60;
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let (a, b) = (
        if d > 0 {
            d
        } else if h > 0 {
            h
        } else {
            m
        }
        .to_string(),
        if d > 0 {
            h.to_string()
        } else {
            format!("{m:02}")
        },
    );
    let key = if d > 0 {
        "tui.urgency.span_dh"
    } else if h > 0 {
        "tui.urgency.span_hm"
    } else {
        "tui.urgency.span_m"
    };
    view.i18n.with(key, &[("a", &a), ("b", &b)])
}
