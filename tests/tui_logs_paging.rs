//! The Logs pane pages back through the whole audit log by keyset (it used
//! to stop at its newest 400 entries, `g` showing "1 / 400"), and its
//! dates carry their year at every width.

mod support;

use guichet::i18n::Lang;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::*;

/// The desk with at least 1000 more audit entries; the total.
fn long_log(d: &Desk) -> i64 {
    let mut other = second_service(&d.path, None);
    let admin = sign_in(&mut other, &d.login("admin"), &d.password);
    for n in 0..1000 {
        other
            .add_programme(&admin, &format!("Formation {n:04}"))
            .unwrap();
    }
    let conn = support::raw(&d.path);
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// The position shown at the bottom of the audit list: "n / m".
fn position(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| {
            let at = l.find(" / ")?;
            let before = l[..at].rsplit(|c: char| !c.is_ascii_digit()).next()?;
            let after: String = l[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            (!before.is_empty() && !after.is_empty()).then(|| format!("{before} / {after}"))
        })
        .next()
        .unwrap_or_default()
}

#[test]
fn going_to_the_top_reaches_the_oldest_entry_and_counts_them_all() {
    let d = desk(20);
    let total = long_log(&d);
    assert!(total > 1000);
    let mut h = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h.open_tab("tui.tab.logs");
    let tail = screen(&mut h);
    assert_eq!(position(&tail), "400 / 400+", "{tail}");
    h.keys("g");
    let top = screen(&mut h);
    assert_eq!(position(&top), format!("1 / {total}"), "{top}");
    assert!(top.contains("database"), "the oldest entry: {top}");
    // Paging up from the tail also goes on past the 400th (the rows of a
    // page are those last drawn: draw between the keys).
    let mut h2 = open_as(&d.path, setup_en(), &d.login("admin"), &d.password);
    h2.open_tab("tui.tab.logs");
    for _ in 0..100 {
        h2.key(KeyCode::PageUp);
        screen(&mut h2);
    }
    let paged = screen(&mut h2);
    let held: i64 = position(&paged)
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .trim_end_matches('+')
        .parse()
        .unwrap_or(0);
    assert!(held > 400, "{paged}");
}

#[test]
fn dates_have_their_year_even_when_narrow() {
    let d = desk(20);
    let admin = d.login("admin");
    for lang in [Lang::En, Lang::Fr] {
        let mut h = open_as(
            &d.copy(),
            setup(lang, ThemeKind::Dark, (80, 24)),
            &admin,
            &d.password,
        );
        h.open_tab("tui.tab.logs");
        let shown = screen(&mut h);
        let year = chrono::DateTime::from_timestamp(guichet::tui::testing::FIXED_NOW, 0)
            .unwrap()
            .format("%Y-")
            .to_string();
        assert!(shown.contains(&year), "{shown}");
    }
}
