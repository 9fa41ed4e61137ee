//! The Contracts tab's client form picks from lists (issue 15): the
//! company among the active ones as you type, a name none has making a
//! new one (said before saving); the sales contact among those who may own
//! clients, offered only to whoever may name one (management), so that a
//! client is reassigned from the dashboard.

mod support;

use guichet::i18n::Lang;
use guichet::service::clients::{Client, ClientQuery};
use guichet::tui::testing::Harness;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::cli::*;
use support::tui::actor;

fn site() -> Site {
    let site = Site::new();
    site.init();
    site.add_user("mia", "management", &[]);
    site.add_user("sam", "sales", &[]);
    site.add_user("sue", "sales", &[]);
    for name in ["Acme Événements", "Acme Traiteur", "Zèbre & Co", "Ancienne"] {
        assert_eq!(code(&site.admin(&["company", "add", name])), 0);
    }
    assert_eq!(code(&site.admin(&["company", "archive", "Ancienne"])), 0);
    site
}

fn tab_as(site: &Site, login: &str) -> Harness {
    let setup = support::tui::setup(Lang::En, ThemeKind::Dark, (160, 48));
    let mut h = support::tui::open_as(&site.db, setup, login, USER_PASSWORD);
    h.open_tab("tui.tab.contracts");
    h.settle();
    h
}

fn clients(h: &Harness) -> Vec<Client> {
    let me = actor(h);
    h.app
        .service
        .clients_matching(&me, &ClientQuery::default(), 0, 100)
        .unwrap()
}

fn companies(site: &Site) -> i64 {
    site.raw()
        .query_row("SELECT count(*) FROM companies", [], |r| r.get(0))
        .unwrap()
}

/// Opens the new client's form, types the name and goes to the company.
fn new_client(h: &mut Harness, name: &str) {
    h.keys("n").keys(name);
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
}

#[test]
fn a_salesperson_picks_an_existing_company_and_is_not_offered_a_sales_contact() {
    let site = site();
    let mut h = tab_as(&site, "sam");
    new_client(&mut h, "Léa Martin");
    let screen = h.screen();
    assert!(!screen.contains("Sales contact"), "{screen}");
    h.keys("acme");
    let screen = h.screen();
    assert!(screen.contains("▸ Acme Traiteur"), "{screen}");
    assert!(screen.contains("Acme Événements"), "{screen}");
    assert!(screen.contains("New company “acme”"), "{screen}");
    h.key(KeyCode::Down);
    assert!(h.screen().contains("▸ Acme Événements"), "{}", h.screen());
    let before = companies(&site);
    h.ctrl('s');
    let made = clients(&h);
    assert_eq!(made.len(), 1, "{}", h.screen());
    assert_eq!(made[0].company.as_deref(), Some("Acme Événements"));
    assert_eq!(made[0].sales_login.as_deref(), Some("sam"));
    assert_eq!(companies(&site), before, "no company was made");
}

#[test]
fn a_name_no_company_has_makes_a_new_one_said_before_saving() {
    let site = site();
    let mut h = tab_as(&site, "sam");
    new_client(&mut h, "Hugo Petit");
    h.keys("Ancienne");
    // An archived company is no longer offered: the name makes a new one.
    let screen = h.screen();
    assert!(screen.contains("▸ New company “Ancienne”"), "{screen}");
    for _ in 0.."Ancienne".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("Nouvelle Co");
    let screen = h.screen();
    assert!(
        screen.contains("▸ New company “Nouvelle Co”, created on saving"),
        "{screen}"
    );
    let before = companies(&site);
    h.ctrl('s');
    let made = clients(&h);
    assert_eq!(
        made[0].company.as_deref(),
        Some("Nouvelle Co"),
        "{}",
        h.screen()
    );
    assert_eq!(companies(&site), before + 1);
}

#[test]
fn management_names_and_reassigns_the_sales_contact_from_the_form() {
    let site = site();
    let mut h = tab_as(&site, "mia");
    new_client(&mut h, "Inès Roy");
    // Past the company and the first contact, the sales contact.
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("Sales contact"), "{screen}");
    h.keys("sa");
    assert!(h.screen().contains("▸ sam · sam"), "{}", h.screen());
    h.ctrl('s');
    let made = clients(&h);
    assert_eq!(
        made[0].sales_login.as_deref(),
        Some("sam"),
        "{}",
        h.screen()
    );
    // Reassigned to sue in the edit form; nothing else changes.
    h.keys("e");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    for _ in 0.."sam".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("sue");
    assert!(h.screen().contains("▸ sue · sue"), "{}", h.screen());
    h.ctrl('s');
    let now = clients(&h).remove(0);
    assert_eq!(now.sales_login.as_deref(), Some("sue"), "{}", h.screen());
    assert_eq!(
        (now.full_name, now.company),
        (made[0].full_name.clone(), None)
    );
}

#[test]
fn a_salesperson_editing_their_client_keeps_its_company_and_contact() {
    let site = site();
    let mut h = tab_as(&site, "sam");
    new_client(&mut h, "Léa Martin");
    h.keys("Zèbre");
    h.ctrl('s');
    // Only the phone changes: the company, shown as it was, stays.
    h.keys("e").key(KeyCode::Tab).key(KeyCode::Tab);
    h.keys("+33 6 00 00 00 00").ctrl('s');
    let now = clients(&h).remove(0);
    assert_eq!(
        now.phone.as_deref(),
        Some("+33 6 00 00 00 00"),
        "{}",
        h.screen()
    );
    assert_eq!(now.company.as_deref(), Some("Zèbre & Co"));
    assert_eq!(now.sales_login.as_deref(), Some("sam"));
}
