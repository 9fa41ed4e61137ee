//! Amounts of money: whole cents in an `i64`, read from what people type
//! (`1234.56`, `1234,56`, `1 234,56`, `1234`) and written in the reader's
//! language and the site's currency (`1 234,56 €`, `€1,234.56`).
//!
//! French output groups thousands with a narrow no-break space (U+202F)
//! and puts a no-break space (U+00A0) before the symbol, as French
//! typography does: neither lets a table cell or a terminal break the
//! amount in two. Input accepts those, plain spaces and no spaces alike.

use super::msg::Msg;
use std::fmt;

/// Thousands separator of French amounts.
pub const FR_GROUP: char = '\u{202F}';
/// Between a French amount and its currency.
pub const FR_BEFORE_SYMBOL: char = '\u{A0}';

/// The largest amount accepted: 999 999 999 999.99 (far above any
/// contract, far below where sums of many could overflow an `i64`).
pub const MAX_CENTS: i64 = 99_999_999_999_999;

/// An amount in cents, never negative once read from people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub i64);

/// The site's currency, an ISO 4217 code (`site.currency`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency(String);

impl Default for Currency {
    fn default() -> Currency {
        Currency("EUR".into())
    }
}

impl Currency {
    /// Three letters, as ISO 4217 writes them (`eur` is read as `EUR`).
    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_uppercase();
        (code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())).then_some(Currency(code))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The symbol people know, or the code itself for the others.
    pub fn symbol(&self) -> &str {
        match self.0.as_str() {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            "JPY" => "¥",
            other => other,
        }
    }
}

impl Cents {
    /// Reads an amount as people type it; a refusal says what was wrong.
    pub fn parse(text: &str) -> Result<Cents, Msg> {
        let refuse = |key: &'static str| Err(Msg::new(key).arg("value", text.trim()));
        let compact: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(*c, ' ' | '\u{A0}' | FR_GROUP))
            .collect();
        if compact.is_empty() {
            return refuse("error.money_empty");
        }
        if compact.starts_with('-') {
            return refuse("error.money_negative");
        }
        let compact = compact.strip_prefix('+').unwrap_or(&compact);
        let separators = compact.chars().filter(|c| matches!(c, '.' | ',')).count();
        if separators > 1 {
            return refuse("error.money_separators");
        }
        let (units, decimals) = match compact.split_once(['.', ',']) {
            Some((u, d)) => (u, d),
            None => (compact, ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty() || !digits(units) || !digits(decimals) {
            return refuse("error.money_garbage");
        }
        if decimals.len() > 2 {
            return refuse("error.money_decimals");
        }
        // Leading zeros do not count towards the size of the number.
        let units = units.trim_start_matches('0');
        if units.len() > 12 {
            return refuse("error.money_too_large");
        }
        let whole: i64 = if units.is_empty() {
            0
        } else {
            units
                .parse()
                .map_err(|_| Msg::new("error.money_garbage").arg("value", text.trim()))?
        };
        let fraction: i64 = match decimals.len() {
            0 => 0,
            1 => i64::from(decimals.as_bytes()[0] - b'0') * 10,
            _ => decimals.parse().unwrap_or(0),
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(fraction))
            .filter(|c| *c <= MAX_CENTS);
        match cents {
            Some(c) => Ok(Cents(c)),
            None => refuse("error.money_too_large"),
        }
    }

    /// `1 234,56 €` (with the no-break spaces above) or `€1,234.56`.
    pub fn format(self, currency: &Currency, french: bool) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        let symbol = currency.symbol();
        if french {
            let units = grouped(units, FR_GROUP);
            format!("{sign}{units},{cents:02}{FR_BEFORE_SYMBOL}{symbol}")
        } else {
            let units = grouped(units, ',');
            let gap = if symbol.chars().count() > 1 { " " } else { "" };
            format!("{sign}{symbol}{gap}{units}.{cents:02}")
        }
    }

    /// `1234.56`: for scripts and audit summaries, in no one's language.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

fn grouped(mut n: u64, separator: char) -> String {
    let mut groups = Vec::new();
    loop {
        let group = n % 1000;
        n /= 1000;
        if n == 0 {
            groups.push(group.to_string());
            break;
        }
        groups.push(format!("{group:03}"));
    }
    groups.reverse();
    groups.join(&separator.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(text: &str) -> i64 {
        Cents::parse(text)
            .unwrap_or_else(|m| panic!("{text}: {m}"))
            .0
    }

    fn refusal(text: &str) -> &'static str {
        Cents::parse(text).unwrap_err().key
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(cents("1234.56"), 123_456);
        assert_eq!(cents("1234,56"), 123_456);
        assert_eq!(cents("1 234,56"), 123_456);
        assert_eq!(cents("1\u{202F}234,56"), 123_456);
        assert_eq!(cents("1\u{A0}234,5"), 123_450);
        assert_eq!(cents(" 1234 "), 123_400);
        assert_eq!(cents("0,07"), 7);
        assert_eq!(cents("0"), 0);
        assert_eq!(cents("12."), 1_200);
        assert_eq!(cents("007,10"), 710);
        assert_eq!(cents("999999999999.99"), MAX_CENTS);
    }

    #[test]
    fn wrong_amounts_are_refused_saying_why() {
        assert_eq!(refusal("-5"), "error.money_negative");
        assert_eq!(refusal(" - 5,00"), "error.money_negative");
        assert_eq!(refusal("1,234.56"), "error.money_separators");
        assert_eq!(refusal("12.345"), "error.money_decimals");
        assert_eq!(refusal("12abc"), "error.money_garbage");
        assert_eq!(refusal("€12"), "error.money_garbage");
        assert_eq!(refusal(",50"), "error.money_garbage");
        assert_eq!(refusal("1e5"), "error.money_garbage");
        assert_eq!(refusal(""), "error.money_empty");
        assert_eq!(refusal("   "), "error.money_empty");
        assert_eq!(refusal("1000000000000"), "error.money_too_large");
        assert_eq!(refusal("99999999999999999999999"), "error.money_too_large");
        assert_eq!(refusal("1\u{7}2"), "error.money_garbage");
    }

    #[test]
    fn amounts_are_written_in_each_language() {
        let eur = Currency::default();
        let fr = Cents(123_456).format(&eur, true);
        assert_eq!(fr, "1\u{202F}234,56\u{A0}€");
        assert_eq!(Cents(123_456).format(&eur, false), "€1,234.56");
        assert_eq!(Cents(5).format(&eur, false), "€0.05");
        assert_eq!(Cents(0).format(&eur, true), "0,00\u{A0}€");
        assert_eq!(
            Cents(123_456_789_012).format(&eur, false),
            "€1,234,567,890.12"
        );
        assert_eq!(
            Cents(100_000_000).format(&eur, true),
            "1\u{202F}000\u{202F}000,00\u{A0}€"
        );
        let chf = Currency::parse("chf").unwrap();
        assert_eq!(Cents(150).format(&chf, false), "CHF 1.50");
        assert_eq!(Cents(150).format(&chf, true), "1,50\u{A0}CHF");
        assert_eq!(Cents(123_456).plain(), "1234.56");
        // What is written reads back.
        for c in [0, 7, 99, 100, 123_456, MAX_CENTS] {
            assert_eq!(cents(&Cents(c).format(&eur, true).replace('€', "")), c);
        }
    }

    #[test]
    fn currencies_are_three_letters() {
        assert_eq!(Currency::parse("usd").unwrap().symbol(), "$");
        assert!(Currency::parse("EURO").is_none());
        assert!(Currency::parse("E1R").is_none());
        assert!(Currency::parse("").is_none());
    }
}
