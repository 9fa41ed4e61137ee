//! How far a demo load has gone, for the front end to show while it runs.

/// The steps of a load, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoStep {
    /// Programmes, cohorts, companies, categories and accounts.
    People,
    /// Every ticket and its history, with its SLA state.
    Tickets,
    /// The secondary indexes of the big tables, built once.
    Indexes,
    /// The search index, built in one pass.
    Search,
    /// The transaction's commit.
    Commit,
}

impl DemoStep {
    /// The key of its name in the strings.
    pub fn key(self) -> &'static str {
        match self {
            DemoStep::People => "cli.demo_step_people",
            DemoStep::Tickets => "cli.demo_step_tickets",
            DemoStep::Indexes => "cli.demo_step_indexes",
            DemoStep::Search => "cli.demo_step_search",
            DemoStep::Commit => "cli.demo_step_commit",
        }
    }
}

/// What a load reports as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoProgress {
    /// A step begins (the one before it is over).
    Step(DemoStep),
    /// Tickets written so far, of the total.
    Tickets { done: u64, total: u64 },
    /// The load is committed.
    Done,
}

/// A sink for progress reports.
pub type Report<'a> = &'a mut dyn FnMut(DemoProgress);
