//! SLA calendars and policies. Both tables are small (a site has a handful
//! of each), so they are read whole.

use super::{StoreResult, Write};
use crate::domain::sla::{Rule, Targets};
use crate::domain::ticket::Priority;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRow {
    pub id: i64,
    pub name: String,
    /// `None`: the site's time zone.
    pub timezone: Option<String>,
    pub fixed: bool,
    /// (weekday with Monday 0, start minute, end minute)
    pub hours: Vec<(u32, u32, u32)>,
    /// (yearly, 'YYYY-MM-DD' or 'MM-DD')
    pub closed: Vec<(bool, String)>,
}

pub fn calendars(conn: &Connection) -> StoreResult<Vec<CalendarRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, timezone, fixed FROM calendars ORDER BY name")?;
    let mut out: Vec<CalendarRow> = stmt
        .query_map([], |r| {
            Ok(CalendarRow {
                id: r.get(0)?,
                name: r.get(1)?,
                timezone: r.get(2)?,
                fixed: r.get(3)?,
                hours: Vec::new(),
                closed: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut hours = conn.prepare_cached(
        "SELECT weekday, start_minute, end_minute FROM calendar_hours
         WHERE calendar_id = ?1 ORDER BY weekday, start_minute",
    )?;
    let mut closed = conn.prepare_cached(
        "SELECT yearly, day FROM calendar_closed_days WHERE calendar_id = ?1 ORDER BY yearly, day",
    )?;
    for c in &mut out {
        c.hours = hours
            .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        c.closed = closed
            .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

pub fn insert_calendar(
    write: &Write,
    name: &str,
    timezone: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO calendars (name, timezone, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![name, timezone, now],
    )?;
    Ok(write.conn().last_insert_rowid())
}

pub fn set_calendar_timezone(
    write: &Write,
    id: i64,
    timezone: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE calendars SET timezone = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, timezone, now],
    )?;
    Ok(())
}

/// Replaces the calendar's opening hours.
pub fn set_calendar_hours(write: &Write, id: i64, hours: &[(u32, u32, u32)]) -> StoreResult<()> {
    let conn = write.conn();
    conn.execute("DELETE FROM calendar_hours WHERE calendar_id = ?1", [id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO calendar_hours (calendar_id, weekday, start_minute, end_minute)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (day, start, end) in hours {
        insert.execute(params![id, day, start, end])?;
    }
    Ok(())
}

/// Adds a closed day; false if it was already there.
pub fn add_closed_day(write: &Write, id: i64, yearly: bool, day: &str) -> StoreResult<bool> {
    let added = write.conn().execute(
        "INSERT OR IGNORE INTO calendar_closed_days (calendar_id, yearly, day) VALUES (?1, ?2, ?3)",
        params![id, yearly, day],
    )?;
    Ok(added == 1)
}

/// Removes a closed day; false if it was not there.
pub fn remove_closed_day(write: &Write, id: i64, yearly: bool, day: &str) -> StoreResult<bool> {
    let removed = write.conn().execute(
        "DELETE FROM calendar_closed_days WHERE calendar_id = ?1 AND yearly = ?2 AND day = ?3",
        params![id, yearly, day],
    )?;
    Ok(removed == 1)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub is_default: bool,
    pub rule: Rule,
    pub calendar_id: i64,
    pub targets: Targets,
}

const POLICY_COLUMNS: &str = "SELECT id, name, position, is_default, match_role, match_priority,
    match_category_id, match_company_id, calendar_id,
    first_response_low, first_response_normal, first_response_high, first_response_critical,
    resolution_low, resolution_normal, resolution_high, resolution_critical
    FROM sla_policies";

fn policy_from_row(r: &Row) -> rusqlite::Result<PolicyRow> {
    let priority: Option<String> = r.get(5)?;
    Ok(PolicyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        position: r.get(2)?,
        is_default: r.get(3)?,
        rule: Rule {
            role: r.get(4)?,
            priority: priority.as_deref().and_then(Priority::parse),
            category_id: r.get(6)?,
            company_id: r.get(7)?,
        },
        calendar_id: r.get(8)?,
        targets: Targets {
            first_response: [r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?],
            resolution: [r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?],
        },
    })
}

/// Every policy in the order they are tried: by position, the default last.
pub fn policies(conn: &Connection) -> StoreResult<Vec<PolicyRow>> {
    let sql = [POLICY_COLUMNS, " ORDER BY is_default, position, id"].concat();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], policy_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn policy_by_name(conn: &Connection, name: &str) -> StoreResult<Option<PolicyRow>> {
    let sql = [POLICY_COLUMNS, " WHERE name = ?1"].concat();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([name], policy_from_row)
        .optional()?)
}

/// A policy as written: everything but its id.
pub struct PolicyFields<'a> {
    pub name: &'a str,
    pub position: i64,
    pub rule: &'a Rule,
    pub calendar_id: i64,
    pub targets: &'a Targets,
}

pub fn insert_policy(write: &Write, p: &PolicyFields, now: i64) -> StoreResult<i64> {
    write.conn().execute(
        "INSERT INTO sla_policies (name, position, calendar_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![p.name, p.position, p.calendar_id, now],
    )?;
    let id = write.conn().last_insert_rowid();
    update_policy(write, id, p, now)?;
    Ok(id)
}

pub fn update_policy(write: &Write, id: i64, p: &PolicyFields, now: i64) -> StoreResult<()> {
    let (f, r) = (&p.targets.first_response, &p.targets.resolution);
    write.conn().execute(
        "UPDATE sla_policies SET name = ?2, position = ?3, match_role = ?4, match_priority = ?5,
            match_category_id = ?6, match_company_id = ?7, calendar_id = ?8,
            first_response_low = ?9, first_response_normal = ?10, first_response_high = ?11,
            first_response_critical = ?12, resolution_low = ?13, resolution_normal = ?14,
            resolution_high = ?15, resolution_critical = ?16, updated_at = ?17
         WHERE id = ?1",
        params![
            id,
            p.name,
            p.position,
            p.rule.role,
            p.rule.priority.map(|x| x.key()),
            p.rule.category_id,
            p.rule.company_id,
            p.calendar_id,
            f[0],
            f[1],
            f[2],
            f[3],
            r[0],
            r[1],
            r[2],
            r[3],
            now
        ],
    )?;
    Ok(())
}

/// Removes a policy: the tickets that followed it lose the link until
/// they are re-targeted in the same transaction.
pub fn delete_policy(write: &Write, id: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE tickets SET sla_policy_id = NULL WHERE sla_policy_id = ?1",
        [id],
    )?;
    write
        .conn()
        .execute("DELETE FROM sla_policies WHERE id = ?1", [id])?;
    Ok(())
}

/// Numbers the non-default policies 1, 2, 3… in their current order, so
/// that positions stay small and free of gaps.
pub fn renumber_policies(write: &Write) -> StoreResult<()> {
    let conn = write.conn();
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM sla_policies WHERE is_default = 0 ORDER BY position, id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = conn.prepare_cached("UPDATE sla_policies SET position = ?2 WHERE id = ?1")?;
    for (index, id) in ids.iter().enumerate() {
        set.execute(params![id, index as i64 + 1])?;
    }
    Ok(())
}

/// Makes room at `position` by moving that one and those after it down.
pub fn shift_policies_from(write: &Write, position: i64) -> StoreResult<()> {
    write.conn().execute(
        "UPDATE sla_policies SET position = position + 1 WHERE is_default = 0 AND position >= ?1",
        [position],
    )?;
    Ok(())
}
