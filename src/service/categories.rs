//! Ticket categories (the agency's "thèmes"), managed by admins.

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{validate, Capability, Msg};
use crate::store::ticket_work::{self, Category};

impl Service {
    /// Anyone who may open or see tickets may see the categories.
    pub fn list_categories(&self, actor: &Actor, after: &str, limit: u32) -> Result<Vec<Category>> {
        self.list_categories_matching(actor, None, after, limit)
    }

    /// As [`Service::list_categories`], only those whose name contains
    /// `search` (case and accents folded; `%` and `_` taken literally).
    pub fn list_categories_matching(
        &self,
        actor: &Actor,
        search: Option<&str>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<Category>> {
        if self.may(actor, Capability::TicketCreate)?.is_none() {
            self.authorize(actor, Capability::TicketRead)?;
        }
        Ok(ticket_work::categories(
            self.store.conn(),
            search,
            after,
            limit,
        )?)
    }

    pub fn add_category(&mut self, actor: &Actor, name: &str) -> Result<i64> {
        self.authorize(actor, Capability::CategoryManage)?;
        let name = validate::name("name", name).map_err(Error::Invalid)?;
        let now = self.now();
        self.store.write(|w| {
            if ticket_work::category_named(w.conn(), &name)?.is_some() {
                return Err(Error::Conflict(
                    Msg::new("error.exists")
                        .arg("what", "category")
                        .arg("name", &name),
                ));
            }
            let id = ticket_work::insert_category(w, &name, now)?;
            let summary = Summary::new().value("name", name.as_str()).build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CategoryCreate, id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    pub fn rename_category(&mut self, actor: &Actor, old: &str, new: &str) -> Result<()> {
        self.authorize(actor, Capability::CategoryManage)?;
        let new = validate::name("name", new).map_err(Error::Invalid)?;
        let category = ticket_work::category_named(self.store.conn(), old.trim())?
            .ok_or_else(|| not_found("category", old))?;
        let now = self.now();
        self.store.write(|w| {
            if let Some(other) = ticket_work::category_named(w.conn(), &new)? {
                if other.id != category.id {
                    return Err(Error::Conflict(
                        Msg::new("error.exists")
                            .arg("what", "category")
                            .arg("name", &new),
                    ));
                }
            }
            if category.name == new {
                return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
            }
            ticket_work::rename_category(w, category.id, &new)?;
            let summary = Summary::new()
                .change("name", category.name.as_str(), new.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::CategoryRename, category.id.to_string()),
                summary,
            )
        })
    }
}
