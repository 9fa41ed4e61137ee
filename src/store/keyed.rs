//! The domain's keyed enums as SQLite values: stored by their key, read
//! back typed, so that rows carry `Status`, `Priority` and `Level` and no
//! layer above compares strings. A value this version does not know is a
//! conversion error (the row is reported as invalid stored data), never a
//! silent default.

use crate::domain::sla::Level;
use crate::domain::ticket::{Priority, Status};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Why a stored key was refused.
#[derive(Debug)]
struct UnknownKey {
    kind: &'static str,
    found: String,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.found)
    }
}

impl std::error::Error for UnknownKey {}

fn read<T>(
    value: ValueRef<'_>,
    kind: &'static str,
    parse: fn(&str) -> Option<T>,
) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| {
        FromSqlError::Other(Box::new(UnknownKey {
            kind,
            found: text.chars().take(40).collect(),
        }))
    })
}

macro_rules! keyed_sql {
    ($($ty:ty => $kind:literal),+ $(,)?) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.key()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                read(value, $kind, <$ty>::parse)
            }
        }
    )+};
}

keyed_sql!(Status => "status", Priority => "priority", Level => "urgency level");

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn keys_go_in_and_come_back_typed() {
        let conn = Connection::open_in_memory().unwrap();
        for status in Status::EVERY {
            let back: Status = conn.query_row("SELECT ?1", [status], |r| r.get(0)).unwrap();
            assert_eq!(back, *status);
        }
        let level: Level = conn.query_row("SELECT 'urgent'", [], |r| r.get(0)).unwrap();
        assert_eq!(level, Level::Urgent);
    }

    #[test]
    fn an_unknown_key_is_an_error_not_a_default() {
        let conn = Connection::open_in_memory().unwrap();
        let read: rusqlite::Result<Priority> =
            conn.query_row("SELECT 'apocalyptic'", [], |r| r.get(0));
        let text = read.unwrap_err().to_string();
        assert!(text.contains("unknown priority"), "{text}");
    }
}
