//! CRM clients for the contracts' and events' tests, inserted into
//! `crm_clients` directly: the clients' service is written at the same
//! time on another branch (h15-clients). To be replaced by that service
//! (`add_client`) at merge.

use rusqlite::{params, Connection};

/// A client named `name`, of `company` (by id), whose sales contact is
/// `sales` (a user id); its id.
pub fn client(conn: &Connection, name: &str, sales: Option<i64>, company: Option<i64>) -> i64 {
    conn.execute(
        "INSERT INTO crm_clients (full_name, email, phone, company_id, sales_contact_id,
             first_contact, created_at, updated_at)
         VALUES (?1, ?2, '+33 6 12 34 56 78', ?3, ?4, '2026-01-15', 1780000000, 1780000000)",
        params![
            name,
            format!("{}@example.fr", name.to_lowercase().replace(' ', ".")),
            company,
            sales
        ],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// The id of a company by name.
pub fn company_id(conn: &Connection, name: &str) -> i64 {
    conn.query_row("SELECT id FROM companies WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Every row of every table, to compare before and after a refusal: a
/// refused action must change nothing anywhere.
pub fn fingerprint(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..width)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}
