//! Managing SLA calendars and policies. Every change re-targets the open
//! tickets in the same transaction, so that no ticket keeps a deadline
//! from rules that no longer exist, and the audit entry says how many.

use super::summary::Summary;
use super::urgency::rebuild;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::parse_hours;
use crate::domain::sla::{self, Rule, Targets};
use crate::domain::ticket::Priority;
use crate::domain::{validate, Capability, Msg};
use crate::store::sla::{CalendarRow, PolicyFields, PolicyRow};
use crate::store::{self, Write};
use chrono::NaiveDate;

/// A policy as typed: conditions by name, targets as `4h` (every
/// priority), `high=9h` (one) or `none`.
#[derive(Clone, Debug, Default)]
pub struct PolicyInput<'a> {
    pub name: Option<&'a str>,
    /// `Some("any")` clears a condition when editing.
    pub role: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub category: Option<&'a str>,
    pub company: Option<&'a str>,
    pub first_response: &'a [String],
    pub resolution: &'a [String],
    pub calendar: Option<&'a str>,
    pub position: Option<i64>,
}

const ANY: &str = "any";

impl Service {
    pub fn sla_calendars(&self, actor: &Actor) -> Result<Vec<CalendarRow>> {
        self.authorize(actor, Capability::TicketRead)?;
        Ok(store::sla::calendars(self.store.conn())?)
    }

    pub fn sla_policies(&self, actor: &Actor) -> Result<Vec<PolicyRow>> {
        self.authorize(actor, Capability::TicketRead)?;
        Ok(store::sla::policies(self.store.conn())?)
    }

