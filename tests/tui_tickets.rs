//! The Tickets tab, driven by keys over a real database file: what it
//! shows (snapshots in both languages, two sizes, monochrome) and what its
//! keys do (checked through the service).

mod support;

use guichet::i18n::Lang;
use guichet::service::tickets::{Ticket, TicketFilter};
use guichet::tui::testing::{Harness, Setup};
use guichet::tui::theme::ThemeKind;
use ratatui::crossterm::event::KeyCode;
use support::tui::{actor, demo_file, first_login, open_as, setup, HOSTILE, LOOKS};

fn newest_ticket(h: &Harness) -> Ticket {
    let me = actor(h);
    let page = h
        .app
        .service
        .list_tickets(&me, &TicketFilter::default(), None, 1)
        .unwrap();
    page.into_iter().next().expect("a ticket")
}

/// Every state worth a snapshot, in the five looks the rules ask for.
fn snapshot_all(state: &str, drive: impl Fn(&mut Harness)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "technician");
    for (_, lang, theme, size) in LOOKS {
        let mut h = open_as(&path, setup(lang, theme, size), &login, &summary.password);
        drive(&mut h);
        let name = format!(
            "{state}_{}_{}_{}x{}",
            if lang == Lang::En { "en" } else { "fr" },
            if theme == ThemeKind::Mono {
                "mono"
            } else {
                "dark"
            },
            size.0,
            size.1
        );
        insta::assert_snapshot!(name, h.pane_screen());
    }
}

#[test]
fn snapshots_of_the_list() {
    snapshot_all("list", |_| {});
}

#[test]
fn snapshots_of_the_detail() {
    snapshot_all("detail", |h| {
        h.key(KeyCode::Down).key(KeyCode::Enter);
    });
}

#[test]
fn snapshots_of_the_filter_bar() {
    snapshot_all("filter", |h| {
        h.keys("/status:waiting");
    });
}

#[test]
fn snapshots_of_the_new_ticket_steps() {
    snapshot_all("new_roles", |h| {
        h.keys("n").key(KeyCode::Down);
    });
    snapshot_all("new_members", |h| {
        h.keys("n").key(KeyCode::Down).key(KeyCode::Enter);
    });
    snapshot_all("new_form", |h| {
        h.keys("n").key(KeyCode::Down).key(KeyCode::Enter);
        h.key(KeyCode::Down).key(KeyCode::Enter);
    });
}

#[test]
fn snapshots_of_a_refused_form_keeping_its_text() {
    snapshot_all("form_error", |h| {
        h.keys("n").key(KeyCode::Enter).key(KeyCode::Enter);
        // No title: the service refuses, and the description stays.
        h.key(KeyCode::Tab).keys("Écran noir au poste 12");
        h.ctrl('s');
    });
}

#[test]
fn snapshots_of_the_status_picker() {
    snapshot_all("status_picker", |h| {
        h.keys("s");
    });
}

/// The flow the end-to-end test drives: a learner opens a ticket through
/// the guided steps, the chosen technician takes it and resolves it.
#[test]
fn a_guided_ticket_is_taken_and_resolved_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let learner = first_login(&summary.logins, "learner");
    let mut h = open_as(&path, Setup::default(), &learner, &summary.password);
    let me = actor(&h);
    let roles = h.app.service.handling_roles(&me).unwrap();
    let technician_row = roles
        .iter()
        .position(|r| r.role.key == "technician")
        .unwrap();
    let member = roles[technician_row].members[0].login.clone();

    h.keys("n");
    for _ in 0..technician_row {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter).key(KeyCode::Down).key(KeyCode::Enter);
    h.keys("Imprimante en panne").key(KeyCode::Tab);
    h.keys("Elle affiche E52.")
        .key(KeyCode::Enter)
        .keys("Merci.");
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("Imprimante en panne"), "{screen}");
    let opened = newest_ticket(&h);
    assert_eq!(opened.title, "Imprimante en panne");
    assert_eq!(opened.description, "Elle affiche E52.\nMerci.");
    assert_eq!(opened.handling_role, "technician");
    assert_eq!(opened.assignee_login.as_deref(), Some(member.as_str()));
    assert_eq!(opened.status, guichet::domain::ticket::Status::Waiting);
    drop(h);

    let mut h = open_as(&path, Setup::default(), &member, &summary.password);
    assert_eq!(newest_ticket(&h).id, opened.id, "first row is the new one");
    h.keys("t");
    let taken = newest_ticket(&h);
    assert_eq!(taken.status, guichet::domain::ticket::Status::InProgress);
    assert!(h.screen().contains(&format!("#{}", opened.id)));
    h.keys("s");
    let statuses = h
        .app
        .service
        .show_ticket(&actor(&h), opened.id)
        .unwrap()
        .next_statuses;
    let resolved = statuses.iter().position(|s| s.key() == "resolved").unwrap();
    for _ in 0..resolved {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter).key(KeyCode::Enter);
    let done = newest_ticket(&h);
    assert_eq!(
        done.status,
        guichet::domain::ticket::Status::Resolved,
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("resolved"));
}

