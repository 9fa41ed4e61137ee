//! One line of the error log, and the tracing layer that writes events as
//! such lines:
//!
//! `2026-11-20T09:14:03.512Z ERROR front=cli login=alice command="ticket attach" message="…" chain="…"`
//!
//! Every value comes from a typed field of the event or from the process's
//! context (front end, signed-in login, subcommand path), never from argv
//! or the environment, so no password or token can reach the file.

use super::Context;
use std::fmt::Write as _;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, Layer};

/// The fields of the context, then the event's own in the order given.
pub fn format(
    at: chrono::DateTime<chrono::Utc>,
    level: Level,
    context: &Context,
    fields: &[(&str, String)],
) -> String {
    let mut line = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let _ = write!(line, " {level:<5}");
    // An event may say it comes from the worker thread of any front end.
    let front = fields
        .iter()
        .find(|(k, _)| *k == "front")
        .map_or(context.front.as_str(), |(_, v)| v.as_str());
    push(&mut line, "front", front);
    push(&mut line, "login", context.login.as_deref().unwrap_or("-"));
    push(
        &mut line,
        "command",
        context.command.as_deref().unwrap_or("-"),
    );
    // The message first, whatever order the event gave its fields in.
    let message = fields.iter().filter(|(k, _)| *k == "message");
    let rest = fields
        .iter()
        .filter(|(k, _)| *k != "message" && *k != "front");
    for (key, value) in message.chain(rest) {
        push(&mut line, key, value);
    }
    line
}

fn push(line: &mut String, key: &str, value: &str) {
    let _ = write!(line, " {key}=");
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.:/@+,".contains(c));
    if plain {
        line.push_str(value);
        return;
    }
    // Quoted, with nothing that could start a new line or move the cursor
    // of whoever reads the file in a terminal.
    line.push('"');
    for c in value.chars() {
        match c {
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            '\n' => line.push_str("\\n"),
            '\t' => line.push_str("\\t"),
            c if c.is_control() || is_invisible_format(c) => {
                let _ = write!(line, "\\u{{{:x}}}", u32::from(c));
            }
            c => line.push(c),
        }
    }
    line.push('"');
}

/// Bidirectional overrides and the like: a line shown in a terminal must
/// read as it is stored.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Writes each event at INFO or above as one line.
pub struct FileLayer;

impl<S: Subscriber> Layer<S> for FileLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: LayerContext<'_, S>) {
        if *event.metadata().level() > Level::INFO {
            return;
        }
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        super::write_event(*event.metadata().level(), &fields.0);
    }
}

struct Fields(Vec<(&'static str, String)>);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name(), format!("{value:?}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_line_and_quotes_what_needs_it() {
        let context = Context {
            front: "cli".into(),
            login: Some("alice".into()),
            command: Some("ticket attach".into()),
        };
        let at = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let fields = [
            ("message", "bad \"file\"\nnext\u{202e}".to_string()),
            ("anchor", "12:ab".to_string()),
        ];
        let line = format(at, Level::ERROR, &context, &fields);
        assert_eq!(
            line,
            "2026-05-28T20:26:40.000Z ERROR front=cli login=alice command=\"ticket attach\" \
             message=\"bad \\\"file\\\"\\nnext\\u{202e}\" anchor=12:ab"
        );
        let worker = [("front", "worker".to_string())];
        let line = format(at, Level::INFO, &Context::default(), &worker);
        assert!(
            line.ends_with(" INFO  front=worker login=- command=-"),
            "{line}"
        );
    }
}
