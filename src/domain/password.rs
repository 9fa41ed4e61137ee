//! Password policy. bcrypt reads at most 72 bytes; rather than truncate
//! silently we refuse 72 bytes and more, so the real maximum is 71 bytes.

use super::msg::Msg;
use unicode_segmentation::UnicodeSegmentation;

pub const MIN_CHARS: usize = 12;
pub const MAX_BYTES: usize = 71;

/// Lowercase, sorted (byte order), one per line: see the licence file beside it.
const COMMON_PASSWORDS: &str = include_str!("../../assets/common-passwords.txt");

/// Checks a new password; `personal` holds the login and name, which a
/// password must not simply repeat.
pub fn check(password: &str, personal: &[&str]) -> Result<(), Msg> {
    let chars = visible_length(password);
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

/// The length a person sees: grapheme clusters (an "é" typed as "e" and a
/// combining accent is one), not counting those made only of invisible
/// format characters, which would otherwise pad a short password past the
/// minimum without making it any harder to guess.
pub fn visible_length(password: &str) -> usize {
    password
        .graphemes(true)
        .filter(|g| !g.chars().all(is_format))
        .count()
}

/// Unicode general category Cf ("format"), as of Unicode 15 and 16: the
/// soft hyphen, zero-width space, non-joiner and joiner, direction marks
/// and embeddings, the word joiner and invisible operators, the byte-order
/// mark, interlinear annotation marks, tag characters and a few script
/// specific ones. Listed here because neither std nor unicode-segmentation
/// exposes the category, and the list barely changes between versions.
fn is_format(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
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

    #[test]
    fn invisible_characters_do_not_count_and_a_combined_letter_counts_once() {
        let key = |p: &str| check(p, &[]).err().map(|m| m.key);
        // Seven letters padded with zero-width spaces, joiners, word
        // joiners, byte-order marks and soft hyphens: seven characters.
        for pad in [
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}",
        ] {
            let padded = format!("Kqzvmtr{}", pad.repeat(8));
            assert_eq!(visible_length(&padded), 7, "{padded:?}");
            assert_eq!(key(&padded), Some("error.password_too_short"), "{padded:?}");
        }
        let interleaved: String = "Kqzvmtrw".chars().flat_map(|c| [c, '\u{200B}']).collect();
        assert_eq!(visible_length(&interleaved), 8);
        // "é" as e + combining acute is one character, as it looks.
        let combined = "e\u{301}";
        assert_eq!(visible_length(combined), 1);
        assert_eq!(visible_length(&combined.repeat(11)), 11);
        assert_eq!(
            key(&format!("{}Kqzvmt", combined.repeat(5))),
            Some("error.password_too_short")
        );
        assert_eq!(key(&format!("{}Kqzvmtr", combined.repeat(5))), None);
        // A family emoji joined by zero-width joiners is one, too.
        assert_eq!(
            visible_length("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"),
            1
        );
        let err = check(&format!("Kqzvmtr{}", "\u{200B}".repeat(8)), &[]).unwrap_err();
        assert_eq!(
            err.args
                .iter()
                .find(|(n, _)| *n == "count")
                .map(|(_, v)| v.as_str()),
            Some("7")
        );
    }
}
