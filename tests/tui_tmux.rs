//! The real binary's dashboard in a real terminal (tmux): first run on a
//! missing file, Ctrl-L and quitting leave no session data on screen or in
//! the scrollback, signals restore the terminal, the idle lock under
//! libfaketime, and a change made by another process reaching the screen.

mod support;

use std::time::Duration;
use support::cli::{Site, ADMIN_PASSWORD, USER_PASSWORD};
use support::tmux::{Pane, Run};

const WAIT: Duration = Duration::from_secs(10);
/// The dashboard promises other processes' changes within a second; the
/// margin covers a loaded test machine.
const LIVE: Duration = Duration::from_millis(2500);

/// What only a signed-in admin's screen shows: the tab bar, the status
/// line with the user, the notification counter.
const SESSION_MARKS: [&str; 4] = [" 1 Tickets ", "admin · Administrator", "✉", "Urgency"];

fn assert_no_session_data(text: &str, what: &str) {
    for mark in SESSION_MARKS {
        assert!(!text.contains(mark), "{mark:?} left in the {what}:\n{text}");
    }
}

/// A site with the admin, signed in on a dashboard of 100×30.
fn signed_in_admin(site: &Site) -> Pane {
    site.init();
    let pane = Pane::start(Run::guichet(&site.db, &site.config));
    pane.sign_in("admin", ADMIN_PASSWORD, WAIT);
    pane.wait_first_frame("admin · Administrator", WAIT);
    pane
}

#[test]
fn first_run_on_a_missing_file_offers_setup_then_opens_the_session() {
    let site = Site::new();
    assert!(!site.db.exists());
    let pane = Pane::start(Run::guichet(&site.db, &site.config).size(80, 24));
    pane.wait_for("Create the first administrator", WAIT);
    assert!(site.db.exists(), "the dashboard creates the file");
    // The login field holds "admin" already.
    pane.key("Enter");
    pane.type_text("Ada Admin");
    pane.key("Enter");
    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.wait_first_frame("admin · Administrator", WAIT);
    // The account works from the command line too.
    support::cli::assert_ok(&site.admin(&["user", "list"]));
}

#[test]
fn ctrl_l_leaves_no_session_data_on_screen_or_in_scrollback() {
    let site = Site::new();
    let pane = signed_in_admin(&site);
    pane.key("C-l");
    // The lock screen is drawn over the old one cell by cell: wait for the
    // whole of it (a capture may fall between two writes), then check.
    let locked = pane.wait_until("the whole lock screen", WAIT, |s| {
        s.contains("Locked: sign in again") && SESSION_MARKS.iter().all(|m| !s.contains(m))
    });
    assert_no_session_data(&locked, "locked screen");
    assert_no_session_data(&pane.scrollback(), "scrollback");
    // The password alone goes on.
    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.wait_for("admin · Administrator", WAIT);
}

#[test]
fn esc_on_the_lock_screen_clears_it_and_asks_before_quitting() {
    let site = Site::new();
    let pane = signed_in_admin(&site);
    pane.key("C-l");
    pane.wait_until("the whole lock screen", WAIT, |s| {
        s.contains("Locked: sign in again") && SESSION_MARKS.iter().all(|m| !s.contains(m))
    });
    pane.type_text("half a pass");
    // All eleven typed, not the first few: Escape must come after them.
    pane.wait_for(&"•".repeat("half a pass".len()), WAIT);
    pane.key("Escape");
    // Every dot gone and the lock form still there, not a frame half
    // redrawn with some of them left.
    let whole_lock = |s: &str| {
        s.contains("Locked: sign in again") && SESSION_MARKS.iter().all(|m| !s.contains(m))
    };
    pane.wait_until("the password cleared", WAIT, |s| {
        whole_lock(s) && !s.contains('•')
    });
    pane.key("Escape");
    pane.wait_for("Quit guichet?", WAIT);
    pane.key("n");
    let screen = pane.wait_until("the lock form back, whole", WAIT, |s| {
        whole_lock(s) && !s.contains("Quit guichet?")
    });
    assert!(!screen.contains("EXIT="), "{screen}");
    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.wait_for("admin · Administrator", WAIT);
}

/// Waits for the line the pane's script prints once the program is gone,
/// and checks the terminal is back as it was.
fn assert_left_cleanly(pane: &Pane, status: &str) {
    let screen = pane.wait_exit(status, WAIT);
    assert!(!pane.alternate_on(), "still on the alternate screen");
    assert_no_session_data(&screen, "screen after exit");
    assert_no_session_data(&pane.scrollback(), "scrollback after exit");
}

#[test]
fn q_quits_with_status_0_and_gives_the_terminal_back() {
    let site = Site::new();
    let pane = signed_in_admin(&site);
    pane.type_text("q");
    assert_left_cleanly(&pane, "0");
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let site = Site::new();
    let pane = signed_in_admin(&site);
    pane.signal("TERM");
    assert_left_cleanly(&pane, "143");
}

#[test]
fn sighup_restores_the_terminal_and_exits() {
    let site = Site::new();
    let pane = signed_in_admin(&site);
    pane.signal("HUP");
    assert_left_cleanly(&pane, "129");
}

#[test]
fn a_signal_on_the_sign_in_screen_also_restores_the_terminal() {
    let site = Site::new();
    site.init();
    let pane = Pane::start(Run::guichet(&site.db, &site.config));
    pane.wait_for("Sign in", WAIT);
    pane.signal("TERM");
    assert_left_cleanly(&pane, "143");
}

