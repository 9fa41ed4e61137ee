use super::*;
use crate::i18n::{I18n, Lang};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn one(key: &str) -> KeyEntry {
    KeyEntry::Keys(KeyList::One(key.into()))
}

fn in_layer(pairs: &[(&str, &str)]) -> KeyEntry {
    KeyEntry::Layer(
        pairs
            .iter()
            .map(|(a, k)| (a.to_string(), KeyList::One(k.to_string())))
            .collect(),
    )
}

fn problems(overrides: &[(&str, KeyEntry)]) -> Vec<Msg> {
    let map: BTreeMap<_, _> = overrides
        .iter()
        .map(|(n, e)| (n.to_string(), e.clone()))
        .collect();
    Keymap::new(&map).unwrap_err()
}

fn arg<'m>(msg: &'m Msg, name: &str) -> &'m str {
    msg.args
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn the_default_layers_parse_and_have_no_conflict() {
    let map = Keymap::new(&BTreeMap::new()).expect("defaults conflict");
    for layer in Layer::ALL {
        assert!(!map.own(*layer).is_empty(), "{layer:?} binds nothing");
        for hint in map.hints(*layer) {
            assert!(
                map.binding(*layer, *hint).is_some(),
                "{layer:?} hints {hint:?}, which it does not bind"
            );
        }
    }
    for action in Action::ALL {
        let bound = Layer::ALL
            .iter()
            .any(|l| map.binding(*l, *action).is_some());
        assert!(bound, "{action:?} is bound in no layer");
    }
}

#[test]
fn every_layer_and_binding_is_worded_in_both_languages() {
    let map = Keymap::defaults();
    for lang in [Lang::En, Lang::Fr] {
        let i18n = I18n::new(lang);
        for layer in Layer::ALL {
            let title = layer.title_key();
            assert_ne!(i18n.text(title), title, "{lang:?} lacks {title}");
            for binding in map.own(*layer) {
                for key in [&binding.desc, &binding.hint] {
                    assert_ne!(i18n.text(key), key, "{lang:?} lacks {key}");
                }
            }
        }
    }
}

#[test]
fn one_key_means_what_its_layer_says() {
    let map = Keymap::defaults();
    let space = press(KeyCode::Char(' '));
    assert_eq!(map.action_in(Layer::Calendars, space), Some(Action::Toggle));
    let close = map.binding(Layer::Calendars, Action::Toggle).unwrap();
    assert_eq!(close.desc, "tui.admin.calendars.keys.close_help");
    let toggle = map.binding(Layer::Roles, Action::Toggle).unwrap();
    assert_eq!(toggle.desc, "action.toggle");
    // Moves come from the list layer, the frame's keys from global.
    let j = press(KeyCode::Char('j'));
    assert_eq!(
        map.resolve(Layer::Users, j),
        Some((Action::Down, Layer::List))
    );
    let q = press(KeyCode::Char('q'));
    assert_eq!(
        map.resolve(Layer::Users, q),
        Some((Action::Quit, Layer::Global))
    );
    // A form has the keyboard: `q` is typed there, not quit.
    assert_eq!(map.action_in(Layer::Form, q), None);
    assert_eq!(map.action_in(Layer::Picker, press(KeyCode::PageDown)), None);
}

#[test]
fn an_action_alone_is_rebound_in_every_layer_that_binds_it() {
    let map = Keymap::new(&[("quit".to_string(), one("ctrl-q"))].into()).unwrap();
    assert_eq!(map.labels(Layer::Tickets, Action::Quit), "ctrl-q");
    assert_eq!(
        map.action_in(Layer::Tickets, press(KeyCode::Char('q'))),
        None
    );

    let map = Keymap::new(&[("refresh".to_string(), one("f6"))].into()).unwrap();
    for layer in [Layer::Tickets, Layer::Users, Layer::Journal] {
        assert_eq!(map.labels(layer, Action::Refresh), "f6", "{layer:?}");
    }
}

#[test]
fn a_layer_action_is_rebound_in_that_layer_only() {
    let overrides = [
        ("calendars".to_string(), in_layer(&[("toggle", "x")])),
        // The layer's own line wins over the action alone, whatever the order.
        ("toggle".to_string(), one("z")),
    ];
    let map = Keymap::new(&overrides.into()).unwrap();
    assert_eq!(map.labels(Layer::Calendars, Action::Toggle), "x");
    assert_eq!(map.labels(Layer::Policies, Action::Toggle), "z");
    let x = press(KeyCode::Char('x'));
    assert_eq!(map.action_in(Layer::Calendars, x), Some(Action::Toggle));
    assert_eq!(
        map.action_in(Layer::Calendars, press(KeyCode::Char(' '))),
        None
    );
}

#[test]
fn a_conflict_names_both_actions_and_the_layer() {
    // `n` is `new` in Users: moving down with it clashes there.
    let found = problems(&[("down", one("n"))]);
    let clash = found
        .iter()
        .find(|m| arg(m, "layer") == "users")
        .expect("a clash in users");
    assert_eq!(clash.key, "tui.keys.conflict");
    assert_eq!(
        [arg(clash, "first"), arg(clash, "second")],
        ["new", "down"],
        "{clash:?}"
    );
    // The same key in two layers that never meet is no conflict.
    let fine = [("calendars".to_string(), in_layer(&[("toggle", "t")]))];
    assert!(Keymap::new(&fine.into()).is_ok());
    // The frame's keys are under every pane: hiding one is a conflict.
    let hidden = problems(&[("logs", in_layer(&[("pause", "q")]))]);
    assert_eq!(arg(&hidden[0], "layer"), "logs");
    assert_eq!(
        [arg(&hidden[0], "first"), arg(&hidden[0], "second")],
        ["pause", "quit"]
    );
}

#[test]
fn a_form_key_that_would_be_typed_or_hide_lock_is_refused() {
    let typed = problems(&[("form", in_layer(&[("save", "s")]))]);
    assert_eq!(typed[0].key, "tui.keys.typed");
    let locked = problems(&[("form", in_layer(&[("cancel", "ctrl-l")]))]);
    assert_eq!(locked[0].key, "tui.keys.conflict");
    assert_eq!(arg(&locked[0], "first"), "lock");
}

#[test]
fn unknown_names_and_bad_keys_are_all_reported_at_once() {
    let found = problems(&[
        ("fly", one("z")),
        ("help", one("ctrl-")),
        ("calendars", in_layer(&[("take", "t")])),
        ("nowhere", in_layer(&[("up", "u")])),
        ("roles", one("r")),
    ]);
    let keys: Vec<_> = found.iter().map(|m| m.key).collect();
    assert_eq!(
        keys,
        [
            "tui.keys.unknown_action",
            "tui.keys.bad_key",
            "tui.keys.layer_table",
            "tui.keys.not_in_layer",
            "tui.keys.unknown_layer",
        ]
    );
    assert!(arg(&found[3], "actions").contains("toggle"));
}

#[test]
fn shifted_letters_bind_by_their_character() {
    let map = Keymap::defaults();
    let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(map.action_in(Layer::Tickets, g), Some(Action::Bottom));
    let l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert_eq!(map.action_in(Layer::Form, l), None);
    assert_eq!(map.action_in(Layer::Global, l), Some(Action::Lock));
}
