//! French and English. Every string shown to people lives in
//! `assets/i18n/{fr,en}.toml` and the files of `assets/i18n/{fr,en}/` (one
//! per part of the dashboard); the binary carries them all.

use crate::config::Language;
use crate::domain::money::Currency;
use crate::domain::Msg;
use std::collections::HashMap;

mod words;

/// Each language's files, merged in this order; a key appears in one file.
const EN: &[&str] = &[
    include_str!("../assets/i18n/en.toml"),
    include_str!("../assets/i18n/en/tui.toml"),
    include_str!("../assets/i18n/en/tickets.toml"),
    include_str!("../assets/i18n/en/logs.toml"),
    include_str!("../assets/i18n/en/admin.toml"),
    include_str!("../assets/i18n/en/audit.toml"),
    include_str!("../assets/i18n/en/may.toml"),
    include_str!("../assets/i18n/en/help.toml"),
    // Issue 15, companies and clients.
    include_str!("../assets/i18n/en/crm_clients.toml"),
    // Issue 15: contracts and events.
    include_str!("../assets/i18n/en/crm_contracts.toml"),
    // Issue 15: the Contracts tab.
    include_str!("../assets/i18n/en/crm_tab.toml"),
    // Issue 15: the Events tab.
    include_str!("../assets/i18n/en/events_tab.toml"),
];
const FR: &[&str] = &[
    include_str!("../assets/i18n/fr.toml"),
    include_str!("../assets/i18n/fr/tui.toml"),
    include_str!("../assets/i18n/fr/tickets.toml"),
    include_str!("../assets/i18n/fr/logs.toml"),
    include_str!("../assets/i18n/fr/admin.toml"),
    include_str!("../assets/i18n/fr/audit.toml"),
    include_str!("../assets/i18n/fr/may.toml"),
    include_str!("../assets/i18n/fr/help.toml"),
    // Issue 15, companies and clients.
    include_str!("../assets/i18n/fr/crm_clients.toml"),
    // Issue 15: contracts and events.
    include_str!("../assets/i18n/fr/crm_contracts.toml"),
    // Issue 15: the Contracts tab.
    include_str!("../assets/i18n/fr/crm_tab.toml"),
    // Issue 15: the Events tab.
    include_str!("../assets/i18n/fr/events_tab.toml"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

pub struct I18n {
    lang: Lang,
    strings: HashMap<String, String>,
    english: HashMap<String, String>,
    /// The site's currency, in which a message's amounts are written.
    currency: Currency,
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        let english = flatten(EN);
        let strings = match lang {
            Lang::En => english.clone(),
            Lang::Fr => flatten(FR),
        };
        I18n {
            lang,
            strings,
            english,
            currency: Currency::default(),
        }
    }

    /// The same words, amounts written in `currency` (`site.currency`).
    pub fn with_currency(mut self, currency: Currency) -> I18n {
        self.currency = currency;
        self
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// The string for `key`, falling back to English, then to the key
    /// itself (never a panic, never an empty message).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings
            .get(key)
            .or_else(|| self.english.get(key))
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Fills the message's placeholders. An argument named `what` names a
    /// kind of object (`user`, `cohort`…) and is itself translated; one
    /// named `field` is too when the files name it (`[field]`), else it is
    /// shown as given. An amount ([`Msg::money`]) is written in the
    /// site's currency as the language writes it (`1 234,56 €`, `€1,234.56`).
    pub fn render(&self, msg: &Msg) -> String {
        let mut text = self.text(msg.key).to_string();
        for (name, value) in &msg.args {
            if let Some(amount) = msg.amount(name) {
                let shown = amount.format(&self.currency, self.lang == Lang::Fr);
                text = text.replace(&format!("{{{name}}}"), &shown);
                continue;
            }
            let shown = match *name {
                "what" => self.text(&format!("object.{value}")).to_string(),
                "field" => {
                    let key = format!("field.{value}");
                    let named = self.text(&key);
                    if named == key {
                        value.clone()
                    } else {
                        named.to_string()
                    }
                }
                _ => self.keyed_arg(msg.key, name, value),
            };
            text = text.replace(&format!("{{{name}}}"), &shown);
            if *name == "what" {
                text = self.agreeing_words(&text, value);
            }
        }
        text
    }

    /// The name of an audit action stored as `key`; the key itself for
    /// one this version does not write (a newer guichet's).
    pub fn audit_action(&self, key: &str) -> String {
        use crate::domain::audit_action::AuditAction;
        match AuditAction::from_key(key) {
            Some(action) => self.text(&action.label_key()).to_string(),
            None => key.to_string(),
        }
    }

    /// The name of the kind of object stored as `key` in the audit log.
    pub fn object_kind(&self, key: &str) -> String {
        use crate::domain::audit_action::ObjectKind;
        match ObjectKind::from_key(key) {
            Some(kind) => self.text(&kind.label_key()).to_string(),
            None => key.to_string(),
        }
    }

    pub fn with(&self, key: &'static str, args: &[(&'static str, &str)]) -> String {
        let msg = args.iter().fold(Msg::new(key), |m, (n, v)| m.arg(n, v));
        self.render(&msg)
    }
}

