//! "May I?": the dashboard offers only what the signed-in role may do on
//! the selected object. What it may not do is left out of the hints and
//! `?`, and its key says why at once, with no form opened.

mod support;

use guichet::domain::ticket::{Priority, Status};
use guichet::service::roles::NewRole;
use guichet::service::tickets::NewTicket;
use guichet::service::users::NewUser;
use guichet::tui::app::Screen;
use guichet::tui::testing::Harness;
use ratatui::crossterm::event::KeyCode;
use support::tui::{actor, demo_admin, demo_file, first_login, open_as, setup_en};

/// The hint line: the screen's last line but one.
fn hint_line(h: &mut Harness) -> String {
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2].to_string()
}

/// A form, picker or question has the keyboard.
fn typing(h: &Harness) -> bool {
    match &h.app.screen {
        Screen::Main(session) => session.tabs[session.active].typing(),
        Screen::Gate(_) => false,
    }
}

/// A ticket opened by the signed-in person, shown selected at the top.
fn open_own_ticket(h: &mut Harness, title: &str) -> i64 {
    let me = actor(h);
    let new = NewTicket {
        title,
        description: "The projector shows nothing.",
        priority: Priority::Normal,
        category: None,
        handling_role: "technician",
        assignee: None,
        requester: None,
    };
    let id = h.app.service.open_ticket(&me, &new, "test").unwrap();
    // Read again, from the top: the newest ticket comes first.
    h.ctrl('r').key(KeyCode::Char('g'));
    id
}

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    password: String,
    learner: String,
    technician: String,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let demo = demo_file(&path, 60);
    Desk {
        learner: first_login(&demo.logins, "learner"),
        technician: first_login(&demo.logins, "technician"),
        password: demo.password,
        path,
        _dir: dir,
    }
}

#[test]
fn a_learner_is_not_offered_take_assign_or_log_time() {
    let d = desk();
    let mut h = open_as(&d.path, setup_en(), &d.learner, &d.password);
    open_own_ticket(&mut h, "Projector dead in room 3");
    let hints = hint_line(&mut h);
    assert!(hints.contains("filter"), "{hints}");
    assert!(!hints.contains("take"), "{hints}");
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    assert!(
        help.contains("Comment") || help.contains("comment"),
        "{help}"
    );
    for refused in [
        "Take the ticket in hand",
        "Assign to someone",
        "Log time spent",
    ] {
        assert!(!help.contains(refused), "{refused} offered:\n{help}");
    }
    h.key(KeyCode::Esc);

    for (key, why) in [
        ('t', "Your role may not take tickets in hand."),
        ('a', "Your role may not assign tickets."),
        ('T', "Only staff can log time."),
    ] {
        h.keys(&key.to_string());
        assert!(!typing(&h), "{key} opened a form");
        let said = hint_line(&mut h);
        assert!(said.contains(why), "{key}: {said}");
    }
}

#[test]
fn a_technician_still_sees_and_takes() {
    let d = desk();
    let mut learner = open_as(&d.path, setup_en(), &d.learner, &d.password);
    let id = open_own_ticket(&mut learner, "Keyboard missing keys");
    drop(learner);
    let mut h = open_as(&d.path, setup_en(), &d.technician, &d.password);
    h.ctrl('r').key(KeyCode::Char('g'));
    let hints = hint_line(&mut h);
    assert!(hints.contains("take"), "{hints}");
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    assert!(help.contains("Take the ticket in hand"), "{help}");
    assert!(help.contains("Log time spent"), "{help}");
    h.key(KeyCode::Esc);
    h.keys("t");
    let me = actor(&h);
    let shown = h.app.service.show_ticket(&me, id).unwrap();
    assert_eq!(shown.ticket.status, Status::InProgress, "{}", h.screen());
    // Staff log time: the form opens.
    h.keys("T");
    assert!(typing(&h), "log time did not open for the technician");
}

#[test]
fn a_learner_edits_a_new_ticket_until_it_is_taken() {
    let d = desk();
    let mut h = open_as(&d.path, setup_en(), &d.learner, &d.password);
    let id = open_own_ticket(&mut h, "Wifi drops");
    h.keys("e");
    assert!(typing(&h), "e did not open the edit form");
    h.keys(" in room 4").ctrl('s');
    assert!(!typing(&h), "the form stayed open:\n{}", h.screen());
    let me = actor(&h);
    let shown = h.app.service.show_ticket(&me, id).unwrap();
    assert_eq!(shown.ticket.title, "Wifi drops in room 4");

    // A technician takes it in hand: the learner may comment, not edit.
    let mut other = support::tui::second_service(&d.path, None);
    let tech = support::tui::sign_in(&mut other, &d.technician, &d.password);
    other
        .change_status(&tech, id, Status::InProgress, None)
        .unwrap();
    h.ctrl('r');
    h.keys("?");
    let help = h.screen();
    assert!(!help.contains("Edit the ticket"), "{help}");
    h.key(KeyCode::Esc);
    h.keys("e");
    assert!(!typing(&h), "e opened a form on a taken ticket");
    let said = hint_line(&mut h);
    assert!(said.contains("taken in hand"), "{said}");
}

