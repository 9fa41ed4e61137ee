//! Listings as a table, JSON or CSV, printed page by page as they are read
//! so that no listing holds a whole table in memory.

use super::args::Format;
use crate::domain::text::{for_terminal, harden_json};
use crate::i18n::I18n;
use chrono::{TimeZone, Utc};
use serde_json::{Map, Value};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Bool(bool),
    /// Seconds since the epoch: JSON gets RFC 3339 in UTC, people get the
    /// site's local time.
    Time(i64),
    /// A stored key with a name for people: JSON gets the key (stable for
    /// scripts), tables and CSV the name in the reader's language (the key
    /// itself if the language files have none).
    Coded {
        key: String,
        label_key: String,
    },
    /// Several values: a JSON array for scripts; for people, joined by
    /// `sep` as before.
    List {
        items: Vec<String>,
        sep: &'static str,
    },
    /// An audit summary as stored: JSON gets the stored text (scripts
    /// read its keys), people its fields and values by their names.
    Summary(String),
    /// A key with its names read beside it (a role made on the site):
    /// JSON gets the key, people the name in their language.
    Named {
        key: String,
        fr: String,
        en: String,
    },
    /// A stored key of a field whose values have names (a built-in role):
    /// JSON gets the key, people the name.
    Stored {
        field: &'static str,
        key: String,
    },
    /// Several stored keys of one such field: a JSON array of keys for
    /// scripts, their names joined by `sep` for people.
    StoredList {
        field: &'static str,
        keys: Vec<String>,
        sep: &'static str,
    },
    /// An amount (issue 15): people get it in their language and the
    /// site's currency (`shown`), JSON the plain decimal (`"1234.56"`).
    Money {
        plain: String,
        shown: String,
    },
    Null,
}

impl Cell {
    pub fn list(items: Vec<String>, sep: &'static str) -> Cell {
        Cell::List { items, sep }
    }

    pub fn status(status: crate::domain::ticket::Status) -> Cell {
        Cell::coded(status.key(), format!("tui.status.{}", status.key()))
    }

    pub fn priority(priority: crate::domain::ticket::Priority) -> Cell {
        Cell::coded(priority.key(), format!("tui.priority.{}", priority.key()))
    }

    /// A role by its key: built-in ones by their names for people.
    pub fn role(key: &str) -> Cell {
        Cell::Stored {
            field: "role",
            key: key.to_string(),
        }
    }

    pub fn urgency(level: crate::domain::sla::Level) -> Cell {
        Cell::coded(level.key(), format!("tui.tickets.level.{}", level.key()))
    }

    /// An audit action as stored; one this version does not know keeps
    /// its key.
    pub fn audit_action(key: &str) -> Cell {
        use crate::domain::audit_action::AuditAction;
        let label_key = AuditAction::from_key(key).map_or_else(String::new, |a| a.label_key());
        Cell::coded(key, label_key)
    }

    /// A kind of notification as stored; one this version does not know
    /// keeps its key.
    pub fn notify_kind(key: &str) -> Cell {
        use crate::domain::notify::NotifyKind;
        let label_key = NotifyKind::from_key(key).map_or_else(String::new, |k| k.label_key());
        Cell::coded(key, label_key)
    }

    pub fn object_kind(key: &str) -> Cell {
        use crate::domain::audit_action::ObjectKind;
        let label_key = ObjectKind::from_key(key).map_or_else(String::new, |k| k.label_key());
        Cell::coded(key, label_key)
    }

