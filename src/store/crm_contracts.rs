//! Contracts (`contracts`), and what they need to read of a CRM client
//! (`crm_clients`, written by the clients' own store) and of the people
//! told of their changes.

use super::{page_limit, StoreResult, Write};
use crate::domain::crm::ContractKind;
use crate::domain::money::Cents;
use rusqlite::types::{FromSqlError, Value};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

/// What a contract needs of its client: that it exists, its name, its
/// company and its sales contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRef {
    pub id: i64,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub sales_contact_id: Option<i64>,
}

pub fn client(conn: &Connection, id: i64) -> StoreResult<Option<ClientRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id, c.full_name, c.email, c.phone, c.company_id, co.name, c.sales_contact_id
             FROM crm_clients c LEFT JOIN companies co ON co.id = c.company_id WHERE c.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ClientRef {
                id: r.get(0)?,
                full_name: r.get(1)?,
                email: r.get(2)?,
                phone: r.get(3)?,
                company_id: r.get(4)?,
                company: r.get(5)?,
                sales_contact_id: r.get(6)?,
            })
        })
        .optional()?)
}

/// A contract as listed and shown, with its client's and salesperson's
/// names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: i64,
    pub kind: ContractKind,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub sales_contact_id: Option<i64>,
    pub sales_login: Option<String>,
    pub total: Cents,
    pub due: Cents,
    pub signed_at: Option<i64>,
    pub hours_bought: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub events: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Contract {
    pub fn signed(&self) -> bool {
        self.signed_at.is_some()
    }
}

const SELECT: &str = "SELECT k.id, k.kind, k.client_id, cl.full_name, k.company_id, co.name,
        k.sales_contact_id, u.login, k.total_cents, k.due_cents, k.signed_at, k.hours_bought,
        k.valid_from, k.valid_until,
        (SELECT count(*) FROM events e WHERE e.contract_id = k.id), k.created_at, k.updated_at
    FROM contracts k
    LEFT JOIN crm_clients cl ON cl.id = k.client_id
    LEFT JOIN companies co ON co.id = k.company_id
    LEFT JOIN users u ON u.id = k.sales_contact_id";

