//! The `ticket list` options that find what needs doing (issue 13).

use clap::Args;

#[derive(Args, Debug, Default)]
pub struct TicketNeedsArgs {
    /// Only tickets assigned to nobody (as `--assignee none`).
    #[arg(long)]
    pub unassigned: bool,
    /// Only tickets whose requester asked for closure, not yet answered.
    #[arg(long)]
    pub closure_requested: bool,
    /// Only tickets waiting on a staff reply: waiting or in progress, and
    /// no public staff comment since the requester's last one (or since it was opened).
    #[arg(long)]
    pub awaiting_reply: bool,
    /// Only these urgency levels (repeat, or separate with commas): ok, soon, urgent, overdue.
    #[arg(long, value_delimiter = ',')]
    pub urgency: Vec<String>,
}
