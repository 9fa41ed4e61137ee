//! Opening, finding and reading tickets.

use super::summary::Summary;
use super::{not_found, Actor, Authorized, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::ticket::Priority;
use crate::domain::ticket::{self, Party, Status};
use crate::domain::{Capability, Msg, Relation, Scope};
use crate::store::{self, ticket_work, tickets, users};

pub(crate) use super::ticket_query::parse_priority;
pub use super::ticket_query::TicketFilter;
pub use tickets::{Cursor, Member, Sort, Ticket};

/// A ticket the actor may act on, with how it relates to them.
pub(crate) struct TicketAccess {
    pub me: Authorized,
    pub ticket: Ticket,
    pub relation: Relation,
}

impl TicketAccess {
    /// Staff handle the ticket; the requester (or their company) follows it.
    pub fn party(&self) -> Option<Party> {
        let staff = self.me.scope == Scope::All
            || (self.me.scope == Scope::Assigned && self.relation.assigned);
        if staff {
            Some(Party::Staff)
        } else if self.relation.own && self.me.scope.reaches(self.relation) {
            Some(Party::Requester)
        } else {
            None
        }
    }

    pub fn status(&self) -> Status {
        self.ticket.status
    }

    /// Inside the write transaction: the ticket must still be exactly as
    /// it was when the rules were checked, or another process changed it
    /// meanwhile and the checks must be made again.
    pub fn still_current(&self, write: &store::Write) -> Result<()> {
        if tickets::get(write.conn(), self.ticket.id)?.as_ref() == Some(&self.ticket) {
            Ok(())
        } else {
            Err(Error::Conflict(
                Msg::new("error.ticket_changed").arg("id", self.ticket.id),
            ))
        }
    }
}

pub struct NewTicket<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub priority: Priority,
    pub category: Option<&'a str>,
    pub handling_role: &'a str,
    /// A member of the handling role; `None`: guichet picks the least loaded.
    pub assignee: Option<&'a str>,
    /// Open on someone else's behalf (needs `ticket.create:all`).
    pub requester: Option<&'a str>,
}

/// A role that handles tickets, with its active members and their loads.
#[derive(Clone, Debug)]
pub struct HandlingRole {
    pub role: store::roles::Role,
    pub members: Vec<Member>,
}

/// Everything about one ticket the actor may see.
#[derive(Clone, Debug)]
pub struct TicketView {
    pub ticket: Ticket,
    pub requester: users::Listed,
    pub programme: Option<String>,
    pub comments: Vec<ticket_work::Comment>,
    pub attachments: Vec<ticket_work::Attachment>,
    /// `None` when the actor may not see time spent.
    pub time: Option<Vec<ticket_work::TimeEntry>>,
    pub total_minutes: Option<i64>,
    /// The statuses the actor may move this ticket to now.
    pub next_statuses: Vec<Status>,
    /// What else the actor may do to it now, and why not.
    pub rights: super::rights::TicketRights,
}

impl Service {
    /// The ticket `id` if the actor's scope for `capability` reaches it.
    /// A ticket the actor may not even read looks missing ("no ticket"),
    /// whatever the command, so that nobody learns which tickets exist;
    /// one they may read but not act on this way is refused. A role
    /// without `capability` at any scope is refused before anything is
    /// looked up.
    pub(crate) fn ticket_access(
        &self,
        actor: &Actor,
        id: i64,
        capability: Capability,
    ) -> Result<TicketAccess> {
        let me = self.authorize(actor, capability)?;
        let Some(ticket) = tickets::get(self.store.conn(), id)? else {
            return Err(not_found("ticket", id));
        };
        let relation = Relation {
            own: ticket.requester_id == me.user.id,
            assigned: ticket.assignee_id == Some(me.user.id)
                || ticket.handling_role == me.user.role_key,
            same_company: me.user.company_id.is_some() && me.user.company_id == ticket.company_id,
        };
        if !me.scope.reaches(relation) {
            let readable = me
                .grants
                .scope_of(Capability::TicketRead)
                .is_some_and(|s| s.reaches(relation));
            return Err(if readable {
                Error::Denied(capability)
            } else {
                not_found("ticket", id)
            });
        }
        Ok(TicketAccess {
            me,
            ticket,
            relation,
        })
    }

