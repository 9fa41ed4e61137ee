//! The command line says the truth (issue 13): a ticket out of reach looks
//! missing, messages read right, and `--format json` gives scripts objects
//! and arrays they can read.

mod support;

use support::cli::{act, code, json, ok, stderr, stdout, Site};

/// Two agency clients of different companies, a learner and a technician;
/// `cb` (company B) has opened ticket 1.
fn two_companies() -> Site {
    let site = Site::new();
    site.init();
    ok(site.admin(&["company", "add", "Alpha"]));
    ok(site.admin(&["company", "add", "Beta"]));
    site.add_user("ca", "client", &["--company", "Alpha"]);
    site.add_user("cb", "client", &["--company", "Beta"]);
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(act(
        &site,
        "cb",
        &[
            "ticket",
            "new",
            "--title",
            "Chez Beta",
            "--role",
            "technician",
        ],
    ));
    site
}

#[test]
fn a_ticket_out_of_scope_looks_missing_for_every_command() {
    let site = two_companies();
    let missing = act(&site, "ca", &["ticket", "show", "999"]);
    assert_eq!(code(&missing), 5, "{}", stderr(&missing));
    let file = site.dir.path().join("f.txt");
    std::fs::write(&file, "x").unwrap();
    let path = file.to_str().unwrap().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["ticket", "show", "{id}"],
        vec!["ticket", "history", "{id}"],
        vec!["ticket", "edit", "{id}", "--title", "Volé"],
        vec!["ticket", "status", "{id}", "cancelled"],
        vec!["ticket", "comment", "{id}", "--text", "coucou"],
        vec!["ticket", "request-close", "{id}", "--comment", "fin"],
        vec!["ticket", "rate", "{id}", "--score", "1"],
        vec!["ticket", "attach", "{id}", &path],
        vec!["sla", "explain", "{id}"],
    ];
    for login in ["ca", "lea"] {
        for args in &commands {
            let with =
                |id: &str| -> Vec<String> { args.iter().map(|a| a.replace("{id}", id)).collect() };
            let run = |id: &str| {
                let owned = with(id);
                let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
                act(&site, login, &refs)
            };
            let (out, none) = (run("1"), run("999"));
            assert_eq!(code(&out), 5, "{login} {args:?}: {}", stderr(&out));
            assert_eq!(
                stderr(&out).replace("1", "N"),
                stderr(&none).replace("999", "N"),
                "{login} {args:?}: the same answer as a ticket that does not exist"
            );
            assert!(!stderr(&out).contains("permission"), "{}", stderr(&out));
        }
    }
    // Ticket 1 is untouched.
    let shown = json(&act(
        &site,
        "cb",
        &["ticket", "show", "1", "--format", "json"],
    ));
    assert_eq!(shown["title"], "Chez Beta");
    assert_eq!(shown["status"], "waiting");
}

