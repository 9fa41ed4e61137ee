//! What the CRM's forms offer to pick as you type (issue 15): active
//! companies, the people whose role may own clients, signed event
//! contracts. Each read is the first page of what matches, in an index's
//! order, and says how many more match (counted up to [`COUNT_CAP`]), so
//! that a form says "N more, type to narrow" instead of cutting silently.

use super::{page_limit, StoreResult};
use crate::domain::crm::ContractKind;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};

/// Matches beyond the page are counted up to this many: past it a form
/// says "at least" (the count stops reading there).
pub const COUNT_CAP: i64 = 1000;

/// A page of what matches, and how many more do (at most [`COUNT_CAP`]
/// minus the page).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches<T> {
    pub rows: Vec<T>,
    pub more: u64,
    /// The count stopped at [`COUNT_CAP`]: at least `more` more match.
    pub at_least: bool,
}

/// An active company: id and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyPick {
    pub id: i64,
    pub name: String,
}

/// An active user who may be a client's sales contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonPick {
    pub id: i64,
    pub login: String,
    pub full_name: String,
}

/// A signed event contract, with its client's and company's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractPick {
    pub id: i64,
    pub client: Option<String>,
    pub company: Option<String>,
}

/// Where a read's rows come from and which it keeps, with its values.
struct Query {
    from_where: String,
    values: Vec<Value>,
}

impl Query {
    fn new(from_where: &str) -> Query {
        Query {
            from_where: from_where.to_string(),
            values: Vec::new(),
        }
    }

    /// Adds a condition on the folded `columns` containing what was typed;
    /// `or` is another condition that matches as well (a number typed).
    fn typed(mut self, columns: &[&str], typed: Option<&str>, or: Option<(&str, Value)>) -> Query {
        let Some(pattern) = super::text_filter::pattern(typed) else {
            return self;
        };
        let mut each = Vec::new();
        if let Some((condition, value)) = or {
            each.push(condition.to_string());
            self.values.push(value);
        }
        for c in columns {
            each.push(format!(
                "guichet_fold(coalesce({c}, '')) LIKE ? ESCAPE '\\'"
            ));
            self.values.push(Value::Text(pattern.clone()));
        }
        self.from_where
            .push_str(&format!(" AND ({})", each.join(" OR ")));
        self
    }

    /// The first `limit` rows in `order`, and how many more match.
    fn read<T>(
        &self,
        conn: &Connection,
        (columns, order): (&str, &str),
        limit: u32,
        map: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> StoreResult<Matches<T>> {
        let limit = page_limit(limit);
        let sql = format!(
            "SELECT {columns} {} ORDER BY {order} LIMIT ?",
            self.from_where
        );
        let mut values = self.values.clone();
        values.push(Value::Integer(limit));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows: Vec<T> = stmt
            .query_map(params_from_iter(values), map)?
            .collect::<rusqlite::Result<_>>()?;
        let matching = if (rows.len() as i64) < limit {
            rows.len() as i64
        } else {
            self.count(conn)?
        };
        Ok(Matches {
            more: u64::try_from(matching - rows.len() as i64).unwrap_or(0),
            at_least: matching >= COUNT_CAP,
            rows,
        })
    }

    /// How many rows match, counted up to [`COUNT_CAP`].
    fn count(&self, conn: &Connection) -> StoreResult<i64> {
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 {} LIMIT ?)",
            self.from_where
        );
        let mut values = self.values.clone();
        values.push(Value::Integer(COUNT_CAP));
        Ok(conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(values), |r| r.get(0))?)
    }
}

/// Active companies whose name holds what was typed, by name (archived
/// ones are out of every picker).
pub fn companies(
    conn: &Connection,
    typed: Option<&str>,
    limit: u32,
) -> StoreResult<Matches<CompanyPick>> {
    Query::new("FROM companies co WHERE co.archived_at IS NULL")
        .typed(&["co.name"], typed, None)
        .read(conn, ("co.id, co.name", "co.name"), limit, |r| {
            Ok(CompanyPick {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
}

/// Active users whose role holds `capability` (at any scope) and whose
/// login or name holds what was typed, by login.
pub fn people_holding(
    conn: &Connection,
    capability: &str,
    typed: Option<&str>,
    limit: u32,
) -> StoreResult<Matches<PersonPick>> {
    let mut query = Query::new(
        "FROM users u WHERE u.active = 1 AND EXISTS (SELECT 1 FROM role_capabilities rc
           WHERE rc.role_key = u.role_key AND rc.capability = ?)",
    );
    query.values.push(Value::Text(capability.to_string()));
    query.typed(&["u.login", "u.full_name"], typed, None).read(
        conn,
        ("u.id, u.login, u.full_name", "u.login"),
        limit,
        |r| {
            Ok(PersonPick {
                id: r.get(0)?,
                login: r.get(1)?,
                full_name: r.get(2)?,
            })
        },
    )
}

/// Signed event contracts, newest first, whose client or company name
/// holds what was typed, or whose number it is. With
/// `reach_sales`, only those of that salesperson: theirs, or of a client
/// of theirs.
pub fn signed_event_contracts(
    conn: &Connection,
    reach_sales: Option<i64>,
    typed: Option<&str>,
    limit: u32,
) -> StoreResult<Matches<ContractPick>> {
    let mut query = Query::new(
        "FROM contracts k LEFT JOIN crm_clients cl ON cl.id = k.client_id
         LEFT JOIN companies co ON co.id = k.company_id
         WHERE k.kind = ? AND k.signed = 1",
    );
    query
        .values
        .push(Value::Text(ContractKind::Event.key().to_string()));
    if let Some(me) = reach_sales {
        query
            .from_where
            .push_str(" AND (k.sales_contact_id = ? OR cl.sales_contact_id = ?)");
        query
            .values
            .extend([Value::Integer(me), Value::Integer(me)]);
    }
    let number = typed
        .map(|t| t.trim().trim_start_matches('#'))
        .and_then(|t| t.parse::<i64>().ok())
        .map(|id| ("k.id = ?", Value::Integer(id)));
    let query = query.typed(&["cl.full_name", "co.name"], typed, number);
    query.read(
        conn,
        ("k.id, cl.full_name, co.name", "k.id DESC"),
        limit,
        |r| {
            Ok(ContractPick {
                id: r.get(0)?,
                client: r.get(1)?,
                company: r.get(2)?,
            })
        },
    )
}
