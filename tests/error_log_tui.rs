//! The error log from the real dashboard in tmux: an error shown on the
//! status line, and the daily audit head written by its worker.

mod support;

use std::time::{Duration, Instant};
use support::cli::{Site, ADMIN_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(10);

fn wait_for_log(site: &Site, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let text = site.log_text();
        if ok(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "no {what} in the log:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_dashboard_logs_its_status_line_errors_and_its_worker_the_audit_head() {
    let site = Site::new();
    site.init();
    let pane = Pane::start(Run::guichet(&site.db, &site.config));
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_first_frame("admin · Administrator", WAIT);
    // No ticket at all: changing the status of none is refused.
    pane.type_text("s");
    pane.wait_for("No ticket selected.", WAIT);
    let text = wait_for_log(&site, "status line error", |t| {
        t.contains("No ticket selected.")
    });
    let line = text
        .lines()
        .find(|l| l.contains("No ticket selected."))
        .unwrap();
    assert!(
        line.contains("front=tui") && line.contains("login=admin"),
        "{line}"
    );
    assert!(line.contains("command=-"), "{line}");
    let text = wait_for_log(&site, "audit head", |t| {
        t.contains("message=\"audit head\"")
    });
    let head = text.lines().find(|l| l.contains("audit head")).unwrap();
    assert!(head.contains("front=worker"), "{head}");
    // Nothing of either reached the screen.
    assert!(!pane.capture().contains("audit head"));
}
