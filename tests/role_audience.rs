//! Each handling role says whom it serves (learners, clients, staff or
//! everyone), and a new ticket's role step offers a requester only the
//! roles serving them: through the binary for `role add/edit --serves` and
//! `ticket new --role`, through the dashboard for the role step.

mod support;

use guichet::domain::roles::Audience;
use guichet::store::migrate::MIGRATIONS;
use guichet::store::Store;
use guichet::tui::testing::{Harness, Setup};
use ratatui::crossterm::event::KeyCode;
use support::cli::{act, code, json, ok, stderr, Site, USER_PASSWORD};

/// A site with a learner, a technician, a caretaker and a client of a
/// company.
fn site() -> Site {
    let site = Site::new();
    site.init();
    ok(site.admin(&["company", "add", "Agence Lumière"]));
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    site.add_user("gardien", "caretaker", &[]);
    site.add_user("cli", "client", &["--company", "Agence Lumière"]);
    site
}

fn serves(site: &Site, role: &str) -> String {
    let list = json(&site.admin(&["role", "list", "--format", "json"]));
    let role = list
        .as_array()
        .and_then(|roles| roles.iter().find(|r| r["key"] == role))
        .unwrap_or_else(|| panic!("no role {role} in {list}"));
    role["serves"].as_str().unwrap_or_default().to_string()
}

#[test]
fn the_built_in_roles_serve_whom_the_seeds_say() {
    let site = site();
    for (role, audience) in [
        ("admin", "everyone"),
        ("technician", "everyone"),
        ("caretaker", "learners"),
        ("coach_hard", "learners"),
        ("coach_soft", "learners"),
        ("referent", "learners"),
        ("supervisor", "learners"),
    ] {
        assert_eq!(serves(&site, role), audience, "{role}");
    }
}

#[test]
fn admins_say_whom_a_role_serves_when_adding_or_editing_it_and_it_is_audited() {
    let site = site();
    let added = json(&site.admin(&[
        "role",
        "add",
        "accueil",
        "--label-fr",
        "Accueil",
        "--label-en",
        "Front desk",
        "--handles-tickets",
        "--serves",
        "clients",
        "--format",
        "json",
    ]));
    assert_eq!(added["serves"], "clients");
    let edited = ok(site.admin(&["role", "edit", "accueil", "--serves", "personnel"]));
    assert!(edited.contains("accueil now serves staff"), "{edited}");
    assert_eq!(serves(&site, "accueil"), "staff");
    let tail = ok(site.admin(&["audit", "tail", "--format", "json"]));
    assert!(tail.contains("role.edit"), "{tail}");
    assert!(
        tail.contains(r#"\"serves\":{\"new\":\"staff\",\"old\":\"clients\"}"#)
            || tail.contains(r#""serves":{"new":"staff","old":"clients"}"#),
        "{tail}"
    );

    // Nothing to change, an unknown audience, and a non-admin: refused.
    let same = site.admin(&["role", "edit", "accueil", "--serves", "staff"]);
    assert_eq!(code(&same), 6, "{}", stderr(&same));
    let unknown = site.admin(&["role", "edit", "accueil", "--serves", "martians"]);
    assert_eq!(code(&unknown), 6);
    assert!(
        stderr(&unknown).contains("learners, clients, staff or everyone"),
        "{}",
        stderr(&unknown)
    );
    let denied = act(
        &site,
        "tech",
        &["role", "edit", "accueil", "--serves", "everyone"],
    );
    assert_eq!(code(&denied), 4, "{}", stderr(&denied));
    assert_eq!(serves(&site, "accueil"), "staff");
}

#[test]
fn the_french_refusal_of_an_unknown_audience_lists_the_french_words() {
    let site = Site::with_config("[ui]\nlanguage = \"fr\"\n");
    site.init();
    let out = site.admin(&["role", "edit", "technician", "--serves", "martiens"]);
    assert_eq!(code(&out), 6);
    let text = stderr(&out);
    assert!(
        text.contains("apprenants, clients, personnel ou tous"),
        "{text}"
    );
    assert!(!text.contains("learners"), "{text}");
    let done = ok(site.admin(&["role", "edit", "technician", "--serves", "apprenants"]));
    assert!(done.contains("apprenants"), "{done}");
    assert!(!done.contains("learners"), "{done}");
}

#[test]
fn a_client_is_offered_and_may_choose_only_the_roles_serving_clients() {
    let site = site();
    let roles = ok(act(&site, "cli", &["ticket", "roles", "--format", "json"]));
    assert!(roles.contains("technician"), "{roles}");
    assert!(!roles.contains("caretaker"), "{roles}");
    assert!(!roles.contains("coach_hard"), "{roles}");

    let refused = act(
        &site,
        "cli",
        &[
            "ticket",
            "new",
            "--title",
            "Site en panne",
            "--role",
            "caretaker",
        ],
    );
    assert_eq!(code(&refused), 6, "{}", stderr(&refused));
    let text = stderr(&refused);
    assert!(text.contains("caretaker"), "{text}");
    assert!(text.contains("admin, technician"), "{text}");
    let opened = act(
        &site,
        "cli",
        &[
            "ticket",
            "new",
            "--title",
            "Site en panne",
            "--role",
            "technician",
        ],
    );
    assert_eq!(code(&opened), 0, "{}", stderr(&opened));

    // The learner still gets the caretaker.
    let learner = act(
        &site,
        "lea",
        &["ticket", "new", "--title", "Ampoule", "--role", "caretaker"],
    );
    assert_eq!(code(&learner), 0, "{}", stderr(&learner));
    // Staff are offered roles serving staff or everyone.
    let staff = ok(act(
        &site,
        "gardien",
        &["ticket", "roles", "--format", "json"],
    ));
    assert!(
        staff.contains("technician") && !staff.contains("coach_soft"),
        "{staff}"
    );
    // A role edited to serve clients is offered to the client from then on.
    ok(site.admin(&["role", "edit", "caretaker", "--serves", "clients"]));
    let now = ok(act(&site, "cli", &["ticket", "roles", "--format", "json"]));
    assert!(now.contains("caretaker"), "{now}");
}

/// An older file: its training-centre roles serve learners, the rest
/// everyone, after the migration.
#[test]
fn migration_0010_gives_the_training_centre_roles_to_learners() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = 1; PRAGMA application_id = {};",
            support::store::APPLICATION_ID
        ))
        .unwrap();
        for (key, handles) in [("caretaker", 1), ("technician", 1), ("accueil", 1)] {
            conn.execute(
                "INSERT INTO roles (key, label_fr, label_en, builtin, handles_tickets, created_at)
                 VALUES (?1, ?1, ?1, ?2, ?3, 0)",
                rusqlite::params![key, i64::from(key != "accueil"), handles],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path, &support::store::options()).unwrap();
    let serves = |key: &str| {
        guichet::store::roles::get(store.conn(), key)
            .unwrap()
            .unwrap()
            .serves
    };
    assert_eq!(serves("caretaker"), Audience::Learners);
    assert_eq!(serves("technician"), Audience::Everyone);
    assert_eq!(serves("accueil"), Audience::Everyone);
}

