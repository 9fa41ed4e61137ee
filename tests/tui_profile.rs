//! "My profile" (`P`, from any tab): one's name, one's password (knowing
//! the current one) and one's notifications, from the dashboard.

mod support;

use guichet::domain::notify::NotifyKind;
use guichet::service::SignInAttempt;
use ratatui::crossterm::event::KeyCode;
use support::tui::*;

const NEW_PASSWORD: &str = "Velo-rouge-sur-la-plage-42";

fn learner_profile() -> (Desk, guichet::tui::testing::Harness, String) {
    let d = desk(20);
    let login = d.login("learner");
    let mut h = open_as(&d.copy(), setup_en(), &login, &d.password);
    h.keys("P");
    (d, h, login)
}

#[test]
fn p_opens_my_profile_from_any_tab_and_the_name_is_changed() {
    let (_d, mut h, login) = learner_profile();
    let shown = screen(&mut h);
    assert!(shown.contains("My profile"), "{shown}");
    assert!(shown.contains(&login), "{shown}");
    h.key(KeyCode::Enter);
    for _ in 0..80 {
        h.key(KeyCode::Backspace);
    }
    h.keys("Zoé Nouveau-Nom").ctrl('s');
    let me = h.app.service.me(&actor(&h)).unwrap();
    assert_eq!(me.full_name, "Zoé Nouveau-Nom", "{}", screen(&mut h));
    assert!(screen(&mut h).contains("Zoé Nouveau-Nom"));
    // Esc closes it; the tab is back.
    h.key(KeyCode::Esc);
    assert!(!screen(&mut h).contains("My profile"));
}

#[test]
fn the_password_is_changed_only_with_the_current_one_and_signs_in_after() {
    let (d, mut h, login) = learner_profile();
    h.key(KeyCode::Down).key(KeyCode::Enter);
    h.keys("not-my-password")
        .key(KeyCode::Tab)
        .keys(NEW_PASSWORD)
        .key(KeyCode::Tab)
        .keys(NEW_PASSWORD)
        .ctrl('s');
    let refused = screen(&mut h);
    assert!(refused.contains("current password is not"), "{refused}");
    // What was typed stays (masked): all three fields still hold it.
    let dots = refused.chars().filter(|c| *c == '•').count();
    assert_eq!(
        dots,
        "not-my-password".len() + 2 * NEW_PASSWORD.len(),
        "{refused}"
    );
    // The current one, put right, changes it.
    h.key(KeyCode::Up).key(KeyCode::Up);
    for _ in 0.."not-my-password".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys(&d.password).ctrl('s');
    let done = screen(&mut h);
    assert!(done.contains("password is changed"), "{done}");
    let path = h.app.service.store().path().to_path_buf();
    let mut other = second_service(&path, None);
    let origin = support::service::origin();
    let attempt = |password| SignInAttempt {
        login: &login,
        password,
        origin: &origin,
    };
    assert!(other.sign_in(&attempt(NEW_PASSWORD)).is_ok());
    assert!(other.sign_in(&attempt(&d.password)).is_err());
}

#[test]
fn a_kind_of_notification_is_turned_off_and_on_with_space() {
    let (_d, mut h, _login) = learner_profile();
    let me = actor(&h);
    let on = |h: &guichet::tui::testing::Harness| {
        h.app
            .service
            .notify_settings(&me, None)
            .unwrap()
            .iter()
            .find(|s| s.kind == NotifyKind::Assigned)
            .map(|s| s.on)
    };
    assert_eq!(on(&h), Some(true));
    h.key(KeyCode::Down).key(KeyCode::Down).keys(" ");
    assert_eq!(on(&h), Some(false), "{}", screen(&mut h));
    assert!(screen(&mut h).contains("[off] Someone else assigns"));
    h.keys(" ");
    assert_eq!(on(&h), Some(true));
}

#[test]
fn in_french_my_profile_has_no_english() {
    let d = desk(20);
    let login = d.login("learner");
    let french = setup(
        guichet::i18n::Lang::Fr,
        guichet::tui::theme::ThemeKind::Dark,
        (100, 30),
    );
    let mut h = open_as(&d.copy(), french, &login, &d.password);
    h.keys("P");
    let shown = screen(&mut h);
    assert!(
        shown.contains("Mon profil") && shown.contains("[oui]"),
        "{shown}"
    );
    for english in [
        "profile",
        "[on]",
        "Change my",
        "Notifications I",
        "Email",
        "Phone",
    ] {
        assert!(!shown.contains(english), "{english}: {shown}");
    }
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let form = screen(&mut h);
    assert!(form.contains("Mot de passe actuel"), "{form}");
}