    pub fn coded(key: &str, label_key: String) -> Cell {
        Cell::Coded {
            key: key.to_string(),
            label_key,
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(o: Option<T>) -> Cell {
        o.map_or(Cell::Null, Into::into)
    }
}

/// One row: column keys (snake_case, also the JSON keys) and values.
pub type Record = Vec<(&'static str, Cell)>;

pub struct Printer<'a> {
    format: Format,
    follow: bool,
    i18n: &'a I18n,
    tz: chrono_tz::Tz,
    widths: Option<Vec<usize>>,
    rows_written: u64,
    out: io::StdoutLock<'static>,
}

impl<'a> Printer<'a> {
    /// With `follow`, JSON is written one object per line (JSON Lines), since
    /// a followed listing has no end to close an array at.
    pub fn new(format: Format, follow: bool, i18n: &'a I18n, tz: chrono_tz::Tz) -> Printer<'a> {
        Printer {
            format,
            follow,
            i18n,
            tz,
            widths: None,
            rows_written: 0,
            out: io::stdout().lock(),
        }
    }

    pub fn rows_written(&self) -> u64 {
        self.rows_written
    }

    pub fn batch(&mut self, records: &[Record]) -> io::Result<()> {
        for record in records {
            match self.format {
                Format::Json => self.json_row(record)?,
                Format::Csv => self.csv_row(record)?,
                Format::Table => self.table_row(record, records)?,
            }
            self.rows_written += 1;
        }
        self.out.flush()
    }

    /// Closes the listing (the JSON array's bracket); an empty table says so.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if !self.follow => {
                let text = if self.rows_written == 0 {
                    "[]\n"
                } else {
                    "\n]\n"
                };
                self.out.write_all(text.as_bytes())?;
            }
            Format::Table if self.rows_written == 0 => {
                writeln!(self.out, "{}", self.i18n.text("cli.no_rows"))?;
            }
            _ => {}
        }
        self.out.flush()
    }

    fn json_row(&mut self, record: &Record) -> io::Result<()> {
        let text = harden_json(&record_json(record).to_string());
        let prefix = match (self.follow, self.rows_written) {
            (true, _) => "",
            (false, 0) => "[\n",
            (false, _) => ",\n",
        };
        let suffix = if self.follow { "\n" } else { "" };
        write!(self.out, "{prefix}{text}{suffix}")
    }

    fn human(&self, cell: &Cell) -> String {
        match cell {
            Cell::Text(s) => for_terminal(s, false),
            Cell::Int(n) => n.to_string(),
            Cell::Bool(b) => self
                .i18n
                .text(if *b { "cli.yes" } else { "cli.no" })
                .to_string(),
            Cell::Time(t) => self
                .tz
                .timestamp_opt(*t, 0)
                .single()
                .map_or_else(String::new, |d| d.format("%Y-%m-%d %H:%M:%S").to_string()),
            Cell::Coded { key, label_key } => {
                // `text` gives the key back when the files have no name.
                let label = self.i18n.text(label_key);
                let shown = if label == label_key.as_str() {
                    key
                } else {
                    label
                };
                for_terminal(shown, false)
            }
            Cell::List { items, sep } => for_terminal(&items.join(sep), false),
            Cell::Summary(json) => for_terminal(&self.i18n.audit_summary(json, "—"), false),
            Cell::Stored { field, key } => for_terminal(&self.i18n.stored_value(field, key), false),
            Cell::Named { fr, en, .. } => match self.i18n.lang() {
                crate::i18n::Lang::Fr => for_terminal(fr, false),
                crate::i18n::Lang::En => for_terminal(en, false),
            },
            Cell::StoredList { field, keys, sep } => {
                let names: Vec<String> = keys
                    .iter()
                    .map(|k| self.i18n.stored_value(field, k))
                    .collect();
                for_terminal(&names.join(sep), false)
            }
            Cell::Money { shown, .. } => for_terminal(shown, false),
            Cell::Null => String::new(),
        }
    }

    /// One record shown vertically, "Label  value" per line: for a single
    /// object such as a ticket. Multi-line values keep their lines.
    pub fn pairs(&mut self, record: &Record) -> io::Result<()> {
        let labels = self.header(record);
        let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
        for (label, (_, cell)) in labels.iter().zip(record) {
            let value = match cell {
                Cell::Text(s) => {
                    for_terminal(s, true).replace('\n', &format!("\n{}", " ".repeat(width + 2)))
                }
                other => self.human(other),
            };
            let pad = " ".repeat(width.saturating_sub(label.width()) + 2);
            writeln!(self.out, "{label}{pad}{value}")?;
        }
        self.out.flush()
    }

