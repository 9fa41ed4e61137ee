//! What the CRM's tests share: a fingerprint of a whole database (every
//! row of every table, and the schema), to check that a refusal wrote
//! nothing anywhere, not even an audit entry.

use rusqlite::types::Value;
use rusqlite::Connection;
use std::path::Path;

/// Every table's rows, in rowid order (or key order), as text.
pub fn fingerprint(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        out.push((table.clone(), rows(&conn, &table)));
    }
    out
}

fn rows(conn: &Connection, table: &str) -> Vec<String> {
    // Table names come from sqlite_schema, never from input.
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
        .unwrap();
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            let cells: Vec<Value> = (0..width).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            Ok(format!("{cells:?}"))
        })
        .unwrap();
    let mut all: Vec<String> = rows.collect::<Result<_, _>>().unwrap();
    all.sort();
    all
}
