//! "May I?" on people's accounts: what the actor may do to each listed
//! account, answered from one read of their grants, so that the Users
//! list offers an action only on the accounts it reaches (the use cases
//! still check each call, by the same rule: `users::reaches`).

use super::{Actor, Result, Service};
use crate::domain::{Capability, Relation, Scope};
use crate::store::users::User;

/// The actor's reach over accounts: who they are and the scope of each
/// account capability they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountReach {
    me: i64,
    company: Option<i64>,
    scopes: Vec<(Capability, Scope)>,
}

impl AccountReach {
    /// Whether the actor holds `capability` at any scope.
    pub fn holds(&self, capability: Capability) -> bool {
        self.scope(capability).is_some()
    }

    /// Whether `capability` reaches `account` (their own, one of their
    /// company, any), as the use case will decide.
    pub fn reaches(&self, capability: Capability, account: &User) -> bool {
        self.scope(capability)
            .is_some_and(|scope| scope.reaches(relation(self.me, self.company, account)))
    }

    fn scope(&self, capability: Capability) -> Option<Scope> {
        (self.scopes.iter())
            .find(|(c, _)| *c == capability)
            .map(|(_, s)| *s)
    }
}

/// How an account stands to the actor `me` of company `company`.
pub(super) fn relation(me: i64, company: Option<i64>, account: &User) -> Relation {
    Relation {
        own: account.id == me,
        assigned: false,
        same_company: company.is_some() && company == account.company_id,
    }
}

impl Service {
    /// The actor's reach for each of `capabilities` (those not held are
    /// left out).
    pub fn account_reach(
        &self,
        actor: &Actor,
        capabilities: &[Capability],
    ) -> Result<AccountReach> {
        let me = self.me(actor)?;
        let mut scopes = Vec::new();
        for capability in capabilities {
            if let Some(scope) = self.may(actor, *capability)? {
                scopes.push((*capability, scope));
            }
        }
        Ok(AccountReach {
            me: me.id,
            company: me.company_id,
            scopes,
        })
    }
}