fn row(r: &Row) -> rusqlite::Result<Contract> {
    let kind: String = r.get(1)?;
    let kind = ContractKind::from_key(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            Box::new(FromSqlError::InvalidType),
        )
    })?;
    Ok(Contract {
        id: r.get(0)?,
        kind,
        client_id: r.get(2)?,
        client_name: r.get(3)?,
        company_id: r.get(4)?,
        company: r.get(5)?,
        sales_contact_id: r.get(6)?,
        sales_login: r.get(7)?,
        total: Cents(r.get(8)?),
        due: Cents(r.get(9)?),
        signed_at: r.get(10)?,
        hours_bought: r.get(11)?,
        valid_from: r.get(12)?,
        valid_until: r.get(13)?,
        events: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> StoreResult<Option<Contract>> {
    let sql = format!("{SELECT} WHERE k.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], row).optional()?)
}

/// The stored fields of a contract, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractFields {
    pub kind: ContractKind,
    pub client_id: i64,
    pub company_id: Option<i64>,
    pub sales_contact_id: Option<i64>,
    pub total: Cents,
    pub due: Cents,
    pub signed_at: Option<i64>,
    pub hours_bought: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

pub fn insert(write: &Write, f: &ContractFields, now: i64) -> StoreResult<i64> {
    write.conn().prepare_cached(
        "INSERT INTO contracts (kind, client_id, company_id, sales_contact_id, total_cents,
             due_cents, signed, signed_at, hours_bought, valid_from, valid_until, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        f.kind.key(),
        f.client_id,
        f.company_id,
        f.sales_contact_id,
        f.total.0,
        f.due.0,
        f.signed_at.is_some(),
        f.signed_at,
        f.hours_bought,
        f.valid_from,
        f.valid_until,
        now
    ])?;
    Ok(write.conn().last_insert_rowid())
}

/// The editable terms (kind and client stay as created).
pub fn update_terms(write: &Write, id: i64, f: &ContractFields, now: i64) -> StoreResult<()> {
    write
        .conn()
        .prepare_cached(
            "UPDATE contracts SET sales_contact_id = ?2, total_cents = ?3, due_cents = ?4,
             hours_bought = ?5, valid_from = ?6, valid_until = ?7, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(params![
            id,
            f.sales_contact_id,
            f.total.0,
            f.due.0,
            f.hours_bought,
            f.valid_from,
            f.valid_until,
            now
        ])?;
    // Its events follow its sales contact (see `events.sales_contact_id`).
    write
        .conn()
        .prepare_cached(
            "UPDATE events SET sales_contact_id = ?2
             WHERE contract_id = ?1 AND sales_contact_id IS NOT ?2",
        )?
        .execute(params![id, f.sales_contact_id])?;
    Ok(())
}

pub fn sign(write: &Write, id: i64, now: i64) -> StoreResult<bool> {
    let changed = write.conn().execute(
        "UPDATE contracts SET signed = 1, signed_at = ?2, updated_at = ?2 WHERE id = ?1 AND signed = 0",
        params![id, now],
    )?;
    Ok(changed == 1)
}

/// Lowers what is due from `due` to `left`, if it is still `due` (another
/// payment recorded in between makes this one be checked again).
pub fn pay(write: &Write, id: i64, (due, left): (Cents, Cents), now: i64) -> StoreResult<bool> {
    let changed = write.conn().execute(
        "UPDATE contracts SET due_cents = ?3, updated_at = ?4 WHERE id = ?1 AND due_cents = ?2",
        params![id, due.0, left.0, now],
    )?;
    Ok(changed == 1)
}

pub fn delete(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM contracts WHERE id = ?1", [id])?;
    Ok(())
}

/// Which contracts a list shows. Every filter is one indexed condition
/// (see migration 0015); `reach_*` is the reader's scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractQuery {
    pub unsigned: bool,
    pub unpaid: bool,
    pub sales_contact_id: Option<i64>,
    pub kind: Option<ContractKind>,
    pub client_id: Option<i64>,
    pub company_id: Option<i64>,
    /// Words of the client's or the company's name.
    pub text: Option<String>,
    /// Scope `own`: only this salesperson's contracts.
    pub reach_sales: Option<i64>,
    /// Scope `company`: only this company's contracts.
    pub reach_company: Option<i64>,
}

/// Contracts newest first, those with an id below `before` (keyset).
pub fn page(
    conn: &Connection,
    q: &ContractQuery,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<Contract>> {
    let (sql, values) = page_sql(q, before, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statement of [`page`] and its values (tests read its query plan).
pub fn page_sql(q: &ContractQuery, before: Option<i64>, limit: u32) -> (String, Vec<Value>) {
    let mut sql = format!("{SELECT} WHERE k.id < ?");
    let mut values = vec![Value::Integer(before.unwrap_or(i64::MAX))];
    push_filters(&mut sql, &mut values, q);
    sql.push_str(" ORDER BY k.id DESC LIMIT ?");
    values.push(Value::Integer(page_limit(limit)));
    (sql, values)
}

/// The filters as SQL: fixed fragments, every value bound.
fn push_filters(sql: &mut String, values: &mut Vec<Value>, q: &ContractQuery) {
    if q.unsigned {
        sql.push_str(" AND k.signed = 0");
    }
    if q.unpaid {
        sql.push_str(" AND k.due_cents > 0");
    }
    let equal: [(&str, Option<Value>); 6] = [
        (
            " AND k.sales_contact_id = ?",
            q.sales_contact_id.map(Value::Integer),
        ),
        (
            " AND k.kind = ?",
            q.kind.map(|k| Value::Text(k.key().into())),
        ),
        (" AND k.client_id = ?", q.client_id.map(Value::Integer)),
        (" AND k.company_id = ?", q.company_id.map(Value::Integer)),
        (
            " AND k.sales_contact_id = ?",
            q.reach_sales.map(Value::Integer),
        ),
        (" AND k.company_id = ?", q.reach_company.map(Value::Integer)),
    ];
    for (fragment, value) in equal {
        if let Some(v) = value {
            sql.push_str(fragment);
            values.push(v);
        }
    }
    if let Some(pattern) = super::text_filter::pattern(q.text.as_deref()) {
        sql.push_str(
            " AND (guichet_fold(coalesce(cl.full_name, '')) LIKE ? ESCAPE '\\'
                 OR guichet_fold(coalesce(co.name, '')) LIKE ? ESCAPE '\\')",
        );
        values.push(Value::Text(pattern.clone()));
        values.push(Value::Text(pattern));
    }
}

/// Active accounts whose role holds `capability` at scope `all`: those
/// told of what concerns the whole CRM ("management").
pub fn active_holders(conn: &Connection, capability: &str) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id FROM users u JOIN role_capabilities rc ON rc.role_key = u.role_key
         WHERE u.active = 1 AND rc.capability = ?1 AND rc.scope = 'all' ORDER BY u.id",
    )?;
    let rows = stmt.query_map([capability], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
