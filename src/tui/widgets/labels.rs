//! Words for what the database stores for tickets: statuses and
//! priorities, the same in every pane. Panes get them typed; `translated`
//! serves keys that stay text (a role, a category), showing one without
//! words as itself, made inert.

use super::clean;
use crate::domain::ticket::{Priority, Status};
use crate::i18n::I18n;

/// The text of `prefix` + `key`, or the key itself, inert, if none.
pub fn translated(i18n: &I18n, prefix: &str, key: &str) -> String {
    let full = format!("{prefix}{key}");
    let text = i18n.text(&full);
    if text == full {
        clean(key).into_owned()
    } else {
        text.to_string()
    }
}

pub fn status(i18n: &I18n, status: Status) -> String {
    translated(i18n, "tui.status.", status.key())
}

pub fn priority(i18n: &I18n, priority: Priority) -> String {
    translated(i18n, "tui.priority.", priority.key())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_status_and_priority_has_words_and_unknown_keys_stay_inert() {
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            for s in Status::EVERY {
                assert!(!status(&i18n, *s).starts_with("tui."), "{lang:?} {s:?}");
            }
            for p in Priority::EVERY {
                assert!(!priority(&i18n, *p).starts_with("tui."), "{lang:?} {p:?}");
            }
            assert_eq!(translated(&i18n, "tui.status.", "new\u{1b}"), "new\\x1b");
        }
    }
}
