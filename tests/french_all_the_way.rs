//! "French all the way" through the real binary: with `ui.language = "fr"`
//! the command line reads French values (and English ones), writes
//! histories and listings by their names, refuses in French with the names
//! of what there is, and `--help` speaks French at every level.

mod support;

use std::collections::BTreeSet;
use support::cli::*;

const FRENCH: &str = "[ui]\nlanguage = \"fr\"\n";

/// Keys and English words that must not reach a French reader.
const ENGLISH: &[&str] = &[
    "waiting",
    "in_progress",
    "in progress",
    "on_hold",
    "on hold",
    "resolved",
    "closed",
    "cancelled",
    "status:",
    "priority",
    "technician",
    "learner",
    "None",
    "null",
    "Aucun(e)",
    "loading",
];

fn english_in(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect()
}

/// A French site where lea (learner) opened ticket 1 for tom (technician)
/// and tom took it in hand, high priority.
fn french_desk() -> Site {
    let site = Site::with_config(FRENCH);
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tom", "technician", &[]);
    let opened = json(&act(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Écran noir",
            "--description",
            "Salle 3",
            "--role",
            "technician",
            "--priority",
            "haute",
            "--format",
            "json",
        ],
    ));
    assert_eq!(opened["id"], 1, "{opened}");
    ok(act(&site, "tom", &["ticket", "status", "1", "en cours"]));
    site
}

#[test]
fn french_values_are_read_and_refusals_name_what_there_is_in_french() {
    let site = french_desk();
    let listed = json(&act(
        &site,
        "tom",
        &[
            "ticket",
            "list",
            "--status",
            "en_cours",
            "--priority",
            "haute",
            "--format",
            "json",
        ],
    ));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["status"], "in_progress", "JSON keeps the keys");
    // Accents aside, and English words too, in a French site.
    let none = json(&act(
        &site,
        "tom",
        &[
            "ticket",
            "list",
            "--status",
            "resolu,suspendu",
            "--format",
            "json",
        ],
    ));
    assert_eq!(none.as_array().map(Vec::len), Some(0), "{none}");
    let english = json(&act(
        &site,
        "tom",
        &[
            "ticket",
            "list",
            "--status",
            "in_progress",
            "--priority",
            "high",
            "--format",
            "json",
        ],
    ));
    assert_eq!(english.as_array().map(Vec::len), Some(1), "{english}");
    let refused = act(&site, "tom", &["ticket", "list", "--status", "zzz"]);
    assert_eq!(code(&refused), 6, "{}", stderr(&refused));
    let said = stderr(&refused);
    assert!(
        said.contains("en attente, en cours, suspendu, résolu, fermé, annulé"),
        "{said}"
    );
    assert_eq!(english_in(&said), Vec::<&str>::new(), "{said}");
}

