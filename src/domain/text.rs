//! Text that reaches a terminal. Anything stored may contain control
//! characters or escape sequences (a title pasted from a log, or typed with
//! malice); shown raw they could clear the screen or retitle the window.

/// Replaces every control character, and the Unicode formatting characters
/// that reorder text (bidi overrides), with a visible escape such as `\x1b`.
/// With `keep_newlines`, `\n` passes through for multi-line views.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep_newlines && c == '\n' {
            out.push(c);
        } else if is_dangerous(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

pub fn is_dangerous(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    let code = c as u32;
    // Writing to a String cannot fail.
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\t' => write!(out, "\\t"),
        _ if code < 0x100 => write!(out, "\\x{code:02x}"),
        _ => write!(out, "\\u{{{code:04x}}}"),
    };
}

/// JSON output is for programs, so keeps every character, but serde_json
/// leaves DEL and the C1 controls (U+0080–U+009F, which some terminals obey)
/// unescaped: escape them too so the JSON is safe to print.
pub fn harden_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let code = c as u32;
        if code == 0x7f || (0x80..=0x9f).contains(&code) || is_bidi_control(c) {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let hostile = "Panne\x1b[2J\x1b]0;pwned\x07 \u{9b}31m \u{202e}txt";
        let shown = for_terminal(hostile, false);
        assert!(!shown.chars().any(is_dangerous), "{shown}");
        assert_eq!(
            shown,
            "Panne\\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\u{202e}txt"
        );
    }

    #[test]
    fn newlines_are_kept_only_when_asked_and_accents_pass() {
        assert_eq!(for_terminal("é\nà", true), "é\nà");
        assert_eq!(for_terminal("é\nà", false), "é\\nà");
        assert_eq!(for_terminal("日本 🎫", false), "日本 🎫");
    }

    #[test]
    fn hardened_json_still_parses_to_the_same_value() {
        let value = serde_json::json!({ "t": "a\u{9b}b\u{7f}c\u{1b}d" });
        let hardened = harden_json(&serde_json::to_string(&value).unwrap());
        assert!(!hardened.chars().any(is_dangerous));
        let back: serde_json::Value = serde_json::from_str(&hardened).unwrap();
        assert_eq!(back, value);
    }
}
