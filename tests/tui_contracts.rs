//! The Contracts tab: the clients and the chosen client's contracts, the
//! filter's words, and each action for the roles that may and may not
//! (offered or not, refused at once with the reason).

mod support;

use guichet::i18n::Lang;
use guichet::service::clients::{Client, ClientQuery};
use guichet::service::crm_contracts::{Contract, ContractFilter};
use guichet::service::Actor;
use guichet::tui::testing::Harness;
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use std::sync::OnceLock;
use support::tui::{actor, desk, open_as, setup, Desk, LOOKS};

/// One demo desk for the whole file (each screen opens a copy of it).
fn the_desk() -> &'static Desk {
    static DESK: OnceLock<Desk> = OnceLock::new();
    DESK.get_or_init(|| desk(20))
}

fn logins(role: &str) -> Vec<String> {
    let d = the_desk();
    d.logins
        .iter()
        .find(|(r, _)| r == role)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| panic!("no {role} in the demo"))
}

fn tab_as(login: &str, lang: Lang, size: (u16, u16)) -> Harness {
    let d = the_desk();
    let mut h = open_as(
        &d.copy(),
        setup(lang, ThemeKind::Dark, size),
        login,
        &d.password,
    );
    h.open_tab("tui.tab.contracts");
    h
}

fn clients_of(h: &Harness, me: &Actor) -> Vec<Client> {
    h.app
        .service
        .clients_matching(me, &ClientQuery::default(), 0, 1000)
        .unwrap()
}

fn contracts_of(h: &Harness, me: &Actor, client: i64) -> Vec<Contract> {
    let filter = ContractFilter {
        client_id: Some(client),
        ..ContractFilter::default()
    };
    h.app
        .service
        .contracts_matching(me, &filter, None, 1000)
        .unwrap()
}

/// Selects the client with this id (down from the top, as a person would).
fn choose_client(h: &mut Harness, me: &Actor, id: i64) {
    let at = clients_of(h, me).iter().position(|c| c.id == id).unwrap();
    h.keys("g");
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
}

/// A client of `owner` with a contract that matches `want`.
fn client_with(
    h: &Harness,
    me: &Actor,
    owner: Option<i64>,
    want: impl Fn(&Contract) -> bool,
) -> (Client, Contract) {
    for client in clients_of(h, me) {
        if owner.is_some() && client.sales_contact_id != owner {
            continue;
        }
        if let Some(c) = contracts_of(h, me, client.id).into_iter().find(&want) {
            return (client, c);
        }
    }
    panic!("no such client and contract in the demo")
}

#[test]
fn snapshots_of_the_tab_and_its_forms() {
    let boss = logins("management")[0].clone();
    for (look, lang, theme, size) in LOOKS {
        if theme == ThemeKind::Mono {
            continue;
        }
        let mut h = tab_as(&boss, lang, size);
        insta::assert_snapshot!(format!("contracts_tab_{look}"), h.pane_screen());
        h.keys("l");
        insta::assert_snapshot!(format!("contracts_list_{look}"), h.pane_screen());
        h.keys("n").key(KeyCode::Tab).keys("1234,5");
        insta::assert_snapshot!(format!("contracts_new_{look}"), h.pane_screen());
    }
}

#[test]
fn management_signs_an_unsigned_contract_after_asking() {
    let mut h = tab_as(&logins("management")[0], Lang::En, (160, 48));
    let me = actor(&h);
    let (client, contract) = client_with(&h, &me, None, |c| !c.signed());
    choose_client(&mut h, &me, client.id);
    h.keys("l").keys("/").keys("unsigned").key(KeyCode::Enter);
    let first = contracts_of(&h, &me, client.id)
        .into_iter()
        .find(|c| !c.signed())
        .unwrap();
    assert_eq!(first.id, contract.id, "the newest unsigned one comes first");
    h.keys("s");
    assert!(
        h.screen()
            .contains(&format!("Sign contract {}?", contract.id)),
        "{}",
        h.screen()
    );
    h.keys("y");
    let now = h.app.service.contract(&me, contract.id).unwrap();
    assert!(now.signed(), "{}", h.screen());
    assert!(
        h.screen().contains(&format!("Contract {} (", contract.id)),
        "{}",
        h.screen()
    );
    // Without the filter it is still there; signing it again says why at once.
    h.keys("/").key(KeyCode::Esc);
    let at = contracts_of(&h, &me, client.id)
        .iter()
        .position(|c| c.id == contract.id)
        .unwrap();
    h.keys("g");
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.keys("s");
    assert!(h.screen().contains("is signed already"), "{}", h.screen());
}