/// `auto` follows LC_ALL, then LC_MESSAGES, then LANG (the POSIX order).
pub fn resolve(language: Language) -> Lang {
    match language {
        Language::Fr => Lang::Fr,
        Language::En => Lang::En,
        Language::Auto => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
                .unwrap_or_default();
            if locale.starts_with("fr") {
                Lang::Fr
            } else {
                Lang::En
            }
        }
    }
}

fn flatten(files: &[&str]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    // The files are part of the binary and checked by tests; a broken one
    // shows keys instead of text rather than stopping the program.
    for text in files {
        if let Ok(table) = text.parse::<toml::Table>() {
            walk("", &table, &mut out);
        }
    }
    out
}

fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => walk(&full, t, out),
            toml::Value::String(s) => {
                out.insert(full, s.clone());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(p, _)| p.to_string()))
            .collect()
    }

    /// Two files giving one key different texts: the later one would win
    /// silently (a contract's error replacing a cohort's).
    #[test]
    fn no_key_has_two_different_texts() {
        for files in [EN, FR] {
            let mut seen: HashMap<String, String> = HashMap::new();
            for text in files {
                let mut one = HashMap::new();
                walk("", &text.parse::<toml::Table>().unwrap(), &mut one);
                for (key, value) in one {
                    if let Some(before) = seen.insert(key.clone(), value.clone()) {
                        assert_eq!(before, value, "{key} has two texts");
                    }
                }
            }
        }
    }

    #[test]
    fn both_languages_parse_and_have_the_same_keys_and_placeholders() {
        for file in EN.iter().chain(FR) {
            assert!(file.parse::<toml::Table>().is_ok(), "{file}");
        }
        let (en, fr) = (flatten(EN), flatten(FR));
        let en_keys: BTreeSet<_> = en.keys().collect();
        let fr_keys: BTreeSet<_> = fr.keys().collect();
        assert_eq!(
            en_keys.difference(&fr_keys).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "missing in fr"
        );
        assert_eq!(
            fr_keys.difference(&en_keys).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "missing in en"
        );
        for (key, text) in &en {
            assert_eq!(
                placeholders(text),
                placeholders(&fr[key]),
                "placeholders of {key}"
            );
        }
    }

    #[test]
    fn amounts_are_written_in_the_sites_currency_and_the_readers_language() {
        use crate::domain::money::Cents;
        let refusal = crate::domain::crm::check_payment(Cents(123_456), Cents(100_000))
            .expect_err("above what is due");
        let en = I18n::new(Lang::En).render(&refusal);
        assert!(
            en.contains("(€1,234.56)") && en.contains("(€1,000.00)"),
            "{en}"
        );
        let fr = I18n::new(Lang::Fr).render(&refusal);
        assert!(
            fr.contains("(1\u{202F}234,56\u{A0}€)") && fr.contains("(1\u{202F}000,00\u{A0}€)"),
            "{fr}"
        );
        let usd = Currency::parse("USD").expect("a code");
        let en = I18n::new(Lang::En).with_currency(usd).render(&refusal);
        assert!(en.contains("($1,234.56)"), "{en}");
        // The plain decimal stays in the message itself, for logs.
        assert_eq!(refusal.get("amount"), Some("1234.56"));
        assert!(!fr.contains("1234.56"), "{fr}");
    }

    #[test]
    fn render_fills_arguments_and_falls_back_to_the_key() {
        let i18n = I18n::new(Lang::Fr);
        let text = i18n.render(&Msg::new("error.denied").arg("capability", "user.create"));
        assert!(text.contains("user.create"), "{text}");
        assert_eq!(i18n.text("no.such.key"), "no.such.key");
    }
}