#[test]
fn a_comment_shows_up_in_the_detail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "technician");
    let mut h = open_as(&path, Setup::default(), &login, &summary.password);
    let id = newest_ticket(&h).id;
    h.key(KeyCode::Enter).keys("c");
    h.keys("Je passe vers 14h.")
        .key(KeyCode::Enter)
        .keys("Bien à vous");
    h.ctrl('s');
    let view = h.app.service.show_ticket(&actor(&h), id).unwrap();
    let last = view.comments.last().expect("a comment");
    assert_eq!(last.body, "Je passe vers 14h.\nBien à vous");
    assert!(!last.internal);
    // The detail shows it; scroll down to its section.
    let screen = (0..40)
        .map(|_| {
            h.key(KeyCode::Down);
            h.screen()
        })
        .find(|s| s.contains("Je passe vers 14h."));
    assert!(screen.is_some(), "{}", h.screen());
}

#[test]
fn a_hostile_title_is_inert_in_the_list_and_the_detail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "technician");
    let mut h = open_as(&path, Setup::default(), &login, &summary.password);
    let id = newest_ticket(&h).id;
    // The service refuses such a title: put it there as an older version
    // or another program might have.
    h.app
        .service
        .store()
        .conn()
        .execute(
            "UPDATE tickets SET title = ?1 WHERE id = ?2",
            rusqlite::params![HOSTILE, id],
        )
        .unwrap();
    h.key(KeyCode::F(5));
    for screen in [h.screen(), h.key(KeyCode::Enter).screen()] {
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(!screen.contains('\u{7}'), "{screen}");
        assert!(screen.contains("pwned"), "{screen}");
    }
}

/// The bottom of the list's box says how many rows it knows: `1 / 37`.
fn known_rows(screen: &str) -> String {
    if screen.contains("└ nothing here") {
        return "0".into();
    }
    let line = screen
        .lines()
        .find(|l| l.contains("└ 1 / "))
        .unwrap_or_else(|| panic!("{screen}"));
    line.split("└ 1 / ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_filter_narrows_the_list_as_it_is_typed_and_esc_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "admin");
    let mut h = open_as(&path, Setup::default(), &login, &summary.password);
    assert_eq!(known_rows(&h.screen()), "100+");
    h.keys("/status:waiting");
    let screen = h.screen();
    let waiting = known_rows(&screen);
    assert!(!waiting.ends_with('+'), "{screen}");
    let me = actor(&h);
    let filter = TicketFilter {
        statuses: vec![guichet::domain::ticket::Status::Waiting],
        ..TicketFilter::default()
    };
    let expected = h.app.service.list_tickets(&me, &filter, None, 100).unwrap();
    assert_eq!(waiting, expected.len().to_string());
    assert!(!screen.contains("closed "), "{screen}");
    // Words search the text too, and Enter keeps the filter.
    h.keys(" imprimante").key(KeyCode::Enter);
    let narrower = known_rows(&h.screen());
    assert!(
        narrower.parse::<usize>().unwrap() <= expected.len(),
        "{narrower}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(known_rows(&h.screen()), "100+");
    // A value the service refuses says why and keeps the last list.
    h.keys("/priority:urgentissime");
    let screen = h.screen();
    assert_eq!(known_rows(&screen), "100+");
    assert!(screen.contains("Unknown priority"), "{screen}");
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("urgentissime"));
}

/// A search runs off the frame's thread: each keystroke draws at once with
/// the list as it was, the list follows when the answer lands, and answers
/// to what was typed before (here refused ones: `status:`, `status:w`…)
/// never show.
#[test]
fn the_search_runs_in_the_background_and_only_the_newest_answer_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "admin");
    let mut h = open_as(&path, Setup::default(), &login, &summary.password);
    h.key(KeyCode::Char('/'));
    for c in "status:waiting".chars() {
        h.key_now(KeyCode::Char(c));
    }
    assert!(h.app.background_pending());
    let screen = h.screen();
    assert!(screen.contains("status:waiting"), "{screen}");
    assert!(screen.contains("searching…"), "{screen}");
    assert_eq!(known_rows(&screen), "100+", "the old list until the answer");
    h.settle();
    assert!(!h.app.background_pending());
    let me = actor(&h);
    let filter = TicketFilter {
        statuses: vec![guichet::domain::ticket::Status::Waiting],
        ..TicketFilter::default()
    };
    let expected = h.app.service.list_tickets(&me, &filter, None, 100).unwrap();
    let screen = h.screen();
    assert_eq!(known_rows(&screen), expected.len().to_string(), "{screen}");
    assert!(!screen.contains("Unknown status"), "{screen}");
    assert!(!screen.contains("searching…"), "{screen}");
}

#[test]
fn time_and_a_typed_path_with_tab_completion_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let summary = demo_file(&path, 300);
    let login = first_login(&summary.logins, "technician");
    let files = tempfile::tempdir().unwrap();
    let mut setup = Setup::default();
    setup.settings.import_dirs = vec![files.path().to_path_buf()];
    let mut h = open_as(&path, setup, &login, &summary.password);
    let id = newest_ticket(&h).id;
    h.keys("T")
        .keys("45")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    h.keys("Diagnostic").key(KeyCode::Enter);
    let view = h.app.service.show_ticket(&actor(&h), id).unwrap();
    assert_eq!(view.total_minutes, Some(45), "{}", h.screen());

    std::fs::write(files.path().join("journal-erreurs.txt"), "E52").unwrap();
    h.keys("A")
        .keys(&format!("{}/jour", files.path().display()));
    h.key(KeyCode::Tab);
    assert!(h.screen().contains("journal-erreurs.txt"));
    h.key(KeyCode::Enter);
    let view = h.app.service.show_ticket(&actor(&h), id).unwrap();
    assert_eq!(view.attachments.len(), 1, "{}", h.screen());
    assert_eq!(view.attachments[0].label, "journal-erreurs.txt");
}
