//! The CRM's story in real terminals (tmux, the real binary): a
//! salesperson creates a client and an event contract, management signs
//! it, the salesperson creates an event in the Events tab, management
//! gives it to a support user in the Events tab, and the support user's
//! dashboard, open on the Events tab all along, shows it in their care
//! and a notification within a second, by itself.
//!
//! The client, contract and signing steps go through the CLI binary for
//! now: the Contracts tab is written at the same time by another helper
//! (issue 15); they move to that tab once both are merged.

mod support;

use std::time::{Duration, Instant};
use support::cli::{act, json, ok, Site, USER_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(15);
/// The dashboard promises other processes' changes within a second; the
/// margin covers a loaded test machine.
const LIVE: Duration = Duration::from_millis(2500);
const EVENT: &str = "Gala des 20 ans";

fn dashboard(site: &Site) -> Pane {
    Pane::start(Run::guichet(&site.db, &site.config).size(160, 48))
}

fn on_events(site: &Site, login: &str, role: &str) -> Pane {
    let pane = dashboard(site);
    pane.sign_in(login, USER_PASSWORD, WAIT);
    pane.wait_for(&format!("{login} · {role}"), WAIT);
    pane.open_tab("Events", WAIT);
    pane
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

    // Through the CLI for now (see the module's comment).
    let client = json(&act(
        &site,
        "sam",
        &["--format", "json", "client", "add", "--name", "Léa Martin"],
    ));
    let client = client["id"].as_i64().unwrap().to_string();
    let contract = json(&act(
        &site,
        "sam",
        &[
            "--format", "json", "contract", "add", "--client", &client, "--total", "4 800,00",
            "--kind", "event",
        ],
    ));
    let contract = contract["id"].as_i64().unwrap().to_string();
    ok(act(&site, "mia", &["contract", "sign", &contract]));

    // The support user's dashboard, open on the Events tab: nothing yet.
    let support = on_events(&site, "sol", "Support");
    support.wait_for("✉ 0", WAIT);

    // The salesperson creates the event on the signed contract.
    let sales = on_events(&site, "sam", "Sales");
    // `n` is offered once the tab has read what its form needs.
    sales.wait_for("n new", WAIT);
    sales.type_text("n");
    sales.wait_for("New event", WAIT);
    sales.wait_for("Léa Martin", WAIT);
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
        event_line_shows(s, "Léa Martin") && !s.contains("New event")
    });
    sales.type_text("q");
    sales.wait_exit("0", WAIT);

    // Management gives it to sol.
    let management = on_events(&site, "mia", "Management");
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