#[test]
fn a_payment_above_due_is_refused_keeping_what_was_typed_then_recorded() {
    let mut h = tab_as(&logins("management")[0], Lang::Fr, (160, 48));
    let me = actor(&h);
    let (client, contract) = client_with(&h, &me, None, |c| c.due.0 > 100);
    choose_client(&mut h, &me, client.id);
    h.keys("l").keys("/").keys("impayés").key(KeyCode::Enter);
    let unpaid: Vec<_> = contracts_of(&h, &me, client.id)
        .into_iter()
        .filter(|c| c.due.0 > 0)
        .collect();
    assert_eq!(unpaid[0].id, contract.id);
    let too_much = format!("{},00", contract.due.0 / 100 + 10);
    h.keys("p").keys(&too_much).ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains(&too_much),
        "the amount stays typed:\n{screen}"
    );
    assert!(
        screen.contains("dépasse"),
        "the refusal says why:\n{screen}"
    );
    assert_eq!(
        h.app.service.contract(&me, contract.id).unwrap().due,
        contract.due
    );
    for _ in 0..too_much.chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.keys("1,00").ctrl('s');
    let after = h.app.service.contract(&me, contract.id).unwrap();
    assert_eq!(after.due.0, contract.due.0 - 100, "{}", h.screen());
}

#[test]
fn sales_may_not_edit_another_salespersons_contract_and_are_told_why() {
    let sales = logins("sales");
    let mut h = tab_as(&sales[0], Lang::En, (160, 48));
    let me = actor(&h);
    let (client, contract) = client_with(&h, &me, None, |c| c.sales_contact_id != Some(me.id));
    choose_client(&mut h, &me, client.id);
    h.keys("l");
    let at = contracts_of(&h, &me, client.id)
        .iter()
        .position(|c| c.id == contract.id)
        .unwrap();
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    let hints = h.screen();
    let last = hints.lines().rev().nth(1).unwrap_or("").to_string();
    assert!(!last.contains("sign"), "sign is not offered: {last}");
    let before = h.app.service.contract(&me, contract.id).unwrap();
    h.keys("e");
    let screen = h.screen();
    assert!(
        screen.contains("edits only their own contracts"),
        "{screen}"
    );
    assert!(
        !screen.contains("Edit the contract"),
        "no form opens:\n{screen}"
    );
    h.keys("d");
    assert!(
        h.screen().contains("may not remove contracts"),
        "{}",
        h.screen()
    );
    assert_eq!(h.app.service.contract(&me, contract.id).unwrap(), before);
}

#[test]
fn sales_create_a_client_then_a_contract_for_it() {
    let mut h = tab_as(&logins("sales")[0], Lang::En, (160, 48));
    let me = actor(&h);
    h.keys("n")
        .keys("Zoé Testeuse")
        .key(KeyCode::Tab)
        .keys("zoe@example.com")
        .ctrl('s');
    let mine = clients_of(&h, &me);
    let zoe = mine
        .iter()
        .find(|c| c.full_name == "Zoé Testeuse")
        .unwrap_or_else(|| panic!("{}", h.screen()));
    assert_eq!(
        zoe.sales_contact_id,
        Some(me.id),
        "a salesperson's client is theirs"
    );
    choose_client(&mut h, &me, zoe.id);
    // A contract for it: the client is the one chosen, the amounts typed.
    h.keys("l")
        .keys("n")
        .key(KeyCode::Tab)
        .keys("1500,00")
        .key(KeyCode::Tab)
        .keys("900")
        .ctrl('s');
    let made = contracts_of(&h, &me, zoe.id);
    assert_eq!(made.len(), 1, "{}", h.screen());
    assert_eq!((made[0].total.0, made[0].due.0), (150_000, 90_000));
    assert_eq!(made[0].sales_contact_id, Some(me.id));
}

#[test]
fn due_above_total_is_said_as_typed_refused_and_nothing_is_written() {
    let mut h = tab_as(&logins("management")[0], Lang::En, (80, 24));
    let me = actor(&h);
    let client = clients_of(&h, &me)[0].clone();
    let before = contracts_of(&h, &me, client.id).len();
    h.keys("l").keys("n").key(KeyCode::Tab).keys("10");
    assert!(!h.screen().contains("above the total"), "{}", h.screen());
    h.key(KeyCode::Tab).keys("20");
    // Said as soon as typed, before any save.
    assert!(h.screen().contains("above the total"), "{}", h.screen());
    h.key(KeyCode::Backspace).keys("x");
    assert!(h.screen().contains("is not an amount"), "{}", h.screen());
    h.key(KeyCode::Backspace).keys("0").ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("above the total"), "{screen}");
    assert!(
        screen.contains("New contract"),
        "the form stays open:\n{screen}"
    );
    assert_eq!(contracts_of(&h, &me, client.id).len(), before);
}

