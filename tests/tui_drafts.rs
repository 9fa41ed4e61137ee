//! A form open when the dashboard must stop (SIGTERM, SIGHUP) or lock (the
//! idle lock) is kept in a private draft file and offered back at the next
//! sign-in of the same person; the exit status says which signal it was.
//! Through the real binary in a real terminal (tmux).

mod support;

use std::path::PathBuf;
use std::time::Duration;
use support::cli::{Site, ADMIN_PASSWORD, USER_PASSWORD};
use support::mode;
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(15);

fn dashboard(site: &Site) -> Pane {
    Pane::start(Run::guichet(&site.db, &site.config).size(120, 40))
}

/// Where the dashboard keeps `login`'s draft: beside the database, the
/// login hex-encoded.
fn draft_file(site: &Site, login: &str) -> PathBuf {
    let name: String = login.bytes().map(|b| format!("{b:02x}")).collect();
    site.db
        .parent()
        .unwrap()
        .join("drafts")
        .join(format!("{name}.json"))
}

/// A site with a technician and ticket #1 for them, opened by the admin.
fn site_with_a_ticket(config: &str) -> Site {
    let site = Site::with_config(config);
    site.init();
    site.add_user("tech1", "technician", &[]);
    let out = site.admin(&[
        "ticket",
        "new",
        "--title",
        "Imprimante bloquée",
        "--role",
        "technician",
    ]);
    support::cli::assert_ok(&out);
    site
}

#[test]
fn sigterm_keeps_the_comment_and_the_next_sign_in_opens_it_again() {
    let site = site_with_a_ticket("");
    let pane = dashboard(&site);
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_for("Imprimante bloquée", WAIT);
    pane.type_text("c");
    pane.wait_for("Comment", WAIT);
    pane.type_text("The toner half changed, then");
    pane.wait_for("toner half changed", WAIT);
    pane.signal("TERM");
    pane.wait_exit("143", WAIT);

    let file = draft_file(&site, "admin");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().unwrap()), 0o700);
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.contains("The toner half changed, then"), "{kept}");

    let again = dashboard(&site);
    again.sign_in("admin", ADMIN_PASSWORD, WAIT);
    again.wait_for("Unsaved form", WAIT);
    again.wait_for("The toner half changed, then", WAIT);
    again.key("Enter");
    again.wait_for("The form is open again", WAIT);
    again.type_text(" it jammed.");
    again.key("C-s");
    again.wait_gone("Unsaved form", WAIT);
    let shown = support::cli::ok(site.admin(&["ticket", "show", "1"]));
    assert!(
        shown.contains("The toner half changed, then it jammed."),
        "{shown}"
    );
    assert!(!file.exists(), "a draft taken back is removed");
}

#[test]
fn sighup_keeps_a_new_ticket_for_its_author_only_and_exits_129() {
    let site = site_with_a_ticket("");
    let pane = dashboard(&site);
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_for("Imprimante bloquée", WAIT);
    pane.type_text("n");
    pane.wait_for("technician", WAIT);
    pane.key("Enter");
    pane.wait_for("least loaded", WAIT);
    pane.key("Enter");
    pane.type_text("Projecteur salle 4");
    pane.wait_for("Projecteur salle 4", WAIT);
    pane.signal("HUP");
    pane.wait_exit("129", WAIT);
    assert!(draft_file(&site, "admin").exists());

    // Someone else signing in on the same file is offered nothing.
    let other = dashboard(&site);
    other.sign_in("tech1", USER_PASSWORD, WAIT);
    let screen = other.wait_for("tech1 · Technician", WAIT);
    assert!(!screen.contains("Unsaved form"), "{screen}");
    assert!(!screen.contains("Projecteur"), "{screen}");
    other.type_text("q");
    other.wait_exit("0", WAIT);

    let again = dashboard(&site);
    again.sign_in("admin", ADMIN_PASSWORD, WAIT);
    again.wait_for("Projecteur salle 4", WAIT);
    again.key("Enter");
    again.wait_for("The form is open again", WAIT);
    again.key("C-s");
    let opened = || {
        let out = site.admin(&["ticket", "list", "--format", "json"]);
        support::cli::stdout(&out).contains("Projecteur salle 4")
    };
    let deadline = std::time::Instant::now() + WAIT;
    while !opened() {
        assert!(std::time::Instant::now() < deadline, "{}", again.capture());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_idle_lock_keeps_a_form_but_never_its_password_and_d_throws_it_away() {
    // One minute of idleness on a clock 20 times faster: the lock comes
    // about 3 s after the last key.
    let site = Site::with_config("[ui]\nidle_lock_minutes = 1\n");
    site.init();
    let run = Run::guichet(&site.db, &site.config)
        .size(120, 40)
        .env(
            "LD_PRELOAD",
            support::cli::libfaketime().display().to_string(),
        )
        .env("FAKETIME", "+0 x20")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("NO_FAKE_STAT", "1");
    let pane = Pane::start(run);
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_for("admin · Administrator", WAIT);
    pane.open_tab("Admin", WAIT);
    pane.wait_for("Users", WAIT);
    // `n` is offered once the roles to choose from are read.
    pane.wait_for("n new", WAIT);
    pane.type_text("n");
    pane.wait_for("New user", WAIT);
    pane.type_text("zoe");
    pane.key("Tab");
    pane.type_text("Zoé Martin");
    pane.key("Tab");
    pane.key("Tab");
    pane.type_text("Secret-typed-99");
    pane.wait_for("Zoé Martin", WAIT);
    pane.wait_for("Locked: sign in again", WAIT);

    let file = draft_file(&site, "admin");
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.contains("Zoé Martin"), "{kept}");
    assert!(
        !kept.contains("Secret-typed-99"),
        "a password was kept: {kept}"
    );

    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.wait_for("Unsaved form", WAIT);
    let screen = pane.wait_for("Zoé Martin", WAIT);
    assert!(screen.contains("type or paste"), "{screen}");
    // A choice shows its label, as the form did, not its stored value.
    assert!(screen.contains("Learner"), "{screen}");
    pane.type_text("d");
    pane.wait_for("Throw this text away", WAIT);
    pane.type_text("y");
    pane.wait_for("The kept text was thrown away", WAIT);
    assert!(!file.exists());
}
