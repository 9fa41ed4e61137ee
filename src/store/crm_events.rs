//! Events (`events`): each for a signed `event` contract, with its
//! client's name and contact read from the contract.

use super::{page_limit, StoreResult, Write};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub contract_id: i64,
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: String,
    pub attendees: i64,
    pub notes: String,
    pub support_contact_id: Option<i64>,
    pub support_login: Option<String>,
    /// The contract's salesperson, told of the event's changes.
    pub sales_contact_id: Option<i64>,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub client_email: Option<String>,
    pub client_phone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT e.id, e.contract_id, e.name, e.starts_at, e.ends_at, e.location,
        e.attendees, e.notes, e.support_contact_id, su.login, e.sales_contact_id, k.client_id,
        cl.full_name, cl.email, cl.phone, e.created_at, e.updated_at
    FROM events e
    JOIN contracts k ON k.id = e.contract_id
    LEFT JOIN crm_clients cl ON cl.id = k.client_id
    LEFT JOIN users su ON su.id = e.support_contact_id";

fn row(r: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        name: r.get(2)?,
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        location: r.get(5)?,
        attendees: r.get(6)?,
        notes: r.get(7)?,
        support_contact_id: r.get(8)?,
        support_login: r.get(9)?,
        sales_contact_id: r.get(10)?,
        client_id: r.get(11)?,
        client_name: r.get(12)?,
        client_email: r.get(13)?,
        client_phone: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> StoreResult<Option<Event>> {
    let sql = format!("{SELECT} WHERE e.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], row).optional()?)
}

/// What is written of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFields {
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: String,
    pub attendees: i64,
    pub notes: String,
    pub support_contact_id: Option<i64>,
}

impl EventFields {
    pub fn of(e: &Event) -> EventFields {
        EventFields {
            name: e.name.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            location: e.location.clone(),
            attendees: e.attendees,
            notes: e.notes.clone(),
            support_contact_id: e.support_contact_id,
        }
    }
}

pub fn insert(write: &Write, contract_id: i64, f: &EventFields, now: i64) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO events (contract_id, name, support_contact_id, sales_contact_id,
                 starts_at, ends_at, location, attendees, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, (SELECT sales_contact_id FROM contracts WHERE id = ?1),
                 ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?
        .execute(params![
            contract_id,
            f.name,
            f.support_contact_id,
            f.starts_at,
            f.ends_at,
            f.location,
            f.attendees,
            f.notes,
            now
        ])?;
    Ok(write.conn().last_insert_rowid())
}

/// Writes `new` if the event still holds `old` (someone else's change in
/// between makes the caller check again); whether it was written.
pub fn update(
    write: &Write,
    id: i64,
    (old, new): (&EventFields, &EventFields),
    now: i64,
) -> StoreResult<bool> {
    let changed = write
        .conn()
        .prepare_cached(
            "UPDATE events SET name = ?2, support_contact_id = ?3, starts_at = ?4, ends_at = ?5,
                 location = ?6, attendees = ?7, notes = ?8, updated_at = ?9
             WHERE id = ?1 AND name = ?10 AND support_contact_id IS ?11 AND starts_at = ?12
                 AND ends_at = ?13 AND location = ?14 AND attendees = ?15 AND notes = ?16",
        )?
        .execute(params![
            id,
            new.name,
            new.support_contact_id,
            new.starts_at,
            new.ends_at,
            new.location,
            new.attendees,
            new.notes,
            now,
            old.name,
            old.support_contact_id,
            old.starts_at,
            old.ends_at,
            old.location,
            old.attendees,
            old.notes
        ])?;
    Ok(changed == 1)
}

pub fn delete(write: &Write, id: i64) -> StoreResult<()> {
    write
        .conn()
        .execute("DELETE FROM events WHERE id = ?1", [id])?;
    Ok(())
}

pub fn count_of_contract(conn: &Connection, contract_id: i64) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM events WHERE contract_id = ?1")?
        .query_row([contract_id], |r| r.get(0))?)
}

/// Which events a list shows; `reach` is the reader's scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    pub without_support: bool,
    pub support_contact_id: Option<i64>,
    /// The events of this salesperson's contracts.
    pub sales_contact_id: Option<i64>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub client_id: Option<i64>,
    pub contract_id: Option<i64>,
    /// Words of the event's name, location or client's name.
    pub text: Option<String>,
    pub reach: Reach,
}

