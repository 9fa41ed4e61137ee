//! Amounts inside refusals are written as everywhere else on the screen:
//! in the site's currency and the reader's language (`1 234,56 €`,
//! `€1,234.56`), never as the stored decimal (`1234.56`); from the
//! command line and in the dashboard.

mod support;

use guichet::i18n::Lang;
use guichet::tui::testing::Harness;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::cli::*;
use support::crm_seed;

/// A site with a salesperson and one of their clients; `extra` goes to
/// the configuration.
fn site_with_client(extra: &str) -> (Site, String) {
    let site = Site::with_config(extra);
    site.init();
    site.add_user("sam", "sales", &[]);
    let conn = site.raw();
    let sam: i64 = conn
        .query_row("SELECT id FROM users WHERE login = 'sam'", [], |r| r.get(0))
        .unwrap();
    let client = crm_seed::client(&conn, "Camille Roux", Some(sam), None);
    (site, client.to_string())
}

/// A refused payment and a refused due, as the command line says them.
fn refusals(site: &Site, client: &str) -> (String, String) {
    ok(act(
        site,
        "sam",
        &["contract", "add", "--client", client, "--total", "1234,56"],
    ));
    let pay = act(site, "sam", &["contract", "pay", "1", "--amount", "2000"]);
    assert_eq!(code(&pay), 6, "{}", stderr(&pay));
    let due = act(
        site,
        "sam",
        &[
            "contract", "add", "--client", client, "--total", "10", "--due", "12,5",
        ],
    );
    assert_ne!(code(&due), 0);
    (stderr(&pay), stderr(&due))
}

#[test]
fn the_command_line_writes_refused_amounts_in_english() {
    let (site, client) = site_with_client("[ui]\nlanguage = \"en\"\n");
    let (pay, due) = refusals(&site, &client);
    assert!(pay.contains("(€2,000.00)"), "{pay}");
    assert!(pay.contains("(€1,234.56)"), "{pay}");
    assert!(
        due.contains("(€12.50)") && due.contains("(€10.00)"),
        "{due}"
    );
    assert!(
        !pay.contains("(1234.56)") && !due.contains("(12.50)"),
        "{pay}{due}"
    );
}

#[test]
fn the_command_line_writes_refused_amounts_in_french() {
    let (site, client) = site_with_client("[ui]\nlanguage = \"fr\"\n");
    let (pay, due) = refusals(&site, &client);
    assert!(pay.contains("(2\u{202F}000,00\u{A0}€)"), "{pay}");
    assert!(pay.contains("(1\u{202F}234,56\u{A0}€)"), "{pay}");
    assert!(
        due.contains("(12,50\u{A0}€)") && due.contains("(10,00\u{A0}€)"),
        "{due}"
    );
    assert!(!pay.contains("1234.56"), "{pay}");
}

#[test]
fn the_site_currency_is_the_one_written() {
    let (site, client) = site_with_client("[ui]\nlanguage = \"en\"\n[site]\ncurrency = \"usd\"\n");
    let (pay, _) = refusals(&site, &client);
    assert!(pay.contains("($1,234.56)"), "{pay}");
}

/// The dashboard's pay form, refused above what is due.
fn refused_payment_on_screen(lang: Lang) -> String {
    let (site, client) = site_with_client("");
    ok(act(
        &site,
        "sam",
        &["contract", "add", "--client", &client, "--total", "1234,56"],
    ));
    let setup = support::tui::setup(lang, ThemeKind::Dark, (160, 40));
    let mut h: Harness = support::tui::open_as(&site.db, setup, "sam", USER_PASSWORD);
    h.open_tab("tui.tab.contracts");
    h.settle();
    h.key(KeyCode::Right);
    h.keys("p").keys("2000").ctrl('s');
    h.screen()
}

#[test]
fn the_dashboard_writes_refused_amounts_in_both_languages() {
    let en = refused_payment_on_screen(Lang::En);
    assert!(en.contains("€2,000.00") && en.contains("€1,234.56"), "{en}");
    let fr = refused_payment_on_screen(Lang::Fr);
    assert!(fr.contains("dépasse"), "{fr}");
    assert!(fr.contains("2\u{202F}000,00\u{A0}€"), "{fr}");
    assert!(!fr.contains("1234.56"), "{fr}");
}
