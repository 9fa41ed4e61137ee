//! One's own notifications: listing them and marking them read. Anybody
//! signed in may read their own, and only their own. And the kinds one
//! turned off, a setting of the profile under the `user` capabilities:
//! `user.read` to see it, `user.update` to change it (every role has both
//! at scope `own`, so everybody manages their own).

use super::summary::Summary;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::notify::NotifyKind;
use crate::domain::{Capability, Msg};
use crate::store::notifications::{self, Notification};
use crate::store::users::User;

/// One kind of notification and whether the person gets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotifySetting {
    pub kind: NotifyKind,
    pub on: bool,
}

impl Service {
    /// The actor's notifications, newest first, before id `before`.
    pub fn notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        self.notifications_matching(actor, (unread_only, None), before, limit)
    }

    /// As [`Service::notifications`], only those whose text contains
    /// `search` (case and accents folded; `%` and `_` taken literally).
    pub fn notifications_matching(
        &self,
        actor: &Actor,
        (unread_only, search): (bool, Option<&str>),
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        let me = self.signed_in(actor)?;
        Ok(notifications::page(
            self.store.conn(),
            (me, unread_only, search),
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

    /// Every kind of notification and whether `login` (the actor when
    /// `None`) gets it.
    pub fn notify_settings(
        &self,
        actor: &Actor,
        login: Option<&str>,
    ) -> Result<Vec<NotifySetting>> {
        let me = self.authorize(actor, Capability::UserRead)?;
        let target = self.profile_owner(&me, login, Capability::UserRead)?;
        let off = notifications::opt_outs(self.store.conn(), target.id)?;
        Ok(NotifyKind::EVERY
            .iter()
            .map(|&kind| NotifySetting {
                kind,
                on: !off.iter().any(|k| k == kind.key()),
            })
            .collect())
    }

    /// Turns `kinds` on or off for `login` (the actor when `None`); how
    /// many changed. Changing none at all is refused, as for a profile.
    pub fn set_notify(
        &mut self,
        actor: &Actor,
        login: Option<&str>,
        kinds: &[NotifyKind],
        on: bool,
    ) -> Result<usize> {
        let me = self.authorize(actor, Capability::UserUpdate)?;
        let target = self.profile_owner(&me, login, Capability::UserUpdate)?;
        if target.id != me.user.id {
            self.managed_user(&me, &target.login)?;
        }
        let now = self.now();
        self.store.write(|w| {
            let mut changed = Vec::new();
            for kind in kinds {
                if notifications::set_opt_out(w, target.id, kind.key(), !on, now)? {
                    changed.push(kind.name());
                }
            }
            if changed.is_empty() {
                return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
            }
            let summary = Summary::new()
                .value(if on { "turned_on" } else { "turned_off" }, changed.clone())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::UserNotifications, target.id.to_string()),
                summary,
            )?;
            Ok(changed.len())
        })
    }

    /// The account a profile setting is about, if `capability`'s scope
    /// reaches it; missing and out of reach look alike.
    fn profile_owner(
        &self,
        me: &super::Authorized,
        login: Option<&str>,
        capability: Capability,
    ) -> Result<User> {
        let Some(login) = login.map(str::trim).filter(|l| *l != me.user.login) else {
            return Ok(me.user.clone());
        };
        match crate::store::users::by_login(self.store.conn(), login)?.map(|l| l.user) {
            Some(user) if super::users::reaches(me, &user) => Ok(user),
            _ => Err(me.unreachable(capability, "user", login)),
        }
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
