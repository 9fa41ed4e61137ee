//! What the database stores, read out in the reader's language: audit
//! summaries (`{"status": {"old": "waiting", "new": "in_progress"}}` as
//! `Statut : en attente → en cours`) and the stored keys inside them.
//! Machines keep the JSON; only text for people goes through here.

use super::I18n;
use serde_json::Value;

impl I18n {
    /// An audit summary on one line, fields and known values by their
    /// names. A field or value this version has no name for is shown as
    /// stored; text that is not a JSON object is shown as it is. The
    /// result is not made inert: callers clean it for their screen.
    pub fn audit_summary(&self, json: &str, null: &str) -> String {
        self.audit_summary_lines(json, null).join(", ")
    }

    /// The same, one field by its name per line (an entry shown whole);
    /// a summary that is not a JSON object is given as it is.
    pub fn audit_summary_lines(&self, json: &str, null: &str) -> Vec<String> {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
            return vec![json.to_string()];
        };
        let sep = self.text("audit.field_sep");
        // An id beside the name of what it points to is for scripts: people
        // read the name (`category` rather than `category_id`).
        let named_beside = |field: &str| {
            field
                .strip_suffix("_id")
                .is_some_and(|base| map.contains_key(base))
        };
        map.iter()
            .filter(|(field, _)| !named_beside(field))
            .map(|(field, v)| {
                format!(
                    "{}{sep}{}",
                    self.field_name(field),
                    self.summary_value(field, v, null)
                )
            })
            .collect()
    }

    /// Who wrote an audit entry: a login, or the program itself by its
    /// name in this language (stored as `system`, with no user id).
    pub fn actor_name(&self, login: &str, actor_id: Option<i64>) -> String {
        if actor_id.is_none() && login == crate::store::audit::SYSTEM_ACTOR {
            self.text("audit.system").to_string()
        } else {
            login.to_string()
        }
    }

    /// A field of an audit summary by its name (`status` → `Statut`).
    pub fn field_name(&self, field: &str) -> String {
        self.named("audit.field.", field)
    }

    /// A stored value of `field` by its name where the field holds keys
    /// (a status, a priority, an urgency level, yes or no).
    pub fn stored_value(&self, field: &str, value: &str) -> String {
        let prefix = match field {
            "status" | "from" | "to" => "tui.status.",
            "priority" => "tui.priority.",
            "urgency" | "level" => "tui.tickets.level.",
            "assigned_by" => "audit.assigned_by.",
            // A contract's kind (issue 15).
            "kind" => "crm.kind.",
            "handling_role" | "role" => return self.builtin_role(value),
            _ => return value.to_string(),
        };
        self.named(prefix, value)
    }

    /// A message's argument that holds stored keys, by their names: a
    /// status (`status`, `from`, `to`), a priority, or the list of those
    /// a refusal offers (`allowed` of the status and priority errors).
    pub(super) fn keyed_arg(&self, msg_key: &str, name: &str, value: &str) -> String {
        let field = match (msg_key, name) {
            (_, "status" | "from" | "to") => "status",
            (_, "priority") => "priority",
            ("error.unknown_status" | "error.illegal_transition", "allowed") => "status",
            ("error.unknown_priority", "allowed") => "priority",
            ("error.unknown_level", "allowed") => "urgency",
            _ => return value.to_string(),
        };
        value
            .split(", ")
            .map(|v| self.stored_value(field, v))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Fills the words that agree with the object `what` names
    /// (`{what_none}`: "Aucune catégorie", "Aucun ticket"…), so that no
    /// message falls back on "Aucun(e)".
    pub(super) fn agreeing_words(&self, text: &str, what: &str) -> String {
        let mut text = text.to_string();
        for table in ["none", "one", "named", "created"] {
            let placeholder = format!("{{what_{table}}}");
            if text.contains(&placeholder) {
                let words = self.named(&format!("object_{table}."), what);
                text = text.replace(&placeholder, &words);
            }
        }
        text
    }

    fn summary_value(&self, field: &str, v: &Value, null: &str) -> String {
        match v {
            Value::String(s) => self.stored_value(field, s),
            Value::Null => null.to_string(),
            Value::Bool(true) => self.text("cli.yes").to_string(),
            Value::Bool(false) => self.text("cli.no").to_string(),
            Value::Object(map) if map.len() == 2 => match (map.get("old"), map.get("new")) {
                (Some(old), Some(new)) => format!(
                    "{} → {}",
                    self.summary_value(field, old, null),
                    self.summary_value(field, new, null)
                ),
                _ => v.to_string(),
            },
            other => other.to_string(),
        }
    }

    /// A role stored by its key: the built-in roles by their names (the
    /// log holds no label, and a reader of the log may not read roles);
    /// a role made on the site by its key.
    fn builtin_role(&self, key: &str) -> String {
        use crate::domain::roles::DEFAULT_ROLES;
        match DEFAULT_ROLES.iter().find(|r| r.key == key) {
            Some(role) if self.lang() == super::Lang::Fr => role.label_fr.to_string(),
            Some(role) => role.label_en.to_string(),
            None => key.to_string(),
        }
    }

    /// The text of `prefix` + `key`, or `key` itself when there is none.
    fn named(&self, prefix: &str, key: &str) -> String {
        let full = format!("{prefix}{key}");
        let text = self.text(&full);
        if text == full {
            key.to_string()
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{I18n, Lang};

    #[test]
    fn the_program_is_named_in_the_readers_language() {
        let fr = I18n::new(Lang::Fr);
        assert_eq!(fr.actor_name("system", None), "système");
        assert_eq!(I18n::new(Lang::En).actor_name("system", None), "system");
        // A person whose login happens to be `system` keeps it.
        assert_eq!(fr.actor_name("system", Some(4)), "system");
        assert_eq!(fr.actor_name("lea", Some(2)), "lea");
    }

    #[test]
    fn an_id_beside_its_name_is_left_to_scripts() {
        let json =
            r#"{"category":{"old":"Wi-Fi","new":"Impression"},"category_id":{"old":2,"new":6}}"#;
        let fr = I18n::new(Lang::Fr).audit_summary(json, "—");
        assert_eq!(fr, "Catégorie : Wi-Fi → Impression");
        let alone = I18n::new(Lang::En).audit_summary(r#"{"category_id":6}"#, "—");
        assert_eq!(alone, "Category: 6");
    }

    #[test]
    fn every_urgency_level_is_understood_by_its_shown_names() {
        use crate::domain::sla::Level;
        for lang in [Lang::Fr, Lang::En] {
            let i18n = I18n::new(lang);
            for level in Level::EVERY {
                let shown = i18n.stored_value("urgency", level.key());
                assert_eq!(Level::from_text(&shown), Ok(level), "{shown}");
            }
        }
        let refused = Level::from_text("zzz").unwrap_err();
        let fr = I18n::new(Lang::Fr).render(&refused);
        assert!(fr.contains("en retard") && !fr.contains("overdue"), "{fr}");
    }

    #[test]
    fn a_status_change_reads_in_french_and_in_english() {
        let json = r#"{"status":{"old":"waiting","new":"in_progress"}}"#;
        let fr = I18n::new(Lang::Fr).audit_summary(json, "—");
        assert_eq!(fr, "Statut : en attente → en cours");
        let en = I18n::new(Lang::En).audit_summary(json, "—");
        assert_eq!(en, "Status: waiting → in progress");
    }

    #[test]
    fn refusals_list_the_names_in_the_readers_language() {
        use crate::domain::ticket::Status;
        let fr = I18n::new(Lang::Fr);
        let refused = Status::from_text("zzz").unwrap_err();
        let text = fr.render(&refused);
        assert!(text.contains("en attente, en cours, suspendu"), "{text}");
        assert!(!text.contains("on_hold"), "{text}");
    }

    #[test]
    fn the_names_the_domain_reads_are_those_of_the_files() {
        use crate::domain::ticket::{Priority, Status};
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            for s in Status::EVERY {
                let name = i18n.stored_value("status", s.key());
                assert_eq!(Status::from_text(&name), Ok(*s), "{lang:?} {name}");
            }
            for p in Priority::EVERY {
                let name = i18n.stored_value("priority", p.key());
                assert_eq!(Priority::from_text(&name), Ok(*p), "{lang:?} {name}");
            }
        }
    }

    #[test]
    fn objects_agree_in_gender() {
        use crate::domain::Msg;
        let fr = I18n::new(Lang::Fr);
        let missing = |what: &str| {
            fr.render(
                &Msg::new("error.not_found")
                    .arg("what", what)
                    .arg("key", "x"),
            )
        };
        assert_eq!(missing("category"), "Aucune catégorie « x ».");
        assert_eq!(missing("ticket"), "Aucun ticket « x ».");
        let made = fr.render(
            &Msg::new("cli.created")
                .arg("what", "cohort")
                .arg("name", "P1")
                .arg("id", 3),
        );
        assert_eq!(made, "Une promo « P1 » a été créée (id 3).");
        for kind in crate::domain::audit_action::ObjectKind::EVERY {
            for table in ["none", "one", "named", "created"] {
                let key = format!("object_{table}.{}", kind.key());
                assert_ne!(fr.text(&key), key, "{key}");
            }
        }
    }

    #[test]
    fn unknown_fields_and_values_stay_as_stored() {
        let i18n = I18n::new(Lang::Fr);
        let s = i18n.audit_summary(
            r#"{"zz":"yy","closure_requested":true,"assignee":null}"#,
            "—",
        );
        assert!(s.contains("zz : yy"), "{s}");
        assert!(s.contains("oui"), "{s}");
        assert!(s.contains("—"), "{s}");
        assert_eq!(i18n.audit_summary("not json", "—"), "not json");
    }
}
