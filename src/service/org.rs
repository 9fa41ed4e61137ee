//! Programmes (formations), cohorts (promos), companies.

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::{validate, Capability, Msg, Scope};
use crate::store::org;

pub use org::{Cohort, Company, Programme};

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
                ("programme.create", "programme", id.to_string()),
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
        self.authorize(actor, Capability::ProgrammeRead)?;
        Ok(org::programmes(self.store.conn(), after, limit)?)
    }

    pub fn add_cohort(&mut self, actor: &Actor, new: &NewCohort) -> Result<i64> {
        self.authorize(actor, Capability::CohortManage)?;
        let name = validate::name("name", new.name).map_err(Error::Invalid)?;
        let start = new
            .start
            .map(|d| validate::date("start", d))
            .transpose()
            .map_err(Error::Invalid)?;
        let end = new
            .end
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
        let programme_id = org::programme_id(self.store.conn(), new.programme.trim())?
            .ok_or_else(|| not_found("programme", new.programme))?;
        let (start, end) = (start.map(|d| d.to_string()), end.map(|d| d.to_string()));
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
                ("cohort.create", "cohort", id.to_string()),
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
        self.authorize(actor, Capability::CohortRead)?;
        let programme_id = match programme {
            Some(p) => Some(
                org::programme_id(self.store.conn(), p.trim())?
                    .ok_or_else(|| not_found("programme", p))?,
            ),
            None => None,
        };
        Ok(org::cohorts(self.store.conn(), programme_id, after, limit)?)
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
                ("company.create", "company", id.to_string()),
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
}
