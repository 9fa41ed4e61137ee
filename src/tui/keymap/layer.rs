//! The layers of bindings: one for the frame, one for moving in any list,
//! one for forms, one for yes/no questions, and one for each pane or state
//! of a pane that has keys of its own. Their default keys are data, in
//! `assets/keys.toml`.

use crate::tui::named::named_enum;

// `name()` is used in `assets/keys.toml` and in `[keys]`
// (`calendars.toggle = "x"`); `title_key()` is its heading in `?`.
named_enum! {
    Layer, "layer.", title_key;
    Global = "global",
    List = "list",
    Form = "form",
    Confirm = "confirm",
    Picker = "picker",
    Tickets = "tickets",
    TicketDetail = "ticket_detail",
    TicketFilter = "ticket_filter",
    Urgency = "urgency",
    UrgencyDetail = "urgency_detail",
    Logs = "logs",
    Journal = "journal",
    LogEntry = "log_entry",
    Notifications = "notifications",
    Profile = "profile",
    Users = "users",
    UserDetail = "user_detail",
    Roles = "roles",
    Grants = "grants",
    Categories = "categories",
    Policies = "policies",
    Calendars = "calendars",
    Programmes = "programmes",
    Cohorts = "cohorts",
    Learners = "learners",
    ListFilter = "list_filter",
    // The Contracts tab (issue 15).
    CrmClients = "crm_clients",
    CrmContracts = "crm_contracts",
    CrmCompanies = "crm_companies",
    // Issue 15: the Events tab.
    Events = "events",
}

impl Layer {
    /// A layer that has the keyboard to itself (a form, a question): the
    /// frame's keys are not under it, only `lock` still works.
    pub fn alone(self) -> bool {
        matches!(self, Layer::Form | Layer::Confirm)
    }

    /// A layer over text being typed: a plain letter bound there could
    /// never be typed.
    pub fn over_text(self) -> bool {
        self == Layer::Form
    }
}
