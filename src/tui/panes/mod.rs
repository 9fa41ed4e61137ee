//! One module per tab (and the notifications overlay).

pub mod admin;
pub mod contracts;
// Issue 15: the Events tab.
pub mod events;
pub mod logs;
pub mod notifications;
pub mod profile;
pub mod promos;
pub mod tickets;
pub mod urgency;
