//! The command line says the truth (issue 13): a ticket out of reach looks
//! missing, messages read right, and `--format json` gives scripts objects
//! and arrays they can read.

mod common;

use common::{act, code, json, ok, stderr, stdout, Site};

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
