//! Password policy. bcrypt reads at most 72 bytes; rather than truncate
//! silently we refuse 72 bytes and more, so the real maximum is 71 bytes.

use super::msg::Msg;

pub const MIN_CHARS: usize = 12;
pub const MAX_BYTES: usize = 71;

/// Lowercase, sorted (byte order), one per line: see the licence file beside it.
const COMMON_PASSWORDS: &str = include_str!("../../assets/common-passwords.txt");

/// Checks a new password; `personal` holds the login and name, which a
/// password must not simply repeat.
pub fn check(password: &str, personal: &[&str]) -> Result<(), Msg> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Msg::new("error.password_too_short")
            .arg("min", MIN_CHARS)
            .arg("count", chars));
    }
    if password.len() > MAX_BYTES {
        return Err(Msg::new("error.password_too_long")
            .arg("max", MAX_BYTES)
            .arg("bytes", password.len()));
    }
    if password.chars().any(char::is_control) {
        return Err(Msg::new("error.password_control_char"));
    }
    let lowered = password.to_lowercase();
    if is_common(&lowered) {
        return Err(Msg::new("error.password_common"));
    }
    let personal_match = personal
        .iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| p.chars().count() >= 4)
        .any(|p| lowered.contains(&p) && lowered.chars().count() < p.chars().count() + 6);
    if personal_match {
        return Err(Msg::new("error.password_personal"));
    }
    if lowered
        .chars()
        .collect::<std::collections::HashSet<_>>()
        .len()
        < 4
    {
        return Err(Msg::new("error.password_repetitive"));
    }
    Ok(())
}

fn is_common(lowered: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| COMMON_PASSWORDS.lines().collect());
    list.binary_search(&lowered).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_is_sorted_for_binary_search() {
        let list: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(list.len() > 1000);
        assert!(list.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn refuses_short_long_common_and_personal_passwords() {
        let key = |p: &str| check(p, &["jdupont", "Jeanne Dupont"]).err().map(|m| m.key);
        assert_eq!(key("short"), Some("error.password_too_short"));
        assert_eq!(key(&"é".repeat(36)), Some("error.password_too_long"));
        let seventy = format!("{}xy", "Ab3-".repeat(17));
        assert_eq!(seventy.len(), 70);
        assert_eq!(key(&seventy), None, "70 bytes is accepted");
        assert_eq!(key(&format!("{seventy}z")), None, "71 bytes is accepted");
        assert_eq!(
            key(&format!("{seventy}zz")),
            Some("error.password_too_long"),
            "72 bytes is refused"
        );
        assert_eq!(key(&"ab".repeat(36)), Some("error.password_too_long"));
        assert_eq!(key("AzertyUIOP123"), Some("error.password_common"));
        assert_eq!(key("motdepasse2025"), Some("error.password_common"));
        assert_eq!(key("jdupont12345"), Some("error.password_personal"));
        assert_eq!(key("zzzyyyzzzyyyzzz"), Some("error.password_repetitive"));
        assert_eq!(key("tab\tin password"), Some("error.password_control_char"));
        assert_eq!(key("correct horse battery"), None);
    }
}
