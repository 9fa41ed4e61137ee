//! The demo's audit summaries, written straight to JSON text: the same
//! text as `service::summary::Summary` gives (keys in sorted order,
//! compact, strings escaped as serde_json does), without building a map
//! of values for each of millions of entries.

/// A value of a summary field.
#[derive(Clone, Copy, Debug)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Str(&'a str),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Val<'a> {
        Val::Str(s)
    }
}

impl From<i64> for Val<'_> {
    fn from(n: i64) -> Self {
        Val::Int(n)
    }
}

impl From<bool> for Val<'_> {
    fn from(b: bool) -> Self {
        Val::Bool(b)
    }
}

impl<'a, T: Into<Val<'a>>> From<Option<T>> for Val<'a> {
    fn from(v: Option<T>) -> Val<'a> {
        v.map_or(Val::Null, Into::into)
    }
}

/// A field: a value, or a change from an old value to a new one.
#[derive(Clone, Copy, Debug)]
enum Field<'a> {
    Value(Val<'a>),
    Change(Val<'a>, Val<'a>),
}

/// A summary being put together; each key is given once.
#[derive(Default)]
pub struct Object<'a> {
    fields: Vec<(&'static str, Field<'a>)>,
}

impl<'a> Object<'a> {
    pub fn new() -> Object<'a> {
        Object {
            fields: Vec::with_capacity(10),
        }
    }

    pub fn value(mut self, key: &'static str, value: impl Into<Val<'a>>) -> Object<'a> {
        self.fields.push((key, Field::Value(value.into())));
        self
    }

    pub fn change(
        mut self,
        key: &'static str,
        old: impl Into<Val<'a>>,
        new: impl Into<Val<'a>>,
    ) -> Object<'a> {
        self.fields
            .push((key, Field::Change(old.into(), new.into())));
        self
    }

    /// The JSON text, keys in byte order as in a `serde_json` map.
    pub fn into_json(mut self) -> String {
        self.fields.sort_unstable_by_key(|(key, _)| *key);
        let mut out = String::with_capacity(256);
        out.push('{');
        for (i, (key, field)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(&mut out, key);
            out.push(':');
            match field {
                Field::Value(v) => value(&mut out, *v),
                Field::Change(old, new) => {
                    out.push_str("{\"new\":");
                    value(&mut out, *new);
                    out.push_str(",\"old\":");
                    value(&mut out, *old);
                    out.push('}');
                }
            }
        }
        out.push('}');
        out
    }
}

fn value(out: &mut String, v: Val) {
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(true) => out.push_str("true"),
        Val::Bool(false) => out.push_str("false"),
        Val::Int(n) => int(out, n),
        Val::Str(s) => string(out, s),
    }
}

fn int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for d in &digits[at..] {
        out.push(char::from(*d));
    }
}

/// A JSON string: `"` and `\` escaped, control characters as `\b`, `\t`,
/// `\n`, `\f`, `\r` or `\u00xx`, everything else as is (serde_json's rules).
fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0C => "\\f",
            b'\r' => "\\r",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::summary::Summary;

    #[test]
    fn the_text_is_the_one_summary_gives() {
        let strings = [
            "",
            "plain",
            "Élodie « guillemets » — 日本",
            "quote \" backslash \\ slash /",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f} end",
        ];
        for s in strings {
            let ours = Object::new()
                .value("title", s)
                .value("category_id", None::<i64>)
                .value("comment_id", -42)
                .value("assignee", Some(s))
                .change("status", "waiting", s)
                .change("rating", None::<i64>, i64::MIN)
                .change("closure_requested", false, true)
                .value("a", i64::MAX)
                .into_json();
            let theirs = Summary::new()
                .value("title", s)
                .value("category_id", None::<i64>)
                .value("comment_id", -42)
                .value("assignee", Some(s))
                .change("status", "waiting", s)
                .change("rating", None::<i64>, i64::MIN)
                .change("closure_requested", false, true)
                .value("a", i64::MAX)
                .build()
                .to_string();
            assert_eq!(ours, theirs);
        }
        assert_eq!(
            Object::new().into_json(),
            Summary::new().build().to_string()
        );
    }
}
