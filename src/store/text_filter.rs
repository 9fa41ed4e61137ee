//! The text filter of the lists (`/` in a list, `--search` in the CLI):
//! a row matches when one of its names contains what was typed, whatever
//! the case and the accents.
//!
//! Chosen: a SQL function, `guichet_fold(text)`, registered on every
//! connection, folding case and accents the same way as the typed text is
//! folded here; the query compares `guichet_fold(column) LIKE ? ESCAPE '\'`.
//! SQLite's own `LIKE` and `lower()` fold ASCII only (`é` would not find
//! `É`), and a folded column would need a migration on every listed table
//! for lists that are short (a site's roles, categories, programmes) or
//! read a page at a time by their keyset, which the filter keeps.

pub use crate::domain::text_filter::{fold, matches, pattern};

use super::StoreResult;
use rusqlite::Connection;

/// The name the function is registered under.
pub const FOLD_FUNCTION: &str = "guichet_fold";

/// Registers [`FOLD_FUNCTION`] on a connection (NULL stays NULL).
pub fn register(conn: &Connection) -> StoreResult<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        FOLD_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| fold(&t)))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_function_folds_as_here_and_like_takes_wildcards_literally() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let hit = |name: &str, typed: &str| -> bool {
            conn.query_row(
                "SELECT guichet_fold(?1) LIKE ?2 ESCAPE '\\'",
                rusqlite::params![name, pattern(Some(typed))],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert!(hit("Élodie", "elo"));
        assert!(hit("50% off", "50%"));
        assert!(!hit("500 off", "50%"));
        assert!(hit("a_b", "a_b"));
        assert!(!hit("axb", "a_b"));
    }
}
