//! Audit summaries: a JSON object of what changed, `{field: {old, new}}` for
//! edits, `{field: value}` for creations. Secrets never appear in them.

use serde_json::{json, Map, Value};

pub const REDACTED: &str = "[redacted]";

#[derive(Clone, Default)]
pub struct Summary(Map<String, Value>);

impl Summary {
    pub fn new() -> Summary {
        Summary::default()
    }

    pub fn value(mut self, field: &str, value: impl Into<Value>) -> Summary {
        self.0.insert(field.into(), value.into());
        self
    }

    pub fn change(mut self, field: &str, old: impl Into<Value>, new: impl Into<Value>) -> Summary {
        self.0.insert(
            field.into(),
            json!({ "old": old.into(), "new": new.into() }),
        );
        self
    }

    pub fn secret(mut self, field: &str) -> Summary {
        self.0.insert(field.into(), Value::String(REDACTED.into()));
        self
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}
