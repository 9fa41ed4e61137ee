//! `guichet contract …` and `guichet event …` (issue 15), as clap reads them.

use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum ContractCommand {
    /// Create a contract for a client: its company and sales contact are the client's.
    Add(ContractAddArgs),
    /// List contracts within your scope, newest first.
    List(ContractListArgs),
    /// Everything about one contract.
    Show {
        /// The contract's number.
        id: i64,
    },
    /// Change a contract's amounts, hours, validity or sales contact.
    Edit(ContractEditArgs),
    /// Sign a contract: its sales contacts and management are told.
    Sign {
        /// The contract's number.
        id: i64,
    },
    /// Record a payment: the amount due goes down by as much.
    Pay {
        /// The contract's number.
        id: i64,
        /// The amount paid, as 1234.56 or 1234,56.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
    /// Remove a contract that has no events.
    Remove {
        /// The contract's number.
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct ContractAddArgs {
    /// The client's id.
    #[arg(long)]
    pub client: i64,
    /// The total amount, as 1234.56 or 1234,56.
    #[arg(long, allow_hyphen_values = true)]
    pub total: String,
    /// The amount still due (default: the total).
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
    /// event, hour_pack or hosting.
    #[arg(long, default_value = "event")]
    pub kind: String,
    /// Hours of an hour pack (5, 10, 50 or any).
    #[arg(long)]
    pub hours: Option<i64>,
    /// First day of a pack or of hosting, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub valid_from: Option<String>,
    /// Last day of a pack (default: a year on) or end or renewal of hosting, YYYY-MM-DD.
    #[arg(long)]
    pub valid_until: Option<String>,
    /// The contract is signed already.
    #[arg(long)]
    pub signed: bool,
    /// The sales contact's login (default: the client's; needs contract.create:all).
    #[arg(long)]
    pub sales: Option<String>,
}

#[derive(Args, Debug)]
pub struct ContractListArgs {
    /// Only contracts not signed yet.
    #[arg(long)]
    pub unsigned: bool,
    /// Only contracts with an amount still due.
    #[arg(long)]
    pub unpaid: bool,
    /// Only contracts you are the sales contact of.
    #[arg(long)]
    pub mine: bool,
    /// Only this kind: event, hour_pack or hosting.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only this client's (by id).
    #[arg(long)]
    pub client: Option<i64>,
    /// Only those whose client or company name contains TEXT (case and accents ignored).
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args, Debug)]
pub struct ContractEditArgs {
    /// The contract's number.
    pub id: i64,
    /// A new total amount.
    #[arg(long, allow_hyphen_values = true)]
    pub total: Option<String>,
    /// A new amount due (at most the total).
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
    /// A pack's hours.
    #[arg(long)]
    pub hours: Option<i64>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub valid_from: Option<String>,
    /// Last day or renewal, YYYY-MM-DD.
    #[arg(long)]
    pub valid_until: Option<String>,
    /// Another sales contact, by login (needs contract.update:all).
    #[arg(long)]
    pub sales: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum EventCommand {
    /// Create an event for a signed event contract.
    Add(EventAddArgs),
    /// List events within your scope, by start.
    List(EventListArgs),
    /// Everything about one event, with its client's name and contact.
    Show {
        /// The event's number.
        id: i64,
    },
    /// Change an event's name, times, location, attendees or notes.
    Edit(EventEditArgs),
    /// Choose an event's support contact (or none with --none).
    Assign {
        /// The event's number.
        id: i64,
        /// The support contact's login.
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        login: Option<String>,
        /// Leave the event without a support contact.
        #[arg(long)]
        none: bool,
    },
    /// Remove an event.
    Remove {
        /// The event's number.
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct EventAddArgs {
    /// The contract's id (signed, of the kind event).
    #[arg(long)]
    pub contract: i64,
    /// The event's name.
    #[arg(long)]
    pub name: String,
    /// Start, "YYYY-MM-DD HH:MM" in the site's time zone.
    #[arg(long)]
    pub start: String,
    /// End, "YYYY-MM-DD HH:MM", after the start.
    #[arg(long)]
    pub end: String,
    /// Where it takes place.
    #[arg(long, default_value = "")]
    pub location: String,
    /// How many people attend.
    #[arg(long, default_value_t = 0)]
    pub attendees: i64,
    /// Notes, on several lines if need be.
    #[arg(long, default_value = "")]
    pub notes: String,
    /// The support contact's login (needs event.assign).
    #[arg(long)]
    pub support: Option<String>,
}

#[derive(Args, Debug)]
pub struct EventListArgs {
    /// Only events without a support contact.
    #[arg(long)]
    pub without_support: bool,
    /// Only events you are the support contact of, or of your contracts.
    #[arg(long)]
    pub mine: bool,
    /// Only those starting on or after this day (YYYY-MM-DD) or time (YYYY-MM-DD HH:MM).
    #[arg(long)]
    pub from: Option<String>,
    /// Only those starting before the end of this day, or before this time.
    #[arg(long)]
    pub until: Option<String>,
    /// Only this client's (by id).
    #[arg(long)]
    pub client: Option<i64>,
    /// Only those whose name, location or client contains TEXT (case and accents ignored).
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<u64>,
}

#[derive(Args, Debug)]
pub struct EventEditArgs {
    /// The event's number.
    pub id: i64,
    /// A new name.
    #[arg(long)]
    pub name: Option<String>,
    /// A new start, "YYYY-MM-DD HH:MM".
    #[arg(long)]
    pub start: Option<String>,
    /// A new end, "YYYY-MM-DD HH:MM".
    #[arg(long)]
    pub end: Option<String>,
    /// A new location (empty: none).
    #[arg(long)]
    pub location: Option<String>,
    /// A new number of attendees.
    #[arg(long)]
    pub attendees: Option<i64>,
    /// New notes (empty: none).
    #[arg(long)]
    pub notes: Option<String>,
}
