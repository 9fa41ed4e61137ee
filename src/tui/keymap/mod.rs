//! Keys as data, in layers (like yazi's keymap): the default bindings of
//! every layer (`assets/keys.toml`), the configuration's overrides, and the
//! conflicts between them, reported before the dashboard starts.
//!
//! A key is looked up in the active layer, then in the layers under it,
//! then in the frame's layer ([`Layer::Global`]); the first binding wins,
//! and a key bound to two actions anywhere in one such stack is refused.

mod defaults;
mod key;
mod layer;
#[cfg(test)]
mod tests;

pub use key::Key;
pub use layer::Layer;

use super::action::Action;
use crate::config::{KeyEntry, KeyList};
use crate::domain::Msg;
use ratatui::crossterm::event::KeyEvent;
use std::collections::{BTreeMap, HashMap};

/// One binding: the keys of an action in a layer, with the language keys
/// of its line in `?` and of its hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub desc: String,
    pub hint: String,
}

/// A layer's own bindings, in the order `?` shows them.
#[derive(Clone, Debug, Default)]
pub struct LayerMap {
    pub bindings: Vec<Binding>,
    /// Where a key goes that this layer does not bind, nearest first
    /// (the frame's layer is not written: it is under every layer).
    pub under: Vec<Layer>,
    /// The few actions of the hint line.
    pub hints: Vec<Action>,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    layers: HashMap<Layer, LayerMap>,
}

impl Keymap {
    /// The defaults with the configuration's `[keys]` applied. Refused with
    /// every problem at once: an unknown layer or action, an unreadable
    /// key, or a key given to two actions of one layer.
    pub fn new(overrides: &BTreeMap<String, KeyEntry>) -> Result<Keymap, Vec<Msg>> {
        let mut problems = Vec::new();
        let mut layers = match defaults::layers() {
            Ok(layers) => layers,
            Err(problem) => return Err(vec![problem]),
        };
        // Every layer's own keys first, then the ones named for one layer,
        // which win whatever their order in the file.
        for (name, entry) in overrides {
            if let KeyEntry::Keys(keys) = entry {
                rebind_everywhere(&mut layers, name, keys, &mut problems);
            }
        }
        for (name, entry) in overrides {
            if let KeyEntry::Layer(table) = entry {
                rebind_in_layer(&mut layers, name, table, &mut problems);
            }
        }
        let map = Keymap { layers };
        problems.extend(map.conflicts());
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    pub fn defaults() -> Keymap {
        // The default table is checked free of conflicts by a test.
        Keymap::new(&BTreeMap::new()).unwrap_or_else(|_| Keymap {
            layers: HashMap::new(),
        })
    }

    /// The layers a key goes through from `layer`, in order.
    pub fn stack(&self, layer: Layer) -> Vec<Layer> {
        let mut stack = vec![layer];
        if let Some(map) = self.layers.get(&layer) {
            stack.extend(map.under.iter().copied());
        }
        if !layer.alone() {
            stack.push(Layer::Global);
        }
        let mut seen = Vec::new();
        stack.retain(|l| {
            let fresh = !seen.contains(l);
            seen.push(*l);
            fresh
        });
        stack
    }

    /// What a key does with `layer` active, and the layer that binds it.
    pub fn resolve(&self, layer: Layer, event: KeyEvent) -> Option<(Action, Layer)> {
        let key = Key::of(event);
        self.stack(layer).into_iter().find_map(|l| {
            self.own(l)
                .iter()
                .find(|b| b.keys.contains(&key))
                .map(|b| (b.action, l))
        })
    }

    /// What a key does with `layer` active.
    pub fn action_in(&self, layer: Layer, event: KeyEvent) -> Option<Action> {
        self.resolve(layer, event).map(|(action, _)| action)
    }

    /// A layer's own bindings, in order.
    pub fn own(&self, layer: Layer) -> &[Binding] {
        self.layers
            .get(&layer)
            .map_or(&[], |m| m.bindings.as_slice())
    }

    /// The hint line's actions of a layer.
    pub fn hints(&self, layer: Layer) -> &[Action] {
        self.layers.get(&layer).map_or(&[], |m| m.hints.as_slice())
    }

    /// The binding an action has with `layer` active (its own, or the one
    /// of a layer under it).
    pub fn binding(&self, layer: Layer, action: Action) -> Option<&Binding> {
        self.stack(layer)
            .into_iter()
            .find_map(|l| self.own(l).iter().find(|b| b.action == action))
    }

    /// The first key of an action, for hints: `"q"`, or `"—"` if unbound.
    pub fn first_label(&self, layer: Layer, action: Action) -> String {
        self.binding(layer, action)
            .and_then(|b| b.keys.first())
            .map(Key::label)
            .unwrap_or_else(|| "—".into())
    }

    /// All keys of an action, for the help overlay: `"up, k"`.
    pub fn labels(&self, layer: Layer, action: Action) -> String {
        let keys: Vec<_> = self
            .binding(layer, action)
            .map(|b| b.keys.iter().map(Key::label).collect())
            .unwrap_or_default();
        if keys.is_empty() {
            "—".into()
        } else {
            keys.join(", ")
        }
    }

    /// Keys given to two actions in one stack, keys a form would have to
    /// type, and keys that hide `lock`.
    fn conflicts(&self) -> Vec<Msg> {
        let mut problems: Vec<Found> = Vec::new();
        let lock_keys: Vec<Key> = self
            .own(Layer::Global)
            .iter()
            .filter(|b| b.action == Action::Lock)
            .flat_map(|b| b.keys.clone())
            .collect();
        for layer in Layer::ALL {
            let mut seen: HashMap<Key, (Action, Layer)> = HashMap::new();
            for from in self.stack(*layer) {
                for binding in self.own(from) {
                    for key in &binding.keys {
                        let met = Met {
                            layer: *layer,
                            from,
                            binding,
                            key,
                        };
                        met.check(&mut seen, &lock_keys, &mut problems);
                    }
                }
            }
        }
        // A clash between two layers shows in every stack that has both:
        // say it once.
        let mut said = std::collections::HashSet::new();
        problems
            .retain(|(msg, sources)| said.insert(format!("{}{:?}{sources:?}", msg.key, msg.args)));
        problems.into_iter().map(|(msg, _)| msg).collect()
    }
}

/// One key of a binding, met in `layer`'s stack, bound in `from`.
struct Met<'a> {
    layer: Layer,
    from: Layer,
    binding: &'a Binding,
    key: &'a Key,
}

