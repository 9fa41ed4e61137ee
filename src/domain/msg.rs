//! A user-facing message: a key into the language files under `assets/i18n/`
//! and its named arguments. The domain and services speak in `Msg`; only the
//! front ends turn them into French or English text.

use super::money::Cents;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The arguments that are amounts: shown in the site's currency and
    /// the reader's language (their `args` entry is the plain decimal,
    /// for logs and scripts).
    pub amounts: Vec<(&'static str, Cents)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
            amounts: Vec::new(),
        }
    }

    /// An amount of money, written `1 234,56 €` or `€1,234.56` as the
    /// reader's language and the site's currency want.
    pub fn money(mut self, name: &'static str, amount: Cents) -> Msg {
        self.args.push((name, amount.plain()));
        self.amounts.push((name, amount));
        self
    }

    /// The amount given as argument `name`, if it is one.
    pub fn amount(&self, name: &str) -> Option<Cents> {
        self.amounts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for Msg {
    /// Key and arguments, for logs and tests; never shown to users as is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value:?}")?;
        }
        Ok(())
    }
}
