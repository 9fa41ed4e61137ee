//! Companies beyond their creation (issue 15): their details, edits, the
//! archive mark, what still holds one, its removal, and the lists with or
//! without the archived ones. Creation and look-up by name stay in
//! [`super::org`].

use super::{page_limit, StoreResult, Write};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One company with what refers to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyDetail {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: String,
    pub archived_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub holders: Holders,
}

/// What refers to a company: while any count is above zero, removing it
/// would leave them pointing at nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holders {
    pub users: i64,
    pub clients: i64,
    pub contracts: i64,
    pub tickets: i64,
    pub sla_policies: i64,
}

impl Holders {
    pub fn any(&self) -> bool {
        self.users + self.clients + self.contracts + self.tickets + self.sla_policies > 0
    }
}

/// A company's editable fields, as stored.
pub struct CompanyFields<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub notes: &'a str,
}

const DETAIL: &str =
    "SELECT id, name, address, phone, email, notes, archived_at, created_at, updated_at
     FROM companies";

fn detail_row(r: &Row) -> rusqlite::Result<CompanyDetail> {
    Ok(CompanyDetail {
        id: r.get(0)?,
        name: r.get(1)?,
        address: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        notes: r.get(5)?,
        archived_at: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        holders: Holders::default(),
    })
}

/// The company with that id, archived or not, with its holders counted.
pub fn by_id(conn: &Connection, id: i64) -> StoreResult<Option<CompanyDetail>> {
    let found = conn
        .prepare_cached(&format!("{DETAIL} WHERE id = ?1"))?
        .query_row([id], detail_row)
        .optional()?;
    match found {
        Some(mut company) => {
            company.holders = holders(conn, id)?;
            Ok(Some(company))
        }
        None => Ok(None),
    }
}

/// The company a person named: its id when `text` is one of a company,
/// else its name (case ignored).
pub fn find(conn: &Connection, text: &str) -> StoreResult<Option<CompanyDetail>> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        if let Some(company) = by_id(conn, id)? {
            return Ok(Some(company));
        }
    }
    match super::org::company_id(conn, text)? {
        Some(id) => by_id(conn, id),
        None => Ok(None),
    }
}

/// Each kind of row that refers to the company (each count reads an index).
pub fn holders(conn: &Connection, id: i64) -> StoreResult<Holders> {
    let count = |sql: &str| -> StoreResult<i64> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
    };
    Ok(Holders {
        users: count("SELECT count(*) FROM users WHERE company_id = ?1")?,
        clients: count("SELECT count(*) FROM crm_clients WHERE company_id = ?1")?,
        contracts: count("SELECT count(*) FROM contracts WHERE company_id = ?1")?,
        tickets: count("SELECT count(*) FROM tickets WHERE company_id = ?1")?,
        sla_policies: count("SELECT count(*) FROM sla_policies WHERE match_company_id = ?1")?,
    })
}

pub fn update(write: &Write, id: i64, fields: &CompanyFields, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE companies SET name = ?2, address = ?3, phone = ?4, email = ?5, notes = ?6,
             updated_at = ?7 WHERE id = ?1",
        params![
            id,
            fields.name,
            fields.address,
            fields.phone,
            fields.email,
            fields.notes,
            now
        ],
    )?;
    Ok(())
}

/// Archives (`Some(now)`) or brings back (`None`) a company.
pub fn set_archived(write: &Write, id: i64, at: Option<i64>, now: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE companies SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, at, now],
    )?;
    Ok(())
}

pub fn delete(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM companies WHERE id = ?1", [id])?;
    Ok(())
}

/// Which companies a list shows.
#[derive(Clone, Debug, Default)]
pub struct CompanyFilter {
    /// The archived ones instead of the active ones.
    pub archived: bool,
    /// Only this one (a `company.read:company` scope).
    pub only_id: Option<i64>,
    /// Only those whose name contains it (case and accents folded).
    pub text: Option<String>,
}

/// A row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyRow {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub clients: i64,
    pub archived_at: Option<i64>,
    pub created_at: i64,
}

// Two statements rather than a parameter: a partial index serves a query
// only when its condition is written in it.
const LIST_ACTIVE: &str = "SELECT co.id, co.name,
        (SELECT count(*) FROM users u WHERE u.company_id = co.id),
        (SELECT count(*) FROM crm_clients c WHERE c.company_id = co.id),
        co.archived_at, co.created_at
     FROM companies co INDEXED BY companies_active_by_name
     WHERE co.archived_at IS NULL AND co.name > ?1 AND (?2 IS NULL OR co.id = ?2)
       AND (?4 IS NULL OR guichet_fold(co.name) LIKE ?4 ESCAPE '\\')
     ORDER BY co.name LIMIT ?3";
const LIST_ARCHIVED: &str = "SELECT co.id, co.name,
        (SELECT count(*) FROM users u WHERE u.company_id = co.id),
        (SELECT count(*) FROM crm_clients c WHERE c.company_id = co.id),
        co.archived_at, co.created_at
     FROM companies co INDEXED BY companies_archived_by_name
     WHERE co.archived_at IS NOT NULL AND co.name > ?1 AND (?2 IS NULL OR co.id = ?2)
       AND (?4 IS NULL OR guichet_fold(co.name) LIKE ?4 ESCAPE '\\')
     ORDER BY co.name LIMIT ?3";

/// Companies by name after `after` (names are unique, case ignored).
pub fn list(
    conn: &Connection,
    filter: &CompanyFilter,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<CompanyRow>> {
    let sql = if filter.archived {
        LIST_ARCHIVED
    } else {
        LIST_ACTIVE
    };
    let pattern = super::text_filter::pattern(filter.text.as_deref());
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(
        params![after, filter.only_id, page_limit(limit), pattern],
        |r| {
            Ok(CompanyRow {
                id: r.get(0)?,
                name: r.get(1)?,
                members: r.get(2)?,
                clients: r.get(3)?,
                archived_at: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statements of [`list`], for the tests that check their plans.
pub const LIST_STATEMENTS: [&str; 2] = [LIST_ACTIVE, LIST_ARCHIVED];
