//! The layers of bindings: one for the frame, one for moving in any list,
//! one for forms, one for yes/no questions, and one for each pane or state
//! of a pane that has keys of its own. Their default keys are data, in
//! `assets/keys.toml`.

macro_rules! layers {
    ($($variant:ident = $name:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Layer {
            $($variant,)*
        }

        impl Layer {
            pub const ALL: &'static [Layer] = &[$(Layer::$variant,)*];

            /// The name used in `assets/keys.toml` and in `[keys]`
            /// (`calendars.toggle = "x"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Layer::$variant => $name,)*
                }
            }

            /// The language-file key of its heading in `?`.
            pub fn title_key(self) -> &'static str {
                match self {
                    $(Layer::$variant => concat!("layer.", $name),)*
                }
            }
        }
    };
}

layers! {
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
}

impl Layer {
    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.iter().copied().find(|l| l.name() == name)
    }

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
