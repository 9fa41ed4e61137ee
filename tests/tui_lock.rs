//! The lock and sign-in screens lose nothing by one key: `Esc` clears what
//! was typed; on an empty lock form, or in a demo, quitting asks first.

use guichet::tui::app::Screen;
use guichet::tui::testing::{Harness, Setup};
use ratatui::crossterm::event::KeyCode;

const PASSWORD: &str = "Lock-screen-pass-1";

/// A site with its administrator, on the sign-in screen.
fn signed_out(dir: &tempfile::TempDir) -> Harness {
    let mut h = Harness::open(&dir.path().join("guichet.db"), Setup::default());
    let origin = guichet::service::Origin::of_this_process(guichet::service::FrontEnd::Tui);
    h.app
        .service
        .init("admin", "Ada Admin", PASSWORD, &origin)
        .unwrap();
    h.app.lock();
    h
}

/// The same, signed in, then locked with ctrl-l.
fn locked(dir: &tempfile::TempDir) -> Harness {
    let mut h = signed_out(dir);
    h.sign_in("admin", PASSWORD);
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
    h.ctrl('l');
    assert!(h.screen().contains("Locked"), "{}", h.screen());
    h
}

#[test]
fn esc_on_the_lock_screen_clears_the_form_then_asks_before_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = locked(&dir);
    h.keys("wrong-so-far");
    assert!(h.screen().contains("••••"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "Esc with typed text only clears it");
    assert!(!h.screen().contains("••••"), "{}", h.screen());
    assert!(h.screen().contains("admin"), "the locked login stays");

    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "an empty lock form asks first");
    assert!(h.screen().contains("Quit guichet?"), "{}", h.screen());
    h.keys("n");
    assert!(!h.app.quit);
    assert!(!h.screen().contains("Quit guichet?"), "{}", h.screen());

    // The answer is asked again, and `y` quits.
    h.key(KeyCode::Esc).keys("y");
    assert!(h.app.quit);
}

#[test]
fn the_lock_screen_still_signs_in_after_a_cleared_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = locked(&dir);
    h.keys("nope").key(KeyCode::Esc);
    h.keys(PASSWORD).key(KeyCode::Enter);
    h.settle();
    assert!(matches!(h.app.screen, Screen::Main(_)), "{}", h.screen());
}

#[test]
fn esc_on_a_plain_sign_in_screen_clears_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_out(&dir);
    h.keys("adm");
    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "typed text is cleared first");
    h.key(KeyCode::Esc);
    assert!(h.app.quit, "nothing to lose: Esc quits, as the hint says");
}

#[test]
fn a_demo_asks_before_quitting_from_its_sign_in_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::open(&dir.path().join("guichet.db"), Setup::default());
    let demo = h.app.service.fill_demo(20, 1).unwrap();
    h.app.launch.demo = Some((demo.password.clone(), demo.logins.clone()));
    h.app.lock();
    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "quitting a demo deletes it: ask first");
    assert!(h.screen().contains("Quit the demo?"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "Esc is not yes");
    h.key(KeyCode::Esc).keys("o");
    assert!(h.app.quit, "o (oui) answers yes too");
}