/// How far a reader's `event.read` goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    #[default]
    All,
    /// Scope `own`: events of one's own contracts.
    OwnContracts(i64),
    /// Scope `assigned`: events one is the support contact of, or of
    /// one's own contracts.
    Assigned(i64),
}

/// Events by start, then id, after the cursor `(starts_at, id)`.
pub fn page(
    conn: &Connection,
    q: &EventQuery,
    after: Option<(i64, i64)>,
    limit: u32,
) -> StoreResult<Vec<Event>> {
    let (sql, values) = page_sql(q, after, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statement of [`page`] and its values (tests read its query plan).
pub fn page_sql(q: &EventQuery, after: Option<(i64, i64)>, limit: u32) -> (String, Vec<Value>) {
    let mut sql = format!("{SELECT} WHERE 1");
    let mut values = Vec::new();
    if let Some((start, id)) = after {
        sql.push_str(" AND (e.starts_at, e.id) > (?, ?)");
        values.extend([Value::Integer(start), Value::Integer(id)]);
    }
    push_filters(&mut sql, &mut values, q);
    sql.push_str(" ORDER BY e.starts_at, e.id LIMIT ?");
    values.push(Value::Integer(page_limit(limit)));
    (sql, values)
}

/// The filters as SQL: fixed fragments, every value bound. Conditions on
/// the contract go through `events_by_contract` with the contracts'
/// own indexes.
fn push_filters(sql: &mut String, values: &mut Vec<Value>, q: &EventQuery) {
    if q.without_support {
        sql.push_str(" AND e.support_contact_id IS NULL");
    }
    let of_sales = "e.contract_id IN (SELECT id FROM contracts WHERE sales_contact_id = ?)";
    let mut one = |fragment: String, v: Vec<Value>| {
        sql.push_str(&fragment);
        values.extend(v);
    };
    if let Some(id) = q.support_contact_id {
        one(
            " AND e.support_contact_id = ?".into(),
            vec![Value::Integer(id)],
        );
    }
    if let Some(id) = q.sales_contact_id {
        one(
            " AND e.sales_contact_id = ?".into(),
            vec![Value::Integer(id)],
        );
    }
    match q.reach {
        Reach::All => {}
        Reach::OwnContracts(me) => one(
            " AND e.sales_contact_id = ?".into(),
            vec![Value::Integer(me)],
        ),
        Reach::Assigned(me) => {
            let v = vec![Value::Integer(me), Value::Integer(me)];
            one(format!(" AND (e.support_contact_id = ? OR {of_sales})"), v);
        }
    }
    if let Some(from) = q.from {
        one(" AND e.starts_at >= ?".into(), vec![Value::Integer(from)]);
    }
    if let Some(until) = q.until {
        one(" AND e.starts_at < ?".into(), vec![Value::Integer(until)]);
    }
    if let Some(client) = q.client_id {
        let fragment = " AND e.contract_id IN (SELECT id FROM contracts WHERE client_id = ?)";
        one(fragment.into(), vec![Value::Integer(client)]);
    }
    if let Some(contract) = q.contract_id {
        one(
            " AND e.contract_id = ?".into(),
            vec![Value::Integer(contract)],
        );
    }
    if let Some(pattern) = super::text_filter::pattern(q.text.as_deref()) {
        let fragment = " AND (guichet_fold(e.name) LIKE ? ESCAPE '\\'
             OR guichet_fold(e.location) LIKE ? ESCAPE '\\'
             OR guichet_fold(coalesce(cl.full_name, '')) LIKE ? ESCAPE '\\')";
        one(fragment.into(), vec![Value::Text(pattern); 3]);
    }
}

/// Whether the user's role handles events: holds `event.update` at scope
/// `assigned` or `all` (the support contact must be one of them).
pub fn handles_events(conn: &Connection, user_id: i64) -> StoreResult<bool> {
    let found: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM users u JOIN role_capabilities rc ON rc.role_key = u.role_key
             WHERE u.id = ?1 AND u.active = 1 AND rc.capability = 'event.update'
               AND rc.scope IN ('assigned', 'all')",
        )?
        .query_row([user_id], |r| r.get(0))?;
    Ok(found == 1)
}

/// The logins of the active users whose role handles events (see
/// [`handles_events`]), by login after `after`: the support contacts a
/// front end offers.
pub fn support_logins(conn: &Connection, after: &str, limit: u32) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.login FROM users u JOIN role_capabilities rc ON rc.role_key = u.role_key
         WHERE u.active = 1 AND rc.capability = 'event.update'
           AND rc.scope IN ('assigned', 'all') AND u.login > ?1
         ORDER BY u.login LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![after, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
