//! The default layers, read from `assets/keys.toml` (compiled in): the data
//! is checked by tests, so a mistake there fails the build's tests, not a
//! user's start.

use super::{Binding, Key, Layer, LayerMap};
use crate::config::KeyList;
use crate::domain::Msg;
use crate::tui::action::Action;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

const DEFAULT_KEYS: &str = include_str!("../../../assets/keys.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerDoc {
    #[serde(default)]
    under: Vec<String>,
    #[serde(default)]
    hints: Vec<String>,
    keys: Vec<BindingDoc>,
}

/// `{ on = "space", run = "toggle", desc = "…", hint = "…" }`
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingDoc {
    on: KeyList,
    run: String,
    desc: Option<String>,
    hint: Option<String>,
}

/// Every layer of the default table, or what is wrong with the table.
pub fn layers() -> Result<HashMap<Layer, LayerMap>, Msg> {
    parse(DEFAULT_KEYS)
}

fn bad(what: impl std::fmt::Display) -> Msg {
    Msg::new("tui.keys.bad_defaults").arg("detail", what)
}

fn parse(text: &str) -> Result<HashMap<Layer, LayerMap>, Msg> {
    let docs: BTreeMap<String, LayerDoc> = toml::from_str(text).map_err(bad)?;
    let mut layers = HashMap::new();
    for (name, doc) in docs {
        let layer = Layer::from_name(&name).ok_or_else(|| bad(format!("layer {name}")))?;
        layers.insert(layer, layer_map(&name, doc)?);
    }
    match Layer::ALL.iter().find(|l| !layers.contains_key(l)) {
        Some(missing) => Err(bad(format!("no layer {}", missing.name()))),
        None => Ok(layers),
    }
}

fn action(name: &str, layer: &str) -> Result<Action, Msg> {
    Action::from_name(name).ok_or_else(|| bad(format!("{layer}: action {name}")))
}

fn layer_map(name: &str, doc: LayerDoc) -> Result<LayerMap, Msg> {
    let mut bindings = Vec::new();
    for b in doc.keys {
        let action = action(&b.run, name)?;
        let keys =
            b.on.keys()
                .iter()
                .map(|k| Key::parse(k).ok_or_else(|| bad(format!("{name}: key {k}"))))
                .collect::<Result<Vec<_>, _>>()?;
        bindings.push(Binding {
            action,
            keys,
            desc: b
                .desc
                .unwrap_or_else(|| action.description_key().to_string()),
            hint: b.hint.unwrap_or_else(|| format!("hint.{}", action.name())),
        });
    }
    let under = doc
        .under
        .iter()
        .map(|u| Layer::from_name(u).ok_or_else(|| bad(format!("{name}: under {u}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let hints = doc
        .hints
        .iter()
        .map(|h| action(h, name))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LayerMap {
        bindings,
        under,
        hints,
    })
}