    /// A heading between sections of a vertical view.
    pub fn heading(&mut self, key: &str) -> io::Result<()> {
        writeln!(self.out, "\n{}", self.i18n.text(key))
    }

    /// A JSON document (already built from records) on one line.
    pub fn document(&mut self, value: &Value) -> io::Result<()> {
        writeln!(self.out, "{}", harden_json(&value.to_string()))?;
        self.out.flush()
    }

    fn header(&self, record: &Record) -> Vec<String> {
        record
            .iter()
            .map(|(k, _)| self.i18n.text(&format!("column.{k}")).to_string())
            .collect()
    }

    fn csv_row(&mut self, record: &Record) -> io::Result<()> {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        if self.rows_written == 0 {
            writer
                .write_record(self.header(record))
                .map_err(io::Error::other)?;
        }
        let cells: Vec<String> = record.iter().map(|(_, v)| self.human(v)).collect();
        writer.write_record(&cells).map_err(io::Error::other)?;
        let bytes = writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&bytes)
    }

    /// Column widths come from the header and the first page; later pages
    /// keep them (a wider cell just pushes its row).
    fn table_row(&mut self, record: &Record, page: &[Record]) -> io::Result<()> {
        if self.widths.is_none() {
            let mut widths: Vec<usize> = self.header(record).iter().map(|h| h.width()).collect();
            for row in page {
                for (i, (_, cell)) in row.iter().enumerate() {
                    if let Some(w) = widths.get_mut(i) {
                        *w = (*w).max(self.human(cell).width());
                    }
                }
            }
            let header = self.header(record);
            let line = pad_line(&header, &widths);
            writeln!(self.out, "{line}")?;
            self.widths = Some(widths);
        }
        let cells: Vec<String> = record.iter().map(|(_, v)| self.human(v)).collect();
        let line = pad_line(&cells, self.widths.as_deref().unwrap_or(&[]));
        writeln!(self.out, "{line}")
    }
}

/// A record as a JSON object: snake_case keys, times in RFC 3339 UTC.
pub fn record_json(record: &Record) -> Value {
    let object: Map<String, Value> = record
        .iter()
        .map(|(k, v)| (k.to_string(), cell_json(v)))
        .collect();
    Value::Object(object)
}

fn cell_json(cell: &Cell) -> Value {
    match cell {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Int(n) => Value::from(*n),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Time(t) => Utc.timestamp_opt(*t, 0).single().map_or(Value::Null, |d| {
            Value::String(d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        }),
        Cell::Coded { key, .. } => Value::String(key.clone()),
        Cell::List { items, .. } => {
            Value::Array(items.iter().cloned().map(Value::String).collect())
        }
        Cell::Summary(json) => Value::String(json.clone()),
        Cell::Stored { key, .. } | Cell::Named { key, .. } => Value::String(key.clone()),
        Cell::StoredList { keys, .. } => {
            Value::Array(keys.iter().cloned().map(Value::String).collect())
        }
        Cell::Money { plain, .. } => Value::String(plain.clone()),
        Cell::Null => Value::Null,
    }
}

/// Pads by display width, so accents, CJK and emoji keep columns aligned.
fn pad_line(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        let last = i + 1 == cells.len();
        line.push_str(cell);
        if !last {
            let width = widths.get(i).copied().unwrap_or(0);
            line.push_str(&" ".repeat(width.saturating_sub(cell.width()) + 2));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_keep_columns_aligned() {
        let widths = [6, 3];
        let a = pad_line(&["日本".into(), "x".into()], &widths);
        let b = pad_line(&["abcdef".into(), "x".into()], &widths);
        assert_eq!(a.width(), b.width());
    }
}
