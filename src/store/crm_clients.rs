//! The CRM's clients (`crm_clients`): people of the event company's
//! customers, each with an optional company and sales contact.

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A client with the names of its company and sales contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub id: i64,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub sales_contact_id: Option<i64>,
    pub sales_login: Option<String>,
    pub sales_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub first_contact: Option<String>,
    pub created_at: i64,
    /// Kept by the store: every change sets it.
    pub updated_at: i64,
    pub contracts: i64,
}

/// A client's fields as stored.
pub struct ClientFields<'a> {
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company_id: Option<i64>,
    pub sales_contact_id: Option<i64>,
    pub first_contact: Option<&'a str>,
}

const SELECT: &str = "SELECT c.id, c.full_name, c.email, c.phone, c.company_id, co.name,
        c.sales_contact_id, u.login, u.full_name, c.first_contact, c.created_at, c.updated_at,
        (SELECT count(*) FROM contracts k WHERE k.client_id = c.id)
     FROM crm_clients c
     LEFT JOIN companies co ON co.id = c.company_id
     LEFT JOIN users u ON u.id = c.sales_contact_id";

fn row(r: &Row) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get(0)?,
        full_name: r.get(1)?,
        email: r.get(2)?,
        phone: r.get(3)?,
        company_id: r.get(4)?,
        company: r.get(5)?,
        sales_contact_id: r.get(6)?,
        sales_login: r.get(7)?,
        sales_name: r.get(8)?,
        first_contact: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        contracts: r.get(12)?,
    })
}

pub fn insert(write: &Write, fields: &ClientFields, now: i64) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO crm_clients (full_name, email, phone, company_id, sales_contact_id,
             first_contact, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            fields.full_name,
            fields.email,
            fields.phone,
            fields.company_id,
            fields.sales_contact_id,
            fields.first_contact,
            now
        ],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn update(write: &Write, id: i64, fields: &ClientFields, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE crm_clients SET full_name = ?2, email = ?3, phone = ?4, company_id = ?5,
             sales_contact_id = ?6, first_contact = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            fields.full_name,
            fields.email,
            fields.phone,
            fields.company_id,
            fields.sales_contact_id,
            fields.first_contact,
            now
        ],
    )?;
    Ok(())
}

pub fn delete(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM crm_clients WHERE id = ?1", [id])?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: i64) -> StoreResult<Option<Client>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// Which clients a list shows; every filter is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientFilter {
    pub sales_contact_id: Option<i64>,
    pub company_id: Option<i64>,
    /// Words in the name or the email (case and accents folded).
    pub text: Option<String>,
}

// One statement per index that serves the filter: `?x IS NULL OR col = ?x`
// would make the planner read the whole table. The text filter is checked
// on the rows read in id order, until the page is full (as the other lists
// do, see store/text_filter.rs).
const TEXT: &str = "(?3 IS NULL OR guichet_fold(c.full_name) LIKE ?3 ESCAPE '\\'
        OR guichet_fold(c.email) LIKE ?3 ESCAPE '\\')";

fn list_sql(filter: &ClientFilter) -> String {
    let by = match (filter.sales_contact_id, filter.company_id) {
        (Some(_), Some(_)) => "c.sales_contact_id = ?4 AND c.company_id = ?5",
        (Some(_), None) => "c.sales_contact_id = ?4 AND ?5 IS NULL",
        (None, Some(_)) => "c.company_id = ?5 AND ?4 IS NULL",
        (None, None) => "?4 IS NULL AND ?5 IS NULL",
    };
    format!("{SELECT} WHERE c.id > ?1 AND {by} AND {TEXT} ORDER BY c.id LIMIT ?2")
}

/// Clients by id after `after` (keyset pagination).
pub fn list(
    conn: &Connection,
    filter: &ClientFilter,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<Client>> {
    let pattern = super::text_filter::pattern(filter.text.as_deref());
    let mut stmt = conn.prepare_cached(&list_sql(filter))?;
    let rows = stmt.query_map(
        params![
            after,
            page_limit(limit),
            pattern,
            filter.sales_contact_id,
            filter.company_id
        ],
        row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query plan of the list with `filter`, for the tests that check an
/// index serves it.
pub fn list_plan(conn: &Connection, filter: &ClientFilter) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {}", list_sql(filter)))?;
    let pattern = super::text_filter::pattern(filter.text.as_deref());
    let rows = stmt.query_map(
        params![0, 50, pattern, filter.sales_contact_id, filter.company_id],
        |r| r.get::<_, String>(3),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
