//! One's own notifications: listing them and marking them read. Anybody
//! signed in may read their own, and only their own.

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::Msg;
use crate::store::notifications::{self, Notification};

impl Service {
    /// The actor's notifications, newest first, before id `before`.
    pub fn notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        let me = self.signed_in(actor)?;
        Ok(notifications::page(
            self.store.conn(),
            me,
            unread_only,
            before.unwrap_or(i64::MAX),
            limit,
        )?)
    }

    /// How many unread notifications the actor has, up to `cap`.
    pub fn unread_notifications(&self, actor: &Actor, cap: u32) -> Result<i64> {
        let me = self.signed_in(actor)?;
        Ok(notifications::unread_count(self.store.conn(), me, cap)?)
    }

    /// Marks one notification read (`Some(id)`) or all of them; how many.
    pub fn mark_notifications_read(&mut self, actor: &Actor, id: Option<i64>) -> Result<usize> {
        let me = self.signed_in(actor)?;
        if let Some(id) = id {
            if !notifications::belongs_to(self.store.conn(), me, id)? {
                return Err(not_found("notification", id));
            }
        }
        let now = self.now();
        self.store.write(|w| {
            let count = match id {
                Some(id) => usize::from(notifications::mark_read(w, me, id, now)?),
                None => notifications::mark_all_read(w, me, now)?,
            };
            if count == 0 {
                return Err(Error::Conflict(Msg::new("error.nothing_unread")));
            }
            let object = id.map_or_else(|| "*".to_string(), |i| i.to_string());
            let summary = Summary::new().value("marked_read", count).build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::NotificationRead, object),
                summary,
            )?;
            Ok(count)
        })
    }

    /// The actor's id if the account is still active; no capability is
    /// needed to read what was addressed to oneself.
    fn signed_in(&self, actor: &Actor) -> Result<i64> {
        crate::store::users::by_id(self.store.conn(), actor.id)?
            .filter(|l| l.user.active)
            .map(|l| l.user.id)
            .ok_or(Error::SignInFailed)
    }
}
