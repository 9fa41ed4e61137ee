//! Words for the keys the database stores for tickets: statuses and
//! priorities, the same in every pane. A key this version does not know
//! (written by a newer one) is shown as itself, made inert.

use super::clean;
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

pub fn status(i18n: &I18n, key: &str) -> String {
    translated(i18n, "tui.status.", key)
}

pub fn priority(i18n: &I18n, key: &str) -> String {
    translated(i18n, "tui.priority.", key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::{Priority, Status};
    use crate::i18n::Lang;

    #[test]
    fn every_status_and_priority_has_words_and_unknown_keys_stay_inert() {
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            for s in Status::EVERY {
                assert!(
                    !status(&i18n, s.key()).starts_with("tui."),
                    "{lang:?} {s:?}"
                );
            }
            for p in Priority::EVERY {
                assert!(
                    !priority(&i18n, p.key()).starts_with("tui."),
                    "{lang:?} {p:?}"
                );
            }
            assert_eq!(status(&i18n, "new\u{1b}"), "new\\x1b");
        }
    }
}
