//! Finding tickets: filters as people type them, turned into the store's
//! query; and search words turned into a safe FTS5 expression.

use super::{not_found, Authorized, Error, Result, Service};
use crate::domain::ticket::{Priority, Status};
use crate::domain::{Capability, Scope};
use crate::store::{self, ticket_work, tickets, users};
use tickets::Sort;

/// An id no row has: a filter on something that does not exist.
const NOBODY: i64 = -1;

/// Filters as people type them: names and logins, dates as YYYY-MM-DD.
#[derive(Clone, Debug, Default)]
pub struct TicketFilter {
    pub statuses: Vec<Status>,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub handling_role: Option<String>,
    pub assignee: Option<String>,
    pub requester: Option<String>,
    pub company: Option<String>,
    pub created_from: Option<String>,
    pub created_until: Option<String>,
    pub updated_from: Option<String>,
    pub updated_until: Option<String>,
    pub text: Option<String>,
    pub sort: Sort,
    pub ascending: bool,
    /// Nobody assigned (`assignee:none`, `--unassigned`).
    pub unassigned: bool,
    /// A closure request pending (`closure`, `--closure-requested`).
    pub closure_requested: bool,
    /// Waiting on a staff reply (`waiting:staff`, `--awaiting-reply`): the
    /// ticket is waiting or in progress (not on hold, where staff wait for
    /// the requester) and no staff member has written a public comment
    /// since it was opened or since the requester's last public comment
    /// (a status change with a comment counts as one). Comments by anyone
    /// else, such as a colleague of the requester, change nothing.
    pub awaiting_staff: bool,
    /// Only these urgency levels (`urgency:overdue`, `urgence:retard`,
    /// `--urgency`); none: every level.
    pub urgencies: Vec<crate::domain::sla::Level>,
}

impl Service {
    /// How the store reads the page `list_tickets` would return (EXPLAIN
    /// QUERY PLAN lines): for the combination benchmark and the tests
    /// that no filter makes SQLite sort every match.
    pub fn explain_ticket_list(
        &self,
        actor: &super::Actor,
        filter: &TicketFilter,
        after: Option<tickets::Cursor>,
        limit: u32,
    ) -> Result<Vec<String>> {
        let me = self.authorize(actor, Capability::TicketRead)?;
        let visibility = self.visibility(&me);
        let query = self.ticket_query(&me, filter)?;
        Ok(tickets::plan(
            self.store.conn(),
            &visibility,
            &query,
            after,
            limit,
        )?)
    }

    pub(crate) fn ticket_query(&self, me: &Authorized, f: &TicketFilter) -> Result<tickets::Query> {
        // Internal comments are searched only by those who may read them on
        // every ticket: a hit must never reveal one on a ticket where the
        // reader is only the requester.
        let internal = me.grants.scope_of(Capability::TicketCommentInternal) == Some(Scope::All);
        let conn = self.store.conn();
        // Who may list every user (or company) is told of a typo; others get
        // no tickets either way, so a filter cannot probe who exists.
        let reads_all_users = me.grants.scope_of(Capability::UserRead) == Some(Scope::All);
        let reads_all_companies = me.grants.scope_of(Capability::CompanyRead) == Some(Scope::All);
        let user_id = |login: &Option<String>| -> Result<Option<i64>> {
            let Some(login) = login.as_deref() else {
                return Ok(None);
            };
            match users::by_login(conn, login.trim())? {
                Some(found) => Ok(Some(found.user.id)),
                None if reads_all_users => Err(not_found("user", login)),
                None => Ok(Some(NOBODY)),
            }
        };
        let company_id = match f.company.as_deref() {
            None => None,
            Some(c) => match store::org::company_id(conn, c.trim())? {
                Some(id) => Some(id),
                None if reads_all_companies => return Err(not_found("company", c)),
                None => Some(NOBODY),
            },
        };
        Ok(tickets::Query {
            statuses: f.statuses.clone(),
            urgencies: f.urgencies.clone(),
            priority: f.priority,
            category_id: f
                .category
                .as_deref()
                .map(|c| {
                    ticket_work::category_named(conn, c.trim())?
                        .map(|c| c.id)
                        .ok_or_else(|| not_found("category", c))
                })
                .transpose()?,
            handling_role: (f.handling_role.as_deref())
                .map(|r| self.role_key_named(r))
                .transpose()?,
            assignee_id: user_id(&f.assignee)?,
            requester_id: user_id(&f.requester)?,
            company_id,
            created_from: self.day_start("created-from", &f.created_from, 0)?,
            created_until: self.day_start("created-until", &f.created_until, 1)?,
            updated_from: self.day_start("updated-from", &f.updated_from, 0)?,
            updated_until: self.day_start("updated-until", &f.updated_until, 1)?,
            text_match: f
                .text
                .as_deref()
                .and_then(|t| search_expression(t, internal)),
            sort: f.sort,
            ascending: f.ascending,
            needs: tickets_needs(f),
        })
    }

