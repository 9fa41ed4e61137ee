//! Reading and verifying the audit log; reading the connection journal.

use super::{Actor, Error, Result, Service};
use crate::domain::{Capability, Scope};
use crate::store::{self, audit::Entry, journal::Attempt};

pub use crate::domain::audit_chain::Anchor;
pub use store::audit::Filter as AuditFilter;
pub use store::audit_verify::Verified;

impl Service {
    /// The newest `limit` entries, oldest first.
    pub fn audit_tail(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        self.authorize(actor, Capability::AuditRead)?;
        Ok(store::audit::last(self.store.conn(), filter, limit)?)
    }

    /// The newest `limit` entries with an id in `above < id <= upto`,
    /// oldest first: one step of a scan that reports its progress.
    pub fn audit_between(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        above: i64,
        upto: i64,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        self.authorize(actor, Capability::AuditRead)?;
        Ok(store::audit::last_between(
            self.store.conn(),
            filter,
            above,
            upto,
            limit,
        )?)
    }

    /// Entries after `after`, oldest first: paging forward, or following.
    pub fn audit_after(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        self.authorize(actor, Capability::AuditRead)?;
        Ok(store::audit::page_after(
            self.store.conn(),
            filter,
            after,
            limit,
        )?)
    }

    /// The id of the newest entry (0 for an empty log): where to start
    /// following.
    pub fn audit_last_id(&self, actor: &Actor) -> Result<i64> {
        self.authorize(actor, Capability::AuditRead)?;
        Ok(store::audit::last_id(self.store.conn())?)
    }

    /// Checks the whole log (triggers, keyed chain, sealed head, records
    /// of a cut-off end) and, if given, that it still holds `anchor`.
    pub fn verify_audit(&self, actor: &Actor, anchor: Option<&Anchor>) -> Result<Verified> {
        self.authorize(actor, Capability::AuditRead)?;
        let key = self.store.site_key()?.chain_key();
        store::audit_verify::verify(self.store.conn(), &key, anchor)?.map_err(|broken| {
            Error::AuditBroken {
                id: broken.id,
                fault: broken.fault,
            }
        })
    }

    /// The chain's last entry, to write down outside the database.
    pub fn audit_anchor(&self, actor: &Actor) -> Result<Option<Anchor>> {
        self.authorize(actor, Capability::AuditRead)?;
        Ok(store::audit_verify::anchor(self.store.conn())?)
    }

    /// Sign-in attempts before `before` (newest first): one's own with
    /// `journal.read:own`, everyone's with `journal.read:all`.
    pub fn journal(&self, actor: &Actor, before: i64, limit: u32) -> Result<Vec<Attempt>> {
        let me = self.authorize(actor, Capability::JournalRead)?;
        let only = (me.scope != Scope::All).then_some(me.user.id);
        Ok(store::journal::page_before(
            self.store.conn(),
            only,
            before,
            limit,
        )?)
    }

    /// Whether anything changed in the file since the last call: cheap
    /// enough to poll several times a second.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.store.data_version()?)
    }
}