#[test]
fn promos_without_programme_manage_open_no_form() {
    let mut s = demo_admin(setup_en(), 10, |_| {});
    let service = &mut s.h.app.service;
    let role = NewRole {
        key: "viewer",
        label_fr: "Observateur",
        label_en: "Viewer",
        handles_tickets: false,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    service.add_role(&s.admin, &role).unwrap();
    service
        .grant(&s.admin, "viewer", "programme.read:all")
        .unwrap();
    service
        .grant(&s.admin, "viewer", "cohort.read:all")
        .unwrap();
    let password = "Viewer-pass-for-tests-7";
    let new = NewUser {
        login: "vera",
        full_name: "Vera Viewer",
        role: "viewer",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password,
    };
    service.add_user(&s.admin, &new).unwrap();
    let mut h = open_as(&s.path, setup_en(), "vera", password);
    h.open_tab("tui.tab.promos");
    let hints = hint_line(&mut h);
    assert!(!hints.contains("new"), "{hints}");
    h.keys("n");
    assert!(!typing(&h), "n opened a form");
    let said = hint_line(&mut h);
    assert!(
        said.contains("Your role may not create programmes."),
        "{said}"
    );
    h.keys("l").keys("e");
    assert!(!typing(&h), "e opened a form");
    let said = hint_line(&mut h);
    assert!(said.contains("Your role may not edit cohorts."), "{said}");

    // The administrator still opens the form.
    s.h.open_tab("tui.tab.promos");
    s.h.keys("n");
    assert!(typing(&s.h), "n did not open for the administrator");
}

#[test]
fn a_role_without_ticket_create_is_not_offered_a_new_ticket() {
    let mut s = demo_admin(setup_en(), 10, |_| {});
    let service = &mut s.h.app.service;
    let role = NewRole {
        key: "reader",
        label_fr: "Lecteur",
        label_en: "Reader",
        handles_tickets: false,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    service.add_role(&s.admin, &role).unwrap();
    service
        .grant(&s.admin, "reader", "ticket.read:all")
        .unwrap();
    let password = "Reader-pass-for-tests-7";
    let new = NewUser {
        login: "rita",
        full_name: "Rita Reader",
        role: "reader",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password,
    };
    service.add_user(&s.admin, &new).unwrap();
    let mut h = open_as(&s.path, setup_en(), "rita", password);
    let hints = hint_line(&mut h);
    assert!(!hints.contains("new"), "{hints}");
    h.keys("n");
    assert!(!typing(&h), "n opened the new ticket steps");
    let said = hint_line(&mut h);
    assert!(said.contains("Your role may not open tickets."), "{said}");
}

#[test]
fn a_role_that_reads_users_but_may_not_edit_them_is_not_offered_e() {
    let mut s = demo_admin(setup_en(), 10, |_| {});
    let service = &mut s.h.app.service;
    let role = NewRole {
        key: "usher",
        label_fr: "Huissier",
        label_en: "Usher",
        handles_tickets: false,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    service.add_role(&s.admin, &role).unwrap();
    service.grant(&s.admin, "usher", "user.read:all").unwrap();
    let password = "Usher-pass-for-tests-7";
    let new = NewUser {
        login: "ugo",
        full_name: "Ugo Usher",
        role: "usher",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password,
    };
    service.add_user(&s.admin, &new).unwrap();
    let mut h = open_as(&s.path, setup_en(), "ugo", password);
    h.open_tab("tui.tab.admin");
    let hints = hint_line(&mut h);
    assert!(hints.contains("open"), "{hints}");
    assert!(!hints.contains("edit"), "{hints}");
    h.keys("e");
    assert!(!typing(&h), "e opened a form");
    let said = hint_line(&mut h);
    assert!(
        said.contains("Your role may not edit this account."),
        "{said}"
    );
    h.keys("n");
    assert!(!typing(&h), "n opened a form");
}

/// The same on a real terminal: the learner's hint line has no `take`,
/// and `t`, `a`, `T` say why at once and open nothing.
#[test]
fn tmux_a_learner_is_told_why_at_once() {
    use std::time::Duration;
    use support::cli::{act, ok, Site, USER_PASSWORD};
    use support::tmux::{Pane, Run};
    const WAIT: Duration = Duration::from_secs(10);
    let site = Site::new();
    site.init();
    site.add_user("tech1", "technician", &[]);
    site.add_user("lea", "learner", &[]);
    let args = [
        "ticket",
        "new",
        "--title",
        "Projector dead in room 3",
        "--role",
        "technician",
    ];
    ok(act(&site, "lea", &args));
    let pane = Pane::start(Run::guichet(&site.db, &site.config).size(160, 40));
    pane.sign_in("lea", USER_PASSWORD, WAIT);
    pane.wait_first_frame("lea", WAIT);
    // Once the selected ticket's rights are read, the hints follow them.
    pane.wait_until("hints without take", WAIT, |s| {
        s.contains("Projector dead") && s.contains(" filter") && !s.contains(" take")
    });
    for (key, why) in [
        ("t", "Your role may not take tickets in hand."),
        ("a", "Your role may not assign tickets."),
        ("T", "Only staff can log time."),
    ] {
        pane.type_text(key);
        let screen = pane.wait_for(why, WAIT);
        assert!(!screen.contains("ctrl-s"), "{key} opened a form:\n{screen}");
        // Any other key clears the message before the next one.
        pane.key("Down");
        pane.wait_gone(why, WAIT);
    }
    pane.type_text("q");
    pane.wait_exit("0", WAIT);
}

/// The service's answer is the use case's: what it allows succeeds, what
/// it refuses fails with the same words.
#[test]
fn the_rights_are_what_the_use_cases_do() {
    use guichet::service::ticket_work::TicketEdit;
    let d = desk();
    let mut service = support::tui::second_service(&d.path, None);
    let lea = support::tui::sign_in(&mut service, &d.learner, &d.password);
    let tech = support::tui::sign_in(&mut service, &d.technician, &d.password);
    let new = NewTicket {
        title: "Mouse stuck",
        description: "It does not move.",
        priority: Priority::Normal,
        category: None,
        handling_role: "technician",
        assignee: None,
        requester: None,
    };
    let id = service.open_ticket(&lea, &new, "test").unwrap();
    let rights = service.ticket_rights(&lea, id).unwrap();
    assert!(!rights.take.allowed() && !rights.assign.allowed() && !rights.log_time.allowed());
    assert!(service.log_time(&lea, id, 10, None, None).is_err());
    assert!(service.assign(&lea, id, None, None).is_err());
    assert!(rights.edit.allowed() && rights.comment.allowed());
    let edit = TicketEdit {
        title: Some("Mouse stuck on desk 2"),
        ..Default::default()
    };
    service.edit_ticket(&lea, id, &edit).unwrap();

    assert!(service.ticket_rights(&tech, id).unwrap().take.allowed());
    service
        .change_status(&tech, id, Status::InProgress, None)
        .unwrap();
    let rights = service.ticket_rights(&lea, id).unwrap();
    let why = rights.edit.why().expect("edit refused once taken").clone();
    let refused = service.edit_ticket(&lea, id, &edit).unwrap_err();
    assert_eq!(refused.message(), why);
    assert!(rights.request_closure.allowed());
    service.request_closure(&lea, id, "Works again").unwrap();
    let rights = service.ticket_rights(&lea, id).unwrap();
    let why = rights.request_closure.why().expect("asked once").clone();
    let refused = service.request_closure(&lea, id, "Again").unwrap_err();
    assert_eq!(refused.message(), why);
}

/// A right held on one's own account only (a support agent's
/// `user.update:own`) is offered on that account, and refused at once on
/// a colleague's, before any form opens.
#[test]
fn a_right_on_ones_own_account_is_not_offered_on_anothers() {
    let mut s = demo_admin(setup_en(), 10, |_| {});
    let service = &mut s.h.app.service;
    let role = NewRole {
        key: "desk",
        label_fr: "Accueil",
        label_en: "Front desk",
        handles_tickets: false,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    service.add_role(&s.admin, &role).unwrap();
    service.grant(&s.admin, "desk", "user.read:all").unwrap();
    service.grant(&s.admin, "desk", "user.update:own").unwrap();
    let password = "Desk-pass-for-tests-7";
    let new = NewUser {
        login: "zoe",
        full_name: "Zoé Desk",
        role: "desk",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password,
    };
    service.add_user(&s.admin, &new).unwrap();
    let mut h = open_as(&s.path, setup_en(), "zoe", password);
    h.open_tab("tui.tab.admin");
    let hints = hint_line(&mut h);
    assert!(hints.contains("open") && !hints.contains("edit"), "{hints}");
    h.keys("e");
    assert!(!typing(&h), "e opened a form on another's account");
    let said = hint_line(&mut h);
    assert!(
        said.contains("Your role may not edit this account."),
        "{said}"
    );
    // Hers, found by the list's filter.
    h.keys("/Desk");
    h.key(KeyCode::Enter);
    h.settle();
    // A role made on the site is listed by its label, not its key.
    assert!(h.screen().contains("Front desk"), "{}", h.screen());
    let hints = hint_line(&mut h);
    assert!(hints.contains("edit"), "{hints}\n{}", h.screen());
    h.keys("e");
    assert!(typing(&h), "e opened no form on her own account");
}