#[test]
fn support_sees_the_tab_but_is_offered_no_new_client() {
    let mut h = tab_as(&logins("support")[0], Lang::En, (160, 48));
    h.keys("n");
    assert!(
        h.screen().contains("may not create clients"),
        "{}",
        h.screen()
    );
}

/// The companies, ← from the clients, as the administrator (who holds
/// company.manage): a held one is not removed and says what holds it; an
/// archived one moves to the archived list and comes back.
#[test]
fn companies_are_archived_brought_back_and_not_removed_while_held() {
    let d = the_desk();
    let admin = logins("admin")[0].clone();
    let mut h = open_as(
        &d.copy(),
        setup(Lang::En, ThemeKind::Dark, (160, 48)),
        &admin,
        &d.password,
    );
    h.open_tab("tui.tab.contracts");
    h.keys("h");
    let me = actor(&h);
    use guichet::service::companies::CompanyFilter;
    let list = |h: &Harness, archived: bool| {
        let filter = CompanyFilter {
            archived,
            ..CompanyFilter::default()
        };
        h.app
            .service
            .list_companies_matching(&me, &filter, "", 1000)
            .unwrap()
    };
    let first = list(&h, false)[0].clone();
    insta::assert_snapshot!("contracts_companies_en_160", h.pane_screen());
    h.keys("d");
    let screen = h.screen();
    assert!(screen.contains("cannot be removed"), "{screen}");
    assert!(
        !screen.contains("Remove “"),
        "no question is asked:\n{screen}"
    );
    h.key(KeyCode::Char(' ')).keys("y");
    assert!(
        list(&h, true).iter().any(|c| c.id == first.id),
        "{}",
        h.screen()
    );
    assert!(!list(&h, false).iter().any(|c| c.id == first.id));
    h.keys("a");
    assert!(h.screen().contains("Archived companies"), "{}", h.screen());
    h.keys("g").key(KeyCode::Char(' ')).keys("y");
    assert!(
        list(&h, false).iter().any(|c| c.id == first.id),
        "{}",
        h.screen()
    );
}

#[test]
fn sales_edit_no_company_and_are_told_why() {
    let mut h = tab_as(&logins("sales")[0], Lang::Fr, (80, 24));
    h.keys("h").keys("e");
    let screen = h.screen();
    assert!(screen.contains("company.manage"), "{screen}");
    assert!(!screen.contains("Modifier l'entreprise"), "{screen}");
}

/// The filter's French words, through the dashboard: `moi impayés` keeps
/// the salesperson's own contracts with something due, of every client.
#[test]
fn the_french_words_filter_the_contracts() {
    let mut h = tab_as(&logins("sales")[0], Lang::Fr, (160, 48));
    let me = actor(&h);
    let (client, _) = client_with(&h, &me, Some(me.id), |c| c.due.0 > 0);
    choose_client(&mut h, &me, client.id);
    h.keys("l")
        .keys("/")
        .keys("moi impayés")
        .key(KeyCode::Enter);
    let screen = h.screen();
    let wanted: Vec<Contract> = contracts_of(&h, &me, client.id)
        .into_iter()
        .filter(|c| c.due.0 > 0 && c.sales_contact_id == Some(me.id))
        .collect();
    assert!(!wanted.is_empty());
    for c in contracts_of(&h, &me, client.id) {
        let shown = screen.contains(&format!("▶ {:<6}", c.id))
            || screen.contains(&format!("  {:<6} ", c.id));
        assert_eq!(
            shown,
            wanted.contains(&c),
            "contract {} in:\n{screen}",
            c.id
        );
    }
}

/// A client's name holding escapes reaches the screen inert.
#[test]
fn a_hostile_client_name_is_inert() {
    let d = the_desk();
    let path = d.copy();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE crm_clients SET full_name = ?1 WHERE id = (SELECT min(id) FROM crm_clients)",
        [support::tui::HOSTILE],
    )
    .unwrap();
    drop(conn);
    let boss = logins("management")[0].clone();
    let mut h = open_as(
        &path,
        setup(Lang::En, ThemeKind::Dark, (160, 48)),
        &boss,
        &d.password,
    );
    h.open_tab("tui.tab.contracts");
    support::tui::assert_no_escape_or_bell(&h.screen());
    assert!(h.screen().contains("pwned"), "{}", h.screen());
}

/// A role without client.read or contract.read does not see the tab.
#[test]
fn a_technician_has_no_contracts_tab() {
    let d = the_desk();
    let tech = logins("technician")[0].clone();
    let mut h = open_as(
        &d.copy(),
        setup(Lang::En, ThemeKind::Dark, (160, 48)),
        &tech,
        &d.password,
    );
    let bar = h.screen().lines().next().unwrap_or("").to_string();
    assert!(bar.contains("Tickets"), "{bar}");
    assert!(!bar.contains("Contracts"), "{bar}");
}
