//! One key as bindings see it, and how the configuration writes it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as bindings see it: shift is part of the character (`G`), so only
/// ctrl and alt remain as modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn of(event: KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Reads `"q"`, `"G"`, `"ctrl-l"`, `"alt-x"`, `"shift-tab"`, `"enter"`,
    /// `"pgdn"`, `"f5"`…
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match code_of(rest)? {
            // Terminals send ctrl-L as ctrl-l: case means nothing with ctrl.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        Some(Key { code, ctrl, alt })
    }

    /// A key a text field would take as typed text (a letter, `space`).
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// The key as the help overlay and the configuration write it.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            other => NAMED
                .iter()
                .find(|(_, c)| *c == other)
                .map(|(n, _)| (*n).to_string())
                .unwrap_or_else(|| "?".into()),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("ctrl-");
        }
        if self.alt {
            out.push_str("alt-");
        }
        out.push_str(&base);
        out
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
];

fn code_of(text: &str) -> Option<KeyCode> {
    let lower = text.to_ascii_lowercase();
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    if lower == "space" {
        return Some(KeyCode::Char(' '));
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(KeyCode::Char(c)),
        _ => lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
            .map(KeyCode::F),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_back() {
        for text in [
            "q",
            "G",
            "ctrl-l",
            "shift-tab",
            "enter",
            "pgdn",
            "f5",
            "space",
            "alt-x",
        ] {
            let key = Key::parse(text).unwrap();
            assert_eq!(key.label(), text);
        }
        assert_eq!(Key::parse("CTRL-L"), Key::parse("ctrl-l"));
        assert!(Key::parse("ctrl-").is_none());
        assert!(Key::parse("f13").is_none());
        assert!(Key::parse("qq").is_none());
    }
}
