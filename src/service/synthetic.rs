//! Synthetic tickets for benchmarks, admins only.

use super::{Actor, Result, Service};
use crate::domain::Capability;
use crate::store::synthetic::{self, Synthetic};

impl Service {
    /// Inserts open tickets in bulk (see `store::synthetic`); their SLA
    /// state is computed by the next urgency pass or rebuild.
    pub fn fill_synthetic_tickets(&mut self, actor: &Actor, s: &Synthetic) -> Result<(i64, i64)> {
        self.authorize(actor, Capability::SlaManage)?;
        self.authorize(actor, Capability::TicketCreate)?;
        Ok(self.store.write(|w| synthetic::insert_open_tickets(w, s))?)
    }
}