fn dashboard(site: &Site, login: &str) -> Harness {
    let mut h = Harness::open(site.path(), Setup::default());
    h.sign_in(login, USER_PASSWORD);
    h
}

#[test]
fn the_role_step_lists_only_the_roles_serving_the_requester() {
    let site = site();
    let mut h = dashboard(&site, "cli");
    h.keys("n");
    let screen = h.screen();
    assert!(screen.contains("Technician"), "{screen}");
    assert!(screen.contains("Administrator"), "{screen}");
    assert!(!screen.contains("Caretaker"), "{screen}");
    assert!(!screen.contains("Hard-skills coach"), "{screen}");

    let mut h = dashboard(&site, "lea");
    h.keys("n");
    let screen = h.screen();
    assert!(screen.contains("Caretaker"), "{screen}");
    assert!(screen.contains("Technician"), "{screen}");
}

#[test]
fn a_client_served_by_one_role_skips_the_role_step_and_is_told_which() {
    let site = site();
    ok(site.admin(&["role", "edit", "admin", "--serves", "staff"]));
    let mut h = dashboard(&site, "cli");
    h.keys("n");
    let screen = h.screen();
    assert!(
        screen.contains("One role handles your tickets: Technician"),
        "{screen}"
    );
    // On the members of that role: "let guichet choose", then tech.
    assert!(screen.contains("tech"), "{screen}");
    assert!(!screen.contains("Administrator"), "{screen}");
    h.key(KeyCode::Down).key(KeyCode::Enter);
    h.keys("Site en panne");
    h.ctrl('s');
    let (role, assignee): (String, String) = support::raw(site.path())
        .query_row(
            "SELECT t.handling_role, u.login FROM tickets t JOIN users u ON u.id = t.assignee_id
             WHERE t.title = 'Site en panne'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((role.as_str(), assignee.as_str()), ("technician", "tech"));

    // Esc on the members closes the form: there is no role step to go back to.
    h.keys("n").key(KeyCode::Esc);
    let screen = h.screen();
    assert!(!screen.contains("Let guichet choose"), "{screen}");
}

/// Admin › Roles: the new-role form has whom it serves as a choice, and
/// `e` on a role changes it.
#[test]
fn the_admin_roles_form_chooses_whom_a_role_serves() {
    let site = site();
    let mut h = Harness::open(site.path(), Setup::default());
    h.sign_in("admin", support::cli::ADMIN_PASSWORD);
    h.open_tab("tui.tab.admin");
    h.open_section("tui.admin.section.roles");
    h.keys("n").keys("accueil").key(KeyCode::Tab);
    h.keys("Accueil").key(KeyCode::Tab).keys("Front desk");
    h.key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("Serves"), "{screen}");
    assert!(screen.contains("everyone"), "{screen}");
    h.key(KeyCode::Left);
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("Role accueil created"), "{screen}");
    assert_eq!(serves(&site, "accueil"), "staff");

    // The new role is selected: `e` says whom it serves.
    h.keys("e");
    let screen = h.screen();
    assert!(screen.contains("Whom the role serves"), "{screen}");
    h.key(KeyCode::Left);
    h.ctrl('s');
    let screen = h.screen();
    assert!(
        screen.contains("Role accueil now serves clients"),
        "{screen}"
    );
    assert_eq!(serves(&site, "accueil"), "clients");
}
