//! The lists' text filter, as pure functions: how what was typed and the
//! names it is matched against are folded, the `LIKE` pattern the store
//! queries with, and the same test for lists read whole. The store
//! registers [`fold`] as a SQL function (`store::text_filter`).

/// Lower case, accents dropped from the Latin letters French and its
/// neighbours use (`Élève` → `eleve`, `Œuvre` → `oeuvre`); other
/// characters are kept as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// The `LIKE` pattern for what was typed, or None when nothing was (the
/// whole list). `%`, `_` and `\` typed are taken literally.
pub fn pattern(typed: Option<&str>) -> Option<String> {
    let typed = typed.map(str::trim).filter(|t| !t.is_empty())?;
    let mut out = String::from("%");
    for c in fold(typed).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    Some(out)
}

/// The same test in Rust, for the short lists read whole (calendars, SLA
/// policies): one of `names` contains what was typed.
pub fn matches<'a>(typed: Option<&str>, names: impl IntoIterator<Item = &'a str>) -> bool {
    let Some(typed) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return true;
    };
    let typed = fold(typed);
    names.into_iter().any(|name| fold(name).contains(&typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_fold_and_wildcards_are_literal() {
        assert_eq!(fold("Élève ŒUVRE"), "eleve oeuvre");
        assert_eq!(
            pattern(Some(" 50%_a\\ ")).as_deref(),
            Some("%50\\%\\_a\\\\%")
        );
        assert_eq!(pattern(Some("  ")), None);
        assert_eq!(pattern(None), None);
        assert!(matches(Some("ÉTÉ"), ["Horaires d'été"]));
        assert!(!matches(Some("x"), ["Horaires"]));
        assert!(matches(None, ["anything"]));
    }
}
