//! Pure types and rules: no I/O, no clock (`now` is always a parameter).

pub mod audit_action;
pub mod audit_chain;
pub mod calendar;
pub mod capability;
// Issue 15: the CRM (contracts and events; companies and clients).
pub mod crm;
pub mod crm_clients;
pub mod draft;
pub mod money;
pub mod msg;
pub mod notify;
pub mod password;
pub mod roles;
pub mod signin;
pub mod sla;
#[cfg(test)]
mod sla_cases;
#[cfg(test)]
mod sla_cases_urgency;
pub mod sla_clock;
pub mod text;
pub mod text_filter;
pub mod ticket;
pub mod validate;

pub use capability::{Capability, Grant, Grants, Relation, Scope};
pub use msg::Msg;
