//! Synthetic open tickets in bulk, for benchmarks: one set-based INSERT,
//! with the status log filled by its trigger.

use super::{audit, StoreResult, Write};
use crate::domain::audit_action::AuditAction;
use rusqlite::params;

/// Who the synthetic tickets involve.
pub struct Synthetic<'a> {
    pub count: i64,
    pub requester_id: i64,
    pub handling_role: &'a str,
    /// Every other ticket goes to this member; the rest wait unassigned.
    pub assignee_id: i64,
    /// The first ticket's creation; each next one `spacing_secs` later.
    pub first_created_at: i64,
    pub spacing_secs: i64,
}

/// Inserts `count` waiting tickets with priorities in turn (low, normal,
/// high, critical); their SLA state is left to compute. Returns the ids'
/// range.
pub fn insert_open_tickets(write: &Write, s: &Synthetic) -> StoreResult<(i64, i64)> {
    let conn = write.conn();
    let first: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM tickets", [], |r| {
        r.get(0)
    })?;
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO tickets (title, description, priority, requester_id, handling_role,
                              assignee_id, created_at, updated_at)
         SELECT 'Synthetic ticket ' || i, '',
                CASE i % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'critical' END,
                ?2, ?3, CASE WHEN i % 2 = 0 THEN ?4 END, ?5 + i * ?6, ?5 + i * ?6
         FROM n",
        params![
            s.count,
            s.requester_id,
            s.handling_role,
            s.assignee_id,
            s.first_created_at,
            s.spacing_secs
        ],
    )?;
    let summary = serde_json::json!({ "synthetic_tickets": s.count }).to_string();
    audit::append(
        write,
        &audit::NewEntry::system(s.first_created_at, AuditAction::BenchFill, "main", summary),
    )?;
    Ok((first, first + s.count - 1))
}
