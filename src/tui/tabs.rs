//! The dashboard's tabs, in order. A tab is a module under `panes/` with a
//! `TAB`; adding one is adding its line here. Each is shown only to those
//! its `visible` admits.

use super::pane::TabSpec;
use super::panes;

pub const TABS: &[TabSpec] = &[
    panes::tickets::TAB,
    panes::urgency::TAB,
    panes::promos::TAB,
    panes::logs::TAB,
    panes::admin::TAB,
    panes::contracts::TAB,
    // Issue 15: the Events tab (last, so that the others keep their
    // number keys).
    panes::events::TAB,
];