#[test]
fn idle_lock_under_a_fast_clock_drops_the_session() {
    // One minute of idleness; the clock runs 20 times faster, so the lock
    // comes about 3 s after the last key.
    let site = Site::with_config("[ui]\nidle_lock_minutes = 1\n");
    site.init();
    let run = Run::guichet(&site.db, &site.config)
        .env(
            "LD_PRELOAD",
            support::cli::libfaketime().display().to_string(),
        )
        .env("FAKETIME", "+0 x20")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("NO_FAKE_STAT", "1");
    let pane = Pane::start(run);
    pane.wait_for("Sign in", WAIT);
    pane.type_text("admin");
    pane.key("Enter");
    pane.type_text(ADMIN_PASSWORD);
    pane.key("Enter");
    pane.wait_for("admin · Administrator", WAIT);
    // As with ctrl-l: a capture may fall between two writes of the lock
    // screen, so wait for the whole of it (never reached if data stays).
    let screen = pane.wait_until("the whole idle-lock screen", Duration::from_secs(15), |s| {
        s.contains("Locked: sign in again") && SESSION_MARKS.iter().all(|m| !s.contains(m))
    });
    assert_no_session_data(&screen, "idle-locked screen");
    assert_no_session_data(&pane.scrollback(), "scrollback");
}

#[test]
fn a_change_by_another_process_reaches_the_screen_within_a_second() {
    // A technician's session; the admin deactivates them from the command
    // line: the dashboard notices the file changed and signs them out.
    let site = Site::new();
    site.init();
    site.add_user("tom", "technician", &[]);
    let pane = Pane::start(Run::guichet(&site.db, &site.config));
    pane.wait_for("Sign in", WAIT);
    pane.type_text("tom");
    pane.key("Enter");
    pane.type_text(USER_PASSWORD);
    pane.key("Enter");
    pane.wait_for("tom · Technician", WAIT);
    // A second dashboard on the same file, to check both keep working.
    let other = Pane::start(Run::guichet(&site.db, &site.config));
    other.wait_for("Sign in", WAIT);
    support::cli::assert_ok(&site.admin(&["user", "deactivate", "tom"]));
    // The whole lock screen, within the promised delay (a capture may fall
    // between two writes of it).
    let screen = pane.wait_until("tom signed out", LIVE, |s| {
        s.contains("Locked: sign in again") && !s.contains("tom · Technician")
    });
    assert!(!screen.contains("tom · Technician"), "{screen}");
    // The second one still signs the admin in.
    other.type_text("admin");
    other.key("Enter");
    other.type_text(ADMIN_PASSWORD);
    other.key("Enter");
    other.wait_for("admin · Administrator", WAIT);
}

/// Two dashboards and the command line on one file: the lead writes the
/// full flow (admin creates users, a learner opens a ticket, a technician
/// resolves it, Logs shows it, the other dashboard sees it) on top of this
/// once the panes are in; here, the pieces it needs.
#[test]
fn two_dashboards_on_one_file_run_side_by_side() {
    let site = Site::new();
    let first = signed_in_admin(&site);
    let second = Pane::start(Run::guichet(&site.db, &site.config).size(160, 48));
    second.wait_for("Sign in", WAIT);
    second.type_text("admin");
    second.key("Enter");
    second.type_text(ADMIN_PASSWORD);
    second.key("Enter");
    second.wait_for("admin · Administrator", WAIT);
    first.key("Tab");
    // The Urgency pane itself (its hint line), not its name in the tab bar,
    // which was there before the key.
    first.wait_for("forecast", WAIT);
    second.type_text("q");
    assert_left_cleanly(&second, "0");
    first.type_text("q");
    assert_left_cleanly(&first, "0");
}

/// `--demo` works in a private directory it removes on the way out; one
/// left by a killed dashboard (its process gone) is removed by the next
/// demo, and nothing else in the temporary directory is touched.
#[test]
fn a_demo_removes_its_directory_and_those_of_killed_demos() {
    let site = Site::new();
    let tmp = tempfile::tempdir().unwrap();
    // pid_max is at most 2^22: no process has this id.
    let killed = tmp.path().join("guichet-demo-999999999-1");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join("guichet-demo.db"), "left behind").unwrap();
    let unrelated = tmp.path().join("guichet-demo-notes");
    std::fs::create_dir(&unrelated).unwrap();
    let demo_dirs = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p != &unrelated)
            .collect()
    };

    let mut run =
        Run::guichet(&site.db, &site.config).env("TMPDIR", tmp.path().display().to_string());
    run.args.push("--demo".into());
    let pane = Pane::start(run);
    pane.wait_for("Sign in", Duration::from_secs(60));
    let running = demo_dirs();
    assert_eq!(running.len(), 1, "{running:?}");
    assert_ne!(running[0], killed);
    assert!(running[0].join("guichet-demo.db").exists());
    assert!(unrelated.exists());

    // Esc does not throw the demo away: quitting it asks first.
    pane.key("Escape");
    pane.wait_for("Quit the demo?", WAIT);
    assert_eq!(demo_dirs(), running, "still there while asked");
    pane.key("y");
    pane.wait_exit("0", WAIT);
    assert_eq!(demo_dirs(), Vec::<std::path::PathBuf>::new());
    assert!(unrelated.exists());
}