    /// Roles that handle tickets, each with its active members, least
    /// loaded first: what a requester chooses from, so only the roles
    /// serving the requester's kind or everyone. Assigners need it too,
    /// and get every role (see [`Service::opening_audience`]).
    pub fn handling_roles(&self, actor: &Actor) -> Result<Vec<HandlingRole>> {
        let audience = self.opening_audience(actor)?;
        let conn = self.store.conn();
        self.roles_handling_tickets()?
            .into_iter()
            .filter(|role| audience.is_none_or(|kind| role.serves.serves(kind)))
            .map(|role| {
                Ok(HandlingRole {
                    members: tickets::members_by_load(conn, &role.key)?,
                    role,
                })
            })
            .collect()
    }

    /// The roles that handle tickets, for their names in lists: anyone who
    /// may read or open tickets sees which role handles one.
    pub fn ticket_roles(&self, actor: &Actor) -> Result<Vec<store::roles::Role>> {
        if self.may(actor, Capability::TicketRead)?.is_none() {
            self.authorize(actor, Capability::TicketCreate)?;
        }
        self.roles_handling_tickets()
    }

    /// Every role that handles tickets, read page by page (roles are few).
    pub(super) fn roles_handling_tickets(&self) -> Result<Vec<store::roles::Role>> {
        let conn = self.store.conn();
        let mut out = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::roles::page(conn, None, &after, 100)?;
            let Some(last) = page.last() else { break };
            after = last.key.clone();
            out.extend(page.into_iter().filter(|r| r.handles_tickets));
        }
        Ok(out)
    }

    pub fn open_ticket(
        &mut self,
        actor: &Actor,
        new: &NewTicket,
        opened_from: &str,
    ) -> Result<i64> {
        let me = self.authorize(actor, Capability::TicketCreate)?;
        let requester = match new.requester.map(str::trim).filter(|r| *r != me.user.login) {
            None => me.user.clone(),
            Some(_) if me.scope != Scope::All => {
                return Err(Error::Denied(Capability::TicketCreate))
            }
            Some(login) => users::by_login(self.store.conn(), login)?
                .map(|l| l.user)
                .ok_or_else(|| not_found("user", login))?,
        };
        let title = ticket::title(new.title).map_err(Error::Invalid)?;
        let description =
            ticket::body("description", new.description, false).map_err(Error::Invalid)?;
        let priority = new.priority;
        let category = (new.category)
            .map(|c| self.category_by_name(c))
            .transpose()?;
        let category_id = category.as_ref().map(|(id, _)| *id);
        let role = self.handling_role_key(new.handling_role)?;
        self.check_role_serves(actor, &requester, &role)?;
        let members = tickets::members_by_load(self.store.conn(), &role)?;
        let assignee = match new.assignee {
            Some(login) => Some(
                members
                    .iter()
                    .find(|m| m.login.eq_ignore_ascii_case(login.trim()))
                    .ok_or_else(|| {
                        Error::Invalid(
                            Msg::new("error.not_a_member")
                                .arg("login", login)
                                .arg("role", &role),
                        )
                    })?,
            ),
            None => members.first(),
        };
        let assignee_id = assignee.map(|m| m.id);
        let (now, sla) = (self.now(), self.sla_settings());
        self.store.write(|w| {
            let id = tickets::insert(
                w,
                &tickets::NewTicket {
                    title: &title,
                    description: &description,
                    priority,
                    category_id,
                    requester_id: requester.id,
                    company_id: requester.company_id,
                    handling_role: &role,
                    assignee_id,
                    opened_from_host: opened_from,
                    now,
                },
            )?;
            tickets::set_assignment(w, id, &role, assignee_id, now)?;
            let summary = Summary::new()
                .value("title", title.as_str())
                .value("priority", priority.key())
                .value("category_id", category_id)
                .value("category", category.as_ref().map(|(_, name)| name.as_str()))
                .value("requester", requester.login.as_str())
                .value("company_id", requester.company_id)
                .value("handling_role", role.as_str())
                .value("assignee", assignee.map(|m| m.login.clone()))
                .value(
                    "assigned_by",
                    if new.assignee.is_some() {
                        "choice"
                    } else {
                        "least_loaded"
                    },
                )
                .value("opened_from", opened_from)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketCreate, id.to_string()),
                summary,
            )?;
            super::sla::refresh(w, sla, id, now)?;
            if let Some(to) = assignee_id {
                let about = super::notify::About {
                    ticket: id,
                    title: &title,
                    now,
                };
                let kind = crate::domain::notify::NotifyKind::Assigned;
                super::notify::send(w, Some(actor.id), &[to], kind, &about)?;
            }
            Ok(id)
        })
    }

    /// One page of the tickets the actor may see, filtered and sorted.
    pub fn list_tickets(
        &self,
        actor: &Actor,
        filter: &TicketFilter,
        after: Option<Cursor>,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        let me = self.authorize(actor, Capability::TicketRead)?;
        let visibility = self.visibility(&me);
        let query = self.ticket_query(&me, filter)?;
        Ok(tickets::page(
            self.store.conn(),
            &visibility,
            &query,
            after,
            limit,
        )?)
    }

    /// Which tickets the actor's scope of `ticket.read` lets them see.
    pub(crate) fn visibility(&self, me: &Authorized) -> tickets::Visibility {
        match me.scope {
            Scope::All => tickets::Visibility::All,
            Scope::Own => tickets::Visibility::Own { user: me.user.id },
            Scope::Assigned => tickets::Visibility::Assigned {
                user: me.user.id,
                role: me.user.role_key.clone(),
            },
            Scope::Company => tickets::Visibility::Company {
                user: me.user.id,
                company: me.user.company_id,
            },
        }
    }

    pub fn show_ticket(&self, actor: &Actor, id: i64) -> Result<TicketView> {
        let access = self.ticket_access(actor, id, Capability::TicketRead)?;
        let conn = self.store.conn();
        let t = &access.ticket;
        let internal = self.may_reach(&access, Capability::TicketCommentInternal);
        let mut requester =
            users::by_id(conn, t.requester_id)?.ok_or_else(|| not_found("user", t.requester_id))?;
        if self.show_user(actor, &requester.user.login).is_err() {
            requester = name_only(requester);
        }
        let programme = match requester.user.cohort_id {
            Some(cohort) => store::org::programme_of_cohort(conn, cohort)?,
            None => None,
        };
        let sees_time = self.may_reach(&access, Capability::TimeRead);
        let time = if sees_time {
            Some(ticket_work::time_entries(conn, id, 0, 500)?)
        } else {
            None
        };
        let total_minutes = if sees_time {
            Some(ticket_work::total_minutes(conn, id)?)
        } else {
            None
        };
        let next_statuses = match self.ticket_access(actor, id, Capability::TicketUpdate) {
            Ok(update) => self.moves_for(&update),
            Err(_) => Vec::new(),
        };
        let rights = self.ticket_rights(actor, id)?;
        Ok(TicketView {
            rights,
            comments: ticket_work::comments(conn, id, internal, 0, 500)?,
            attachments: ticket_work::attachments(conn, id, 0, 500)?,
            ticket: access.ticket,
            requester,
            programme,
            time,
            total_minutes,
            next_statuses,
        })
    }

    /// The statuses the actor may move the ticket to right now (the
    /// transition table, the reopen window).
    pub(crate) fn moves_for(&self, access: &TicketAccess) -> Vec<Status> {
        let Some(party) = access.party() else {
            return Vec::new();
        };
        let context = ticket::TransitionContext {
            now: self.now(),
            resolved_at: access.ticket.resolved_at,
            reopen_window_secs: self.settings.reopen_window_secs,
        };
        let from = access.status();
        ticket::next_statuses(from, party)
            .into_iter()
            .filter(|to| ticket::check_transition(from, *to, party, context).is_ok())
            .collect()
    }

    /// Whether the actor also holds `capability` at a scope reaching the
    /// ticket already checked in `access`.
    pub(crate) fn may_reach(&self, access: &TicketAccess, capability: Capability) -> bool {
        access
            .me
            .grants
            .scope_of(capability)
            .is_some_and(|s| s.reaches(access.relation))
    }

    pub(crate) fn category_id(&self, name: &str) -> Result<i64> {
        Ok(self.category_by_name(name)?.0)
    }

    /// The active category named `name`: its id and its name as stored
    /// (the audit entry names it, for people to read).
    pub(crate) fn category_by_name(&self, name: &str) -> Result<(i64, String)> {
        let category = ticket_work::category_named(self.store.conn(), name.trim())?
            .ok_or_else(|| not_found("category", name))?;
        if !category.active {
            return Err(Error::Invalid(
                Msg::new("error.category_inactive").arg("name", &category.name),
            ));
        }
        Ok((category.id, category.name))
    }
}

/// What anyone who may read a ticket may know of its requester: who they
/// are, not how to reach them nor the state of their account.
fn name_only(full: users::Listed) -> users::Listed {
    let user = users::User {
        email: None,
        phone: None,
        cohort_id: None,
        lock: Default::default(),
        active: true,
        ..full.user
    };
    users::Listed {
        user,
        cohort: None,
        company: full.company,
        ..full
    }
}