    /// The first instant of a local calendar day (plus `days_after` days),
    /// so that "until 2026-03-31" includes the whole of that day.
    fn day_start(
        &self,
        field: &'static str,
        date: &Option<String>,
        days_after: i64,
    ) -> Result<Option<i64>> {
        let Some(text) = date else { return Ok(None) };
        let day = crate::domain::validate::date(field, text).map_err(Error::Invalid)?
            + chrono::Duration::days(days_after);
        let local = day
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(self.settings.timezone).earliest());
        Ok(local.map(|t| t.timestamp()))
    }
}

impl super::tickets::TicketAccess {
    /// Records, inside the write, that this actor has just written in
    /// public on the ticket: its requester (the ticket now waits on staff)
    /// or staff (it no longer does). Anyone else changes nothing.
    pub(crate) fn spoke_in_public(&self, write: &store::Write) -> Result<()> {
        let awaiting = if self.relation.own {
            true
        } else if self.party() == Some(crate::domain::ticket::Party::Staff) {
            false
        } else {
            return Ok(());
        };
        store::ticket_filters::set_awaiting_staff(write, self.ticket.id, awaiting)?;
        Ok(())
    }
}

fn tickets_needs(f: &TicketFilter) -> store::ticket_filters::Needs {
    store::ticket_filters::Needs {
        unassigned: f.unassigned,
        closure_requested: f.closure_requested,
        awaiting_staff: f.awaiting_staff,
    }
}

/// A status or priority given as text where the service still reads
/// text (SLA rules): the same refusal as at the edges.
pub(crate) fn parse_priority(text: &str) -> Result<Priority> {
    Priority::from_text(text).map_err(Error::Invalid)
}

/// Turns what people type into a safe FTS5 expression: every word quoted
/// (so no FTS syntax gets through), all words required, the last one as a
/// prefix. Without the right to internal comments, their column is left
/// out of the search, so a hit can never reveal them.
pub fn search_expression(text: &str, internal: bool) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control() && *c != '"')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    if terms.is_empty() {
        return None;
    }
    // Only the last word is a prefix (the one still being typed): prefix
    // queries on common words cost tens of milliseconds at a million tickets.
    let joined = terms.join(" ") + "*";
    Some(if internal {
        joined
    } else {
        format!("{{title description public_comments}} : ({joined})")
    })
}

#[cfg(test)]
mod tests {
    use super::search_expression;

    #[test]
    fn search_terms_are_quoted_and_scoped() {
        assert_eq!(
            search_expression("écran  noir", true).as_deref(),
            Some("\"écran\" \"noir\"*")
        );
        assert_eq!(
            search_expression("NEAR(a b) OR \"x", false).as_deref(),
            Some("{title description public_comments} : (\"NEAR(a\" \"b)\" \"OR\" \"x\"*)")
        );
        assert_eq!(search_expression("  \"\" ", true), None);
    }
}
