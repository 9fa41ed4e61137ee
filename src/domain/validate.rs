//! Checks on what people type: logins, names, emails, keys, dates.

use super::msg::Msg;
use chrono::NaiveDate;

pub const MAX_NAME_CHARS: usize = 120;

/// Logins: 2–64 characters, lowercase letters, digits, `.`, `-`, `_`, starting
/// with a letter or digit (they appear in shells, logs and ssh commands).
pub fn login(text: &str) -> Result<String, Msg> {
    let login = text.trim().to_lowercase();
    let valid_chars = login
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    let starts_well = login
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if (2..=64).contains(&login.len()) && valid_chars && starts_well {
        Ok(login)
    } else {
        Err(Msg::new("error.invalid_login").arg("value", text))
    }
}

/// Role keys: like logins but with `_` only, as in `coach_hard`.
pub fn role_key(text: &str) -> Result<String, Msg> {
    let key = text.trim();
    let valid = (2..=32).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && key.starts_with(|c: char| c.is_ascii_lowercase());
    if valid {
        Ok(key.to_string())
    } else {
        Err(Msg::new("error.invalid_role_key").arg("value", text))
    }
}

/// A display name or label: trimmed, non-empty, no control characters.
pub fn name(field: &'static str, text: &str) -> Result<String, Msg> {
    let name = text.trim();
    let count = name.chars().count();
    if count == 0 {
        return Err(Msg::new("error.empty_field").arg("field", field));
    }
    if count > MAX_NAME_CHARS {
        return Err(Msg::new("error.field_too_long")
            .arg("field", field)
            .arg("max", MAX_NAME_CHARS));
    }
    if name.chars().any(super::text::is_dangerous) {
        return Err(Msg::new("error.control_chars").arg("field", field));
    }
    Ok(name.to_string())
}

/// A plausible address: one `@`, something on each side, a dot in the domain,
/// no spaces. Whether it receives mail is for the mail server to say.
pub fn email(text: &str) -> Result<String, Msg> {
    let email = text.trim();
    let plausible = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    };
    if plausible
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Ok(email.to_string())
    } else {
        Err(Msg::new("error.invalid_email").arg("value", text))
    }
}

/// Phone numbers as people write them: digits, spaces, `+ . - ( )`.
pub fn phone(text: &str) -> Result<String, Msg> {
    let phone = text.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let valid = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +.-()".contains(c));
    if valid && (6..=20).contains(&digits) {
        Ok(phone.to_string())
    } else {
        Err(Msg::new("error.invalid_phone").arg("value", text))
    }
}

pub fn date(field: &'static str, text: &str) -> Result<NaiveDate, Msg> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Msg::new("error.invalid_date")
            .arg("field", field)
            .arg("value", text)
    })
}

/// A day time can be logged for: not after today, and not before a year
/// ahead of the site's creation (work done while the site was being set up
/// is entered late; a date centuries off is a typo).
pub fn work_day(
    day: NaiveDate,
    today: NaiveDate,
    site_created: NaiveDate,
) -> Result<NaiveDate, Msg> {
    if day > today {
        return Err(Msg::new("error.date_in_future").arg("date", day));
    }
    let earliest = site_created
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    if day < earliest {
        return Err(Msg::new("error.date_too_early")
            .arg("date", day)
            .arg("earliest", earliest)
            .arg("created", site_created));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        assert_eq!(login(" JDupont ").unwrap(), "jdupont");
        assert!(login("a.b-c_d9").is_ok());
        for bad in ["", "a", "-x", "has space", "é", "x\u{1b}", &"a".repeat(65)] {
            assert!(login(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_emails_phones_dates() {
        assert_eq!(name("name", "  Élodie Ndiaye ").unwrap(), "Élodie Ndiaye");
        assert!(name("name", "   ").is_err());
        assert!(name("name", "x\u{1b}[2J").is_err());
        assert!(email("a@b.fr").is_ok());
        for bad in ["a@b", "ab.fr", "a @b.fr", "a@.fr", "a@b.fr."] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(phone("+33 6 12 34 56 78").is_ok());
        assert!(phone("06-12").is_err());
        assert!(date("start", "2026-02-30").is_err());
        assert!(date("start", "2026-02-28").is_ok());
    }

    #[test]
    fn work_days_run_from_a_year_before_the_site_to_today() {
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let (today, created) = (d("2026-12-02"), d("2026-03-15"));
        let key = |day: &str| work_day(d(day), today, created).map_err(|m| m.key);
        assert_eq!(key("2026-12-02"), Ok(d("2026-12-02")));
        assert_eq!(key("2025-03-15"), Ok(d("2025-03-15")));
        assert_eq!(key("2025-03-14"), Err("error.date_too_early"));
        assert_eq!(key("0001-01-01"), Err("error.date_too_early"));
        assert_eq!(key("2026-12-03"), Err("error.date_in_future"));
    }
}
