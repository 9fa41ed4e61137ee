//! Clicks map through the areas as drawn, in every pane: a click on a row
//! selects it, a click on a border or a header selects nothing, and where
//! several lists stand side by side the clicked one gets the keys.

mod support;

use guichet::tui::testing::{Harness, Setup};
use support::tui::{demo_admin, DemoAdmin};

/// A demo site signed in as its administrator, on a screen this size.
fn admin(size: (u16, u16)) -> DemoAdmin {
    let setup = Setup {
        size,
        ..Setup::default()
    };
    demo_admin(setup, 80, |_| {})
}

/// The line of the screen holding `text`, and the column it starts at.
fn place_of(h: &mut Harness, text: &str) -> (u16, u16) {
    let screen = h.screen();
    for (y, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            let x = line[..byte].chars().count();
            return (u16::try_from(x).unwrap(), u16::try_from(y).unwrap());
        }
    }
    panic!("{text} not on screen:\n{screen}")
}

#[test]
fn a_click_selects_a_ticket_and_a_header_click_selects_nothing() {
    let mut site = admin((100, 30));
    let h = &mut site.h;
    h.open_tab("tui.tab.tickets");
    let (_, header) = place_of(h, "Status");
    h.click(20, header + 3);
    assert!(h.screen().contains(" 3 / "), "{}", h.screen());
    h.click(20, header);
    assert!(h.screen().contains(" 3 / "), "the header selects nothing");
}

#[test]
fn a_click_in_promos_gives_the_clicked_list_the_keys() {
    let mut site = admin((160, 40));
    let h = &mut site.h;
    h.open_tab("tui.tab.promos");
    assert!(h.screen().contains("▸ Programmes"), "{}", h.screen());
    let (cohorts_x, title) = place_of(h, "Promos of");
    // The second cohort's row: under the title, the header, the first row.
    h.click(cohorts_x + 4, title + 3);
    let screen = h.screen();
    assert!(screen.contains("▸ Promos of"), "{screen}");
    assert!(!screen.contains("▸ Programmes"), "{screen}");
    assert!(screen.contains("└ 2 / 2 "), "{screen}");
    // The learners follow the cohort clicked.
    assert!(screen.contains("Learners of Promo 2026 D"), "{screen}");
}

#[test]
fn a_click_on_the_journal_beside_the_audit_log_gives_it_the_keys() {
    let mut site = admin((160, 40));
    let h = &mut site.h;
    h.open_tab("tui.tab.logs");
    assert!(
        !h.screen().contains("▸ Connection journal"),
        "{}",
        h.screen()
    );
    let (journal_x, title) = place_of(h, "Connection journal");
    h.click(journal_x + 2, title + 2);
    assert!(
        h.screen().contains("▸ Connection journal"),
        "{}",
        h.screen()
    );
    // Back to the audit log by a click on its third row, which it selects.
    h.click(10, title + 4);
    let screen = h.screen();
    assert!(!screen.contains("▸ Connection journal"), "{screen}");
    let row = screen
        .lines()
        .nth(usize::from(title + 4))
        .unwrap_or_default();
    assert!(row.starts_with("│▶ "), "{screen}");
    assert!(
        screen.contains("paused"),
        "a click up the log pauses it: {screen}"
    );
}
