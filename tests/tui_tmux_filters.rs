//! `/jbseck` typed in Admin › Users on a real terminal (tmux): the letters
//! go to the filter line, never to the list's commands (`j` moved down and
//! `e` opened the edit form before `/` existed there).

mod support;

use std::time::Duration;
use support::cli::{Site, ADMIN_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(10);

/// The id of the newest audit entry.
fn audit_count(site: &Site) -> i64 {
    site.raw()
        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn typing_slash_jbseck_in_users_filters_on_a_real_terminal() {
    let site = Site::new();
    site.init();
    for (login, role) in [
        ("jbseck", "technician"),
        ("kim", "learner"),
        ("zoe", "learner"),
    ] {
        site.add_user(login, role, &[]);
    }
    let before = audit_count(&site);
    let pane = Pane::start(Run::guichet(&site.db, &site.config));
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_first_frame("admin · Administrator", WAIT);
    pane.open_tab("Admin", WAIT);
    pane.wait_for("zoe", WAIT);
    pane.type_text("/jbseck");
    let screen = pane.wait_until("the filtered list", WAIT, |s| {
        s.contains("Users — /jbseck") && s.contains("1 / 1") && !s.contains("zoe")
    });
    assert!(screen.contains("jbseck"), "{screen}");
    pane.key("Enter");
    pane.wait_until("the filter kept", WAIT, |s| {
        s.contains("Users — /jbseck") && !s.contains("enter keep")
    });
    // `/` then Esc: the whole list again.
    pane.type_text("/");
    pane.wait_for("enter keep", WAIT);
    pane.key("Escape");
    let all = pane.wait_until("the whole list", WAIT, |s| {
        s.contains("zoe") && !s.contains("— /jbseck")
    });
    assert!(all.contains("kim"), "{all}");
    // Nothing was edited: no new entry about a user in the audit log (the
    // dashboard logs the audit chain's head on its own), names as made.
    let new: Vec<String> = {
        let conn = site.raw();
        let mut stmt = conn
            .prepare("SELECT action FROM audit_log WHERE id > ?1 ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([before], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    assert!(!new.iter().any(|a| a.starts_with("user.")), "{new:?}");
    let name: String = site
        .raw()
        .query_row(
            "SELECT full_name FROM users WHERE login = 'jbseck'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "jbseck");
}