/// A problem, and the layers whose bindings make it.
type Found = (Msg, (Layer, Layer));

impl Met<'_> {
    /// Refused if another action of the stack has the key, if a form would
    /// type it, or if it hides `lock`.
    fn check(
        &self,
        seen: &mut HashMap<Key, (Action, Layer)>,
        lock_keys: &[Key],
        problems: &mut Vec<Found>,
    ) {
        let action = self.binding.action;
        let sources = (self.from, self.from);
        if let Some((first, first_from)) = seen.insert(*self.key, (action, self.from)) {
            if first != action {
                // Named for the layer checked if it takes part, else for
                // the layer under it where the first binding is.
                let named = if self.layer == self.from || self.layer == first_from {
                    self.layer
                } else {
                    first_from
                };
                let msg = conflict(named, self.key, first, action);
                problems.push((msg, (first_from, self.from)));
            }
            return;
        }
        if self.layer.over_text() && self.key.is_text() {
            let msg = Msg::new("tui.keys.typed")
                .arg("key", self.key.label())
                .arg("action", action.name())
                .arg("layer", self.layer.name());
            problems.push((msg, sources));
        }
        if self.layer.alone() && action != Action::Lock && lock_keys.contains(self.key) {
            let msg = conflict(self.layer, self.key, Action::Lock, action);
            problems.push((msg, sources));
        }
    }
}

fn conflict(layer: Layer, key: &Key, first: Action, second: Action) -> Msg {
    Msg::new("tui.keys.conflict")
        .arg("key", key.label())
        .arg("first", first.name())
        .arg("second", second.name())
        .arg("layer", layer.name())
}

/// Reads the keys of an override; the bad ones are reported.
fn parse_keys(keys: &KeyList, action: &str, problems: &mut Vec<Msg>) -> Vec<Key> {
    let mut parsed = Vec::new();
    for text in keys.keys() {
        match Key::parse(text) {
            Some(k) => parsed.push(k),
            None => problems.push(
                Msg::new("tui.keys.bad_key")
                    .arg("key", text)
                    .arg("action", action),
            ),
        }
    }
    parsed
}

/// `action = "key"`: the action's keys in every layer that binds it, as
/// before layers existed.
fn rebind_everywhere(
    layers: &mut HashMap<Layer, LayerMap>,
    name: &str,
    keys: &KeyList,
    problems: &mut Vec<Msg>,
) {
    let Some(action) = Action::from_name(name) else {
        let msg = match Layer::from_name(name) {
            Some(_) => Msg::new("tui.keys.layer_table").arg("layer", name),
            None => Msg::new("tui.keys.unknown_action").arg("action", name),
        };
        problems.push(msg);
        return;
    };
    let parsed = parse_keys(keys, name, problems);
    for map in layers.values_mut() {
        for binding in map.bindings.iter_mut().filter(|b| b.action == action) {
            binding.keys = parsed.clone();
        }
    }
}

/// `[keys.calendars] toggle = "x"` (or `calendars.toggle = "x"`): the
/// action's keys in that layer only.
fn rebind_in_layer(
    layers: &mut HashMap<Layer, LayerMap>,
    name: &str,
    table: &BTreeMap<String, KeyList>,
    problems: &mut Vec<Msg>,
) {
    let Some(layer) = Layer::from_name(name) else {
        problems.push(Msg::new("tui.keys.unknown_layer").arg("layer", name));
        return;
    };
    let Some(map) = layers.get_mut(&layer) else {
        return;
    };
    for (action_name, keys) in table {
        let action = Action::from_name(action_name);
        let binding = map.bindings.iter_mut().find(|b| Some(b.action) == action);
        let Some(binding) = binding else {
            let known: Vec<_> = map.bindings.iter().map(|b| b.action.name()).collect();
            problems.push(
                Msg::new("tui.keys.not_in_layer")
                    .arg("layer", name)
                    .arg("action", action_name)
                    .arg("actions", known.join(", ")),
            );
            continue;
        };
        let label = format!("{name}.{action_name}");
        binding.keys = parse_keys(keys, &label, problems);
    }
}
