//! Seven-digit ids fit their columns: ticket #1000000 shows whole in the
//! Tickets list, the Urgency queue and the Logs (its object and, wide, its
//! entry id), where a column sized for five digits cut it to `#10000`.

mod support;

use guichet::domain::ticket::Status;
use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use support::tui::{demo_admin, setup, setup_en};

/// Ticket #1000000: a copy of the demo's newest ticket, first in the
/// urgency queue, as a site past a million tickets would hold one.
fn millionth(path: &std::path::Path) {
    let conn = support::raw(path);
    let columns: String = conn
        .query_row(
            "SELECT group_concat(name, ', ') FROM pragma_table_info('tickets')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // `id` is the first column: the copy takes the new one.
    let copied = columns.replacen("id", "1000000", 1);
    conn.execute_batch(&format!(
        "INSERT INTO tickets ({columns}) SELECT {copied} FROM tickets WHERE id = (
             SELECT max(id) FROM tickets WHERE status IN ('waiting', 'in_progress', 'on_hold'));
         UPDATE tickets SET urgency = 'overdue',
             resolution_due = (SELECT min(resolution_due) FROM tickets) - 60
         WHERE id = 1000000;"
    ))
    .unwrap();
}

#[test]
fn the_millionth_ticket_shows_whole_in_the_list_and_the_queue() {
    for size in [(80, 24), (100, 30), (160, 40)] {
        let mut s = demo_admin(setup(Lang::En, ThemeKind::Dark, size), 60, millionth);
        s.h.open_tab("tui.tab.tickets");
        let screen = s.h.pane_screen();
        assert!(screen.contains("#1000000"), "at {size:?}:\n{screen}");
        s.h.open_tab("tui.tab.urgency");
        let screen = s.h.pane_screen();
        assert!(screen.contains("#1000000"), "at {size:?}:\n{screen}");
    }
}

#[test]
fn the_logs_show_a_seven_digit_object_and_entry_id_whole() {
    let mut s = demo_admin(setup_en(), 60, millionth);
    // Whichever move the ticket's status allows: one audit entry about it.
    let moved = [Status::InProgress, Status::OnHold, Status::Waiting]
        .into_iter()
        .any(|to| {
            s.h.app
                .service
                .change_status(&s.admin, 1_000_000, to, Some("moved"))
                .is_ok()
        });
    assert!(moved, "ticket #1000000 could not move");
    s.h.open_tab("tui.tab.logs");
    let screen = s.h.pane_screen();
    assert!(screen.contains(":1000000"), "{screen}");
}
