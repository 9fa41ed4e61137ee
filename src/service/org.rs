//! Programmes (formations), cohorts (promos), companies.

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{validate, Capability, Msg, Scope};
use crate::store::org;

pub use org::{Cohort, Company, Programme};

/// Changes to a cohort: `None` keeps a field, `Some("")` clears a date.
#[derive(Debug, Default)]
pub struct CohortEdit<'a> {
    pub name: Option<&'a str>,
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
}

pub struct NewCohort<'a> {
    pub name: &'a str,
    pub programme: &'a str,
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
}

impl Service {
    pub fn add_programme(&mut self, actor: &Actor, name: &str) -> Result<i64> {
        self.authorize(actor, Capability::ProgrammeManage)?;
        let name = validate::name("name", name).map_err(Error::Invalid)?;
        let now = self.now();
        self.store.write(|w| {
            if org::programme_id(w.conn(), &name)?.is_some() {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "programme")
                        .arg("name", &name),
                ));
            }
            let id = org::insert_programme(w, &name, now)?;
            let summary = Summary::new().value("name", name.as_str()).build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ProgrammeCreate, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    pub fn list_programmes(
        &self,
        actor: &Actor,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Programme>> {
        self.list_programmes_matching(actor, None, after, limit)
    }

    /// As [`Service::list_programmes`], only those whose name contains
    /// `search` (case and accents folded; `%` and `_` taken literally).
    pub fn list_programmes_matching(
        &self,
        actor: &Actor,
        search: Option<&str>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Programme>> {
        self.authorize(actor, Capability::ProgrammeRead)?;
        Ok(org::programmes(self.store.conn(), search, after, limit)?)
    }

    pub fn add_cohort(&mut self, actor: &Actor, new: &NewCohort) -> Result<i64> {
        self.authorize(actor, Capability::CohortManage)?;
        let name = validate::name("name", new.name).map_err(Error::Invalid)?;
        let (start, end) = checked_dates(new.start, new.end)?;
        let programme_id = org::programme_id(self.store.conn(), new.programme.trim())?
            .ok_or_else(|| not_found("programme", new.programme))?;
        let now = self.now();
        self.store.write(|w| {
            if org::cohort_exists(w.conn(), programme_id, &name)? {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "cohort")
                        .arg("name", &name),
                ));
            }
            let id = org::insert_cohort(
                w,
                &org::NewCohort {
                    name: &name,
                    programme_id,
                    start_date: start.as_deref(),
                    end_date: end.as_deref(),
                    now,
                },
            )?;
            let summary = Summary::new()
                .value("name", name.as_str())
                .value("programme_id", programme_id)
                .value("start_date", start.clone())
                .value("end_date", end.clone())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CohortCreate, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    pub fn list_cohorts(
        &self,
        actor: &Actor,
        programme: Option<&str>,
        after: (&str, i64),
        limit: u32,
    ) -> Result<Vec<Cohort>> {
        self.list_cohorts_matching(actor, (programme, None), after, limit)
    }

    /// As [`Service::list_cohorts`], only those whose name contains
    /// `search` (case and accents folded; `%` and `_` taken literally).
    pub fn list_cohorts_matching(
        &self,
        actor: &Actor,
        (programme, search): (Option<&str>, Option<&str>),
        after: (&str, i64),
        limit: u32,
    ) -> Result<Vec<Cohort>> {
        self.authorize(actor, Capability::CohortRead)?;
        let programme_id = match programme {
            Some(p) => Some(
                org::programme_id(self.store.conn(), p.trim())?
                    .ok_or_else(|| not_found("programme", p))?,
            ),
            None => None,
        };
        Ok(org::cohorts(
            self.store.conn(),
            (programme_id, search),
            after,
            limit,
        )?)
    }

    pub fn add_company(&mut self, actor: &Actor, name: &str) -> Result<i64> {
        self.authorize(actor, Capability::CompanyManage)?;
        let name = validate::name("name", name).map_err(Error::Invalid)?;
        let now = self.now();
        self.store.write(|w| {
            if org::company_id(w.conn(), &name)?.is_some() {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "company")
                        .arg("name", &name),
                ));
            }
            let id = org::insert_company(w, &name, now)?;
            let summary = Summary::new().value("name", name.as_str()).build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CompanyCreate, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    /// Companies by name; with `company.read:company`, only the actor's own.
    pub fn list_companies(&self, actor: &Actor, after: &str, limit: u32) -> Result<Vec<Company>> {
        let me = self.authorize(actor, Capability::CompanyRead)?;
        let only = match me.scope {
            Scope::All => None,
            _ => Some(me.user.company_id.unwrap_or(-1)),
        };
        Ok(org::companies(self.store.conn(), only, after, limit)?)
    }

    /// Renames a programme (names are unique).
    pub fn rename_programme(&mut self, actor: &Actor, old: &str, new: &str) -> Result<()> {
        self.authorize(actor, Capability::ProgrammeManage)?;
        let new = validate::name("name", new).map_err(Error::Invalid)?;
        let id = org::programme_id(self.store.conn(), old.trim())?
            .ok_or_else(|| not_found("programme", old))?;
        let now = self.now();
        self.store.write(|w| {
            match org::programme_id(w.conn(), &new)? {
                Some(other) if other != id => {
                    return Err(Error::Conflict(
                        Msg::new("error.exists")
                            .arg("what", "programme")
                            .arg("name", &new),
                    ))
                }
                _ if old.trim() == new => {
                    return Err(Error::Conflict(Msg::new("error.nothing_to_change")))
                }
                _ => {}
            }
            org::rename_programme(w, id, &new)?;
            let summary = Summary::new()
                .change("name", old.trim(), new.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ProgrammeRename, id.to_string()),
                summary,
            )
        })
    }

    /// Changes a cohort's name or dates.
    pub fn edit_cohort(&mut self, actor: &Actor, id: i64, edit: &CohortEdit) -> Result<()> {
        self.authorize(actor, Capability::CohortManage)?;
        let old = org::cohort(self.store.conn(), id)?.ok_or_else(|| not_found("cohort", id))?;
        let name = match edit.name {
            Some(n) => validate::name("name", n).map_err(Error::Invalid)?,
            None => old.name.clone(),
        };
        let keep = |given: Option<&'_ str>, current: &Option<String>| match given {
            Some(d) if d.trim().is_empty() => None,
            Some(d) => Some(d.to_string()),
            None => current.clone(),
        };
        let (start, end) = (
            keep(edit.start, &old.start_date),
            keep(edit.end, &old.end_date),
        );
        let (start, end) = checked_dates(start.as_deref(), end.as_deref())?;
        if (&name, &start, &end) == (&old.name, &old.start_date, &old.end_date) {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            if name != old.name && org::cohort_exists(w.conn(), old.programme_id, &name)? {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "cohort")
                        .arg("name", &name),
                ));
            }
            let fields = org::CohortFields {
                name: &name,
                start_date: start.as_deref(),
                end_date: end.as_deref(),
            };
            org::update_cohort(w, id, &fields)?;
            let summary = Summary::new()
                .change("name", old.name.as_str(), name.as_str())
                .change("start_date", old.start_date.clone(), start.clone())
                .change("end_date", old.end_date.clone(), end.clone())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CohortUpdate, id.to_string()),
                summary,
            )
        })
    }
}

