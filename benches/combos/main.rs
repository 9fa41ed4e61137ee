//! Every combination of the list filters, timed on demo databases of
//! 100,000, 1,000,000 and 2,000,000 tickets: `cargo bench --bench combos`.
//!
//! Each module (`tickets` now) generates its combinations, times them for
//! every scope through the service, and reports the worst; this driver
//! prints, per size, the number tried and the worst ten with their query
//! plans, then the ratio of the worst at the largest size to the worst at
//! the smallest. `GUICHET_COMBOS_QUICK=1` measures 100k only (minutes);
//! `support.rs` says how the databases are found or built.

mod support;
mod ticket_combos;
mod tickets;

use support::Res;

fn main() -> Res<()> {
    let sizes = support::sizes();
    let mut worst = Vec::new();
    for size in &sizes {
        let service = support::demo(size)?;
        println!("\n=== {} tickets: {}", size.label, size.path.display());
        let report = tickets::run(&service)?;
        report.print();
        worst.push((size.label, report.worst_ms()));
    }
    support::print_ratio("tickets", &worst);
    Ok(())
}
