//! `guichet notifications settings|off|on` through the real binary, and the
//! new kinds in `notifications`, in English and in French.

mod support;

use support::cli::{act, code, json, ok, stderr, Site};

/// A learner's ticket given to a technician; in French when `fr`.
fn desk(fr: bool) -> Site {
    let site = if fr {
        Site::with_config("\n[ui]\nlanguage = \"fr\"\n")
    } else {
        Site::new()
    };
    site.init();
    site.add_user("t1", "technician", &[]);
    site.add_user("lea", "learner", &[]);
    let new = [
        "ticket",
        "new",
        "--title",
        "Écran noir",
        "--role",
        "technician",
        "--assignee",
        "t1",
    ];
    ok(act(&site, "lea", &new));
    site
}

fn kinds(site: &Site, login: &str) -> Vec<String> {
    let list = json(&act(site, login, &["notifications", "--format", "json"]));
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect();
    out.reverse();
    out
}

#[test]
fn settings_turned_off_stop_those_kinds_and_only_those() {
    let site = desk(false);
    let table = ok(act(&site, "t1", &["notifications"]));
    assert!(table.contains("assigned to you"), "{table}");
    assert!(table.contains("Écran noir"), "{table}");

    let said = ok(act(
        &site,
        "lea",
        &["notifications", "off", "answered", "taken"],
    ));
    assert!(said.contains("answered, taken"), "{said}");
    let settings = json(&act(
        &site,
        "lea",
        &["notifications", "settings", "--format", "json"],
    ));
    let off: Vec<&str> = settings
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["enabled"] == false)
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(off, ["taken", "answered"]);

    ok(act(&site, "t1", &["ticket", "status", "1", "in_progress"]));
    ok(act(
        &site,
        "t1",
        &["ticket", "comment", "1", "--text", "Quel câble ?"],
    ));
    assert!(kinds(&site, "lea").is_empty());
    ok(act(&site, "t1", &["ticket", "status", "1", "resolved"]));
    assert_eq!(kinds(&site, "lea"), ["ticket.resolved"]);

    // `on` with JSON gives the settings as they now are.
    let now = json(&act(
        &site,
        "lea",
        &["notifications", "on", "all", "--format", "json"],
    ));
    assert!(now.as_array().unwrap().iter().all(|s| s["enabled"] == true));
}

#[test]
fn the_requester_speaking_is_heard_by_the_assignee() {
    let site = desk(false);
    ok(act(
        &site,
        "lea",
        &["ticket", "comment", "1", "--text", "Toujours noir"],
    ));
    ok(act(
        &site,
        "lea",
        &["ticket", "request-close", "1", "--comment", "Réglé"],
    ));
    assert_eq!(
        kinds(&site, "t1"),
        [
            "ticket.assigned",
            "ticket.replied",
            "ticket.closure_requested"
        ]
    );
}

#[test]
fn a_wrong_kind_or_someone_elses_setting_is_refused() {
    let site = desk(false);
    let out = act(&site, "lea", &["notifications", "off", "everything"]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("assigned, taken"), "{}", stderr(&out));
    let out = act(
        &site,
        "lea",
        &["notifications", "off", "assigned", "--user", "t1"],
    );
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let out = act(&site, "lea", &["notifications", "on", "assigned"]);
    assert_ne!(code(&out), 0, "nothing to change is said");
    ok(act(
        &site,
        "admin",
        &["notifications", "off", "assigned", "--user", "t1"],
    ));
    let settings = json(&act(
        &site,
        "t1",
        &["notifications", "settings", "--format", "json"],
    ));
    assert_eq!(settings[0]["kind"], "assigned");
    assert_eq!(settings[0]["enabled"], false);
}

#[test]
fn in_french_the_kinds_and_settings_are_french() {
    let site = desk(true);
    let table = ok(act(&site, "t1", &["notifications"]));
    assert!(table.contains("vous est confié"), "{table}");
    assert!(!table.contains("ticket.assigned"), "{table}");
    let settings = ok(act(&site, "lea", &["notifications", "settings"]));
    assert!(settings.contains("Activée"), "{settings}");
    assert!(settings.contains("Votre ticket est résolu"), "{settings}");
    let said = ok(act(&site, "lea", &["notifications", "off", "resolved"]));
    assert!(said.contains("Notifications coupées pour lea"), "{said}");
}
