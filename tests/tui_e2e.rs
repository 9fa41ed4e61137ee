//! The whole story through the real binary in real terminals (tmux): the
//! first run creates the admin; the admin creates a technician and a
//! learner; the learner opens a ticket choosing the technician role and
//! the technician; the technician takes it and resolves it; the admin's
//! Logs pane shows those entries, and the admin's other dashboard, open on
//! the Tickets tab all along, sees the ticket resolved within a second.

mod support;

use std::time::{Duration, Instant};
use support::cli::{Site, ADMIN_PASSWORD, USER_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(15);
/// The dashboard promises other processes' changes within a second; the
/// margin covers a loaded test machine.
const LIVE: Duration = Duration::from_millis(2500);

fn dashboard(site: &Site) -> Pane {
    Pane::start(Run::guichet(&site.db, &site.config).size(160, 48))
}

fn sign_in(pane: &Pane, login: &str, password: &str, role: &str) {
    pane.sign_in(login, password, WAIT);
    pane.wait_for(&format!("{login} · {role}"), WAIT);
}

/// Whether a selected row (after a `▶` marker; the list behind a picker
/// has its own) shows `text`, in lower case.
fn selected_shows(screen: &str, text: &str) -> bool {
    screen.lines().any(|line| {
        line.split_once('▶')
            .is_some_and(|(_, row)| row.to_lowercase().contains(text))
    })
}

/// The lines that hold `mark`: what a key press is expected to change.
fn marked(screen: &str, mark: char) -> String {
    screen
        .lines()
        .filter(|l| l.contains(mark))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Presses `key` until the selected line contains `text` (lower case),
/// each press once the one before has moved the selection.
fn select(pane: &Pane, key: &str, text: &str) {
    pane.press_until(key, WAIT, |s| marked(s, '▶'), |s| selected_shows(s, text));
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

fn create_user(admin: &Pane, login: &str, name: &str, role: &str) {
    // `n` is offered once the roles to choose from are read (its hint is
    // shown then), or after a user was made, which needed them.
    admin.wait_until("n offered", WAIT, |s| {
        s.contains("n new") || s.contains("created (number")
    });
    admin.type_text("n");
    admin.wait_for("New user", WAIT);
    admin.type_text(login);
    admin.key("Enter");
    admin.type_text(name);
    admin.key("Enter");
    choose(admin, role);
    admin.key("Enter");
    admin.type_text(USER_PASSWORD);
    admin.key("Enter");
    admin.type_text(USER_PASSWORD);
    admin.key("C-s");
    admin.wait_gone("◀", WAIT);
    admin.wait_for(name, WAIT);
}

#[test]
fn from_first_run_to_a_resolved_ticket_seen_live_by_another_dashboard() {
    let site = Site::new();

    // First run: the setup screen creates the admin.
    let admin = dashboard(&site);
    admin.wait_for("Create the first administrator", WAIT);
    admin.key("Enter");
    admin.type_text("Ada Admin");
    admin.key("Enter");
    admin.type_text(ADMIN_PASSWORD);
    admin.key("Enter");
    admin.type_text(ADMIN_PASSWORD);
    admin.key("Enter");
    admin.wait_for("admin · Administrator", WAIT);

    // The admin creates a technician and a learner in the Admin tab.
    admin.open_tab("Admin", WAIT);
    admin.wait_for("Users", WAIT);
    create_user(&admin, "mtech", "Marc Technicien", "technician");
    create_user(&admin, "jlearn", "Jeanne Apprenante", "learner");
    admin.open_tab("Tickets", WAIT);

    // The learner opens a ticket: the technician role, then the technician.
    let learner = dashboard(&site);
    sign_in(&learner, "jlearn", USER_PASSWORD, "Learner");
    learner.type_text("n");
    learner.wait_for("technician", WAIT);
    select(&learner, "Down", "technician");
    learner.key("Enter");
    learner.wait_for("mtech", WAIT);
    select(&learner, "Down", "mtech");
    learner.key("Enter");
    learner.wait_for("Title", WAIT);
    learner.type_text("Projecteur en panne salle 3");
    learner.key("Tab");
    learner.type_text("L'image clignote puis s'éteint.");
    learner.key("C-s");
    learner.wait_for("Projecteur en panne salle 3", WAIT);
    learner.type_text("q");
    learner.wait_exit("0", WAIT);

    // The admin's dashboard shows the new ticket without a key press.
    admin.wait_for("Projecteur en panne salle 3", LIVE);

    // The technician takes it, then resolves it.
    let technician = dashboard(&site);
    sign_in(&technician, "mtech", USER_PASSWORD, "Technician");
    technician.wait_for("Projecteur en panne salle 3", WAIT);
    technician.type_text("t");
    technician.wait_until("the ticket in progress", WAIT, |s| {
        s.to_lowercase().contains("in progress")
    });
    technician.type_text("s");
    select(&technician, "Down", "resolved");
    technician.key("Enter");
    technician.key("Enter");
    technician.wait_until("the ticket resolved", WAIT, |s| {
        s.lines()
            .any(|l| l.contains("Projecteur en panne") && l.to_lowercase().contains("resolved"))
    });
    let resolved_at = Instant::now();

    // The other instance sees it within a second, by itself.
    admin.wait_until("the resolution on the admin's screen", LIVE, |s| {
        s.lines()
            .any(|l| l.contains("Projecteur en panne") && l.to_lowercase().contains("resolved"))
    });
    let seen_after = resolved_at.elapsed();
    assert!(seen_after < LIVE, "seen after {seen_after:?}");

    // The admin's Logs pane holds the whole story, each action by its name.
    admin.open_tab("Logs", WAIT);
    // The whole story, not its last line on a frame still being drawn.
    let logs = admin.wait_until("the story in the Logs pane", WAIT, |s| {
        [
            "user created",
            "ticket opened",
            "status changed",
            "jlearn",
            "mtech",
        ]
        .iter()
        .all(|t| s.contains(t))
    });
    for action in ["user created", "ticket opened", "status changed"] {
        assert!(
            logs.contains(action),
            "{action} missing from the log:\n{logs}"
        );
    }
    for who in ["admin", "jlearn", "mtech"] {
        assert!(logs.contains(who), "{who} missing from the log:\n{logs}");
    }
    technician.type_text("q");
    technician.wait_exit("0", WAIT);
    admin.type_text("q");
    admin.wait_exit("0", WAIT);
}
