//! The Events tab (issue 15): the events by start, with their client,
//! location, attendees and support contact; filter words after `/`
//! (`filter.rs`); new (on a signed event contract picked from a list),
//! edit, assign support and remove, each offered as the role's rights on
//! the selected event allow (`list.rs`).

mod filter;
mod list;

use crate::domain::Capability;
use crate::tui::pane::{Pane, TabSpec, Visible};
use crate::tui::widgets::section::Section;

pub use filter::parse_filter;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::EventRead]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    Section::boxed(list::Events::default())
}