impl Service {
    /// One cohort, with its programme and number of learners.
    pub fn cohort(&self, actor: &Actor, id: i64) -> Result<Cohort> {
        self.authorize(actor, Capability::CohortRead)?;
        org::cohort(self.store.conn(), id)?.ok_or_else(|| not_found("cohort", id))
    }

    /// Moves a cohort, with its learners, to another programme.
    pub fn move_cohort(&mut self, actor: &Actor, id: i64, programme: &str) -> Result<()> {
        self.authorize(actor, Capability::CohortManage)?;
        let old = org::cohort(self.store.conn(), id)?.ok_or_else(|| not_found("cohort", id))?;
        let to = org::programme_id(self.store.conn(), programme.trim())?
            .ok_or_else(|| not_found("programme", programme))?;
        if to == old.programme_id {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        }
        let now = self.now();
        self.store.write(|w| {
            if org::cohort_exists(w.conn(), to, &old.name)? {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "cohort")
                        .arg("name", &old.name),
                ));
            }
            org::move_cohort(w, id, to)?;
            let summary = Summary::new()
                .change("programme", old.programme.as_str(), programme.trim())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CohortMove, id.to_string()),
                summary,
            )
        })
    }

    /// Removes an empty cohort; refused, saying how many, while accounts
    /// belong to it (they would lose their cohort without a word).
    pub fn remove_cohort(&mut self, actor: &Actor, id: i64) -> Result<()> {
        self.authorize(actor, Capability::CohortManage)?;
        let now = self.now();
        self.store.write(|w| {
            let old = org::cohort(w.conn(), id)?.ok_or_else(|| not_found("cohort", id))?;
            let members = org::cohort_members(w.conn(), id)?;
            if members > 0 {
                return Err(Error::Conflict(
                    Msg::new("error.cohort_has_learners")
                        .arg("count", members)
                        .arg("name", &old.name),
                ));
            }
            org::delete_cohort(w, id)?;
            let summary = Summary::new()
                .value("name", old.name.as_str())
                .value("programme", old.programme.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CohortRemove, id.to_string()),
                summary,
            )
        })
    }

    /// Removes a programme that has no cohort left.
    pub fn remove_programme(&mut self, actor: &Actor, name: &str) -> Result<()> {
        self.authorize(actor, Capability::ProgrammeManage)?;
        let name = name.trim();
        let now = self.now();
        self.store.write(|w| {
            let id =
                org::programme_id(w.conn(), name)?.ok_or_else(|| not_found("programme", name))?;
            let cohorts = org::programme_cohorts(w.conn(), id)?;
            if cohorts > 0 {
                return Err(Error::Conflict(
                    Msg::new("error.programme_has_cohorts")
                        .arg("count", cohorts)
                        .arg("name", name),
                ));
            }
            org::delete_programme(w, id)?;
            let summary = Summary::new().value("name", name).build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::ProgrammeRemove, id.to_string()),
                summary,
            )
        })
    }
}

/// Start and end dates as stored (`YYYY-MM-DD`), the end not before the start.
fn checked_dates(
    start: Option<&str>,
    end: Option<&str>,
) -> Result<(Option<String>, Option<String>)> {
    let start = start
        .map(|d| validate::date("start", d))
        .transpose()
        .map_err(Error::Invalid)?;
    let end = end
        .map(|d| validate::date("end", d))
        .transpose()
        .map_err(Error::Invalid)?;
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(Error::Invalid(
                Msg::new("error.end_before_start")
                    .arg("start", s)
                    .arg("end", e),
            ));
        }
    }
    Ok((start.map(|d| d.to_string()), end.map(|d| d.to_string())))
}
