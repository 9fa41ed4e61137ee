//! Work on a ticket: edits, comments, time spent.

use super::notify;
use super::summary::Summary;
use super::ticket_flow::apply_status;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::notify::NotifyKind;
use crate::domain::ticket::Priority;
use crate::domain::ticket::{self, Party, Status};
use crate::domain::{validate, Capability, Msg};
use crate::store::{ticket_work, tickets};

/// Fields to change; `None` leaves one as it is.
#[derive(Debug, Default)]
pub struct TicketEdit<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub priority: Option<Priority>,
    /// A category's name; `Some("")` clears it.
    pub category: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct TimeEdit<'a> {
    pub minutes: Option<i64>,
    pub date: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl Service {
    /// Staff edit an open ticket; the requester only until staff has taken
    /// it in hand (after that, only comments).
    pub fn edit_ticket(&mut self, actor: &Actor, id: i64, edit: &TicketEdit) -> Result<()> {
        // The same rule the dashboard asks before offering `e`.
        let access = self.edit_access(actor, id)?;
        let t = &access.ticket;
        let title = edit
            .title
            .map(ticket::title)
            .transpose()
            .map_err(Error::Invalid)?
            .unwrap_or_else(|| t.title.clone());
        let description = match edit.description {
            Some(d) => ticket::body("description", d, false).map_err(Error::Invalid)?,
            None => t.description.clone(),
        };
        let priority = match edit.priority {
            Some(p) => p,
            None => t.priority,
        };
        let (category_id, category) = match edit.category.map(str::trim) {
            Some("") => (None, None),
            Some(name) => {
                let (id, name) = self.category_by_name(name)?;
                (Some(id), Some(name))
            }
            None => (t.category_id, t.category.clone()),
        };
        let mut summary = Summary::new();
        let mut changed = false;
        let mut note = |field: &str, old: serde_json::Value, new: serde_json::Value| {
            if old != new {
                summary = std::mem::take(&mut summary).change(field, old, new);
                changed = true;
            }
        };
        note("title", t.title.as_str().into(), title.as_str().into());
        note(
            "description",
            t.description.as_str().into(),
            description.as_str().into(),
        );
        note("priority", t.priority.key().into(), priority.key().into());
        if t.category_id != category_id {
            // By name for people, by id for scripts.
            note("category", t.category.clone().into(), category.into());
        }
        note("category_id", t.category_id.into(), category_id.into());
        if !changed {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let (now, sla_settings) = (self.now(), self.sla_settings());
        let summary = summary.build();
        self.store.write(|w| {
            access.still_current(w)?;
            let fields = tickets::Fields {
                title: &title,
                description: &description,
                priority,
                category_id,
            };
            tickets::set_fields(w, id, &fields, now)?;
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketEdit, id.to_string()),
                summary.clone(),
            )?;
            super::sla::refresh(w, sla_settings, id, now)?;
            Ok(())
        })
    }

    /// A comment, public or internal (staff only). The requester answering
    /// an on-hold ticket puts it back in progress: that is what it waited for.
    pub fn comment(&mut self, actor: &Actor, id: i64, text: &str, internal: bool) -> Result<i64> {
        let capability = if internal {
            Capability::TicketCommentInternal
        } else {
            Capability::TicketComment
        };
        let access = self.ticket_access(actor, id, capability)?;
        let body = ticket::body("comment", text, true).map_err(Error::Invalid)?;
        let resumes = !internal && access.relation.own && access.status() == Status::OnHold;
        let (now, me) = (self.now(), access.me.user.id);
        // A public answer by staff is the first response the SLA counts.
        let responds = !internal && access.party() == Some(Party::Staff);
        let sla_settings = self.sla_settings();
        let action = if internal {
            AuditAction::TicketCommentInternal
        } else {
            AuditAction::TicketComment
        };
        self.store.write(|w| {
            if resumes {
                access.still_current(w)?;
            }
            let comment_id = ticket_work::insert_comment(w, id, me, &body, internal, now)?;
            tickets::touch(w, id, now)?;
            if !internal {
                access.spoke_in_public(w)?;
            }
            let summary = Summary::new()
                .value("comment_id", comment_id)
                .value("text", body.as_str())
                .build();
            Self::audit(w, actor, now, (action, id.to_string()), summary)?;
            if resumes {
                apply_status(w, id, Status::InProgress, now, None)?;
                let summary = Summary::new()
                    .change("status", Status::OnHold.key(), Status::InProgress.key())
                    .value("reason", "requester_replied")
                    .build();
                Self::audit(
                    w,
                    actor,
                    now,
                    (AuditAction::TicketStatus, id.to_string()),
                    summary,
                )?;
            }
            if responds {
                crate::store::sla_state::set_first_response(w, id, now)?;
            }
            if responds || resumes {
                super::sla::refresh(w, sla_settings, id, now)?;
            }
            if !internal {
                // The requester's words go to the staff; anyone else's to
                // the requester (an internal note tells nobody).
                let (kind, told) = if access.relation.own {
                    let staff = notify::staff_of(w.conn(), &access.ticket)?;
                    (NotifyKind::Replied, staff)
                } else {
                    (NotifyKind::Answered, vec![access.ticket.requester_id])
                };
                let about = notify::About {
                    ticket: id,
                    title: &access.ticket.title,
                    now,
                };
                notify::send(w, Some(me), &told, kind, &about)?;
            }
            Ok(comment_id)
        })
    }

    /// Logs time spent: minutes, the day worked (today by default; earlier
    /// days are fine, later ones are not), and what was done.
    pub fn log_time(
        &mut self,
        actor: &Actor,
        id: i64,
        minutes: i64,
        date: Option<&str>,
        note: Option<&str>,
    ) -> Result<i64> {
        let access = self.ticket_access(actor, id, Capability::TimeLog)?;
        let fields = self.time_fields(minutes, date, note)?;
        let (now, me) = (self.now(), access.me.user.id);
        self.store.write(|w| {
            let fields = ticket_work::TimeFields {
                minutes: fields.0,
                worked_on: &fields.1,
                note: &fields.2,
            };
            let entry = ticket_work::insert_time(w, id, me, &fields, now)?;
            tickets::touch(w, id, now)?;
            let summary = Summary::new()
                .value("time_entry_id", entry)
                .value("minutes", fields.minutes)
                .value("worked_on", fields.worked_on)
                .value("note", fields.note)
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketTime, id.to_string()),
                summary,
            )?;
            Ok(entry)
        })
    }

    /// Edits a time entry: only its author, who must still hold `time.log`
    /// on the ticket. Every edit is audited with old and new values.
    pub fn edit_time(&mut self, actor: &Actor, entry_id: i64, edit: &TimeEdit) -> Result<()> {
        self.authorize(actor, Capability::TimeLog)?;
        let Some(entry) = ticket_work::time_entry(self.store.conn(), entry_id)? else {
            return Err(not_found("time_entry", entry_id));
        };
        self.ticket_access(actor, entry.ticket_id, Capability::TimeLog)
            .map_err(|e| match e {
                Error::NotFound(_) => not_found("time_entry", entry_id),
                other => other,
            })?;
        if entry.author_id != actor.id {
            return Err(Error::Conflict(
                Msg::new("error.not_your_entry").arg("id", entry_id),
            ));
        }
        let minutes = edit.minutes.unwrap_or(entry.minutes);
        let date = edit.date.unwrap_or(&entry.worked_on);
        let note = edit.note.unwrap_or(&entry.note);
        let (minutes, worked_on, note) = self.time_fields(minutes, Some(date), Some(note))?;
        let summary = Summary::new()
            .value("time_entry_id", entry_id)
            .change("minutes", entry.minutes, minutes)
            .change("worked_on", entry.worked_on.as_str(), worked_on.as_str())
            .change("note", entry.note.as_str(), note.as_str())
            .build();
        if (minutes, worked_on.as_str(), note.as_str())
            == (entry.minutes, entry.worked_on.as_str(), entry.note.as_str())
        {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            let fields = ticket_work::TimeFields {
                minutes,
                worked_on: &worked_on,
                note: &note,
            };
            ticket_work::update_time(w, entry_id, &fields, now)?;
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketTimeEdit, entry.ticket_id.to_string()),
                summary.clone(),
            )
        })
    }

    fn time_fields(
        &self,
        minutes: i64,
        date: Option<&str>,
        note: Option<&str>,
    ) -> Result<(i64, String, String)> {
        if !(1..=1440).contains(&minutes) {
            return Err(Error::Invalid(
                Msg::new("error.minutes_range").arg("minutes", minutes),
            ));
        }
        let local_day = |at: i64| {
            chrono::DateTime::from_timestamp(at, 0)
                .map(|t| t.with_timezone(&self.settings.timezone).date_naive())
                .unwrap_or_default()
        };
        let today = local_day(self.now());
        let day = match date {
            Some(d) => validate::date("work_day", d).map_err(Error::Invalid)?,
            None => today,
        };
        let created = ticket_work::site_created_at(self.store.conn())?.map_or(today, local_day);
        let day = validate::work_day(day, today, created).map_err(Error::Invalid)?;
        let note = ticket::body("note", note.unwrap_or(""), false).map_err(Error::Invalid)?;
        Ok((minutes, day.to_string(), note))
    }
}
