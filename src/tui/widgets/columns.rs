//! Columns as wide as what they hold: an id column sized for a fixed number
//! of digits cut `#1000000` to `#10000` once a site passed a million
//! tickets. Widths come from the rows a list holds (a few pages), not only
//! from the lines on screen, so that scrolling within them does not make the
//! columns jump.

use ratatui::layout::Constraint;
use unicode_width::UnicodeWidthStr;

/// Characters of `n` written in decimal (a minus sign included).
pub fn digits(n: i64) -> u16 {
    let sign = u16::from(n < 0);
    let mut rest = n.unsigned_abs();
    let mut count = 1;
    while rest >= 10 {
        rest /= 10;
        count += 1;
    }
    count + sign
}

/// A column of ids written `{prefix}{id}`: as wide as its header, the
/// largest id held, and `floor` (the width it had, so short lists keep
/// their look).
pub fn ids(
    header: &str,
    prefix: &str,
    held: impl IntoIterator<Item = i64>,
    floor: u16,
) -> Constraint {
    let widest = held
        .into_iter()
        .map(|id| digits(id) + prefix.width() as u16)
        .max()
        .unwrap_or(0);
    Constraint::Length(widest.max(header.width() as u16).max(floor))
}

/// A column of texts: as wide as the widest held (up to `cap`), its header
/// and `floor`.
pub fn texts<'a>(
    header: &str,
    held: impl IntoIterator<Item = &'a str>,
    floor: u16,
    cap: u16,
) -> Constraint {
    let widest = held
        .into_iter()
        .map(|t| u16::try_from(t.width()).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0)
        .min(cap);
    Constraint::Length(widest.max(header.width() as u16).max(floor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_count_every_decimal_place() {
        assert_eq!(digits(0), 1);
        assert_eq!(digits(9), 1);
        assert_eq!(digits(10), 2);
        assert_eq!(digits(999_999), 6);
        assert_eq!(digits(1_000_000), 7);
        assert_eq!(digits(i64::MAX), 19);
        assert_eq!(digits(-5), 2);
    }

    #[test]
    fn an_id_column_fits_the_largest_id_held_and_its_header() {
        assert_eq!(ids("ID", "#", [3, 1_000_000, 12], 6), Constraint::Length(8));
        assert_eq!(ids("ID", "#", [3, 12], 6), Constraint::Length(6));
        assert_eq!(ids("Numéro", "#", [], 2), Constraint::Length(6));
    }

    #[test]
    fn a_text_column_fits_its_widest_up_to_its_cap() {
        assert_eq!(
            texts("Objet", ["ticket:1000000"], 12, 30),
            Constraint::Length(14)
        );
        assert_eq!(
            texts("Objet", ["x".repeat(80).as_str()], 12, 30),
            Constraint::Length(30)
        );
    }
}
