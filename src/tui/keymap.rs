//! Keys as data: the default bindings, the configuration's overrides, and
//! the conflicts between them, reported before the dashboard starts.

use super::action::Action;
use crate::config::KeyList;
use crate::domain::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};

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

/// The default keys of every action. `Back` on Esc also closes overlays.
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Quit, &["q"]),
    (Action::Lock, &["ctrl-l"]),
    (Action::Help, &["?", "f1"]),
    (Action::NextTab, &["tab"]),
    (Action::PrevTab, &["shift-tab"]),
    (Action::Tab1, &["1"]),
    (Action::Tab2, &["2"]),
    (Action::Tab3, &["3"]),
    (Action::Tab4, &["4"]),
    (Action::Tab5, &["5"]),
    (Action::Tab6, &["6"]),
    (Action::Tab7, &["7"]),
    (Action::Tab8, &["8"]),
    (Action::Tab9, &["9"]),
    (Action::Notifications, &["!"]),
    (Action::Up, &["up", "k"]),
    (Action::Down, &["down", "j"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::PageUp, &["pgup", "ctrl-b"]),
    (Action::PageDown, &["pgdn", "ctrl-f"]),
    (Action::FocusNext, &["right", "l"]),
    (Action::FocusPrev, &["left", "h"]),
    (Action::Open, &["enter"]),
    (Action::Back, &["esc"]),
    (Action::Filter, &["/"]),
    (Action::New, &["n"]),
    (Action::Edit, &["e"]),
    (Action::Delete, &["d"]),
    (Action::Refresh, &["f5", "ctrl-r"]),
    (Action::Take, &["t"]),
    (Action::Status, &["s"]),
    (Action::Assign, &["a"]),
    (Action::Comment, &["c"]),
    (Action::LogTime, &["T"]),
    (Action::Attach, &["A"]),
    (Action::Rate, &["r"]),
    (Action::RequestClosure, &["x"]),
    (Action::Forecast, &["f"]),
    (Action::Pause, &["p"]),
    (Action::MarkRead, &["m"]),
    (Action::MarkAllRead, &["M"]),
    (Action::Toggle, &["space"]),
];

#[derive(Clone, Debug)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl Keymap {
    /// The defaults with the configuration's `[keys]` applied. Refused with
    /// every problem at once: an unknown action, an unreadable key, or a key
    /// given to two actions.
    pub fn new(overrides: &BTreeMap<String, KeyList>) -> Result<Keymap, Vec<Msg>> {
        let mut problems = Vec::new();
        let mut by_action: BTreeMap<Action, Vec<Key>> = DEFAULTS
            .iter()
            .map(|(a, keys)| (*a, keys.iter().filter_map(|k| Key::parse(k)).collect()))
            .collect();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(Msg::new("tui.keys.unknown_action").arg("action", name));
                continue;
            };
            let mut parsed = Vec::new();
            for text in keys.keys() {
                match Key::parse(text) {
                    Some(k) => parsed.push(k),
                    None => problems.push(
                        Msg::new("tui.keys.bad_key")
                            .arg("key", text)
                            .arg("action", name),
                    ),
                }
            }
            by_action.insert(action, parsed);
        }
        let mut by_key = HashMap::new();
        for (action, keys) in &by_action {
            for key in keys {
                if let Some(other) = by_key.insert(*key, *action) {
                    problems.push(
                        Msg::new("tui.keys.conflict")
                            .arg("key", key.label())
                            .arg("first", other.name())
                            .arg("second", action.name()),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(Keymap { by_key, by_action })
        } else {
            Err(problems)
        }
    }

    pub fn defaults() -> Keymap {
        // The default table is checked free of conflicts by a test.
        Keymap::new(&BTreeMap::new()).unwrap_or_else(|_| Keymap {
            by_key: HashMap::new(),
            by_action: BTreeMap::new(),
        })
    }

    pub fn action_of(&self, event: KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::of(event)).copied()
    }

    pub fn keys_of(&self, action: Action) -> &[Key] {
        self.by_action
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first key of an action, for hints: `"q"`, or `"—"` if unbound.
    pub fn first_label(&self, action: Action) -> String {
        self.keys_of(action)
            .first()
            .map(Key::label)
            .unwrap_or_else(|| "—".into())
    }

    /// All keys of an action, for the help overlay: `"up, k"`.
    pub fn labels(&self, action: Action) -> String {
        let keys: Vec<_> = self.keys_of(action).iter().map(Key::label).collect();
        if keys.is_empty() {
            "—".into()
        } else {
            keys.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_bind_every_action_without_conflict() {
        let map = Keymap::new(&BTreeMap::new()).expect("defaults conflict");
        for a in Action::ALL {
            assert!(!map.keys_of(*a).is_empty(), "{a:?} has no key");
        }
        for (_, keys) in DEFAULTS {
            for k in *keys {
                assert!(Key::parse(k).is_some(), "{k}");
            }
        }
    }

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

    #[test]
    fn an_override_replaces_the_default_keys_and_conflicts_are_all_reported() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), KeyList::Many(vec!["ctrl-q".into()]));
        let map = Keymap::new(&o).unwrap();
        assert_eq!(map.labels(Action::Quit), "ctrl-q");
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action_of(q), None);

        o.insert("lock".into(), KeyList::One("j".into()));
        o.insert("fly".into(), KeyList::One("z".into()));
        o.insert("help".into(), KeyList::One("ctrl-".into()));
        let problems = Keymap::new(&o).unwrap_err();
        let keys: Vec<_> = problems.iter().map(|m| m.key).collect();
        assert_eq!(
            keys,
            [
                "tui.keys.unknown_action",
                "tui.keys.bad_key",
                "tui.keys.conflict"
            ]
        );
        let conflict = &problems[2];
        assert!(conflict.args.iter().any(|(_, v)| v == "lock"));
        assert!(conflict.args.iter().any(|(_, v)| v == "down"));
    }

    #[test]
    fn shifted_letters_bind_by_their_character() {
        let map = Keymap::defaults();
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action_of(g), Some(Action::Bottom));
        let l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert_eq!(map.action_of(l), Some(Action::Lock));
    }
}
