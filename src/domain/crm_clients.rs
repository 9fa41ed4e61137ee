//! Rules of the CRM's companies and clients that need no database: what a
//! field may hold, and who becomes a new client's sales contact.

use super::msg::Msg;
use super::validate;
use chrono::NaiveDate;

/// Longest address, in characters (one line).
pub const MAX_ADDRESS_CHARS: usize = 300;
/// Longest notes, in characters (several lines).
pub const MAX_NOTES_CHARS: usize = 4000;

/// An optional field typed as text: blank means none.
fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// An email that may be left out (`""` clears it).
pub fn optional_email(text: &str) -> Result<Option<String>, Msg> {
    if blank(text) {
        return Ok(None);
    }
    validate::email(text).map(Some)
}

/// A phone number that may be left out (`""` clears it).
pub fn optional_phone(text: &str) -> Result<Option<String>, Msg> {
    if blank(text) {
        return Ok(None);
    }
    validate::phone(text).map(Some)
}

/// An address on one line, possibly empty.
pub fn address(text: &str) -> Result<String, Msg> {
    let text = text.trim();
    if text.chars().count() > MAX_ADDRESS_CHARS {
        return Err(Msg::new("error.field_too_long")
            .arg("field", "address")
            .arg("max", MAX_ADDRESS_CHARS));
    }
    if text.chars().any(super::text::is_dangerous) {
        return Err(Msg::new("error.control_chars").arg("field", "address"));
    }
    Ok(text.to_string())
}

/// Notes: several lines (line breaks and tabs kept), no other control
/// character, possibly empty.
pub fn notes(text: &str) -> Result<String, Msg> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTES_CHARS {
        return Err(Msg::new("error.field_too_long")
            .arg("field", "notes")
            .arg("max", MAX_NOTES_CHARS));
    }
    let bad = |c: char| c != '\n' && c != '\t' && super::text::is_dangerous(c);
    if text.chars().any(bad) {
        return Err(Msg::new("error.control_chars").arg("field", "notes"));
    }
    Ok(text.to_string())
}

/// The date of first contact: a calendar date not after `today` (a first
/// contact yet to come is a typo); blank clears it.
pub fn first_contact(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Msg> {
    if blank(text) {
        return Ok(None);
    }
    let day = validate::date("first_contact", text)?;
    if day > today {
        return Err(Msg::new("error.first_contact_in_future").arg("date", day));
    }
    Ok(Some(day))
}

/// Who a new client's sales contact is, or why the choice is not the
/// actor's to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SalesChoice {
    /// This user.
    User(i64),
    /// Nobody yet.
    Nobody,
    /// The actor may create only their own clients and named someone else.
    NotYours,
}

/// A salesperson (who may create only their own clients) becomes the
/// contact of what they create, and may name nobody else; someone who may
/// create any client (management) names whom they like, or nobody.
pub fn sales_contact(may_choose: bool, me: i64, asked: Option<i64>) -> SalesChoice {
    match (may_choose, asked) {
        (false, None) => SalesChoice::User(me),
        (false, Some(id)) if id == me => SalesChoice::User(me),
        (false, Some(_)) => SalesChoice::NotYours,
        (true, Some(id)) => SalesChoice::User(id),
        (true, None) => SalesChoice::Nobody,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn optional_fields_clear_when_blank_and_refuse_what_is_wrong() {
        assert_eq!(optional_email("  "), Ok(None));
        assert_eq!(optional_email("a@b.fr"), Ok(Some("a@b.fr".into())));
        assert_eq!(
            optional_email("a@b").unwrap_err().key,
            "error.invalid_email"
        );
        assert_eq!(optional_phone(""), Ok(None));
        assert_eq!(optional_phone("12").unwrap_err().key, "error.invalid_phone");
        assert_eq!(
            address(&"x".repeat(301)).unwrap_err().key,
            "error.field_too_long"
        );
        assert_eq!(
            address("1 rue\u{1b}[2J").unwrap_err().key,
            "error.control_chars"
        );
        assert_eq!(
            notes("line 1\nline 2\tend"),
            Ok("line 1\nline 2\tend".into())
        );
        assert_eq!(notes("a\u{7}b").unwrap_err().key, "error.control_chars");
        assert_eq!(
            notes(&"é".repeat(4001)).unwrap_err().key,
            "error.field_too_long"
        );
    }

    #[test]
    fn first_contact_is_a_real_day_not_after_today() {
        let today = day("2026-12-04");
        assert_eq!(first_contact("2026-12-04", today), Ok(Some(today)));
        assert_eq!(first_contact("", today), Ok(None));
        let key = |t: &str| first_contact(t, today).unwrap_err().key;
        assert_eq!(key("2026-12-05"), "error.first_contact_in_future");
        assert_eq!(key("2026-02-30"), "error.invalid_date");
    }

    #[test]
    fn a_salesperson_is_the_contact_of_what_they_create() {
        assert_eq!(sales_contact(false, 7, None), SalesChoice::User(7));
        assert_eq!(sales_contact(false, 7, Some(7)), SalesChoice::User(7));
        assert_eq!(sales_contact(false, 7, Some(8)), SalesChoice::NotYours);
        assert_eq!(sales_contact(true, 1, Some(8)), SalesChoice::User(8));
        assert_eq!(sales_contact(true, 1, None), SalesChoice::Nobody);
    }
}