#[test]
fn english_sites_read_french_values_too() {
    let site = Site::new();
    site.init();
    site.add_user("tom", "technician", &[]);
    let listed = json(&act(
        &site,
        "tom",
        &[
            "ticket",
            "list",
            "--status",
            "suspendu",
            "--priority",
            "critique",
            "--format",
            "json",
        ],
    ));
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    let refused = act(&site, "tom", &["ticket", "list", "--priority", "zzz"]);
    assert!(
        stderr(&refused).contains("low, normal, high, critical"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn history_show_and_list_read_in_french_and_json_keeps_keys() {
    let site = french_desk();
    let history = ok(act(&site, "tom", &["ticket", "history", "1"]));
    assert!(
        history.contains("Statut : en attente → en cours"),
        "{history}"
    );
    assert!(history.contains("statut changé"), "{history}");
    assert_eq!(english_in(&history), Vec::<&str>::new(), "{history}");
    let raw = json(&act(
        &site,
        "tom",
        &["ticket", "history", "1", "--format", "json"],
    ));
    let changes: Vec<&str> = raw
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["summary"].as_str())
        .collect();
    assert!(
        changes.iter().any(
            |s| s.contains(r#""status":{"new":"in_progress","old":"waiting"}"#)
                || s.contains(r#""status":{"old":"waiting","new":"in_progress"}"#)
        ),
        "{changes:?}"
    );
    for args in [vec!["ticket", "show", "1"], vec!["ticket", "list"]] {
        let shown = ok(act(&site, "tom", &args));
        assert_eq!(english_in(&shown), Vec::<&str>::new(), "{args:?}:\n{shown}");
    }
}

/// The subcommands a help page lists under its "Commandes:" heading.
fn listed_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commandes"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

fn help_of(site: &Site, path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    ok(site.run(&args, None, None))
}

/// Every help line of a page: the about line and each flag's words.
fn help_lines(help: &str) -> Vec<String> {
    let about = help.lines().next().unwrap_or("").to_string();
    let flags = help
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split_once("  ").map(|(_, rest)| rest.trim().to_string()))
        .filter(|rest| !rest.is_empty());
    std::iter::once(about).chain(flags).collect()
}

/// The names of values a help page shows: `<STATUT>`, `[NUMÉRO]`.
fn placeholders(help: &str) -> BTreeSet<String> {
    help.split(['<', '>', '[', ']'])
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_uppercase() || "_:.".contains(c)))
        .map(str::to_string)
        .collect()
}

/// Placeholders that are the same word in both languages.
const SAME_IN_BOTH: &[&str] = &[
    "CLIENT",
    "NOTES",
    "SUPPORT",
    "TOTAL",
    "DATE",
    "DESCRIPTION",
    "FORMAT",
    "MINUTES",
    "NOTE",
    "OPTIONS",
    "TICKET",
];

#[test]
fn every_help_page_speaks_french() {
    let french = Site::with_config(FRENCH);
    let english = Site::new();
    let mut pending = vec![Vec::<String>::new()];
    let mut pages = 0;
    let mut lines_seen = BTreeSet::new();
    while let Some(path) = pending.pop() {
        let fr = help_of(&french, &path);
        let en = help_of(&english, &path);
        pages += 1;
        assert!(fr.contains("Utilisation : guichet"), "{path:?}:\n{fr}");
        assert!(fr.contains("Affiche l’aide"), "{path:?}:\n{fr}");
        for word in [
            "Usage:",
            "Print help",
            "[default:",
            "[possible values:",
            "[env:",
        ] {
            assert!(!fr.contains(word), "{word} in {path:?}:\n{fr}");
        }
        let english_names = placeholders(&en);
        for name in placeholders(&fr) {
            assert!(
                !english_names.contains(&name) || SAME_IN_BOTH.contains(&name.as_str()),
                "{path:?} names a value in English: <{name}>\n{fr}"
            );
        }
        let english_lines: BTreeSet<String> = help_lines(&en).into_iter().collect();
        for line in help_lines(&fr) {
            // A line the same in both languages was not translated.
            assert!(
                !english_lines.contains(&line),
                "{path:?} left in English: {line}"
            );
            lines_seen.insert(line);
        }
        for name in listed_commands(&fr) {
            let mut below = path.clone();
            below.push(name);
            pending.push(below);
        }
    }
    assert!(pages > 60, "only {pages} help pages walked");
    assert!(lines_seen.len() > 100, "{}", lines_seen.len());
    let asked = ok(french.run(&["help", "ticket", "list"], None, None));
    assert!(asked.starts_with("Liste les tickets"), "{asked}");
}

/// People and roles are listed by the roles' names; a role is typed by its
/// key or its name in either language, and an unknown one is refused
/// rather than answered with an empty list.
#[test]
fn users_and_roles_read_in_french_and_roles_are_typed_by_name() {
    let site = french_desk();
    let users = ok(site.admin(&["user", "list", "--role", "Apprenant"]));
    assert!(
        users.contains("lea") && users.contains("Apprenant"),
        "{users}"
    );
    assert!(!users.contains("tom"), "{users}");
    assert_eq!(english_in(&users), Vec::<&str>::new(), "{users}");
    let by_english_name = ok(site.admin(&["user", "list", "--role", "technician"]));
    assert!(by_english_name.contains("tom"), "{by_english_name}");
    let unknown = site.admin(&["user", "list", "--role", "zzz"]);
    assert_eq!(code(&unknown), 5, "{}", stderr(&unknown));
    assert!(stderr(&unknown).contains("zzz"), "{}", stderr(&unknown));
    let roles = ok(site.admin(&["role", "list"]));
    for word in ["everyone", "learners", "staff"] {
        assert!(!roles.contains(&format!(" {word} ")), "{word} in:\n{roles}");
    }
    assert!(
        roles.contains("tout le monde") && roles.contains("apprenants"),
        "{roles}"
    );
    let tickets = ok(site.admin(&["ticket", "list", "--role", "Technicien"]));
    assert!(tickets.contains("Écran noir"), "{tickets}");
}

/// The history names a ticket's category, not its id.
#[test]
fn the_history_names_the_category() {
    let site = french_desk();
    ok(site.admin(&["category", "add", "Réseau"]));
    ok(site.admin(&["category", "add", "Impression"]));
    ok(act(
        &site,
        "tom",
        &["ticket", "edit", "1", "--category", "Réseau"],
    ));
    ok(act(
        &site,
        "tom",
        &["ticket", "edit", "1", "--category", "Impression"],
    ));
    let history = ok(act(&site, "tom", &["ticket", "history", "1"]));
    assert!(
        history.contains("Catégorie : Réseau → Impression"),
        "{history}"
    );
}
