//! The audit filter as one line of `word:value` pairs:
//! `actor:alice action:ticket.status object:ticket:42 since:2026-11-01`.

use crate::domain::audit_action::{AuditAction, ObjectKind};
use crate::domain::ticket::fold;
use crate::domain::Msg;
use crate::i18n::I18n;
use crate::service::audit::AuditFilter;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Reads the line; the first word that makes no sense is named in the error.
/// Actions and kinds of object are read by their key or by their name in
/// the interface's language (`objet:utilisateur`, `action:statut_changé`).
pub fn parse(text: &str, tz: chrono_tz::Tz, i18n: &I18n) -> Result<AuditFilter, Msg> {
    let mut filter = AuditFilter::default();
    for word in text.split_whitespace() {
        let bad = || Msg::new("tui.logs.filter_bad_word").arg("word", word);
        let (name, value) = word.split_once(':').ok_or_else(bad)?;
        if value.is_empty() {
            return Err(bad());
        }
        match name.to_lowercase().as_str() {
            "actor" | "acteur" => filter.actor_login = Some(actor(value, i18n)),
            "action" => filter.action = Some(action(value, i18n)),
            "object" | "objet" => {
                let (kind, id) = match value.split_once(':') {
                    Some((kind, id)) => (kind, Some(id.to_string())),
                    None => (value, None),
                };
                filter.object_type = Some(object_kind(kind, i18n));
                filter.object_id = id.filter(|i| !i.is_empty());
            }
            "since" | "depuis" => filter.since = Some(instant(value, tz, false).ok_or_else(bad)?),
            "until" | "jusqua" => filter.until = Some(instant(value, tz, true).ok_or_else(bad)?),
            _ => return Err(bad()),
        }
    }
    Ok(filter)
}

/// The action whose name is `value` (spaces typed as `_` or `-`); else
/// `value` as typed: a key, or a pattern such as `ticket.*`.
fn action(value: &str, i18n: &I18n) -> String {
    let typed = fold(value);
    AuditAction::EVERY
        .iter()
        .find(|a| fold(i18n.text(&a.label_key())) == typed)
        .map_or_else(|| value.to_string(), |a| a.key().to_string())
}

/// The kind of object whose name is `value` (`utilisateur` → `user`);
/// else `value` as typed.
fn object_kind(value: &str, i18n: &I18n) -> String {
    let typed = fold(value);
    ObjectKind::EVERY
        .iter()
        .find(|k| fold(k.key()) == typed || fold(i18n.text(&k.label_key())) == typed)
        .map_or_else(|| value.to_string(), |k| k.key().to_string())
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

/// The program by its name in this language (`acteur:système`) is the
/// stored `system`; any other value is a login.
fn actor(value: &str, i18n: &I18n) -> String {
    let named = fold(i18n.text("audit.system"));
    if fold(value) == named {
        crate::store::audit::SYSTEM_ACTOR.to_string()
    } else {
        value.to_string()
    }
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
            &en(),
        )
        .unwrap();
        assert_eq!(f.actor_login.as_deref(), Some("alice"));
        let fr = crate::i18n::I18n::new(crate::i18n::Lang::Fr);
        let program = parse("acteur:Système", tz, &fr).unwrap();
        assert_eq!(program.actor_login.as_deref(), Some("system"));
        assert_eq!(f.action.as_deref(), Some("ticket.*"));
        assert_eq!(f.object_type.as_deref(), Some("ticket"));
        assert_eq!(f.object_id.as_deref(), Some("42"));
        assert_eq!(f.until.unwrap() - f.since.unwrap(), 86_400);
        let f = parse("objet:user depuis:2026-11-01T14:30", tz, &en()).unwrap();
        assert_eq!(
            (f.object_type.as_deref(), f.object_id),
            (Some("user"), None)
        );
        assert!(f.since.is_some());
        for wrong in ["alice", "colour:red", "since:yesterday", "actor:"] {
            let e = parse(wrong, tz, &en()).unwrap_err();
            assert_eq!(e.key, "tui.logs.filter_bad_word");
        }
        assert!(parse("", tz, &en()).unwrap().actor_login.is_none());
    }

    fn en() -> I18n {
        I18n::new(crate::i18n::Lang::En)
    }

    #[test]
    fn kinds_and_actions_are_read_by_their_french_names() {
        let fr = I18n::new(crate::i18n::Lang::Fr);
        let tz = chrono_tz::Europe::Paris;
        let f = parse("objet:utilisateur:3 action:rôle_changé", tz, &fr).unwrap();
        assert_eq!(f.object_type.as_deref(), Some("user"));
        assert_eq!(f.object_id.as_deref(), Some("3"));
        assert_eq!(f.action.as_deref(), Some("user.set_role"));
        let f = parse("objet:Catégorie action:ticket.*", tz, &fr).unwrap();
        assert_eq!(f.object_type.as_deref(), Some("category"));
        assert_eq!(f.action.as_deref(), Some("ticket.*"));
    }
}