    /// A new calendar: a time zone (`None`: the site's) and opening hours
    /// such as `mon-fri 09:00-18:00`.
    pub fn add_calendar(
        &mut self,
        actor: &Actor,
        name: &str,
        tz: Option<&str>,
        hours: &[String],
    ) -> Result<i64> {
        self.authorize(actor, Capability::SlaManage)?;
        let name = validate::name("name", name).map_err(Error::Invalid)?;
        let tz = tz.map(check_tz).transpose()?;
        let week = parse_week(hours)?;
        if self.find_calendar(&name)?.is_some() {
            return Err(Error::Conflict(
                Msg::new("error.already_exists")
                    .arg("what", "calendar")
                    .arg("name", &name),
            ));
        }
        let now = self.now();
        self.store.write(|w| {
            let id = store::sla::insert_calendar(w, &name, tz.as_deref(), now)?;
            store::sla::set_calendar_hours(w, id, &week)?;
            let summary = Summary::new()
                .value("name", name.as_str())
                .value("timezone", tz.clone())
                .value("hours", hours.join("; "))
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CalendarAdd, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    /// Replaces a calendar's time zone and/or hours; `tz` "site" follows
    /// the site's time zone again.
    pub fn edit_calendar(
        &mut self,
        actor: &Actor,
        name: &str,
        tz: Option<&str>,
        hours: &[String],
    ) -> Result<usize> {
        self.authorize(actor, Capability::SlaManage)?;
        let calendar = self.changeable_calendar(name)?;
        let tz = match tz {
            Some(t) if t.trim().eq_ignore_ascii_case("site") => Some(None),
            Some(t) => Some(Some(check_tz(t)?)),
            None => None,
        };
        let week = (!hours.is_empty()).then(|| parse_week(hours)).transpose()?;
        if tz.is_none() && week.is_none() {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let mut summary = Summary::new();
        if let Some(t) = &tz {
            summary = summary.change("timezone", calendar.timezone.clone(), t.clone());
        }
        if week.is_some() {
            summary = summary.value("hours", hours.join("; "));
        }
        self.retargeting_write(actor, AuditAction::CalendarEdit, summary, |w, now| {
            if let Some(t) = &tz {
                store::sla::set_calendar_timezone(w, calendar.id, t.as_deref(), now)?;
            }
            if let Some(week) = &week {
                store::sla::set_calendar_hours(w, calendar.id, week)?;
            }
            Ok(calendar.id)
        })
    }

    /// Closes (or, with `open`, reopens) a date, or a day every year.
    pub fn set_closed_day(
        &mut self,
        actor: &Actor,
        name: &str,
        date: &str,
        yearly: bool,
        open: bool,
    ) -> Result<usize> {
        self.authorize(actor, Capability::SlaManage)?;
        let calendar = self.changeable_calendar(name)?;
        let day = validate::date("closed_day", date).map_err(Error::Invalid)?;
        let key = stored_day(day, yearly);
        let already = calendar.closed.contains(&(yearly, key.clone()));
        if already != open {
            let msg = if open {
                "error.day_not_closed"
            } else {
                "error.day_already_closed"
            };
            return Err(Error::Conflict(
                Msg::new(msg)
                    .arg("day", &key)
                    .arg("calendar", &calendar.name),
            ));
        }
        let action = if open {
            AuditAction::CalendarOpenDay
        } else {
            AuditAction::CalendarCloseDay
        };
        let summary = Summary::new()
            .value("day", key.as_str())
            .value("yearly", yearly);
        self.retargeting_write(actor, action, summary, |w, _| {
            if open {
                store::sla::remove_closed_day(w, calendar.id, yearly, &key)?;
            } else {
                store::sla::add_closed_day(w, calendar.id, yearly, &key)?;
            }
            Ok(calendar.id)
        })
    }

    pub fn add_policy(&mut self, actor: &Actor, input: &PolicyInput) -> Result<usize> {
        self.authorize(actor, Capability::SlaManage)?;
        let name =
            validate::name("name", input.name.unwrap_or_default()).map_err(Error::Invalid)?;
        if store::sla::policy_by_name(self.store.conn(), &name)?.is_some() {
            return Err(Error::Conflict(
                Msg::new("error.already_exists")
                    .arg("what", "sla_policy")
                    .arg("name", &name),
            ));
        }
        let calendar_name = input
            .calendar
            .ok_or_else(|| Error::Invalid(Msg::new("error.calendar_required")))?;
        let calendar_id = self.calendar_named(calendar_name)?.id;
        let rule = self.rule(&Rule::default(), input)?;
        let mut targets = Targets::default();
        apply_targets(&mut targets, input)?;
        let count = store::sla::policies(self.store.conn())?.len() as i64;
        let position = input.position.unwrap_or(count).clamp(1, count.max(1));
        let summary = policy_summary(&name, position, &rule, calendar_name, &targets);
        self.retargeting_write(actor, AuditAction::SlaPolicyAdd, summary, |w, now| {
            store::sla::shift_policies_from(w, position)?;
            let fields = PolicyFields {
                name: &name,
                position,
                rule: &rule,
                calendar_id,
                targets: &targets,
            };
            let id = store::sla::insert_policy(w, &fields, now)?;
            store::sla::renumber_policies(w)?;
            Ok(id)
        })
    }

    pub fn edit_policy(&mut self, actor: &Actor, name: &str, input: &PolicyInput) -> Result<usize> {
        self.authorize(actor, Capability::SlaManage)?;
        let old = store::sla::policy_by_name(self.store.conn(), name.trim())?
            .ok_or_else(|| not_found("sla_policy", name))?;
        let new_name = match input.name {
            Some(n) => validate::name("name", n).map_err(Error::Invalid)?,
            None => old.name.clone(),
        };
        let rule = self.rule(&old.rule, input)?;
        if old.is_default && !rule.is_empty() {
            return Err(Error::Invalid(Msg::new("error.default_policy_matches_all")));
        }
        let calendar_id = match input.calendar {
            Some(c) => self.calendar_named(c)?.id,
            None => old.calendar_id,
        };
        let mut targets = old.targets;
        apply_targets(&mut targets, input)?;
        // Moving down counts the policy's own slot, which it leaves.
        let position =
            input
                .position
                .map_or(old.position, |p| if p > old.position { p + 1 } else { p });
        let fields = PolicyFields {
            name: &new_name,
            position,
            rule: &rule,
            calendar_id,
            targets: &targets,
        };
        if (&new_name, position, &rule, calendar_id, &targets)
            == (
                &old.name,
                old.position,
                &old.rule,
                old.calendar_id,
                &old.targets,
            )
        {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let calendar = self.calendar_name(calendar_id)?;
        let summary = policy_summary(&new_name, position, &rule, &calendar, &targets).value(
            "was",
            policy_summary(&old.name, old.position, &old.rule, "", &old.targets).build(),
        );
        self.retargeting_write(actor, AuditAction::SlaPolicyEdit, summary, |w, now| {
            if position != old.position {
                store::sla::shift_policies_from(w, position)?;
            }
            store::sla::update_policy(w, old.id, &fields, now)?;
            store::sla::renumber_policies(w)?;
            Ok(old.id)
        })
    }

    pub fn remove_policy(&mut self, actor: &Actor, name: &str) -> Result<usize> {
        self.authorize(actor, Capability::SlaManage)?;
        let old = store::sla::policy_by_name(self.store.conn(), name.trim())?
            .ok_or_else(|| not_found("sla_policy", name))?;
        if old.is_default {
            return Err(Error::Conflict(Msg::new("error.default_policy_stays")));
        }
        let summary = Summary::new().value("name", old.name.as_str());
        self.retargeting_write(actor, AuditAction::SlaPolicyRemove, summary, |w, _| {
            store::sla::delete_policy(w, old.id)?;
            store::sla::renumber_policies(w)?;
            Ok(old.id)
        })
    }

    /// Writes a change of the SLA rules, re-targets every open ticket
    /// under the new rules, and audits both; how many tickets moved level.
    fn retargeting_write(
        &mut self,
        actor: &Actor,
        action: AuditAction,
        summary: Summary,
        change: impl Fn(&Write, i64) -> Result<i64>,
    ) -> Result<usize> {
        let (now, settings) = (self.now(), self.sla_settings());
        self.store.write(|w| {
            let id = change(w, now)?;
            let report = rebuild(w, settings, true, now)?;
            let summary = summary
                .clone()
                .value("retargeted", report.tickets)
                .value("levels_changed", report.changes.len())
                .build();
            Self::audit(w, actor, now, (action, id.to_string()), summary)?;
            Ok(report.changes.len())
        })
    }

    fn find_calendar(&self, name: &str) -> Result<Option<CalendarRow>> {
        Ok(store::sla::calendars(self.store.conn())?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(name.trim())))
    }

    fn calendar_named(&self, name: &str) -> Result<CalendarRow> {
        self.find_calendar(name)?
            .ok_or_else(|| not_found("calendar", name))
    }

    fn changeable_calendar(&self, name: &str) -> Result<CalendarRow> {
        let calendar = self.calendar_named(name)?;
        if calendar.fixed {
            return Err(Error::Conflict(
                Msg::new("error.calendar_fixed").arg("name", &calendar.name),
            ));
        }
        Ok(calendar)
    }

    fn calendar_name(&self, id: i64) -> Result<String> {
        store::sla::calendars(self.store.conn())?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| c.name)
            .ok_or_else(|| not_found("calendar", id))
    }

    /// The rule of `base` with the conditions of `input` applied.
    fn rule(&self, base: &Rule, input: &PolicyInput) -> Result<Rule> {
        let mut rule = base.clone();
        if let Some(role) = given(input.role) {
            rule.role = role.map(|r| self.handling_role_key(r)).transpose()?;
        }
        if let Some(priority) = given(input.priority) {
            rule.priority = priority.map(super::tickets::parse_priority).transpose()?;
        }
        if let Some(category) = given(input.category) {
            rule.category_id = category.map(|c| self.category_id(c)).transpose()?;
        }
        if let Some(company) = given(input.company) {
            rule.company_id = company
                .map(|c| {
                    store::org::company_id(self.store.conn(), c)?
                        .ok_or_else(|| not_found("company", c))
                })
                .transpose()?;
        }
        Ok(rule)
    }
}

/// A condition as typed: `None` untouched, `Some(None)` cleared ("any").
fn given(value: Option<&str>) -> Option<Option<&str>> {
    value
        .map(str::trim)
        .map(|t| (!t.eq_ignore_ascii_case(ANY)).then_some(t))
}

fn check_tz(text: &str) -> Result<String> {
    let text = text.trim();
    text.parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_string())
        .map_err(|_| Error::Invalid(Msg::new("error.bad_timezone").arg("value", text)))
}

/// Opening hours as stored: (weekday, start, end), from one or more specs.
fn parse_week(hours: &[String]) -> Result<Vec<(u32, u32, u32)>> {
    if hours.is_empty() {
        return Err(Error::Invalid(Msg::new("error.hours_required")));
    }
    let mut week = Vec::new();
    for spec in hours {
        let (days, start, end) = parse_hours(spec).map_err(|detail| {
            Error::Invalid(
                Msg::new("error.bad_hours")
                    .arg("value", spec)
                    .arg("detail", detail),
            )
        })?;
        week.extend(
            days.into_iter()
                .map(|d| (d.num_days_from_monday(), start, end)),
        );
    }
    week.sort_unstable();
    if week.windows(2).any(|p| p[0].0 == p[1].0 && p[1].1 < p[0].2) {
        return Err(Error::Invalid(Msg::new("error.hours_overlap")));
    }
    Ok(week)
}

fn stored_day(day: NaiveDate, yearly: bool) -> String {
    if yearly {
        day.format("%m-%d").to_string()
    } else {
        day.format("%Y-%m-%d").to_string()
    }
}

/// Applies `4h`, `high=9h`, `none`, `low=none` to the targets.
fn apply_targets(targets: &mut Targets, input: &PolicyInput) -> Result<()> {
    for spec in input.first_response {
        apply_spec(&mut targets.first_response, spec)?;
    }
    for spec in input.resolution {
        apply_spec(&mut targets.resolution, spec)?;
    }
    Ok(())
}

fn apply_spec(slots: &mut [Option<i64>; 4], spec: &str) -> Result<()> {
    let (which, value) = match spec.split_once('=') {
        Some((p, v)) => (Some(super::tickets::parse_priority(p.trim())?), v.trim()),
        None => (None, spec.trim()),
    };
    let seconds = if value.eq_ignore_ascii_case("none") {
        None
    } else {
        Some(sla::parse_duration(value).map_err(Error::Invalid)?)
    };
    match which {
        Some(p) => slots[p.rank() as usize] = seconds,
        None => *slots = [seconds; 4],
    }
    Ok(())
}

fn policy_summary(name: &str, position: i64, rule: &Rule, calendar: &str, t: &Targets) -> Summary {
    let durations = |slots: &[Option<i64>; 4]| {
        Priority::EVERY
            .iter()
            .map(|p| (p.key(), slots[p.rank() as usize].map(sla::format_duration)))
            .map(|(k, v)| format!("{k}={}", v.unwrap_or_else(|| "none".into())))
            .collect::<Vec<_>>()
            .join(",")
    };
    Summary::new()
        .value("name", name)
        .value("position", position)
        .value("role", rule.role.clone())
        .value("priority", rule.priority.map(|p| p.key()))
        .value("category_id", rule.category_id)
        .value("company_id", rule.company_id)
        .value("calendar", calendar)
        .value("first_response", durations(&t.first_response))
        .value("resolution", durations(&t.resolution))
}
