//! One function per command.

mod audit;
// Issue 15, companies and clients.
mod clients;
// Issue 15: contracts and events.
mod crm_contracts;
mod crm_events;
mod demo;
mod notify;
mod org;
mod roles;
mod site;
mod sla;
mod ticket_work;
mod tickets;
mod urgency;
mod users;

use super::args::Command;
use super::output::{Printer, Record};
use super::{CliResult, Ctx};

pub fn run(ctx: &mut Ctx, command: Command) -> CliResult {
    match command {
        Command::Init(args) => users::init(ctx, args),
        Command::User(cmd) => users::run(ctx, cmd),
        Command::Role(cmd) => roles::run(ctx, cmd),
        Command::Audit(cmd) => audit::run(ctx, cmd),
        Command::Journal(args) => audit::journal(ctx, args),
        Command::Programme(cmd) => org::programme(ctx, cmd),
        Command::Cohort(cmd) => org::cohort(ctx, cmd),
        Command::Company(cmd) => clients::company(ctx, cmd),
        Command::Client(cmd) => clients::client(ctx, cmd),
        Command::Ticket(cmd) => tickets::run(ctx, cmd),
        Command::Category(cmd) => ticket_work::category(ctx, cmd),
        Command::Demo {
            tickets,
            seed,
            clients,
        } => demo::run(ctx, (tickets, clients), seed),
        Command::Sla(cmd) => sla::run(ctx, cmd),
        Command::Urgency(cmd) => urgency::run(ctx, cmd),
        Command::Notifications(args) => urgency::notifications(ctx, args),
        Command::Backup(args) => site::backup(ctx, args),
        Command::Contract(cmd) => crm_contracts::run(ctx, cmd),
        Command::Event(cmd) => crm_events::run(ctx, cmd),
    }
}

const PAGE: u64 = 200;

/// Prints a keyset-paginated listing page by page: `fetch` gets the cursor
/// and a page size, `key` gives the cursor after a row.
pub fn stream<T, K>(
    printer: &mut Printer,
    limit: Option<u64>,
    start: K,
    mut fetch: impl FnMut(&K, u32) -> CliResult<Vec<T>>,
    key: impl Fn(&T) -> K,
    record: impl Fn(&T) -> Record,
) -> CliResult {
    let mut cursor = start;
    let mut left = limit.unwrap_or(u64::MAX);
    while left > 0 {
        let want = left.min(PAGE);
        let page = fetch(&cursor, want as u32)?;
        let records: Vec<Record> = page.iter().map(&record).collect();
        printer.batch(&records)?;
        left -= page.len() as u64;
        match page.last() {
            Some(last) if page.len() as u64 == want => cursor = key(last),
            _ => break,
        }
    }
    Ok(())
}
