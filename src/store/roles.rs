//! Roles and the capabilities granted to them.

use super::{StoreError, StoreResult, Write};
use crate::domain::capability::{Capability, Grant, Grants, Scope};
use crate::domain::roles::{default_grants, Audience, DEFAULT_ROLES};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub key: String,
    pub label_fr: String,
    pub label_en: String,
    pub builtin: bool,
    pub handles_tickets: bool,
    pub created_at: i64,
    /// Whom it serves, when it handles tickets.
    pub serves: Audience,
}

pub fn seed_defaults(write: &Write, now: i64) -> StoreResult<()> {
    for role in DEFAULT_ROLES {
        insert(
            write,
            &Role {
                key: role.key.into(),
                label_fr: role.label_fr.into(),
                label_en: role.label_en.into(),
                builtin: true,
                handles_tickets: role.handles_tickets,
                created_at: now,
                serves: role.serves,
            },
        )?;
        for grant in default_grants(role.key).iter() {
            set_grant(write, role.key, *grant)?;
        }
    }
    Ok(())
}

pub fn insert(write: &Write, role: &Role) -> StoreResult<()> {
    write.conn().execute(
        "INSERT INTO roles (key, label_fr, label_en, builtin, handles_tickets, created_at, serves)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            role.key,
            role.label_fr,
            role.label_en,
            role.builtin,
            role.handles_tickets,
            role.created_at,
            role.serves.key()
        ],
    )?;
    Ok(())
}

/// Sets whom a role serves; false when there is no such role.
pub fn set_serves(write: &Write, role_key: &str, serves: Audience) -> StoreResult<bool> {
    let changed = write.conn().execute(
        "UPDATE roles SET serves = ?2 WHERE key = ?1",
        params![role_key, serves.key()],
    )?;
    Ok(changed > 0)
}

/// Grants `grant`, replacing any scope the role had for that capability.
pub fn set_grant(write: &Write, role_key: &str, grant: Grant) -> StoreResult<()> {
    write.conn().execute(
        "INSERT INTO role_capabilities (role_key, capability, scope) VALUES (?1, ?2, ?3)
         ON CONFLICT (role_key, capability) DO UPDATE SET scope = excluded.scope",
        params![role_key, grant.capability.key(), grant.scope.key()],
    )?;
    Ok(())
}

pub fn remove_grant(write: &Write, role_key: &str, capability: Capability) -> StoreResult<bool> {
    let removed = write.conn().execute(
        "DELETE FROM role_capabilities WHERE role_key = ?1 AND capability = ?2",
        params![role_key, capability.key()],
    )?;
    Ok(removed > 0)
}

fn from_row(row: &rusqlite::Row) -> rusqlite::Result<Role> {
    let serves: String = row.get(6)?;
    // The column's CHECK keeps it to the four keys; anything else is a
    // file changed by hand.
    let serves = Audience::parse(&serves).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            6,
            rusqlite::types::Type::Text,
            format!("unknown audience {serves:?}").into(),
        )
    })?;
    Ok(Role {
        key: row.get(0)?,
        label_fr: row.get(1)?,
        label_en: row.get(2)?,
        builtin: row.get(3)?,
        handles_tickets: row.get(4)?,
        created_at: row.get(5)?,
        serves,
    })
}

pub fn get(conn: &Connection, key: &str) -> StoreResult<Option<Role>> {
    Ok(conn
        .prepare_cached(
            "SELECT key, label_fr, label_en, builtin, handles_tickets, created_at, serves
             FROM roles WHERE key = ?1",
        )?
        .query_row([key], from_row)
        .optional()?)
}

/// The key of the role whose key is `text`, or else whose label in
/// either language is `text`, case and accents aside (`Apprenant`,
/// `learner`); `None` when no role or several answer to it.
pub fn key_named(conn: &Connection, text: &str) -> StoreResult<Option<String>> {
    if let Some(role) = get(conn, text)? {
        return Ok(Some(role.key));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT key FROM roles WHERE guichet_fold(label_fr) = guichet_fold(?1)
            OR guichet_fold(label_en) = guichet_fold(?1) LIMIT 2",
    )?;
    let keys: Vec<String> = stmt
        .query_map([text], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(match keys.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// Roles ordered by key, after `after` (keyset pagination); with
/// `search`, only those whose key or a label contains it (case and
/// accents folded, see [`super::text_filter`]).
pub fn page(
    conn: &Connection,
    search: Option<&str>,
    after: &str,
    limit: u32,
) -> StoreResult<Vec<Role>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, label_fr, label_en, builtin, handles_tickets, created_at, serves FROM roles
         WHERE key > ?1
           AND (?3 IS NULL OR guichet_fold(key) LIKE ?3 ESCAPE '\\'
                OR guichet_fold(label_fr) LIKE ?3 ESCAPE '\\'
                OR guichet_fold(label_en) LIKE ?3 ESCAPE '\\')
         ORDER BY key LIMIT ?2",
    )?;
    let pattern = super::text_filter::pattern(search);
    let rows = stmt.query_map(params![after, super::page_limit(limit), pattern], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A role's grants. Bounded by the number of capabilities the code knows.
pub fn grants(conn: &Connection, role_key: &str) -> StoreResult<Grants> {
    let mut stmt = conn.prepare_cached(
        "SELECT capability, scope FROM role_capabilities WHERE role_key = ?1 ORDER BY capability",
    )?;
    let rows = stmt.query_map([role_key], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut grants = Vec::new();
    for row in rows {
        let (cap, scope) = row?;
        let capability = Capability::parse(&cap).ok_or_else(|| {
            StoreError::Corrupt(format!("unknown capability {cap:?} granted to {role_key}"))
        })?;
        let scope = Scope::parse(&scope)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown scope {scope:?} on {role_key}")))?;
        grants.push(Grant::new(capability, scope));
    }
    Ok(Grants::new(grants))
}

/// The capabilities the database knows, with their allowed scopes, as
/// stored (the schema's list, checked against the code by a test).
pub fn known_capabilities(conn: &Connection) -> StoreResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT key, scopes FROM capabilities ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
