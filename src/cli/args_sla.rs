//! Arguments of `guichet sla …`, `guichet urgency …` and
//! `guichet notifications …`.

use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum SlaCommand {
    /// Business-hours calendars that SLA targets are counted in.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// SLA policies: which tickets they cover and their targets.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Which policy and calendar apply to a ticket and why, its deadlines,
    /// and the timeline of its clock.
    Explain {
        /// The ticket's number.
        ticket: i64,
    },
    /// Recompute every ticket's SLA state (after changing the urgency
    /// thresholds in the configuration).
    Rebuild,
}

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Every calendar with its hours and closed days.
    List,
    /// A new calendar, e.g. --hours 'mon-fri 09:00-18:00' --hours 'sat 09:00-12:00'.
    Add {
        /// The calendar's name.
        name: String,
        /// IANA time zone; without it, the site's (site.timezone).
        #[arg(long)]
        tz: Option<String>,
        /// DAYS HH:MM-HH:MM; repeat for more ranges.
        #[arg(long = "hours", required = true)]
        hours: Vec<String>,
    },
    /// Replace a calendar's time zone ("site" for the site's) or hours.
    Edit {
        /// The calendar's name.
        name: String,
        /// IANA time zone, or "site" for the site's.
        #[arg(long)]
        tz: Option<String>,
        /// DAYS HH:MM-HH:MM; repeat for more ranges (they replace the old ones).
        #[arg(long = "hours")]
        hours: Vec<String>,
    },
    /// Close a date (YYYY-MM-DD), or that day every year with --yearly.
    Close {
        /// The calendar's name.
        name: String,
        /// The day, YYYY-MM-DD.
        date: String,
        /// Every year on that day.
        #[arg(long)]
        yearly: bool,
    },
    /// Undo `close`.
    Reopen {
        /// The calendar's name.
        name: String,
        /// The day, YYYY-MM-DD.
        date: String,
        /// The day closed every year.
        #[arg(long)]
        yearly: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Policies in the order they are tried (the default last).
    List,
    /// A new policy; it is tried before the default.
    Add(PolicyArgs),
    /// Change a policy; "any" clears a condition.
    Edit {
        #[command(flatten)]
        policy: PolicyArgs,
        /// A new name.
        #[arg(long)]
        rename: Option<String>,
    },
    /// Remove a policy (not the default); its tickets are re-targeted.
    Remove {
        /// The policy's name.
        name: String,
    },
}

#[derive(Args, Debug)]
pub struct PolicyArgs {
    /// The policy's name.
    pub name: String,
    /// Only tickets handled by this role.
    #[arg(long)]
    pub role: Option<String>,
    /// Only tickets of this priority.
    #[arg(long)]
    pub priority: Option<String>,
    /// Only tickets of this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Only tickets of this company.
    #[arg(long)]
    pub company: Option<String>,
    /// First-response target: 90m, 4h, 1h30m for every priority,
    /// PRIORITY=DURATION for one, "none" for no target. Repeatable.
    #[arg(long = "first-response")]
    pub first_response: Vec<String>,
    /// Resolution target, written like --first-response. Repeatable.
    #[arg(long)]
    pub resolution: Vec<String>,
    /// The calendar targets are counted in (required for `add`).
    #[arg(long)]
    pub calendar: Option<String>,
    /// Where in the order (1 is tried first).
    #[arg(long)]
    pub position: Option<i64>,
}

#[derive(Subcommand, Debug)]
pub enum UrgencyCommand {
    /// Run the urgency worker in the foreground (as a service); it prints
    /// each change. Stops on Ctrl-C or SIGTERM.
    Run {
        /// One pass, then exit.
        #[arg(long)]
        once: bool,
    },
}

#[derive(Args, Debug)]
pub struct NotificationsArgs {
    /// Only those not read yet.
    #[arg(long)]
    pub unread: bool,
    /// At most this many, newest first.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// Only those whose text contains TEXT (case and accents ignored; % and _ are plain characters).
    #[arg(long)]
    pub text: Option<String>,
    #[command(subcommand)]
    pub action: Option<NotificationsAction>,
}

#[derive(Subcommand, Debug)]
pub enum NotificationsAction {
    /// Mark one notification read, or all of them with --all.
    Read {
        /// The notification's number.
        #[arg(required_unless_present = "all")]
        id: Option<i64>,
        /// Every notification.
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
    /// Which kinds of notification you get (or USER gets, within your
    /// user.read scope).
    Settings {
        /// Someone else's settings, within your user.read scope.
        #[arg(long, value_name = "LOGIN")]
        user: Option<String>,
    },
    /// Stop getting these kinds: assigned, taken, resolved, answered,
    /// replied, closure, urgent, overdue, or all.
    Off(NotifyKindsArgs),
    /// Get these kinds again (as `off`).
    On(NotifyKindsArgs),
}

#[derive(Args, Debug)]
pub struct NotifyKindsArgs {
    /// The kinds: assigned, taken, resolved, answered, replied, closure, urgent, overdue, or all.
    #[arg(required = true, value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Someone else's setting, within your user.update scope.
    #[arg(long, value_name = "LOGIN")]
    pub user: Option<String>,
}