#[test]
fn a_ticket_one_may_read_but_not_change_is_refused_not_hidden() {
    let site = two_companies();
    site.add_user("cb2", "client", &["--company", "Beta"]);
    // A colleague of the same company reads it (scope company) but may
    // change only their own tickets: that is a refusal, since they see it.
    ok(act(&site, "cb2", &["ticket", "show", "1"]));
    let out = act(&site, "cb2", &["ticket", "status", "1", "cancelled"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    // A role without the capability at any scope is refused at once.
    site.add_user("sup", "support", &[]);
    let out = act(&site, "sup", &["ticket", "show", "1"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let out = act(&site, "sup", &["ticket", "show", "999"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
}

#[test]
fn an_attachment_or_time_entry_out_of_scope_looks_missing() {
    let site = two_companies();
    let file = site.dir.path().join("f.txt");
    std::fs::write(&file, "x").unwrap();
    ok(act(
        &site,
        "cb",
        &["ticket", "attach", "1", file.to_str().unwrap()],
    ));
    let out_path = site.dir.path().join("o.txt");
    let out_path = out_path.to_str().unwrap();
    let save = |id: &str| {
        act(
            &site,
            "ca",
            &["ticket", "attachment", "save", id, "--out", out_path],
        )
    };
    let (out, none) = (save("1"), save("999"));
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(
        stderr(&out).replace('1', "N"),
        stderr(&none).replace("999", "N")
    );
    assert!(!stdout(&out).contains("ticket"));
}

/// A site whose interface speaks `lang`.
fn site_in(lang: &str) -> Site {
    let site = Site::with_config(&format!("\n[ui]\nlanguage = \"{lang}\"\n"));
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(act(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Écran noir",
            "--role",
            "technician",
        ],
    ));
    site
}

#[test]
fn a_bad_date_is_named_once_and_by_its_field_in_both_languages() {
    for (lang, worked, created) in [
        ("en", "(day worked)", "(created from, --created-from)"),
        (
            "fr",
            "(jour travaillé)",
            "(créés à partir du, --created-from)",
        ),
    ] {
        let site = site_in(lang);
        let out = act(
            &site,
            "tech",
            &["ticket", "time", "1", "--minutes", "5", "--date", "31/12"],
        );
        assert_eq!(code(&out), 6, "{}", stderr(&out));
        let text = stderr(&out);
        assert!(!text.to_lowercase().contains("date date"), "{text}");
        assert!(
            text.contains("31/12") && text.contains(worked),
            "{lang}: {text}"
        );
        let out = act(&site, "tech", &["ticket", "list", "--created-from", "hier"]);
        assert_eq!(code(&out), 6, "{}", stderr(&out));
        assert!(stderr(&out).contains(created), "{lang}: {}", stderr(&out));
        let out = act(
            &site,
            "admin",
            &[
                "cohort",
                "add",
                "P1",
                "--programme",
                "x",
                "--start",
                "2026-02-30",
            ],
        );
        assert!(
            !stderr(&out).contains("start date date"),
            "{}",
            stderr(&out)
        );
    }
}

/// `args` run with no controlling terminal (setsid), as under
/// `ssh host cmd` or cron, with `password` in the environment if given.
fn without_terminal(site: &Site, args: &[&str], password: Option<&str>) -> std::process::Output {
    let inner = site.command();
    let mut cmd = std::process::Command::new("setsid");
    cmd.arg("-w")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    if let Some(p) = password {
        cmd.env("GUICHET_PASSWORD", p);
    }
    cmd.current_dir(site.dir.path())
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn with_no_terminal_the_hint_names_what_the_command_accepts() {
    for (lang, env_hint, stdin_hint) in [
        ("en", "set GUICHET_PASSWORD", "add --password-stdin"),
        (
            "fr",
            "définissez GUICHET_PASSWORD",
            "ajoutez --password-stdin",
        ),
    ] {
        let site = site_in(lang);
        // Signing in: --password-stdin is refused by `ticket list`, so the
        // hint is the environment only.
        let out = without_terminal(&site, &["--as", "tech", "ticket", "list"], None);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let text = stderr(&out);
        assert!(text.contains(env_hint) && text.contains("tech"), "{text}");
        assert!(!text.contains("--password-stdin"), "{text}");
        let refused = without_terminal(
            &site,
            &["--as", "tech", "ticket", "list", "--password-stdin"],
            None,
        );
        assert_eq!(
            code(&refused),
            2,
            "the hint must not name a flag refused here"
        );
        // A new password: --password-stdin is what works.
        let out = without_terminal(
            &site,
            &[
                "--as", "admin", "user", "add", "--login", "zoe", "--name", "Zoé", "--role",
                "learner",
            ],
            Some(support::cli::ADMIN_PASSWORD),
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let text = stderr(&out);
        assert!(text.contains(stdin_hint), "{text}");
        assert!(!text.contains("GUICHET_PASSWORD"), "{text}");
    }
}

fn as_json(site: &Site, login: &str, args: &[&str]) -> serde_json::Value {
    let mut full = args.to_vec();
    full.extend(["--format", "json"]);
    json(&act(site, login, &full))
}

#[test]
fn json_lists_are_arrays() {
    let site = site_in("en");
    let shown = as_json(&site, "tech", &["ticket", "show", "1"]);
    let next = shown["next_statuses"].as_array().expect("an array");
    assert!(next.iter().any(|s| s == "in_progress"), "{next:?}");
    let roles = as_json(&site, "admin", &["role", "list"]);
    let tech = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "technician")
        .unwrap();
    assert!(tech["capabilities"]
        .as_array()
        .expect("an array")
        .iter()
        .any(|g| g == "ticket.read:assigned"));
    let caps = as_json(&site, "admin", &["role", "capabilities"]);
    assert!(caps[0]["scopes"].is_array(), "{}", caps[0]);
    let calendars = as_json(&site, "admin", &["sla", "calendar", "list"]);
    assert!(calendars[0]["closed_days"].is_array(), "{}", calendars[0]);
    // Tables keep the words on one line.
    let table = ok(act(&site, "tech", &["ticket", "show", "1"]));
    assert!(
        // Text output names the statuses ("in progress, on hold…").
        table.contains("in progress, on hold"),
        "{table}"
    );
}

#[test]
fn changes_print_the_object_in_json() {
    let site = site_in("en");
    let new = as_json(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Clavier",
            "--role",
            "technician",
        ],
    );
    assert_eq!(new["id"], 2);
    assert_eq!(new["title"], "Clavier");
    assert_eq!(new["status"], "waiting");
    assert_eq!(new["assignee"], "tech");
    let moved = as_json(&site, "tech", &["ticket", "status", "2", "in_progress"]);
    assert_eq!(moved["id"], 2);
    assert_eq!(moved["status"], "in_progress");
    assert!(moved["next_statuses"].is_array());
    let comment = as_json(
        &site,
        "tech",
        &["ticket", "comment", "2", "--text", "J'arrive"],
    );
    assert_eq!(comment["ticket"], 2);
    assert_eq!(comment["text"], "J'arrive");
    assert_eq!(comment["author"], "tech");
    assert!(comment["id"].as_i64().unwrap() > 0);
    let time = as_json(&site, "tech", &["ticket", "time", "2", "--minutes", "15"]);
    assert_eq!(
        (time["ticket"].clone(), time["minutes"].clone()),
        (2.into(), 15.into())
    );
    let user = json(&site.run(
        &[
            "--as",
            "admin",
            "user",
            "add",
            "--login",
            "Zoe",
            "--name",
            "Zoé",
            "--role",
            "learner",
            "--password-stdin",
            "--format",
            "json",
        ],
        Some(support::cli::ADMIN_PASSWORD),
        Some(&format!("{}\n", support::cli::USER_PASSWORD)),
    ));
    assert_eq!(user["login"], "zoe");
    assert_eq!(user["role"], "learner");
    assert!(user["id"].as_i64().unwrap() > 0);
    let edited = as_json(
        &site,
        "admin",
        &["user", "edit", "zoe", "--phone", "0102030405"],
    );
    assert_eq!(edited["phone"], "0102030405");
    let category = as_json(&site, "admin", &["category", "add", "Réseau"]);
    assert_eq!(category["name"], "Réseau");
    assert!(category["id"].as_i64().is_some());
    let programme = as_json(&site, "admin", &["programme", "add", "Dev web"]);
    assert_eq!(programme["name"], "Dev web");
    let role = as_json(
        &site,
        "admin",
        &["role", "revoke", "learner", "ticket.rate"],
    );
    assert_eq!(role["key"], "learner");
    // Text output is unchanged: a sentence.
    let said = ok(act(
        &site,
        "tech",
        &["ticket", "comment", "2", "--text", "Fini"],
    ));
    assert!(!said.trim_start().starts_with('{'), "{said}");
}
