//! `guichet company …` and `guichet client …` through the real binary:
//! exit codes, printed ids, JSON of what was made or changed, the list
//! filters, refusals that say which right is missing, invalid input, and
//! French all the way.

mod support;

use support::cli::*;

fn crm_site(config: &str) -> Site {
    let site = Site::with_config(config);
    site.init();
    site.add_user("mia", "management", &[]);
    site.add_user("sam", "sales", &[]);
    site.add_user("sue", "sales", &[]);
    site.add_user("sol", "support", &[]);
    site
}

fn client_id(site: &Site, login: &str, args: &[&str]) -> i64 {
    let mut full = vec!["--format", "json", "client", "add"];
    full.extend_from_slice(args);
    json(&act(site, login, &full))["id"].as_i64().unwrap()
}

fn rows(site: &Site, login: &str, args: &[&str]) -> Vec<i64> {
    let mut full = vec!["--format", "json", "client", "list"];
    full.extend_from_slice(args);
    let out = act(site, login, &full);
    assert_ok(&out);
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = list.as_array().cloned().unwrap_or_default();
    list.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[test]
fn a_salesperson_adds_a_client_with_a_new_company_and_gets_its_id_and_json() {
    let site = crm_site("");
    let out = act(
        &site,
        "sam",
        &[
            "client",
            "add",
            "--name",
            "Kevin Casey",
            "--company",
            "Cool Startup LLC",
            "--email",
            "kevin@startup.io",
            "--first-contact",
            "2025-04-18",
        ],
    );
    let said = ok(out);
    assert!(
        said.contains("Kevin Casey") && said.contains("(id 1)"),
        "{said}"
    );
    let out = act(&site, "sam", &["--format", "json", "client", "show", "1"]);
    let shown = json(&out);
    assert_eq!(shown["sales_contact"], "sam");
    assert_eq!(shown["company"], "Cool Startup LLC");
    assert_eq!(shown["first_contact"], "2025-04-18");
    let company = json(&act(
        &site,
        "mia",
        &["--format", "json", "company", "show", "Cool Startup LLC"],
    ));
    assert_eq!(company["clients"], 1);
    // Naming a colleague as sales contact is refused, saying the right.
    let out = act(
        &site,
        "sam",
        &["client", "add", "--name", "X", "--sales", "sue"],
    );
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(stderr(&out).contains("client.create"), "{}", stderr(&out));
    // Management names whom it likes, and gets the created object as JSON.
    let made = json(&act(
        &site,
        "mia",
        &[
            "--format", "json", "client", "add", "--name", "Ada", "--sales", "sue",
        ],
    ));
    assert_eq!(
        (made["id"].as_i64(), made["sales_contact"].as_str()),
        (Some(2), Some("sue"))
    );
}

#[test]
fn each_department_does_what_its_role_allows_and_no_more() {
    let site = crm_site("");
    let sams = client_id(&site, "sam", &["--name", "Sam's"]);
    let sues = client_id(&site, "sue", &["--name", "Sue's"]);
    let (sams, sues) = (sams.to_string(), sues.to_string());
    // Sales edits its own client only, reassigns and removes nothing.
    ok(act(
        &site,
        "sam",
        &["client", "edit", &sams, "--phone", "01 23 45 67 89"],
    ));
    for args in [
        vec!["client", "edit", sues.as_str(), "--phone", "01 23 45 67 89"],
        vec!["client", "edit", sams.as_str(), "--sales", "sue"],
        vec!["client", "remove", sams.as_str()],
        vec!["company", "add", "Nope"],
    ] {
        let out = act(&site, "sam", &args);
        assert_eq!(code(&out), 4, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("Permission denied"),
            "{}",
            stderr(&out)
        );
    }
    // Support reads every client and creates or edits none.
    assert_eq!(rows(&site, "sol", &[]).len(), 2);
    let out = act(&site, "sol", &["client", "add", "--name", "X"]);
    assert_eq!(code(&out), 4);
    let out = act(&site, "sol", &["client", "edit", &sams, "--name", "X"]);
    assert_eq!(code(&out), 4);
    // Management reassigns and removes.
    let moved = json(&act(
        &site,
        "mia",
        &[
            "--format", "json", "client", "edit", &sams, "--sales", "sue",
        ],
    ));
    assert_eq!(moved["sales_contact"], "sue");
    ok(act(&site, "mia", &["client", "remove", &sams]));
    let out = act(&site, "mia", &["client", "show", &sams]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
}

#[test]
fn the_list_filters_return_exactly_the_right_rows() {
    let site = crm_site("");
    let a = client_id(
        &site,
        "sam",
        &["--name", "Élodie Ndiaye", "--company", "Acme"],
    );
    let b = client_id(&site, "sam", &["--name", "Bruno", "--company", "Zeta"]);
    let c = client_id(&site, "sue", &["--name", "Chloé", "--company", "Acme"]);
    assert_eq!(rows(&site, "mia", &[]), [a, b, c]);
    assert_eq!(rows(&site, "sam", &["--mine"]), [a, b]);
    assert_eq!(rows(&site, "mia", &["--company", "acme"]), [a, c]);
    assert_eq!(rows(&site, "mia", &["--sales", "sue"]), [c]);
    assert_eq!(rows(&site, "mia", &["--text", "elodie"]), [a]);
    assert_eq!(
        rows(&site, "mia", &["--company", "Acme", "--sales", "sam"]),
        [a]
    );
    assert_eq!(rows(&site, "mia", &["--limit", "2"]), [a, b]);
    let csv = ok(act(
        &site,
        "mia",
        &["--format", "csv", "client", "list", "--sales", "sue"],
    ));
    assert!(
        csv.starts_with("Id,Name,") && csv.contains("Chloé"),
        "{csv}"
    );
    let out = act(&site, "mia", &["client", "list", "--company", "Nowhere"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
}

#[test]
fn a_company_is_edited_archived_brought_back_and_removed_only_when_free() {
    let site = crm_site("");
    ok(act(&site, "mia", &["company", "add", "Acme"]));
    ok(act(&site, "mia", &["company", "add", "Free"]));
    client_id(&site, "sam", &["--name", "Kevin", "--company", "Acme"]);
    let edited = json(&act(
        &site,
        "mia",
        &[
            "--format",
            "json",
            "company",
            "edit",
            "Acme",
            "--address",
            "1 rue de Rivoli, Paris",
            "--email",
            "hello@acme.fr",
            "--notes",
            "Key account",
        ],
    ));
    assert_eq!(edited["address"], "1 rue de Rivoli, Paris");
    let shown = ok(act(&site, "mia", &["company", "show", "Acme"]));
    assert!(
        shown.contains("hello@acme.fr") && shown.contains("Key account"),
        "{shown}"
    );
    let out = act(&site, "mia", &["company", "remove", "Acme"]);
    assert_eq!(code(&out), 6);
    let said = stderr(&out);
    assert!(
        said.contains("1 client(s)") && said.contains("company archive"),
        "{said}"
    );
    let said = ok(act(&site, "mia", &["company", "archive", "Acme"]));
    assert!(said.contains("company unarchive"), "{said}");
    let active = ok(act(&site, "mia", &["company", "list"]));
    assert!(
        !active.contains("Acme") && active.contains("Free"),
        "{active}"
    );
    let archived = ok(act(&site, "mia", &["company", "list", "--archived"]));
    assert!(
        archived.contains("Acme") && !archived.contains("Free"),
        "{archived}"
    );
    let out = act(
        &site,
        "sam",
        &["client", "add", "--name", "Y", "--company", "Acme"],
    );
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("archived"), "{}", stderr(&out));
    ok(act(&site, "mia", &["company", "unarchive", "Acme"]));
    assert!(ok(act(&site, "mia", &["company", "list"])).contains("Acme"));
    ok(act(&site, "mia", &["company", "remove", "Free"]));
    let out = act(&site, "mia", &["company", "show", "Free"]);
    assert_eq!(code(&out), 5);
}

#[test]
fn invalid_input_gets_a_clear_message_and_exit_code_and_changes_nothing() {
    let site = crm_site("");
    let id = client_id(&site, "sam", &["--name", "Kevin"]).to_string();
    let count = |site: &Site| -> (i64, i64) {
        let conn = site.raw();
        let q = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        (
            q("SELECT count(*) FROM crm_clients"),
            q("SELECT count(*) FROM audit_log"),
        )
    };
    let long = "x".repeat(10_000);
    let before = count(&site);
    for (args, says) in [
        (vec!["client", "add", "--name", long.as_str()], "too long"),
        (
            vec!["client", "add", "--name", "Kev\u{7}in"],
            "control characters",
        ),
        (
            vec!["client", "add", "--name", "K", "--email", "kevin@"],
            "not an email",
        ),
        (
            vec!["client", "add", "--name", "K", "--company", "999"],
            "999",
        ),
        (
            vec![
                "client",
                "add",
                "--name",
                "K",
                "--first-contact",
                "2026-13-01",
            ],
            "2026-13-01",
        ),
        (
            vec!["client", "edit", id.as_str(), "--name", long.as_str()],
            "too long",
        ),
        (vec!["client", "edit", id.as_str()], "Nothing to change"),
    ] {
        let out = act(&site, "sam", &args);
        assert!(matches!(code(&out), 5 | 6), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(count(&site), before);
    let out = act(&site, "sam", &["client", "show", "4242"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
}

#[test]
fn in_french_no_english_word_reaches_the_screen() {
    let site = crm_site("[ui]\nlanguage = \"fr\"\n");
    ok(act(
        &site,
        "sam",
        &["client", "add", "--name", "Kevin", "--company", "Acme"],
    ));
    let shown = ok(act(&site, "sam", &["client", "show", "1"]));
    assert!(
        shown.contains("Contact commercial") && shown.contains("Premier contact"),
        "{shown}"
    );
    let out = act(&site, "mia", &["company", "remove", "Acme"]);
    let said = stderr(&out);
    assert!(
        said.contains("Archivez-la") && !said.contains("Archive it"),
        "{said}"
    );
    let out = act(&site, "sol", &["client", "add", "--name", "X"]);
    assert!(
        stderr(&out).contains("Permission refusée"),
        "{}",
        stderr(&out)
    );
    let out = act(&site, "sam", &["client", "add", "--name", "   "]);
    assert!(stderr(&out).contains("nom"), "{}", stderr(&out));
}
