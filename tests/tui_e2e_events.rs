//! The CRM's story in real terminals (tmux, the real binary), every step
//! in the tabs: a salesperson creates a client and an event contract in
//! the Contracts tab, management signs it there, the salesperson creates
//! an event in the Events tab (picking the contract by its client's
//! name), management gives it to a support user in the Events tab, and
//! the support user's dashboard, open on the Events tab all along, shows
//! it in their care and a notification within a second, by itself.

mod support;

use std::time::{Duration, Instant};
use support::cli::{Site, USER_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(15);
/// The dashboard promises other processes' changes within a second; the
/// margin covers a loaded test machine.
const LIVE: Duration = Duration::from_millis(2500);
const EVENT: &str = "Gala des 20 ans";
const CLIENT: &str = "Léa Martin";
/// The contract's total as the English screen shows it.
const TOTAL: &str = "€4,800.00";

fn dashboard(site: &Site) -> Pane {
    Pane::start(Run::guichet(&site.db, &site.config).size(160, 48))
}

/// A dashboard signed in as `login`, on the tab `tab`.
fn on_tab(site: &Site, login: &str, role: &str, tab: &str) -> Pane {
    let pane = dashboard(site);
    pane.sign_in(login, USER_PASSWORD, WAIT);
    pane.wait_for(&format!("{login} · {role}"), WAIT);
    pane.open_tab(tab, WAIT);
    pane
}

/// The contract's line on screen (its total) shows `text`.
fn contract_line_shows(screen: &str, text: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains(TOTAL) && l.contains(text))
}

/// The salesperson's client and event contract, through the Contracts
/// tab's forms.
fn client_and_contract(sales: &Pane) {
    // `n` is offered once the tab has read what the actor may do.
    sales.wait_for("n new client", WAIT);
    sales.type_text("n");
    sales.wait_for("New client", WAIT);
    sales.type_text(CLIENT);
    sales.key("C-s");
    sales.wait_until("the client in the list", WAIT, |s| {
        s.contains(CLIENT) && !s.contains("New client")
    });
    // To the client's contracts, and a new one (of the kind event, the
    // form's first choice).
    sales.key("Right");
    sales.wait_for(&format!("▸ Contracts of {CLIENT}"), WAIT);
    sales.wait_for("n new contract", WAIT);
    sales.type_text("n");
    sales.wait_for("New contract", WAIT);
    sales.key("Tab");
    sales.type_text("4 800,00");
    sales.key("C-s");
    sales.wait_until("the contract in the list, not signed", WAIT, |s| {
        contract_line_shows(s, "not signed") && !s.contains("New contract")
    });
}

/// Management signs the client's contract in the Contracts tab.
fn sign(management: &Pane) {
    management.wait_for(CLIENT, WAIT);
    management.key("Right");
    management.wait_for(&format!("▸ Contracts of {CLIENT}"), WAIT);
    management.wait_until("the contract, signable", WAIT, |s| {
        contract_line_shows(s, "not signed") && s.contains("s sign")
    });
    management.type_text("s");
    management.wait_for("Sign contract", WAIT);
    management.type_text("y");
    management.wait_until("the contract signed", WAIT, |s| {
        s.lines()
            .any(|l| l.contains(TOTAL) && !l.contains("not signed"))
            && !s.contains("Sign contract")
    });
}

/// The lines that hold `mark`: what a key press is expected to change.
fn marked(screen: &str, mark: char) -> String {
    screen
        .lines()
        .filter(|l| l.contains(mark))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Presses → on the focused choice until it shows `label`.
fn choose(pane: &Pane, label: &str) {
    pane.press_until(
        "Right",
        WAIT,
        |s| marked(s, '◀'),
        |s| s.lines().any(|l| l.contains('◀') && l.contains(label)),
    );
}

/// The event's line on screen shows `text`.
fn event_line_shows(screen: &str, text: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains(EVENT) && l.contains(text))
}

#[test]
fn an_event_made_and_assigned_in_the_dashboard_reaches_its_support_live() {
    let site = Site::new();
    site.init();
    site.add_user("mia", "management", &[]);
    site.add_user("sam", "sales", &[]);
    site.add_user("sol", "support", &[]);

    // The support user's dashboard, open on the Events tab: nothing yet.
    let support = on_tab(&site, "sol", "Support", "Events");
    support.wait_for("✉ 0", WAIT);

    // The salesperson's client and contract; management signs it.
    let sales = on_tab(&site, "sam", "Sales", "Contracts");
    client_and_contract(&sales);
    let management = on_tab(&site, "mia", "Management", "Contracts");
    sign(&management);

    // The salesperson creates the event on the signed contract, picked
    // by its client's name.
    sales.open_tab("Events", WAIT);
    sales.wait_for("n new", WAIT);
    sales.type_text("n");
    sales.wait_for("New event", WAIT);
    sales.type_text("Léa");
    sales.wait_until("the signed contract picked", WAIT, |s| {
        s.lines().any(|l| l.contains("▸ #") && l.contains(CLIENT))
    });
    sales.key("Tab");
    sales.type_text(EVENT);
    sales.key("Tab");
    sales.type_text("2027-03-01 18:00");
    sales.key("Tab");
    sales.type_text("2027-03-01 23:30");
    sales.key("Tab");
    sales.type_text("Château de Vincennes");
    sales.key("Tab");
    sales.type_text("150");
    sales.key("C-s");
    sales.wait_until("the event in the list", WAIT, |s| {
        event_line_shows(s, CLIENT) && !s.contains("New event")
    });
    sales.type_text("q");
    sales.wait_exit("0", WAIT);

    // Management gives it to sol, in the Events tab.
    management.open_tab("Events", WAIT);
    management.wait_for(EVENT, WAIT);
    // `a` is offered once the support contacts to choose from are read.
    management.wait_for("a support", WAIT);
    management.type_text("a");
    management.wait_for("support contact", WAIT);
    choose(&management, "sol");
    management.key("C-s");
    management.wait_until("the event in sol's care", WAIT, |s| {
        event_line_shows(s, "sol")
    });
    let assigned_at = Instant::now();

    // sol's dashboard shows it, and the notification count, by itself.
    support.wait_until("the event and its notification", LIVE, |s| {
        event_line_shows(s, "sol") && s.contains("✉ 1")
    });
    let seen_after = assigned_at.elapsed();
    assert!(seen_after < LIVE, "seen after {seen_after:?}");
    support.type_text("!");
    support.wait_for("event for you", WAIT);

    for pane in [&management, &support] {
        pane.key("Escape");
        pane.type_text("q");
        pane.wait_exit("0", WAIT);
    }
}
